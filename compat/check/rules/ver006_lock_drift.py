"""VER006: the lock file installs a version the manifest does not allow (or lacks the package).

A lock's versions are compared only with the manifest it locks (Pipfile.lock with Pipfile,
poetry.lock and uv.lock with pyproject.toml): a requirements.txt beside a Pipfile is not what
``pipenv install`` reads, so a stale version there says nothing about the lock. A package that such
a side file names and the lock lacks is reported, though: the installer the lock is for never
installs it; unless the locked manifest declares it too, where the one cause (a stale lock) is reported
once, at the locked manifest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER006", "version", "error", "manifest-lock-drift", "Manifest and lock file disagree on a cdktf package."
)


#: The manifest each lock file is written from.
LOCKED_MANIFEST = {"Pipfile.lock": "Pipfile", "poetry.lock": "pyproject.toml", "uv.lock": "pyproject.toml"}


def _locked_manifests(lock_files: list[str]) -> set[str]:
    paths = (PurePosixPath(path) for path in lock_files)
    return {str(path.with_name(LOCKED_MANIFEST[path.name])) for path in paths if path.name in LOCKED_MANIFEST}


def _check(ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.lock_pins:
        return
    locked = {pin.name: pin for pin in facts.lock_pins}
    lock_files = sorted({pin.path for pin in facts.lock_pins})
    manifests = _locked_manifests(lock_files)
    declared_locked = {pin.name for pin in facts.manifest_pins if pin.path in manifests}
    for pin in facts.manifest_pins:
        lock = locked.get(pin.name)
        if lock is None:
            if pin.path not in manifests and pin.name in declared_locked:
                continue  # the locked manifest's own finding says it (re-lock); one cause, once
            yield META.finding(
                pin.path,
                pin.line,
                1,
                f"{pin.name} is in {pin.path} but not in {', '.join(lock_files)}",
                symbol=pin.name,
                suggestion=(
                    "re-lock the project"
                    if pin.path in manifests
                    else f"add it to {' or '.join(sorted(manifests)) or 'the locked manifest'} "
                    "and re-lock: the lock's installer does not read " + pin.path
                ),
            )
            continue
        if pin.path not in manifests:
            continue
        if lock.exact is None:
            continue
        if not pin.specifier.contains(lock.exact, prereleases=True):
            yield META.finding(
                pin.path,
                pin.line,
                1,
                f"{pin.path} asks for {pin.name}{pin.specifier} but {lock.path} installs {lock.exact}",
                symbol=pin.name,
                suggestion="re-lock the project",
            )


RULE = Rule(META, on_project=_check)
