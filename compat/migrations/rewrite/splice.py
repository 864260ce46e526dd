"""The rewritten module's text, generating only the top-level statements the rewrite replaced.

LibCST's code generation of a whole module costs about as much as parsing it, and most of a
migrated file is left as it was (a family move rewrites import lines; a call here and there). A
top-level statement of the rewritten module that is the very object of the original (LibCST trees
are immutable: the pass hands back an untouched statement itself, :mod:`.run`) keeps its source
text, sliced from the file; only the others are generated, each as the whole module's generation
writes it (the code of a module is its header, then each statement's code, then its footer).

The slices come from ``ast``'s statement lines (a statement's position covers all its tokens,
parentheses included) joined with LibCST's own counts: a statement's text starts its
``leading_lines`` (blank and comment lines) above its first token and ends where the next one's
starts. Every boundary is checked against both trees, so a slice is exactly the text LibCST would
generate for the statement: the first token stands in column 0, the leading lines hold exactly the
text LibCST's lines generate, and the lines between one statement's last token and the next one's
text are the footers of the blocks the first one closes (LibCST's ``IndentedBlock.footer``).
When anything does not hold (a lone CR, text ``ast`` refuses, a line LibCST does not give back as
written), the whole module is generated, as before.
``tests/migrations/test_splice.py`` holds the two equal over generated files and a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from compat.migrations.rewrite.ast_tree import COMPOUND_KINDS, compound_ast, python_tree
from compat.record import Record

_NEWLINE = re.compile("\n")
#: ``id()`` of a small statement -> (the statement, its code): code generated once and written as is
GeneratedCode = dict[int, tuple[cst.CSTNode, str]]


class _Slices(Record):
    """Where the parts of the original module stand in its source (character offsets)."""

    header_end: int  # the module's header (leading blank and comment lines) ends here
    statements: dict[int, str]  # id() of a top-level statement -> its source text
    footer_start: int  # the module's footer (trailing blank and comment lines) starts here
    lines: dict[int, int]  # id() of a top-level statement -> the line its text starts (1-based)


def module_code(
    source: str, original: cst.Module, current: cst.Module, generated: GeneratedCode | None = None
) -> str:
    """``current.code``, where ``current`` is ``original`` (parsed from ``source``) rewritten;
    ``generated``: the code of small statements already generated (a statement line holding one of
    them is written from it)."""
    kept = {id(statement) for statement in original.body}
    if not any(id(statement) in kept for statement in current.body) or not _same_frame(original, current):
        return current.code
    # the text LibCST parsed: a file without a final newline gets one (and the module drops it)
    text = source if original.has_trailing_newline else source + original.default_newline
    slices = _slices(text, source, original)
    if slices is None:
        return current.code
    header = text[: slices.header_end] if current.header is original.header else None
    parts = [header if header is not None else _code(current, current.header)]
    for statement in current.body:
        found = slices.statements.get(id(statement))
        parts.append(found if found is not None else _statement_code(current, statement, generated or {}))
    footer = text[slices.footer_start :] if current.footer is original.footer else None
    parts.append(footer if footer is not None else _code(current, current.footer))
    code = "".join(parts)
    if not current.has_trailing_newline:  # LibCST drops the last token, a newline
        code = code[: -2 if code.endswith("\r\n") else -1]
    return code


def _same_frame(original: cst.Module, current: cst.Module) -> bool:
    """Both modules generate their statements alike; the body is not empty (an empty module's
    code is a newline of its own)."""
    return (
        bool(current.body)
        and original.default_indent == current.default_indent
        and original.default_newline == current.default_newline
    )


def _statement_code(module: cst.Module, statement: cst.BaseStatement, generated: GeneratedCode) -> str:
    """The code of a top-level statement; a line of one small statement generated before is its
    leading lines, that code and its trailing whitespace (what the line's generation writes)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        entry = generated.get(id(statement.body[0]))
        if entry is not None and entry[0] is statement.body[0]:
            return (
                _code(module, statement.leading_lines)
                + entry[1]
                + module.code_for_node(statement.trailing_whitespace)
            )
    return module.code_for_node(statement)


def _code(module: cst.Module, nodes: Sequence[cst.CSTNode]) -> str:
    return "".join(module.code_for_node(node) for node in nodes)


def _slices(source: str, given: str, module: cst.Module) -> _Slices | None:
    """The text of each top-level statement of ``module`` in ``source``, the text LibCST parsed
    from the file's text ``given``; None when it cannot be told."""
    if not module.body:
        return None
    if "\r" in source.replace("\r\n", ""):
        return None  # lone CR: ast and LibCST could count lines apart
    tree = python_tree(given)  # the same statements and lines as ``source``'s (shared with the filter)
    if tree is None:
        return None
    starts = [0, *(match.end() for match in _NEWLINE.finditer(source))]  # of each line, 1-based
    lines = source.split("\n")  # lines[k - 1]: line k, without its newline
    nodes = tree.body
    at = 0
    previous_end = len(module.header)  # the last line of what precedes the next statement's text
    offsets: list[tuple[int, int]] = []  # per statement: (first line of its text, its key)
    texts: dict[int, str] = {}
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            part = nodes[at : at + len(statement.body)]
            if len(part) != len(statement.body) or any(isinstance(n, COMPOUND_KINDS) for n in part):
                return None
            at += len(part)
            first, column = part[0].lineno, part[0].col_offset
            last = max(n.end_lineno or n.lineno for n in part)
            leading: Sequence[cst.EmptyLine] = statement.leading_lines
            trailing = 0
        else:
            node = compound_ast(statement, nodes, at)
            if node is None:
                return None
            at += 1
            found = _first_line(statement, node, lines)
            if found is None:
                return None
            first, leading = found
            last, column, trailing = node.end_lineno or node.lineno, 0, _footer_lines(statement)
        begin = first - len(leading)
        if column != 0 or begin != previous_end + 1:
            return None
        if source[starts[begin - 1] : starts[first - 1]] != _code(module, leading):
            return None
        offsets.append((begin, id(statement)))
        previous_end = last + trailing
    if at != len(nodes) or previous_end > len(starts):
        return None
    header_end = starts[len(module.header)]
    footer_start = starts[previous_end] if previous_end < len(starts) else len(source)
    if source[:header_end] != _code(module, module.header):
        return None
    if source[footer_start:] != _code(module, module.footer):
        return None
    bounds = [*(starts[begin - 1] for begin, _ in offsets), footer_start]
    for (_, key), start, end in zip(offsets, bounds, bounds[1:], strict=False):
        texts[key] = source[start:end]
    return _Slices(header_end, texts, footer_start, {key: begin for begin, key in offsets})


def first_lines(source: str, module: cst.Module) -> dict[int, int]:
    """``id()`` of each top-level statement of ``module`` (parsed from ``source``) -> the line its
    text starts on, its leading lines included; empty when that cannot be told (as above)."""
    text = source if module.has_trailing_newline else source + module.default_newline
    found = _slices(text, source, module)
    return found.lines if found is not None else {}


def _first_line(
    statement: cst.BaseCompoundStatement, node: object, lines: list[str]
) -> tuple[int, Sequence[cst.EmptyLine]] | None:
    """The line of a compound statement's first token (its first decorator's ``@``) and the blank
    and comment lines LibCST writes above it; None when column 0 of that line does not start it."""
    decorators: Sequence[cst.Decorator] = getattr(statement, "decorators", ())
    if decorators:
        found = getattr(node, "decorator_list", None)
        if not isinstance(found, list) or len(found) != len(decorators):
            return None
        first = found[0].lineno
        if not lines[first - 1].startswith("@"):
            return None  # a decorator parenthesized over lines: its expression starts below the @
        return first, [*statement.leading_lines, *decorators[0].leading_lines]
    first = getattr(node, "lineno", 0)
    if getattr(node, "col_offset", -1) != 0:
        return None
    return first, statement.leading_lines


def _footer_lines(statement: cst.BaseStatement) -> int:
    """The lines LibCST writes after a statement's last token (the footers of the blocks it closes:
    comment and blank lines indented into the block)."""
    suite = _last_suite(statement)
    if not isinstance(suite, cst.IndentedBlock):
        return 0
    return len(suite.footer) + (_footer_lines(suite.body[-1]) if suite.body else 0)


def _last_suite(statement: cst.BaseStatement) -> cst.BaseSuite | None:
    """The block a compound statement's text ends with (None for a simple statement line)."""
    if isinstance(statement, cst.If):
        orelse = statement.orelse
        if orelse is None:
            return statement.body
        return _last_suite(orelse) if isinstance(orelse, cst.If) else orelse.body
    if isinstance(statement, (cst.Try, cst.TryStar)):
        if statement.finalbody is not None:
            return statement.finalbody.body
        if statement.orelse is not None:
            return statement.orelse.body
        handlers: Sequence[cst.ExceptHandler | cst.ExceptStarHandler] = statement.handlers
        return handlers[-1].body if handlers else statement.body
    if isinstance(statement, (cst.For, cst.While)):
        return statement.orelse.body if statement.orelse is not None else statement.body
    if isinstance(statement, cst.Match):
        return statement.cases[-1].body if statement.cases else None
    body = getattr(statement, "body", None)
    return body if isinstance(body, cst.BaseSuite) else None
