"""Which statements of a file the rewrite pass need not enter.

Every hook of the default commands acts on a name the file's imports bind to the bindings (a class,
a module, the package root), on a name a rename changes, or on a call or attribute built on one of
them; so a statement whose source holds none of those words (strings and comments count: a superset)
and no import statement gets no edit, no report and no note, and leaves no count behind (the uses
of a module alias are words of their own). :func:`skippable_statements` finds them, for the pass to
return ``False`` on (its subtree then stays the same object, and the layout's second walk skips it
too, so the calls both walks follow still pair in source order).

Statement lines come from ``ast``: LibCST's positions cost a pass over the whole file. The two trees'
statements are paired in order, one LibCST line to as many ``ast`` statements as it holds small
statements, one compound statement to one; nested blocks are paired through ``body`` only (the
statements of ``else``, ``except``, ``finally`` and ``case`` are never skipped). When anything does
not pair, or the file is not ASCII (``ast`` normalises identifiers) or has a lone CR (lines could be
counted apart), nothing is skipped. ``tests/migrations/test_skip.py`` holds the pass with skipping
equal to the pass without it.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Sequence

import libcst as cst

from compat.migrations.rewrite.ast_tree import COMPOUND_KINDS, compound_ast, python_tree
from compat.migrations.rewrite.prefilter import _imports, _words

_NEWLINE = re.compile("\n")


class _Unpaired(Exception):
    """The two trees' statements do not pair: skip nothing."""


def skippable_statements(source: str, module: cst.Module, words: Iterable[str]) -> set[int]:
    """``id()`` of every statement of ``module`` (parsed from ``source``) that holds none of
    ``words`` and no import statement; empty when that cannot be told from ``ast``."""
    if not source.isascii() or "\r" in source.replace("\r\n", ""):
        return set()
    tree = python_tree(source)
    if tree is None:
        return set()
    starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]  # as ast counts lines (not str.splitlines)
    hits: set[int] = set()  # 1-based lines holding a word or part of an import statement
    names = tuple(sorted(set(words)))
    if names:
        hits.update(bisect.bisect_right(starts, m.start()) for m in _words(names).finditer(source))
    for node in _imports(tree):
        hits.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines = sorted(hits)
    found: set[int] = set()
    try:
        _pair(module.body, tree.body, lines, found)
    except _Unpaired:
        return set()
    return found


def _pair(
    statements: Sequence[cst.BaseStatement], nodes: Sequence[ast.stmt], lines: list[int], found: set[int]
) -> None:
    at = 0
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            count = len(statement.body)
            part = nodes[at : at + count]
            if len(part) != count or any(isinstance(n, COMPOUND_KINDS) for n in part):
                raise _Unpaired
            at += count
            first, last = part[0].lineno, max(n.end_lineno or n.lineno for n in part)
        else:
            node = compound_ast(statement, nodes, at)
            if node is None:
                raise _Unpaired
            at += 1
            decorators = getattr(node, "decorator_list", [])
            first = min([node.lineno, *(d.lineno for d in decorators)])
            last = node.end_lineno or node.lineno
            body = getattr(statement, "body", None)
            inner = getattr(node, "body", None)
            if isinstance(body, cst.IndentedBlock) and isinstance(inner, list):
                _pair(body.body, inner, lines, found)
        k = bisect.bisect_left(lines, first)
        if k == len(lines) or lines[k] > last:
            found.add(id(statement))
    if at != len(nodes):
        raise _Unpaired
