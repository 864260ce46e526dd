"""The statements of a parsed Python file, for finders of imports (an import is a statement).

``ast.walk`` visits every node, expressions included, which in cdktf code (nested constructor
calls and dict literals) are most of a file; no expression can hold a statement, so a search for
imports need not enter one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: the nodes whose lists hold statements: statements, ``except`` handlers and ``match`` cases
_BLOCKS = (ast.stmt, ast.excepthandler, ast.match_case)


def statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement of ``tree`` at any depth (in no particular order), never entering an expression."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                stack.extend(child for child in value if isinstance(child, _BLOCKS))
