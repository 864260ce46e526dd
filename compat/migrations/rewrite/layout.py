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

The last command of the file's pass: a rewritten import line is wrapped as it is rewritten
(``edit_line``); the calls are followed in the pass, and only when a call whose callee changed
length spans lines or may outgrow the longest line does a second walk (:class:`_Relayout`) move
the continuation lines, the original calls and the rewritten ones paired in source order (no
rewrite adds or removes a call). Positions of the original are computed only for a call whose
callee changed length, over that call alone (:meth:`_Original.call`: LibCST's position pass over
the whole file cost more than parsing it); the file's wrapping style, which reads the positions of
every call, only when a line must wrap.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import NEWLINE_RE, PositionProvidingCodegenState

from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand, RewriteContext
from compat.migrations.rewrite.splice import GeneratedCode

#: no file is held to less than PEP 8's line length: a short file's longest line is not its limit
PEP8_LIMIT = 79


@dataclass(frozen=True)
class _Call:
    """Where an original call stands (0-based columns)."""

    paren: int  # column of the opening parenthesis, -1 if unknown
    visual: bool  # first argument on the line of the parenthesis
    width: int  # length of the original line holding the parenthesis
    ends: tuple[int, ...]  # end column of each argument on that line
    single: bool  # the whole call on one line
    indent: int  # leading spaces of that line


@dataclass
class _Style:
    """How the original file wraps: aligned or hanging calls and imports (multi-line ones counted)."""

    aligned_calls: int = 0
    hanging_calls: int = 0
    aligned_imports: int = 0
    hanging_imports: int = 0


def _visual(call: cst.Call) -> bool:
    return bool(call.args) and not isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)


def _callee(call: cst.Call) -> str | None:
    """The dotted callee (renames change only its names, so its length change is the code's)."""
    return get_full_name_for_node(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None


def _newline(spaces: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(spaces))


class _Original:
    """Facts of the original file, computed on first need."""

    def __init__(self, wrapper: MetadataWrapper, source: str) -> None:
        self.wrapper = wrapper
        self.lines = source.splitlines()  # the module's code: LibCST gives back what it parsed
        self.limit = max(max((len(line) for line in self.lines), default=0), PEP8_LIMIT)
        self._style: _Style | None = None
        self._source = source
        self._line_starts: list[int] | None = None

    def _range(self, node: cst.CSTNode) -> CodeRange:
        return self.wrapper.resolve(PositionProvider)[node]

    def _ranges_in(self, call: cst.Call, indent: Sequence[str]) -> Callable[[cst.CSTNode], CodeRange]:
        """The positions of the nodes of ``call`` (a node of the original, inside blocks indented by
        ``indent``), as LibCST's pass over the whole file gives them.

        The call alone goes through the same position-keeping code generation, started where its
        text stands in the file: found by that text, which the file must hold exactly once (the
        whole file's pass otherwise)."""
        module = self.wrapper.module
        provider = PositionProvider()
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent,
            default_newline=module.default_newline,
            provider=provider,
            indent_tokens=list(indent),
        )
        call._codegen(state)
        text = "".join(state.tokens)
        at = self._source.find(text)
        if not text or at < 0 or self._source.find(text, at + 1) >= 0:
            return self._range
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in NEWLINE_RE.finditer(self._source))]
        line = bisect_right(self._line_starts, at)
        column = at - self._line_starts[line - 1]

        def placed(position: CodePosition) -> CodePosition:  # relative to the call's first character
            if position.line == 1:
                return CodePosition(line, column + position.column)
            return CodePosition(line + position.line - 1, position.column)

        computed = provider._computed  # what LibCST's resolve hands out: one CodeRange per node

        def where(node: cst.CSTNode) -> CodeRange:
            found = cast(CodeRange, computed[node])
            return CodeRange(placed(found.start), placed(found.end))

        return where

    def call(self, node: cst.Call, indent: Sequence[str] = ()) -> _Call:
        """Where the original call ``node`` stands; ``indent``: the indentation of its blocks."""
        at = self._ranges_in(node, indent)
        where, end = at(node), at(node.func).end
        after = node.whitespace_after_func
        gap = len(after.value) if isinstance(after, cst.SimpleWhitespace) else -1
        ends: list[int] = []
        for arg in node.args:
            arg_end = at(arg.value).end
            if arg_end.line != end.line:
                break
            ends.append(arg_end.column)
        line = self.lines[end.line - 1] if end.line <= len(self.lines) else ""
        return _Call(
            end.column + gap if gap >= 0 else -1,
            _visual(node),
            len(line),
            tuple(ends),
            where.start.line == where.end.line,
            len(line) - len(line.lstrip(" ")),
        )

    @property
    def style(self) -> _Style:
        if self._style is None:
            style = _Style()

            def multiline(node: cst.CSTNode) -> bool:
                where = self._range(node)
                return where.start.line != where.end.line

            class _Count(cst.CSTVisitor):
                def visit_Call(self, node: cst.Call) -> None:
                    if multiline(node):
                        if _visual(node):
                            style.aligned_calls += 1
                        else:
                            style.hanging_calls += 1

                def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                    if node.lpar is not None and multiline(node):
                        if isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace):
                            style.hanging_imports += 1
                        else:
                            style.aligned_imports += 1
                    return False

            self.wrapper.module.visit(_Count())
            self._style = style
        return self._style


