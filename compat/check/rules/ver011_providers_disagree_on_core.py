"""VER011: prebuilt provider packages whose exact releases need different core versions.

Only releases the lock file or an exact manifest pin states are compared: a range lets pip pick
releases that agree (it resolves them jointly), so a range is never reported here. The finding
names the packages that cannot coexist and the newest set of the same packages that can.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.project import Pin
from compat.check.rules.base import Rule
from compat.providers import provider_package
from compat.resolver.joint import common_cores, conflicting_pairs, newest_joint_set
from compat.snapshot import BindingRelease

META = RuleMeta("VER011", "version", "error", "providers-disagree-on-core",
                "Prebuilt provider packages pinned to releases that need different versions of the core.")


def _exact_releases(ctx: CheckContext) -> list[tuple[BindingRelease, Pin]]:
    """Every prebuilt package the lock (else an exact manifest pin) fixes, with its release."""
    assert ctx.snapshot is not None
    fixed: dict[str, Pin] = {}
    for pin in (*ctx.facts.lock_pins, *ctx.facts.manifest_pins):
        if pin.exact and provider_package(pin.name) is not None:
            fixed.setdefault(pin.name, pin)  # the lock first: it is what gets installed
    found = []
    for name, pin in fixed.items():
        release = ctx.snapshot.binding(name, pin.exact or "")
        if release is not None and release.core is not None:
            found.append((release, pin))
    return found


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.snapshot is None:
        return
    by_core: dict[str, list[tuple[BindingRelease, Pin]]] = {}
    for release, pin in _exact_releases(ctx):
        by_core.setdefault(release.core_name or "", []).append((release, pin))
    for core, entries in by_core.items():
        releases = [r for r, _ in entries]
        if len(releases) < 2 or common_cores(ctx.snapshot, core, releases):
            continue
        pairs = conflicting_pairs(ctx.snapshot, core, releases)
        named = [r for r in releases if any(r in pair for pair in pairs)] or releases
        pin = next(p for r, p in entries if r is named[0])
        text = " and ".join(f"{r.package} {r.version} ({r.core_requirement})" for r in named)
        joint = newest_joint_set(ctx.snapshot, core, [r.package for r in named])
        fix = (f"the newest set that can: {joint.describe()}" if joint
               else "no releases of these packages share a core version")
        yield META.finding(pin.path, pin.line, 1,
                           f"{text} cannot be installed together: no {core} release satisfies both; {fix}",
                           symbol=", ".join(r.package for r in named),
                           suggestion=f"run 'compat pin' ({fix})")


RULE = Rule(META, on_project=_check)
