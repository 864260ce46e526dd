"""VER015: prebuilt provider packages whose exact releases need different core versions.

pip installs one core for the whole environment, so every prebuilt package must accept it. Only
releases the lock file (and the exact pins of each manifest it was not written from; without a
lock, of each manifest) states are compared: a range lets pip
pick releases that agree (it resolves them jointly), so a range is never reported here. The finding
names the packages that cannot coexist and the newest set of the same packages that can (for the
project's Python). A pinned core outside the requirement of a provider other than the family's AWS
bindings is reported here too (VER002 covers the AWS bindings).
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, PinFact, RuleMeta
from compat.check.rules._installed_sets import InstalledSet, installed_sets
from compat.check.rules.base import Rule
from compat.snapshot import BindingRelease, Snapshot

META = RuleMeta(
    "VER015",
    "version",
    "error",
    "providers-disagree-on-core",
    "Prebuilt provider packages pinned to releases that need different versions of the core.",
)


def _fix(ctx: CheckContext, snapshot: Snapshot, core: str, packages: list[str]) -> str:
    from compat.resolver.joint import newest_joint_set
    from compat.resolver.model import Target
    from compat.resolver.predicates import check_python, core_rejection

    python = ctx.environment.python
    target = Target(family=ctx.family, python=python.version if python is not None else None)

    def core_ok(version: Version) -> bool:
        release = snapshot.core(core, version)
        return release is not None and core_rejection(release, target) is None

    joint = newest_joint_set(
        snapshot, core, packages, accept=lambda r: check_python(r, target) is None, core_ok=core_ok
    )
    if joint is None:
        return "no releases of these packages share a core version"
    for_python = f" for Python {target.python}" if target.python else ""
    return f"the newest set that can{for_python}: {joint.describe()}"


def _check(ctx: CheckContext) -> Iterator[Finding]:
    snapshot = ctx.snapshot
    if snapshot is None:
        return
    for group in installed_sets(ctx, snapshot):
        yield from _check_group(ctx, snapshot, group)


def _check_group(ctx: CheckContext, snapshot: Snapshot, group: InstalledSet) -> Iterator[Finding]:
    by_core: dict[str, list[tuple[BindingRelease, PinFact]]] = {}
    for release, pin in group.releases:
        by_core.setdefault(release.core_name or "", []).append((release, pin))
    for core, entries in by_core.items():
        releases = [r for r, _ in entries]
        if len(releases) > 1 and not _common_cores(snapshot, core, releases):
            from compat.resolver.joint import conflicting_pairs

            pairs = conflicting_pairs(snapshot, core, releases)
            named = [r for r in releases if any(r in pair for pair in pairs)] or releases
            pin = next(p for r, p in entries if r is named[0])
            text = " and ".join(f"{r.package} {r.version} ({r.core_requirement})" for r in named)
            fix = _fix(ctx, snapshot, core, [r.package for r in named])
            yield META.finding(
                pin.path,
                pin.line,
                1,
                f"{text} cannot be installed together: no {core} release satisfies "
                f"{'both' if len(named) == 2 else 'all'}; {fix}",
                symbol=", ".join(r.package for r in named),
                suggestion=f"run 'compat pin' ({fix})",
            )
            continue
        yield from _outside_core(ctx, snapshot, core, entries, group)


def _outside_core(
    ctx: CheckContext,
    snapshot: Snapshot,
    core: str,
    entries: list[tuple[BindingRelease, PinFact]],
    group: InstalledSet,
) -> Iterator[Finding]:
    """Exact releases that the core's pin in the same file (exact, or a range) leaves no core for."""
    core_pin = group.beside.get(core)
    if core_pin is None:
        return
    exact = core_pin.exact
    if exact is None and not len(core_pin.specifier):
        return  # any core: pip picks one the releases accept (VER015 above covers their disagreement)

    def wanted(version: Version) -> bool:
        return version == exact if exact is not None else core_pin.specifier.contains(version)

    shown = f"=={exact}" if exact is not None else str(core_pin.specifier)
    others = [
        r
        for r, _ in entries  # VER002 covers the AWS bindings of the installed set
        if not (group.aws_covered and r.package == ctx.family.bindings)
    ]
    outside = [r for r in others if not any(wanted(v) for v in _common_cores(snapshot, core, [r]))]
    if not outside:
        return
    text = " and ".join(f"{r.package} {r.version} ({r.core_requirement})" for r in outside)
    fix = _fix(ctx, snapshot, core, [r.package for r, _ in entries])
    head = (
        f"{core} {exact} is outside the requirement of {text}"
        if exact
        else f"no {core} release within '{core_pin.specifier}' satisfies {text}, so pip cannot install them"
    )
    yield META.finding(
        core_pin.path,
        core_pin.line,
        1,
        f"{head}; {fix}",
        symbol=f"{core}{shown}",
        suggestion=f"run 'compat pin' ({fix})",
    )


def _common_cores(snapshot: Snapshot, core: str, releases: list[BindingRelease]) -> list[Version]:
    """The resolver's joint core search, imported only when a project pins two prebuilt packages or
    a core beside another one (most have one provider: the resolver stays out of their check)."""
    from compat.resolver.joint import common_cores

    return common_cores(snapshot, core, releases)


RULE = Rule(META, on_project=_check)