class _Relayout(cst.CSTTransformer):
    """In the rewritten tree: moves the continuation lines of calls whose callee changed length and
    wraps what the rewrite pushed past the file's longest line."""

    def __init__(
        self,
        original: _Original,
        calls: list[tuple[cst.Call, str | None]],
        indent: str,
        skipped: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__()
        self.original = original
        self.skipped = skipped  # statements the pass did not enter (their calls are not in ``calls``)
        self.before = iter(calls)
        self.default_indent = indent
        self.indents = [0]
        self.indent_tokens: list[str] = []  # the indentation of the open blocks, as LibCST writes it
        self.open: list[tuple[int, _Call] | None] = []  # per open call: (shift, where it stood)
        self.in_args: list[bool] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return id(node) not in self.skipped and super().on_visit(node)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        token = self.default_indent if node.indent is None else node.indent
        self.indents.append(self.indents[-1] + len(token))
        self.indent_tokens.append(token)

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        self.indents.pop()
        self.indent_tokens.pop()
        return updated

    def visit_Call(self, node: cst.Call) -> None:
        old, old_name = next(self.before, (None, None))
        new_name = _callee(node)
        entry = None
        if old is not None and old_name and new_name and len(new_name) != len(old_name):
            facts = self.original.call(old, self.indent_tokens)
            if facts.paren >= 0:
                entry = (len(new_name) - len(old_name), facts)
        self.open.append(entry)
        self.in_args.append(False)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        """Only a call's arguments are followed (LibCST would look a method up for every field)."""
        if attribute == "whitespace_before_args" and type(node) is cst.Call:
            self.in_args[-1] = True

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        entry = self.open.pop()
        self.in_args.pop()
        if entry is None or entry[1].width + entry[0] <= self.original.limit:
            return updated
        shift, old = entry
        style = self.original.style
        if old.visual and (not old.single or style.aligned_calls > style.hanging_calls):
            return self._break_aligned(updated, old, shift)
        return self._hang(updated) if old.single and old.indent == self.indents[-1] else updated

    def _break_aligned(self, call: cst.Call, old: _Call, shift: int) -> cst.Call:
        """Break before the first argument of the parenthesis line that ends past the limit."""
        for k in range(1, len(old.ends)):
            if old.ends[k] + shift + 1 > self.original.limit:
                column = old.paren + shift + 1 - self.indents[-1]
                comma = call.args[k - 1].comma
                if column < 0 or not isinstance(comma, cst.Comma):
                    return call
                args = list(call.args)
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

    def _moved(self, indent: bool, spaces: str) -> str | None:
        """The new leading spaces of a continuation line inside the open calls (None: unchanged)."""
        if spaces.strip(" "):
            return None  # tabs: leave as written
        column = (self.indents[-1] if indent else 0) + len(spaces)
        shift = sum(
            entry[0]
            for entry, inside in zip(self.open, self.in_args, strict=True)
            if entry is not None and inside and entry[1].visual and column > entry[1].paren
        )
        if not shift or len(spaces) + shift < 0:
            return None
        return " " * (len(spaces) + shift)

    def leave_ParenthesizedWhitespace(
        self, original: cst.ParenthesizedWhitespace, updated: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        if not any(self.open):
            return updated
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

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        return wrap_import(updated, self.original, self.indents[-1], self.default_indent)


def wrap_import(
    line: cst.SimpleStatementLine,
    original: _Original,
    indent: int,
    default_indent: str,
    generated: GeneratedCode | None = None,
) -> cst.SimpleStatementLine:
    """A one-line ``from ... import`` longer than the limit gets parentheses, in the file's style.

    The code of the statement, generated to measure it, is kept in ``generated`` when it holds no
    line break (it then reads the same in any module): the file's text is written from it."""
    stmt = line.body[0] if len(line.body) == 1 else None
    if (
        not isinstance(stmt, cst.ImportFrom)
        or stmt.module is None
        or stmt.lpar is not None
        or isinstance(stmt.names, cst.ImportStar)
    ):
        return line
    code = cst.Module([]).code_for_node(stmt)
    if generated is not None and "\n" not in code and "\r" not in code:
        generated[id(stmt)] = (stmt, code)
    if "\n" in code or indent + len(code) <= original.limit:
        return line  # short enough, or already continued with backslashes
    names = list(stmt.names)
    if original.style.aligned_imports > original.style.hanging_imports:
        module = cst.Module([]).code_for_node(stmt.module)
        column = len(f"from {'.' * len(stmt.relative)}{module} import (")
        step = _newline(" " * column)
        wrapped = [n.with_changes(comma=cst.Comma(whitespace_after=step)) for n in names[:-1]]
        wrapped.append(names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT))
        paren = cst.LeftParen()
    else:
        deeper = _newline(default_indent)
        wrapped = [n.with_changes(comma=cst.Comma(whitespace_after=deeper)) for n in names[:-1]]
        wrapped.append(names[-1].with_changes(comma=cst.Comma(whitespace_after=_newline(""))))
        paren = cst.LeftParen(whitespace_after=deeper)
    return line.with_changes(body=[stmt.with_changes(names=wrapped, lpar=paren, rpar=cst.RightParen())])


class KeepAlignment(RewriteCommand):
    """The last command: continuation lines aligned to a renamed callee's parenthesis follow it,
    and lines the rewrite made longer than any line of the file are wrapped like the file wraps.

    In the pass it notes the calls (when a name may change) and whether a callee changed length
    where that can move or wrap a line; only then does ``finish`` walk the rewritten module again
    (:class:`_Relayout`, with the positions of the original). Import lines are
    wrapped as they are rewritten (``edit_line``)."""

    name = "layout"

    def start(self, file: FileRewrite) -> bool:
        self.file = file
        self.follow = file.values_change  # else no callee can change
        self.calls: list[cst.Call] = []  # every original call, in source order
        self.edits_at: list[int] = []  # per open call: the file's count of value edits at its start
        self.moved = False  # some callee changed length
        self._original: _Original | None = None
        return True

    @property
    def original(self) -> _Original:
        if self._original is None:
            self._original = _Original(self.file.wrapper, self.file.source)
        return self._original

    def visit_Call(self, node: cst.Call) -> None:
        if self.follow:
            self.calls.append(node)
            self.edits_at.append(self.file.value_edits)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if self.follow and self.edits_at.pop() != self.file.value_edits and not self.moved:
            old, new = _callee(original), _callee(updated)  # some name inside the call was rewritten
            if old and new and len(old) != len(new):
                self.moved = self._may_move(original, len(new) - len(old))
        return updated

    def _may_move(self, call: cst.Call, shift: int) -> bool:
        """Whether :class:`_Relayout` could change anything for ``call`` (whose callee changes by
        ``shift`` characters); False only when provably not: the call sits on one line (no
        continuation line to move) and that line stays within the limit (nothing to wrap)."""
        code = cst.Module([]).code_for_node(call)
        if "\n" in code or "\r" in code:
            return True
        if shift <= 0:
            return False
        widest = max((len(line) for line in self.original.lines if code in line), default=None)
        return widest is None or widest + shift > self.original.limit

    def edit_line(
        self, line: cst.SimpleStatementLine, file: FileRewrite
    ) -> Sequence[cst.SimpleStatementLine]:
        if line is file.line_in:
            return (line,)  # not rewritten: no longer than it was
        indent = file.indents[-1]
        return (wrap_import(line, self.original, indent, file.module.default_indent, file.generated),)

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        """As a :class:`~compat.migrations.rewrite.base.WholeFileCommand`: keep the original."""
        self._wrapper = wrapper
        return []

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        """As a whole-file command, last: only when one before it renamed or reimported."""
        wrapper = getattr(self, "_wrapper", None)
        if wrapper is None or not (ctx.renamed or ctx.reimported):
            return module
        calls: list[tuple[cst.Call, str | None]] = []
        if ctx.renamed:

            class _Calls(cst.CSTVisitor):
                def visit_Call(self, node: cst.Call) -> None:
                    calls.append((node, _callee(node)))

            wrapper.module.visit(_Calls())
        original = _Original(wrapper, wrapper.module.code)
        return module.visit(_Relayout(original, calls, module.default_indent))

    def finish(self, module: cst.Module, file: FileRewrite) -> cst.Module:
        if not self.moved:
            return module  # no callee changed length: every continuation line stays where it is
        calls = [(call, _callee(call)) for call in self.calls]
        return module.visit(_Relayout(self.original, calls, module.default_indent, self.file.skipped))
