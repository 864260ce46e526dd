"""The exact prebuilt releases a Python project installs together, with the core and ``constructs``
pins beside them: what VER015 (cores) and VER002 (``constructs``) compare.

pip installs one environment from one lock or one manifest, so releases are compared only within the
file that installs them together; a range lets pip pick releases that agree (it resolves jointly), so
only exact pins enter a set.
"""

from __future__ import annotations

from compat.check.context import CheckContext
from compat.check.model import PinFact
from compat.families import FAMILIES
from compat.providers import provider_package
from compat.record import Record
from compat.snapshot import BindingRelease, Snapshot

CORES = frozenset(family.core for family in FAMILIES.values())
_BESIDE = CORES | {"constructs"}


class InstalledSet(Record):
    """Exact releases of prebuilt packages installed together, and the core and ``constructs`` pins in
    the same file (the lock's, or the manifest's)."""

    releases: list[tuple[BindingRelease, PinFact]]
    beside: dict[str, PinFact]  # core name or "constructs" -> its pin in the same file
    aws_covered: bool  # VER002 judges the family's AWS bindings core of this set (the installed one)


def installed_sets(ctx: CheckContext, snapshot: Snapshot) -> list[InstalledSet]:
    """The exact releases of prebuilt packages that get installed together, in sets.

    With a lock file, one set: what it installs; and one per manifest the lock was not written
    from (a requirements.txt beside a locked Pipfile is another way to install the project, solved on
    its own). Without one, one set per manifest: pins of different files are never combined.
    """
    facts = ctx.facts
    installed_from = ctx.core.pin.path if ctx.core is not None and ctx.core.pin is not None else None
    sets: list[InstalledSet] = []
    sources: dict[str, list[PinFact]] = {}
    if facts.locked_manifest is not None:
        locked = [p for p in facts.prebuilt_pins if p.locked]
        beside = {p.name: p for p in facts.lock_pins if p.name in _BESIDE}
        sets.append(_installed_set(snapshot, locked, beside, True))
    for pin in facts.every_manifest_pin:
        if pin.path != facts.locked_manifest:
            sources.setdefault(pin.path, []).append(pin)
    for path, pins in sources.items():
        prebuilt = [p for p in pins if provider_package(p.name) is not None]
        beside = {p.name: p for p in pins if p.name in _BESIDE}
        sets.append(_installed_set(snapshot, prebuilt, beside, path == installed_from))
    return sets


def _installed_set(
    snapshot: Snapshot, pins: list[PinFact], beside: dict[str, PinFact], covered: bool
) -> InstalledSet:
    first: dict[str, PinFact] = {}
    for pin in pins:
        if pin.exact:
            first.setdefault(pin.name, pin)
    releases = [
        (release, pin)
        for name, pin in first.items()
        if pin.exact is not None
        and (release := snapshot.binding(name, pin.exact)) is not None
        and release.core_name is not None
    ]
    return InstalledSet(releases, beside, covered)
