"""Paths as shown to users: relative to the project root when inside it."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
