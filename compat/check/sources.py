"""The project's Python files (found by :mod:`compat.project.files`) read once, parsed once with ``ast``."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # relative to the project root, POSIX separators
    text: str
    tree: ast.Module | None  # None when the file does not parse
    error: SyntaxError | None = None


def load(root: Path, path: Path) -> SourceFile:
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return SourceFile(path, rel, "", None, SyntaxError(f"cannot read as UTF-8: {error}"))
    try:
        tree = ast.parse(raw, filename=rel)
    except RecursionError:
        return SourceFile(path, rel, text, None, SyntaxError("nested too deeply for the Python parser"))
    except (SyntaxError, ValueError) as error:
        syntax = error if isinstance(error, SyntaxError) else SyntaxError(str(error))
        return SourceFile(path, rel, text, None, syntax)
    return SourceFile(path, rel, text, tree)
