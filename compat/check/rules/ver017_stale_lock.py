"""VER017: the lock file is stale: its manifest no longer produces it.

How each tool tells is in :mod:`compat.project.lock_freshness` (pipenv's ``_meta.hash``, Poetry's
``content-hash``, uv's recorded ``requires-dist``). The tool relocks (or refuses) such a lock, so the
rest of the check takes the installed versions from the manifest, not from the lock, and this one
finding says so. Packages of either family that only the stale lock installs are named: relocking
drops them: the Python examples of terraform-cdk and cdk-terrain have an empty ``[packages]`` while
the lock holds the core as a path wheel, and VER014 then reports the code importing it. Where the
lock contradicts the manifest on a package of either family, VER006 reports it instead (one cause,
one finding).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, Location, RuleMeta
from compat.check.rules.base import Rule
from compat.check.rules.ver006_lock_drift import RULE as LOCK_DRIFT

META = RuleMeta(
    "VER017",
    "version",
    "warning",
    "stale-lock",
    "The lock file no longer matches its manifest: the installer relocks or refuses it.",
)

RELOCK = {"Pipfile.lock": "pipenv lock", "poetry.lock": "poetry lock", "uv.lock": "uv lock"}


def _check(ctx: CheckContext) -> Iterator[Finding]:
    stale = ctx.facts.stale_lock
    if stale is None:
        return
    assert LOCK_DRIFT.on_project is not None
    if any(LOCK_DRIFT.on_project(ctx)):
        return  # the lock contradicts the manifest on a cdktf package: VER006 says it (an error)
    lock, manifest = stale.lock.as_posix(), stale.manifest.as_posix()
    message = f"{lock} is stale: {stale.reason}; {stale.relock}"
    only = ctx.facts.stale_only
    if only:
        listed = ", ".join(f"{p.name} ({how})" for p, how in only)
        them = "them" if len(only) > 1 else "it"
        message += (
            f". Only the lock installs {listed}: {manifest} does not declare {them}, so relocking "
            f"drops {them}"
        )
    message += f". compat checked the project against what {manifest} declares"
    related = tuple(Location(p.path, p.line, 0, f"{p.name} only in the stale lock") for p, _ in only)
    yield META.finding(
        lock,
        1,
        1,
        message,
        symbol=lock,
        suggestion=f"run '{RELOCK.get(stale.lock.name, 're-lock')}' and commit {lock}"
        + (
            f" (declare {', '.join(p.name for p, _ in only)} in {manifest} first if the code needs it)"
            if only
            else ""
        ),
        related=related,
    )


RULE = Rule(META, on_project=_check)
