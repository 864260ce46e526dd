"""Keep the user's layout when a rewrite changes the length of a callee's name (and of imports).

``ec2.instance(self, "compute",`` followed by arguments aligned under the opening parenthesis
(visual indentation, PEP 8's "aligned with opening delimiter") becomes
``aws_instance.Instance(self, "compute",`` with those lines moved by the same number of columns,
so they stay aligned. Only calls whose first argument shares the line of the parenthesis are
touched, and only lines that start right of the parenthesis (their nesting follows); hanging
indents (a line break right after the parenthesis) do not depend on the name's length and stay.
String contents are never whitespace nodes, so multi-line strings are never re-indented.

A line the rewrite makes longer than the file's own longest line (and than 79) is wrapped as the file
wraps: a call with aligned arguments breaks before the first argument that no longer fits, aligned
like the others; a one-line call breaks the same way if the file aligns its calls, else takes a
hanging indent (one argument a line, trailing comma); a one-line ``from ... import`` of several
names gets parentheses, in the style of the file's own parenthesized imports.

Run last: the original calls (seen in ``report``, with positions) and the rewritten ones are
paired in source order, since no rewrite adds or removes a call.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import RewriteContext

#: no file is held to less than PEP 8's line length: a short file's longest line is not its limit
PEP8_LIMIT = 79


@dataclass(frozen=True)
class _Call:
    func: str  # the callee's code in the original file
    paren: int  # 0-based column of the opening parenthesis
    visual: bool  # first argument on the line of the parenthesis
    width: int  # length of the original line holding the parenthesis
    ends: tuple[int, ...]  # end column of each argument on that line
    single: bool  # the whole call on one line
    leads: bool  # one line, on the first line of its statement (a hanging indent is safe)


@dataclass
class _Style:
    """How the original file wraps: its longest line, aligned or hanging calls and imports."""

    limit: int = 0
    aligned_calls: int = 0
    hanging_calls: int = 0
    aligned_imports: int = 0
    hanging_imports: int = 0


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _visual(call: cst.Call) -> bool:
    return bool(call.args) and not isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)


class _Collect(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines
        self.calls: list[_Call] = []
        self.style = _Style(limit=max((len(line) for line in lines), default=0))
        self.style.limit = max(self.style.limit, PEP8_LIMIT)
        self.statements: list[int] = []  # first line of each enclosing simple statement

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statements.append(self.get_metadata(PositionProvider, node).start.line)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.statements.pop()

    def visit_Call(self, node: cst.Call) -> None:
        where = self.get_metadata(PositionProvider, node)
        end = self.get_metadata(PositionProvider, node.func).end
        after = node.whitespace_after_func
        gap = len(after.value) if isinstance(after, cst.SimpleWhitespace) else -1
        ends = []
        for arg in node.args:
            arg_end = self.get_metadata(PositionProvider, arg.value).end
            if arg_end.line != end.line:
                break
            ends.append(arg_end.column)
        single = where.start.line == where.end.line
        if not single:
            if _visual(node):
                self.style.aligned_calls += 1
            else:
                self.style.hanging_calls += 1
        self.calls.append(
            _Call(
                _code(node.func),
                end.column + gap if gap >= 0 else -1,
                _visual(node),
                len(self.lines[end.line - 1]) if end.line <= len(self.lines) else 0,
                tuple(ends),
                single,
                single and bool(self.statements) and self.statements[-1] == where.start.line,
            )
        )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.lpar is not None:
            where = self.get_metadata(PositionProvider, node)
            if where.start.line != where.end.line:
                if isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace):
                    self.style.hanging_imports += 1
                else:
                    self.style.aligned_imports += 1
        return False


class _Realign(cst.CSTTransformer):
    """Moves the continuation lines of calls whose callee changed length, in the rewritten tree."""

    def __init__(self, before: list[_Call], style: _Style, default_indent: str) -> None:
        super().__init__()
        self.before = iter(before)
        self.style = style
        self.default_indent = default_indent
        self.calls: list[_Call | None] = []
        self.indents = [0]
        self.default = len(default_indent)
        self.active: list[tuple[int, int] | None] = []  # per open call: (shift, parenthesis column)
        self.in_args: list[bool] = []

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.indents.append(self.indents[-1] + (self.default if node.indent is None else len(node.indent)))

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        self.indents.pop()
        return updated

    def visit_Call(self, node: cst.Call) -> None:
        old = next(self.before, None)
        new = _code(node.func)
        shift = len(new) - len(old.func) if old is not None else 0
        usable = old is not None and old.visual and old.paren >= 0 and "\n" not in new + old.func
        self.active.append((shift, old.paren) if usable and shift and old is not None else None)
        self.in_args.append(False)
        self.calls.append(old if shift and old is not None and old.paren >= 0 else None)

    def visit_Call_whitespace_before_args(self, node: cst.Call) -> None:
        self.in_args[-1] = True

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        self.active.pop()
        self.in_args.pop()
        old = self.calls.pop()
        if old is None or old.width + (len(_code(updated.func)) - len(old.func)) <= self.style.limit:
            return updated
        shift = len(_code(updated.func)) - len(old.func)
        if old.visual and (not old.single or self.style.aligned_calls > self.style.hanging_calls):
            return self._break_aligned(updated, old, shift)
        return self._hang(updated) if old.leads else updated

    def _break_aligned(self, call: cst.Call, old: _Call, shift: int) -> cst.Call:
        """Break before the first argument of the parenthesis line that ends past the limit."""
        for k in range(1, len(old.ends)):
            if old.ends[k] + shift + 1 > self.style.limit:
                column = old.paren + shift + 1 - self.indents[-1]
                if column < 0:
                    return call
                args = list(call.args)
                comma = args[k - 1].comma
                if not isinstance(comma, cst.Comma):
                    return call
                args[k - 1] = args[k - 1].with_changes(
                    comma=comma.with_changes(whitespace_after=_newline(" " * column))
                )
                return call.with_changes(args=args)
        return call

    def _hang(self, call: cst.Call) -> cst.Call:
        """One argument a line, one indentation deeper than the statement, and a trailing comma."""
        if not call.args or any(a.star for a in call.args):
            return call
        deeper = _newline(self.default_indent)
        args = [a.with_changes(comma=cst.Comma(whitespace_after=deeper)) for a in call.args[:-1]]
        args.append(call.args[-1].with_changes(comma=cst.Comma(whitespace_after=_newline(""))))
        return call.with_changes(whitespace_before_args=deeper, args=args)

    def _shift(self, column: int) -> int:
        """Columns to add to a line starting at ``column`` (original) inside the open calls."""
        return sum(
            entry[0]
            for entry, inside in zip(self.active, self.in_args, strict=True)
            if entry is not None and inside and column > entry[1]
        )

    def _moved(self, indent: bool, spaces: str) -> str | None:
        if spaces.strip(" "):
            return None  # tabs: leave as written
        column = (self.indents[-1] if indent else 0) + len(spaces)
        shift = self._shift(column)
        if not shift or len(spaces) + shift < 0:
            return None
        return " " * (len(spaces) + shift)

    def leave_ParenthesizedWhitespace(
        self, original: cst.ParenthesizedWhitespace, updated: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        moved = self._moved(updated.indent, updated.last_line.value)
        lines = [
            line.with_changes(whitespace=cst.SimpleWhitespace(spaces))
            if line.comment is not None and (spaces := self._moved(line.indent, line.whitespace.value))
            else line
            for line in updated.empty_lines
        ]
        if moved is None and lines == list(updated.empty_lines):
            return updated
        last = cst.SimpleWhitespace(moved) if moved is not None else updated.last_line
        return updated.with_changes(last_line=last, empty_lines=lines)


def _newline(spaces: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(spaces))


class _WrapImports(cst.CSTTransformer):
    """Parenthesizes one-line ``from ... import a, b`` statements longer than the file's longest line."""

    def __init__(self, style: _Style, default_indent: str) -> None:
        super().__init__()
        self.style = style
        self.default_indent = default_indent

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        stmt = updated.body[0] if len(updated.body) == 1 else None
        if (
            not isinstance(stmt, cst.ImportFrom)
            or stmt.module is None
            or stmt.lpar is not None
            or isinstance(stmt.names, cst.ImportStar)
            or len(_code(updated).rstrip("\n").splitlines()[-1]) <= self.style.limit
        ):
            return updated
        names = list(stmt.names)
        if self.style.aligned_imports > self.style.hanging_imports:
            column = len(f"from {'.' * len(stmt.relative)}{_code(stmt.module)} import (")
            wrapped = [
                n.with_changes(comma=cst.Comma(whitespace_after=_newline(" " * column))) for n in names[:-1]
            ]
            wrapped.append(names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT))
            paren = cst.LeftParen()
        else:
            deeper = _newline(self.default_indent)
            wrapped = [n.with_changes(comma=cst.Comma(whitespace_after=deeper)) for n in names[:-1]]
            wrapped.append(names[-1].with_changes(comma=cst.Comma(whitespace_after=_newline(""))))
            paren = cst.LeftParen(whitespace_after=deeper)
        return updated.with_changes(
            body=[stmt.with_changes(names=wrapped, lpar=paren, rpar=cst.RightParen())]
        )


class KeepAlignment:
    """The last command: continuation lines aligned to a renamed callee's parenthesis follow it,
    and lines the rewrite made longer than any line of the file are wrapped like the file wraps."""

    name = "layout"

    def __init__(self) -> None:
        self.calls: list[_Call] = []
        self.style = _Style()

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        collect = _Collect(wrapper.module.code.splitlines())
        wrapper.visit(collect)
        self.calls, self.style = collect.calls, collect.style
        return []

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        realigned = module.visit(_Realign(self.calls, self.style, module.default_indent))
        return realigned.visit(_WrapImports(self.style, module.default_indent))
