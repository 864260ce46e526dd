"""Small node-building helpers shared by the commands: minimal edits of import statements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst

A = TypeVar("A", cst.ImportFrom, cst.Import)


def with_aliases(node: A, keep: Sequence[cst.ImportAlias]) -> A:
    """``node`` importing only ``keep`` (in order), commas fixed so the layout of the rest is kept."""
    original = list(node.names) if not isinstance(node.names, cst.ImportStar) else []
    last_comma = original[-1].comma if original else cst.MaybeSentinel.DEFAULT
    fixed: list[cst.ImportAlias] = []
    for i, alias in enumerate(keep):
        if i == len(keep) - 1:
            fixed.append(alias.with_changes(comma=last_comma))
        elif isinstance(alias.comma, cst.Comma):
            fixed.append(alias)
        else:
            fixed.append(alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
    return node.with_changes(names=fixed)


def dotted(text: str) -> cst.Attribute | cst.Name:
    """``a.b.c`` as the nodes ``cst.parse_expression`` gives, built directly (a parse costs ~50x)."""
    parts = text.split(".")
    if not all(part.isidentifier() for part in parts):
        expr = cst.parse_expression(text)  # not a dotted name: LibCST says why
        assert isinstance(expr, (cst.Attribute, cst.Name))
        return expr
    built: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        built = cst.Attribute(value=built, attr=cst.Name(part))
    return built


def from_import(module: str, names: Sequence[tuple[str, str | None]]) -> cst.SimpleStatementLine:
    """``from module import a, b as c`` as a new statement line."""
    parts = ", ".join(f"{n} as {a}" if a and a != n else n for n, a in names)
    statement = cst.parse_statement(f"from {module} import {parts}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def import_statement(module: str, alias: str | None = None) -> cst.SimpleStatementLine:
    statement = cst.parse_statement(f"import {module}{f' as {alias}' if alias else ''}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def replaced_lines(
    original: cst.SimpleStatementLine,
    first: cst.SimpleStatementLine | None,
    extra: Sequence[cst.SimpleStatementLine],
) -> list[cst.SimpleStatementLine]:
    """``first`` (the kept or edited line, None if dropped) followed by ``extra`` new lines.

    Comments and blank lines above the original line stay above whatever comes first.
    """
    lines = ([first] if first is not None else []) + list(extra)
    if lines and first is None:
        lines[0] = lines[0].with_changes(leading_lines=original.leading_lines)
    return lines


def replace_line(
    original: cst.SimpleStatementLine,
    first: cst.SimpleStatementLine | None,
    extra: Sequence[cst.SimpleStatementLine],
) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
    """:func:`replaced_lines` as a transformer's ``leave_SimpleStatementLine`` returns them."""
    lines = replaced_lines(original, first, extra)
    if not lines:
        return cst.RemovalSentinel.REMOVE
    if len(lines) == 1:
        return lines[0]
    return cst.FlattenSentinel(lines)
