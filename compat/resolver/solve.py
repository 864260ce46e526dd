"""Resolution: the newest release of a family that passes every predicate, with reasons for the rest.

Pure functions over a :class:`compat.snapshot.Snapshot`: candidates are the bindings releases of
the target's line, newest first; the first one that passes is the selection. The problem is a
star around the core (each bindings release accepts one core minor), so no search is needed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from packaging.version import Version

from compat.errors import CompatError
from compat.providers import provider_package
from compat.resolver.model import Rejection, Resolution, Selection, Target, Verdict
from compat.resolver.predicates import (
    check_protocol,
    check_provider,
    check_published,
    check_python,
    choose_core,
    core_caveat,
    provider_label,
)
from compat.snapshot import BindingRelease, CoreRelease, Snapshot
from compat.versions.cli_names import CLI_LABELS

PREDICATE_ORDER = (
    "yanked",
    "pre-release",
    "provider",
    "protocol",
    "python",
    "core",
    "core-python",
    "core-terraform",
    "core-joint",
)


CoreCache = dict[str | None, tuple[CoreRelease | None, Rejection | None]]


def judge(
    release: BindingRelease,
    snapshot: Snapshot,
    target: Target,
    cores: CoreCache | None = None,
    *,
    own_core: bool = False,
) -> Verdict:
    """Every predicate applied to one release (all reasons kept, not just the first).

    ``cores`` memoises the core choice per core requirement within one resolution (hundreds of
    releases share a handful of core ranges). The core is one of the target family's, unless
    ``own_core``: then it is one of the core the release requires (early cdktn-provider-* releases
    require cdktf), which is what ``why`` asks about a single release.
    """
    rejections: list[Rejection] = []
    for check in (check_provider, check_protocol, check_python):
        problem = check(release, target)
        if problem:
            rejections.append(problem)
    published = check_published(release)
    if published:
        rejections.insert(0, published)
    key = release.core_requirement
    if cores is not None and key in cores:
        core, core_problem = cores[key]
    else:
        pool = release.core_name if own_core and release.core_name else target.family.core
        core, core_problem = choose_core(release, snapshot.cores(pool), target)
        if cores is not None:
            cores[key] = (core, core_problem)
    if core_problem:
        rejections.append(core_problem)
    caveat = core_caveat(core, target) if core is not None else None
    return Verdict(release, core, tuple(rejections), (caveat,) if caveat else ())


def _candidates(snapshot: Snapshot, target: Target) -> list[BindingRelease]:
    releases = snapshot.bindings(target.primary)
    if not releases:
        raise CompatError(
            f"the release snapshot has no releases of {target.primary}: run 'compat data build'"
        )
    return sorted(releases, key=lambda r: r.version, reverse=True)


def environment(target: Target) -> str:
    parts = []
    if target.terraform is not None:
        parts.append(
            f"{CLI_LABELS[target.cli]} {target.terraform}"
            + (f" (from {target.terraform_source})" if target.terraform_source else "")
        )
    if target.python is not None:
        parts.append(
            f"Python {target.python}" + (f" (from {target.python_source})" if target.python_source else "")
        )
    if target.provider is not None and not target.provider.is_any:
        found = provider_package(target.primary)
        label = "AWS provider" if found is None or found.is_aws else f"{found.provider} provider"
        parts.append(
            f"{label} '{target.provider}'"
            + (f" (from {target.provider_source})" if target.provider_source else "")
        )
    return ", ".join(parts) if parts else "no constraints"


def _summaries(verdicts: Iterable[Verdict]) -> list[str]:
    """One sentence per predicate: how many releases it rejected, with the newest one's reason."""
    by_predicate: OrderedDict[str, list[tuple[Verdict, Rejection]]] = OrderedDict()
    for verdict in verdicts:
        for rejection in verdict.rejections:
            by_predicate.setdefault(rejection.predicate, []).append((verdict, rejection))
    sentences = []
    for predicate in PREDICATE_ORDER:
        hits = by_predicate.get(predicate)
        if not hits:
            continue
        newest, rejection = hits[0]
        count = len(hits)
        what = "release" if count == 1 else "releases"
        sentences.append(
            f"{count} {what} rejected ({predicate}): e.g. {newest.release.version}: {rejection.reason}"
        )
    return sentences


def _distinct_reasons(verdicts: Iterable[Verdict]) -> list[str]:
    seen: list[str] = []
    for verdict in verdicts:
        for rejection in verdict.rejections:
            if rejection.predicate in ("yanked", "pre-release"):
                continue
            generic = rejection.general
            if generic not in seen:
                seen.append(generic)
    return seen


