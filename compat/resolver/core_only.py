"""Resolution for a project that generates its AWS bindings locally: the core alone.

``cdktf get`` generates ``imports/aws/...`` from cdktf.json's provider constraint with the project's
own CLI, so no prebuilt AWS release is installed and none may decide the core: the provider
constraint constrains the provider, not the core. The core is the newest release of the family that
is published, runs on the project's Python, whose CLI accepts the project's Terraform, and that
every other prebuilt package of the project accepts (``Target.joint``).
"""

from __future__ import annotations

from collections import OrderedDict

from compat.resolver.model import Rejection, Resolution, Selection, Target
from compat.resolver.predicates import core_caveat, core_rejection
from compat.resolver.solve import PREDICATE_ORDER, environment, explain_others, family_notes
from compat.snapshot import CoreRelease, Snapshot


def _rejection(core: CoreRelease, target: Target) -> Rejection | None:
    if core.version.is_prerelease:
        return Rejection("pre-release", f"{core.version} is a pre-release")
    return core_rejection(core, target)


def resolve_core(snapshot: Snapshot, target: Target) -> Resolution:
    """The newest core of ``target.line`` that works with ``target``, or why none does.

    ``target.provider`` is not looked at: the locally generated bindings follow it whatever the core.
    """
    core_name = target.family.core
    cores = sorted(snapshot.cores(core_name), key=lambda c: c.version, reverse=True)
    rejected: OrderedDict[str, list[tuple[CoreRelease, Rejection]]] = OrderedDict()
    for core in cores:
        problem = _rejection(core, target)
        if problem is not None:
            rejected.setdefault(problem.predicate, []).append((core, problem))
            continue
        others = tuple(r for r in (o.newest_for(core.version) for o in target.joint) if r is not None)
        caveat = core_caveat(core, target)
        selection = Selection(target.family, None, core, others, (caveat,) if caveat else ())
        lines = [
            f"Working with {environment(target)}.",
            f"Selected {core_name} {core.version}: the newest {core_name} release that passes every "
            + ("check that could be made" if caveat else "check")
            + " (the AWS bindings are generated locally by cdktf get: no prebuilt AWS release decides "
            "the core).",
            *explain_others(selection),
            *(f"Not verified: {caveat}." for caveat in selection.caveats),
        ]
        skipped = _summaries(rejected)
        if skipped:
            lines.append(f"{sum(len(v) for v in rejected.values())} newer {core_name} release(s) skipped:")
            lines += [f"  {s}" for s in skipped]
        return Resolution(target, selection, (), tuple(lines + family_notes(target)))
    reasons = list(
        dict.fromkeys(
            r.general for hits in rejected.values() for _, r in hits if r.predicate != "pre-release"
        )
    )
    head = f"No release of {core_name} works with {environment(target)}"
    if reasons:
        head += ": " + "; ".join(reasons[:4]) + ("; and more" if len(reasons) > 4 else "")
    head += "."
    if not cores:
        head = f"the release snapshot has no releases of {core_name}: run 'compat data build'"
    return Resolution(target, None, (), (head, *_summaries(rejected)))


def _summaries(rejected: OrderedDict[str, list[tuple[CoreRelease, Rejection]]]) -> list[str]:
    sentences = []
    for predicate in PREDICATE_ORDER:
        hits = rejected.get(predicate)
        if hits:
            newest, rejection = hits[0]
            what = "release" if len(hits) == 1 else "releases"
            sentences.append(
                f"{len(hits)} {what} rejected ({predicate}): e.g. {newest.version}: {rejection.reason}"
            )
    return sentences
