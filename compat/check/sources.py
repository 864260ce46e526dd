"""The project's Python files: found once, read once, parsed once with the stdlib ``ast``."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from compat.parse_guard import AST_LIMIT, too_complex

#: Directories never checked: virtualenvs, generated code, synth output, VCS and tool caches.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "cdktf.out", "imports", ".gen", "__pycache__",
    ".venv", "venv", "env", ".env", ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    "build", "dist", ".eggs", "site-packages",
})


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # relative to the project root, POSIX separators
    text: str
    tree: ast.Module | None  # None when the file does not parse
    error: SyntaxError | None = None


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def discover(root: Path, exclude: tuple[str, ...] = ()) -> Iterator[Path]:
    """Every ``*.py`` under ``root`` outside the skipped directories, in a stable order."""
    for current, dirs, files in os.walk(root):
        here = Path(current)
        dirs[:] = sorted(
            d for d in dirs
            if d not in SKIP_DIRS and not d.endswith(".egg-info") and d not in exclude
            and not _is_virtualenv(here / d)
        )
        for name in sorted(files):
            if name.endswith(".py"):
                path = here / name
                rel = path.relative_to(root).as_posix()
                if not any(rel == e or rel.startswith(e.rstrip("/") + "/") for e in exclude):
                    yield path


def load(root: Path, path: Path) -> SourceFile:
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return SourceFile(path, rel, "", None, SyntaxError(f"cannot read as UTF-8: {error}"))
    if (reason := too_complex(text, AST_LIMIT)) is not None:
        return SourceFile(path, rel, text, None, SyntaxError(reason))
    try:
        tree = ast.parse(raw, filename=rel)
    except RecursionError:
        return SourceFile(path, rel, text, None, SyntaxError("nested too deeply for the Python parser"))
    except (SyntaxError, ValueError) as error:
        syntax = error if isinstance(error, SyntaxError) else SyntaxError(str(error))
        return SourceFile(path, rel, text, None, syntax)
    return SourceFile(path, rel, text, tree)
