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


# A header line naming the command that wrote the file: pip-compile's and uv's own words.
_GENERATORS = ("pip-compile", "uv pip compile", "uv export")

# Writers that leave no header, known by the lock beside the file (checked with poetry 2,
# poetry-plugin-export, pipenv 2025 and uv 0.9): each writes hashes by default.
_EXPORTERS = (
    ("poetry.lock", "poetry lock", "poetry export -f requirements.txt --output {name}"),
    ("uv.lock", "uv lock", "uv export --format requirements-txt -o {name}"),
    ("Pipfile.lock", "pipenv lock", "pipenv requirements --hash > {name}"),
)


def regenerate_command(text: str, path: Path | None = None, root: Path | None = None) -> str:
    """How the file was made: the command its header records, else the exporter of the lock beside it."""
    for line in text.splitlines():
        command = line.lstrip("#").strip()
        if line.startswith("#") and command.startswith(_GENERATORS):
            return f"run '{command}'"
    if "pip-compile" in text:
        return "run 'pip-compile --generate-hashes' on its source"
    if path is not None:
        for folder in _folders_up_to(path.parent, root):
            for lock, relock, export in _EXPORTERS:
                if (folder / lock).is_file():
                    return (
                        f"after '{relock}', run '{export.format(name=path.name)}' (assumed from the "
                        f"{lock} beside it: the file names no command that wrote it)"
                    )
    return "regenerate the file with its hashes (e.g. 'pip-compile --generate-hashes')"


def _folders_up_to(folder: Path, root: Path | None) -> list[Path]:
    """``folder`` and its parents up to ``root`` (only ``folder`` when it is not under ``root``)."""
    folder = folder.resolve()
    top = None if root is None else root.resolve()
    if top is None or not folder.is_relative_to(top):
        return [folder]
    return [folder, *[parent for parent in folder.parents if parent.is_relative_to(top)]]


def stale_hashes(root: Path, changes: Sequence[FileChange]) -> list[Unresolved]:
    """One item per requirement a move edits or adds in a requirements file in hash-checking mode."""
    items: list[Unresolved] = []
    for change in changes:
        if change.path.suffix != ".txt" or not any(flag in change.before for flag in _HASHED):
            continue
        before = {_logical(change.before, item) for item in scan(change.path, change.before)}
        shown = display_path(change.path, root)
        fix = regenerate_command(change.before, change.path, root)
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
