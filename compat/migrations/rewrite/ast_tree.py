"""The ``ast`` tree of the file under rewrite, parsed once for the pre-filter, the statement skip
and the import lines of reports (each asked for the same source, one after the other)."""

from __future__ import annotations

import ast
import functools


@functools.lru_cache(maxsize=2)
def python_tree(source: str) -> ast.Module | None:
    """``ast.parse(source)``, None when it fails. Shared: callers only read the tree."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