def resolve(snapshot: Snapshot, target: Target) -> Resolution:
    """The newest release of ``target.line`` that works with ``target``, or why none does."""
    verdicts: list[Verdict] = []
    cores: CoreCache = {}
    for release in _candidates(snapshot, target):
        verdict = judge(release, snapshot, target, cores)
        verdicts.append(verdict)
        if verdict.accepted and verdict.core is not None:
            core = verdict.core.version
            others = tuple(r for r in (o.newest_for(core) for o in target.joint) if r is not None)
            selection = Selection(target.family, release, verdict.core, others, verdict.caveats)
            explanation = _explain_selection(release, selection, verdicts, target)
            return Resolution(target, selection, tuple(verdicts), tuple(explanation))
    return Resolution(target, None, tuple(verdicts), tuple(_explain_failure(verdicts, target)))


def _explain_selection(
    package: BindingRelease, selection: Selection, verdicts: list[Verdict], target: Target
) -> list[str]:
    label = provider_label(package)
    provider = f"{label} {package.provider_version}" if package.provider_version else f"{label} unknown"
    lines = [
        f"Working with {environment(target)}.",
        f"Selected {package.package} {package.version} ({provider}) with {selection.core.package} "
        f"{selection.core.version}: the newest release that passes every check"
        + (" that could be made." if selection.caveats else "."),
    ]
    lines += explain_others(selection)
    lines += [f"Not verified: {caveat}." for caveat in selection.caveats]
    skipped = [v for v in verdicts if not v.accepted]
    if skipped:
        lines.append(f"{len(skipped)} newer release(s) skipped:")
        lines += [f"  {s}" for s in _summaries(skipped)]
    if package.deprecated:
        lines.append(f"{package.package} {package.version} is marked deprecated on npm.")
    lines += family_notes(target)
    return lines


def explain_others(selection: Selection) -> list[str]:
    """One sentence per joint package: the release chosen beside the core."""
    lines = []
    for other in selection.others:
        built = f"provider {other.provider_version}" if other.provider_version else "provider version unknown"
        lines.append(
            f"With {other.package} {other.version} ({built}): its newest usable release that accepts "
            f"{selection.core.package} {selection.core.version}."
        )
    return lines


def family_notes(target: Target) -> list[str]:
    if target.family.name == "cdktf":
        return [
            "The cdktf line is archived (frozen since 2025-12-10); cdktn, the live community fork, "
            "is --line cdktn (see 'compat migrate')."
        ]
    return []


def _explain_failure(verdicts: list[Verdict], target: Target) -> list[str]:
    reasons = _distinct_reasons(verdicts)
    head = f"No release of {target.primary} works with {environment(target)}"
    if reasons:
        shown = reasons[:4]
        head += ": " + "; ".join(shown) + ("; and more" if len(reasons) > 4 else "") + "."
    else:
        head += "."
    return [head, *_summaries(verdicts)]


def why(
    snapshot: Snapshot, target: Target, package: str, version: str | Version
) -> tuple[Verdict, list[str]]:
    """The verdict for one release and the sentences explaining it (``compat why``)."""
    release = snapshot.binding(package, version)
    if release is None:
        known = snapshot.bindings(package)
        if not known:
            raise CompatError(f"{package} is not a prebuilt bindings package compat knows")
        raise CompatError(
            f"{package} {version} is not in the release snapshot (newest known: {known[-1].version})"
        )
    verdict = judge(release, snapshot, target, own_core=True)
    label = provider_label(release)
    provider = f"{label} {release.provider_version}" if release.provider_version else f"an unknown {label}"
    lines = [
        f"{release.package} {release.version}: built for {provider}, requires "
        f"{release.core_requirement or 'an unknown core'} and Python {release.requires_python or 'any'}."
    ]
    lines.append(f"Checked against {environment(target)}.")
    if verdict.accepted:
        core = f" with {verdict.core.package} {verdict.core.version}" if verdict.core else ""
        if verdict.caveats:
            lines.append(
                f"Verdict: unknown: it passes every check that could be made{core}, but "
                + "; ".join(verdict.caveats)
                + "."
            )
        else:
            lines.append(f"Verdict: usable{core}.")
        if release.core_name and release.core_name != target.family.core:
            lines.append(
                f"It requires {release.core_name}, not {target.family.core}: it belongs in a "
                f"{release.core_name} project."
            )
    else:
        lines.append("Verdict: not usable:")
        lines += [f"  - {r.reason} ({r.predicate})" for r in verdict.rejections]
    return verdict, lines
