"""Planned file changes: the value object, a unified diff of them, and atomic application."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from compat.transaction import Write, commit

__all__ = ["FileChange", "apply", "display_path", "displayed_under", "unified_diff"]


@dataclass(frozen=True)
class FileChange:
    """``path`` goes from ``before`` to ``after``; ``notes`` say what the user still has to do."""

    path: Path
    before: str
    after: str
    notes: tuple[str, ...] = ()
    edits: int = 0  # the fixes ``check --fix`` applies in it (0: not counted)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, root: Path | None = None) -> str:
        return unified_diff([self], root)


def display_path(path: Path, root: Path | None) -> str:
    """``path`` as shown to users: relative to the project root when inside it."""
    return path.as_posix() if root is None else displayed_under(root)(path)


def displayed_under(root: Path) -> Callable[[Path], str]:
    """:func:`display_path` under ``root`` for many paths: the root is resolved once, not per path."""
    resolved_root = root.resolve()

    def shown(path: Path) -> str:
        try:
            return path.resolve().relative_to(resolved_root).as_posix()
        except ValueError:
            return path.as_posix()

    return shown


def unified_diff(changes: Iterable[FileChange], root: Path | None = None) -> str:
    """One ``git diff``-style text for all changes (paths relative to ``root`` when given)."""
    parts: list[str] = []
    shown = displayed_under(root) if root is not None else Path.as_posix
    for change in changes:
        if not change.changed:
            continue
        name = shown(change.path)
        before, after = _as_on_disk(change)
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        for line in lines:
            parts.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(parts)


def apply(changes: Iterable[FileChange], root: Path | None = None) -> list[Path]:
    """Write every change or none (:mod:`compat.transaction`), keeping each file's own newlines.

    Refuses, writing nothing, if a file changed since it was planned. ``root`` is the project
    (where an interrupted write is recorded); default: the directory holding every changed file.
    """
    pending = [c for c in changes if c.changed]
    if not pending:
        return []
    if root is None:
        root = Path(os.path.commonpath([c.path.resolve().parent for c in pending]))
    return commit(root, [Write(c.path, c.before, c.after) for c in pending])


def _as_on_disk(change: FileChange) -> tuple[str, str]:
    """``before`` and ``after`` with the file's own line endings, as :func:`apply` writes them: a plan
    made on universal newlines would otherwise give a diff ``git apply`` refuses on a CRLF file."""
    if "\r" in change.before or "\r" in change.after:
        return change.before, change.after
    try:
        with open(change.path, encoding="utf-8", newline="") as handle:
            raw = handle.read()
    except (OSError, UnicodeDecodeError):
        return change.before, change.after
    if "\r" not in raw:
        return change.before, change.after
    from compat.layout import keep_layout, normalise_newlines

    if normalise_newlines(raw) != change.before:
        return change.before, change.after
    return raw, keep_layout(raw, change.after)
