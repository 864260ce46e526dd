"""The runner: every rewrite command over one file, in one pass (LibCST codemod style).

One transformer (:class:`_Pass`) walks the file once and dispatches each node to the hooks of the
commands that take part in the file, in command order; ``leave_`` hooks chain. Import statement
lines are rewritten in the same pass, unless a command needs the whole file first (the module
attributes command decides which imports to add or drop only when every use is known): then a
second walk over statements only (expressions, most of a file's nodes, are not entered) rewrites
them. A file that imports nothing to rewrite is not parsed by LibCST at all (:mod:`.prefilter`).

It sits above :mod:`~compat.migrations.rewrite.base` and the commands, which import only ``base``:
the commands never know the runner, so the package has no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar, cast

import libcst as cst

from compat.errors import CompatError
from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand, RewriteContext, RewriteResult
from compat.migrations.rewrite.calls import FixCalls
from compat.migrations.rewrite.imports import RewriteFromImports
from compat.migrations.rewrite.layout import KeepAlignment
from compat.migrations.rewrite.modules import RewriteModuleAttributes
from compat.migrations.rewrite.packages import RenamePackages
from compat.migrations.rewrite.prefilter import needs_rewrite
from compat.parse_guard import too_complex


def default_commands() -> list[RewriteCommand]:
    return [FixCalls(), RewriteModuleAttributes(), RewriteFromImports(), RenamePackages(), KeepAlignment()]


class CommandFailed(Exception):
    """A command built a node LibCST rejects: the file must stay as it is."""

    def __init__(self, command: str, error: Exception) -> None:
        super().__init__(command)
        self.command = command
        self.error = error


P = ParamSpec("P")
R = TypeVar("R")
#: a command's ``visit_<Node>`` or ``leave_<Node>``, found by name
Hook = Callable[..., object]


def _guarded(command: RewriteCommand, hook: Callable[P, R]) -> Callable[P, R]:
    """``hook``, its LibCST errors raised as :class:`CommandFailed` naming the command."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return hook(*args, **kwargs)
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
            raise CommandFailed(command.name, error) from error

    return call


class _Pass(cst.CSTTransformer):
    """Dispatches every node to the commands' hooks; rewrites import lines when ``lines`` is set.

    ``statements_only``: expressions are not entered (the second walk, over import lines only)."""

    def __init__(
        self, file: FileRewrite, commands: Sequence[RewriteCommand], *, lines: bool, statements_only: bool
    ) -> None:
        super().__init__()
        self.file = file
        self.commands = commands
        self.statements_only = statements_only
        self.line_editors = [c for c in commands if c.edits_lines] if lines else []
        self._visits: dict[type, list[Hook]] = {}
        self._leaves: dict[type, list[Hook]] = {}

    def _hooks(self, kind: str, kind_of: type) -> list[Hook]:
        """The commands' ``<kind>_<Node>`` methods for nodes of type ``kind_of``, in command order."""
        if self.statements_only:
            return []
        return [
            _guarded(c, hook)
            for c in self.commands
            if (hook := getattr(c, f"{kind}_{kind_of.__name__}", None))
        ]

    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = type(node)
        file = self.file
        if kind is cst.Attribute:
            file.not_values.add(id(node.attr))  # type: ignore[attr-defined]
        elif kind is cst.Arg and node.keyword is not None:  # type: ignore[attr-defined]
            file.not_values.add(id(node.keyword))  # type: ignore[attr-defined]
        elif kind is cst.IndentedBlock:
            indent = node.indent  # type: ignore[attr-defined]
            width = len(file.module.default_indent) if indent is None else len(indent)
            file.indents.append(file.indents[-1] + width)
        elif kind is cst.Import or kind is cst.ImportFrom:
            return False  # names of import statements are rewritten by their lines
        elif self.statements_only and isinstance(node, cst.BaseExpression):
            return False
        visits = self._visits.get(kind)
        if visits is None:
            visits = self._visits[kind] = self._hooks("visit", kind)
        for visit in visits:
            visit(node)
        return True

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        kind = type(original_node)
        if kind is cst.IndentedBlock:
            self.file.indents.pop()
        elif self.statements_only and isinstance(original_node, cst.BaseExpression):
            return updated_node  # not entered
        leaves = self._leaves.get(kind)
        if leaves is None:
            leaves = self._leaves[kind] = self._hooks("leave", kind)
        node: cst.CSTNode = updated_node
        for leave in leaves:
            node = cast(cst.CSTNode, leave(original_node, node))
        if self.line_editors:
            if isinstance(node, cst.SimpleStatementLine):
                return self._edit_line(node)  # type: ignore[return-value]
            if isinstance(node, cst.SimpleStatementSuite):
                for command in self.line_editors:
                    node = _guarded(command, command.edit_suite)(node, self.file)
        return node  # type: ignore[return-value]

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None  # no command has attribute hooks: skip LibCST's lookup per field

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def _edit_line(
        self, line: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        self.file.line_in = line
        lines: Sequence[cst.SimpleStatementLine] = (line,)
        for command in self.line_editors:
            edit = _guarded(command, command.edit_line)
            lines = [new for old in lines for new in edit(old, self.file)]
        if not lines:
            return cst.RemovalSentinel.REMOVE
        if len(lines) == 1:
            return lines[0]
        return cst.FlattenSentinel(lines)


def rewrite_source(
    source: str, ctx: RewriteContext, commands: list[RewriteCommand] | None = None
) -> RewriteResult:
    """Rewrite one Python file; raises :class:`CompatError` when it does not parse."""
    if (reason := too_complex(source)) is not None:  # LibCST would crash on it: reported, left as is
        return RewriteResult(source, source, (Unresolved(ctx.path, 1, "<file>", reason),))
    if commands is None and not needs_rewrite(source, ctx):
        return RewriteResult(source, source, ())
    try:
        original = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise CompatError(f"{ctx.path}: cannot parse ({error.message} at line {error.raw_line})") from error
    file = FileRewrite(source, original, ctx)
    try:
        active = [c for c in (commands if commands is not None else default_commands()) if _start(c, file)]
        deferred = any(c.lines_after_pass for c in active)
        current = original.visit(_Pass(file, active, lines=not deferred, statements_only=False))
        for command in active:
            _guarded(command, command.collect)(file)
        if deferred:
            file.indents[:] = [0]
            current = current.visit(_Pass(file, active, lines=True, statements_only=True))
        for command in active:
            current = _guarded(command, command.finish)(current, file)
    except CommandFailed as failed:
        # a rewrite that would not parse is never written: the file stays as it is, and says so
        cause = failed.error
        first = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        reason = f"compat could not rewrite this file ({failed.command}: {first}); it was left unchanged"
        unresolved = sorted(set(file.unresolved), key=_order)
        return RewriteResult(source, source, (*unresolved, ctx.unresolved(1, ctx.path, reason)), ())
    unique = sorted(set(file.unresolved), key=_order)
    return RewriteResult(source, current.code, tuple(unique), tuple(ctx.notes))


def _start(command: RewriteCommand, file: FileRewrite) -> bool:
    return bool(_guarded(command, command.start)(file))


def _order(item: Unresolved) -> tuple[int, str, str]:
    return (item.line, item.symbol, item.reason)
