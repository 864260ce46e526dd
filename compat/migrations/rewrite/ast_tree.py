"""The ``ast`` tree of the file under rewrite, parsed once for the pre-filter, the statement skip,
the statement slices and the import lines of reports (each asked for the same source, one after the
other), and how its statements pair with LibCST's."""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Sequence

import libcst as cst


@functools.lru_cache(maxsize=2)
def python_tree(source: str) -> ast.Module | None:
    """``ast.parse(source)``, None when it fails. Shared: callers only read the tree."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


#: LibCST compound statement -> the ``ast`` statements it can be
_COMPOUND: dict[type[cst.CSTNode], tuple[type[ast.stmt], ...]] = {
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.Try: (ast.Try,),
    cst.Match: (ast.Match,),
}
if sys.version_info >= (3, 11):
    _COMPOUND[cst.TryStar] = (ast.TryStar,)
#: the ``ast`` compound statements (a LibCST statement line pairs with none of them)
COMPOUND_KINDS = tuple(kind for kinds in _COMPOUND.values() for kind in kinds)


def compound_ast(statement: cst.BaseStatement, nodes: Sequence[ast.stmt], at: int) -> ast.stmt | None:
    """``nodes[at]`` when it is the ``ast`` statement the LibCST compound ``statement`` pairs with."""
    kinds = _COMPOUND.get(type(statement))
    if kinds is None or at >= len(nodes) or not isinstance(nodes[at], kinds):
        return None
    return nodes[at]
