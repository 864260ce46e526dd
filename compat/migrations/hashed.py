"""A hashed requirements file a move edits: what pip would refuse, as unresolved items.

A requirements file with a ``--hash`` (or ``--require-hashes``) puts pip in hash-checking mode: every
requirement then needs the hashes of the release it pins. An edited line keeps the hashes of the old
release and an added line has none, so ``pip install -r`` fails on the moved file. compat has no
digests of the new releases offline and never invents them, so each such requirement is an item
naming the command that regenerates the file (the one its pip-compile header records, when it has one).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compat.migrations.model import Unresolved
from compat.project.changes import FileChange, display_path
from compat.project.formats.requirements import RequirementLine, scan

_HASHED = ("--hash", "--require-hashes")


def _logical(text: str, item: RequirementLine) -> str:
    return "".join(text.splitlines(keepends=True)[item.first : item.last + 1])


def regenerate_command(text: str) -> str:
    """How the file was made, from pip-compile's header (``#    pip-compile --generate-hashes ...``)."""
    for line in text.splitlines():
        command = line.lstrip("#").strip()
        if line.startswith("#") and command.startswith("pip-compile"):
            return f"run '{command}'"
    if "pip-compile" in text:
        return "run 'pip-compile --generate-hashes' on its source"
    return "regenerate the file with its hashes (e.g. 'pip-compile --generate-hashes')"


def stale_hashes(root: Path, changes: Sequence[FileChange]) -> list[Unresolved]:
    """One item per requirement a move edits or adds in a requirements file in hash-checking mode."""
    items: list[Unresolved] = []
    for change in changes:
        if change.path.suffix != ".txt" or not any(flag in change.before for flag in _HASHED):
            continue
        before = {_logical(change.before, item) for item in scan(change.path, change.before)}
        shown = display_path(change.path, root)
        fix = regenerate_command(change.before)
        for item in scan(change.path, change.after):
            if _logical(change.after, item) in before:
                continue
            items.append(
                Unresolved(
                    shown,
                    item.first + 1,
                    item.requirement.name,
                    f"{shown} is hashed (pip's hash-checking mode): the moved requirement "
                    f"{item.requirement_text!r} carries no --hash of the release it now allows, so pip "
                    "refuses the file; compat has no real digests to write",
                    fix,
                )
            )
    return items
