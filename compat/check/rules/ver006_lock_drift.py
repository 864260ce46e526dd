"""VER006: the lock file installs a version the manifest does not allow (or lacks the package)."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("VER006", "version", "error", "manifest-lock-drift",
                "Manifest and lock file disagree on a cdktf package.")


def _check(ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.lock_pins:
        return
    locked = {pin.name: pin for pin in facts.lock_pins}
    lock_files = sorted({pin.path for pin in facts.lock_pins})
    for pin in facts.manifest_pins:
        lock = locked.get(pin.name)
        if lock is None:
            yield META.finding(pin.path, pin.line, 1,
                               f"{pin.name} is in {pin.path} but not in {', '.join(lock_files)}",
                               symbol=pin.name, suggestion="re-lock the project")
            continue
        try:
            admitted = SpecifierSet(pin.specifier).contains(Version(lock.exact or ""), prereleases=True)
        except (InvalidSpecifier, InvalidVersion):
            continue
        if not admitted:
            yield META.finding(pin.path, pin.line, 1,
                               f"{pin.path} asks for {pin.name}{pin.specifier} but {lock.path} installs "
                               f"{lock.exact}", symbol=pin.name, suggestion="re-lock the project")


RULE = Rule(META, on_project=_check)
