"""Planned file changes: a unified diff to show, an atomic write to apply."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileChange:
    path: Path
    before: str
    after: str

    def diff(self, root: Path | None = None) -> str:
        return unified_diff(self, root)


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def unified_diff(change: FileChange, root: Path | None = None) -> str:
    name = display_path(change.path, root)
    lines = difflib.unified_diff(
        change.before.splitlines(keepends=True),
        change.after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path``, then rename it over ``path``."""
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def apply_changes(changes: Iterable[FileChange]) -> None:
    """Write every change whose file still holds what was planned from (checked first, all or nothing)."""
    from compat.errors import CompatError

    planned = list(changes)
    for change in planned:
        current = change.path.read_text(encoding="utf-8") if change.path.exists() else ""
        if current != change.before:
            raise CompatError(f"{change.path} changed since the migration was planned: run it again")
    for change in planned:
        write_atomic(change.path, change.after)
