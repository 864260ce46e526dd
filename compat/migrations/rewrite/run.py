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

import functools
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar, cast

import libcst as cst
from libcst.metadata import MetadataWrapper

from compat.errors import CompatError
from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import (
    FileRewrite,
    RewriteCommand,
    RewriteContext,
    RewriteResult,
    WholeFileCommand,
)
from compat.migrations.rewrite.calls import FixCalls
from compat.migrations.rewrite.imports import RewriteFromImports
from compat.migrations.rewrite.layout import KeepAlignment
from compat.migrations.rewrite.modules import RewriteModuleAttributes
from compat.migrations.rewrite.packages import RenamePackages
from compat.migrations.rewrite.prefilter import (
    SAME_OR_RENAMED,
    needs_expression_pass,
    needs_rewrite,
    unchanged,
)
from compat.migrations.rewrite.skip import skippable_statements
from compat.migrations.rewrite.splice import module_code
from compat.migrations.rewrite.table import STATEMENT_FIELDS
from compat.parse_guard import too_complex


def default_commands() -> list[RewriteCommand]:
    return [FixCalls(), RewriteModuleAttributes(), RewriteFromImports(), RenamePackages(), KeepAlignment()]


class CommandFailed(Exception):
    """A command built a node LibCST rejects: the file must stay as it is."""

    def __init__(self, command: str, error: Exception) -> None:
        super().__init__(command)
        self.command = command
        self.error = error


#: node kinds that hold no name, attribute, call or argument (whitespace, comments, punctuation,
#: operators, plain literals): no command acts in them, so the pass neither enters nor rebuilds them
#: (LibCST rebuilds and validates every node a transformer enters)
_INERT: frozenset[type[cst.CSTNode]] = frozenset(
    {
        cst.SimpleWhitespace,
        cst.ParenthesizedWhitespace,
        cst.TrailingWhitespace,
        cst.EmptyLine,
        cst.Newline,
        cst.Comment,
        cst.Comma,
        cst.Dot,
        cst.Colon,
        cst.AssignEqual,
        cst.Semicolon,
        cst.LeftParen,
        cst.RightParen,
        cst.LeftSquareBracket,
        cst.RightSquareBracket,
        cst.LeftCurlyBrace,
        cst.RightCurlyBrace,
        cst.SimpleString,
        cst.Integer,
        cst.Float,
        cst.Imaginary,
        cst.Ellipsis,
        *(
            kind
            for base in (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
            for kind in base.__subclasses__()
        ),
    }
)

#: statement kinds the pass hands back as the original's own object when nothing under them changed
#: (LibCST rebuilds every node a transformer enters): the text of such a statement is then kept
#: as written (:mod:`.splice`), and later walks see the original
_STATEMENTS: frozenset[type[cst.CSTNode]] = frozenset(
    {
        cst.SimpleStatementLine,
        cst.FunctionDef,
        cst.ClassDef,
        cst.If,
        cst.For,
        cst.While,
        cst.With,
        cst.Try,
        cst.TryStar,
        cst.Match,
    }
)

P = ParamSpec("P")
R = TypeVar("R")
#: a command's ``visit_<Node>`` or ``leave_<Node>``, found by name
Hook = Callable[..., object]
CompoundT = TypeVar("CompoundT", bound=cst.CSTNode)


def _guarded(command: RewriteCommand, hook: Callable[P, R]) -> Callable[P, R]:
    """``hook``, its LibCST errors raised as :class:`CommandFailed` naming the command."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return hook(*args, **kwargs)
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
            raise CommandFailed(command.name, error) from error

    return call


@functools.cache
def _inert_for(
    commands: tuple[type[RewriteCommand], ...], inert: frozenset[type[cst.CSTNode]]
) -> frozenset[type[cst.CSTNode]]:
    """The node kinds the pass need not enter for these commands: ``inert``, or none when one of
    them hooks on one of those kinds (asked once per set of command classes)."""
    hooks = (f"{prefix}_{kind.__name__}" for kind in inert for prefix in ("visit", "leave"))
    hooked = any(hasattr(c, hook) for hook in hooks for c in commands)
    return frozenset() if hooked else inert


@functools.cache
def _hooked(commands: tuple[type[RewriteCommand], ...], method: str) -> tuple[tuple[int, str], ...]:
    """The positions of the command classes that define ``method`` (a ``visit_<Node>`` or
    ``leave_<Node>`` hook), with its name: asked once per set of classes, not per file."""
    return tuple((at, method) for at, command in enumerate(commands) if hasattr(command, method))


class _Pass(cst.CSTTransformer):
    """Dispatches every node to the commands' hooks, in command order (import statements are not
    entered: their lines are rewritten after the pass)."""

    def __init__(
        self, file: FileRewrite, commands: Sequence[RewriteCommand], skipped: frozenset[int] = frozenset()
    ) -> None:
        super().__init__()
        self.file = file
        self.commands = commands
        self.skipped = skipped  # ids of statements no command acts on (:mod:`.skip`): not entered
        self.inert = _inert_for(tuple(type(c) for c in commands), _INERT)
        self._visits: dict[type, list[tuple[str, Hook]]] = {}
        self._leaves: dict[type, list[tuple[str, Hook]]] = {}
        self.edits = 0  # leave hooks that handed back another node than they were given
        self.open: list[tuple[cst.CSTNode, int]] = []  # entered statements, with ``edits`` then

    def _hooks(self, kind: str, kind_of: type) -> list[tuple[str, Hook]]:
        """The commands' ``<kind>_<Node>`` methods for nodes of type ``kind_of``, in command order."""
        commands = self.commands
        return [
            (commands[at].name, getattr(commands[at], method))
            for at, method in _hooked(tuple(type(c) for c in commands), f"{kind}_{kind_of.__name__}")
        ]

    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = type(node)
        if kind in self.inert:
            return False
        file = self.file
        if kind is cst.Attribute:
            file.not_values.add(id(cast(cst.Attribute, node).attr))
        elif kind is cst.Arg and (keyword := cast(cst.Arg, node).keyword) is not None:
            file.not_values.add(id(keyword))
        elif kind is cst.Import or kind is cst.ImportFrom:
            return False  # names of import statements are rewritten by their lines
        elif id(node) in self.skipped:
            return False
        if kind in _STATEMENTS:
            if not self.open:  # a top-level statement: what the reports made in it are counted from
                file.statement = cast(cst.BaseStatement, node)
            self.open.append((node, self.edits))
        visits = self._visits.get(kind)
        if visits is None:
            visits = self._visits[kind] = self._hooks("visit", kind)
        if visits:
            name = ""
            try:
                for name, visit in visits:  # noqa: B007 (named by the except clause)
                    visit(node)
            except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
                raise CommandFailed(name, error) from error
        # a name holds only its parentheses (inert): not entered, so not rebuilt; its leave hooks
        # still run, given the name itself
        return kind is not cst.Name or not self.inert

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        kind = type(original_node)
        leaves = self._leaves.get(kind)
        if leaves is None:
            leaves = self._leaves[kind] = self._hooks("leave", kind)
        node: object = updated_node
        if leaves:
            name = ""
            try:
                for name, leave in leaves:  # noqa: B007 (named by the except clause)
                    node = leave(original_node, node)
            except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
                raise CommandFailed(name, error) from error
            if node is not updated_node:
                self.edits += 1
        if kind in _STATEMENTS and self.open and self.open[-1][0] is original_node:
            _, edits_before = self.open.pop()
            if edits_before == self.edits:
                return original_node  # nothing under it changed: the original, not LibCST's copy
        return cast(cst.CSTNodeT, node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None  # no command has attribute hooks: skip LibCST's lookup per field

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


class _LineEdits:
    """Rewrites the statement lines of a module through the commands' ``edit_line`` (and suites
    through ``edit_suite``), in source order, walking statements only and rebuilding only the
    blocks that hold a changed line."""

    def __init__(self, file: FileRewrite, commands: Sequence[RewriteCommand]) -> None:
        self.file = file
        self.lines = [_guarded(c, c.edit_line) for c in commands if c.edits_lines]
        self.suites = [_guarded(c, c.edit_suite) for c in commands if c.edits_lines]
        self.default_indent = len(file.module.default_indent)

    def module(self, module: cst.Module) -> cst.Module:
        body = self._block(module.body)
        return module if body is None else module.with_changes(body=body)

    def _block(self, statements: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement] | None:
        """The statements rewritten; None when none changed."""
        out: list[cst.BaseStatement] = []
        changed = False
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self.file.line_in = statement
                lines: Sequence[cst.SimpleStatementLine] = (statement,)
                for edit in self.lines:
                    lines = [new for old in lines for new in edit(old, self.file)]
                changed = changed or len(lines) != 1 or lines[0] is not statement
                out.extend(lines)
            else:
                new = self._compound(statement)
                changed = changed or new is not statement
                out.append(new)
        return out if changed else None

    def _compound(self, node: CompoundT) -> CompoundT:
        changes: dict[str, object] = {}
        for name in STATEMENT_FIELDS:
            child = getattr(node, name, None)
            if child is None:
                continue
            if isinstance(child, (list, tuple)):
                parts = [self._compound(part) for part in child]
                if any(a is not b for a, b in zip(parts, child, strict=True)):
                    changes[name] = parts
            elif isinstance(child, cst.IndentedBlock):
                indents = self.file.indents
                indents.append(
                    indents[-1] + (self.default_indent if child.indent is None else len(child.indent))
                )
                body = self._block(child.body)
                indents.pop()
                if body is not None:
                    changes[name] = child.with_changes(body=body)
            elif isinstance(child, cst.SimpleStatementSuite):
                suite = child
                for edit in self.suites:
                    suite = edit(suite, self.file)
                if suite is not child:
                    changes[name] = suite
            elif isinstance(child, cst.CSTNode):
                new = self._compound(child)
                if new is not child:
                    changes[name] = new
        return node.with_changes(**changes) if changes else node


def rewrite_source(
    source: str, ctx: RewriteContext, commands: Sequence[RewriteCommand | WholeFileCommand] | None = None
) -> RewriteResult:
    """Rewrite one Python file; raises :class:`CompatError` when it does not parse.

    ``commands`` (default: :func:`default_commands`, in one pass); a list holding a whole-file
    command is run one command after the other (:func:`_whole_file`)."""
    if commands is not None and not all(isinstance(c, RewriteCommand) for c in commands):
        return _whole_file(source, ctx, [cast(WholeFileCommand, c) for c in commands])
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
        given = [c for c in commands if isinstance(c, RewriteCommand)] if commands is not None else None
        active = [c for c in (given if given is not None else default_commands()) if _start(c, file)]
        if commands is not None:
            current = original.visit(_Pass(file, active))
        elif needs_expression_pass(source, ctx):
            file.skipped = frozenset(skippable_statements(source, original, _words_of(file)))
            current = original.visit(_Pass(file, active, file.skipped))
        else:
            current = original  # only import lines to rewrite: expressions are not walked
        for command in active:
            _guarded(command, command.collect)(file)
        current = _LineEdits(file, active).module(current)
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
    after = module_code(source, original, current, file.generated)
    return RewriteResult(source, after, tuple(unique), tuple(ctx.notes))


def _whole_file(source: str, ctx: RewriteContext, commands: list[WholeFileCommand]) -> RewriteResult:
    """The commands one after the other, each over the whole file (reports on the original)."""
    if (reason := too_complex(source)) is not None:
        return RewriteResult(source, source, (Unresolved(ctx.path, 1, "<file>", reason),))
    try:
        original = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise CompatError(f"{ctx.path}: cannot parse ({error.message} at line {error.raw_line})") from error
    wrapper = MetadataWrapper(original, unsafe_skip_copy=True)
    unresolved: list[Unresolved] = []
    current = original
    for command in commands:
        unresolved.extend(command.report(wrapper, ctx))
        try:
            current = command.apply(current, ctx)
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            reason = f"compat could not rewrite this file ({command.name}: {first}); it was left unchanged"
            failed = ctx.unresolved(1, ctx.path, reason)
            return RewriteResult(source, source, (*sorted(set(unresolved), key=_order), failed), ())
    unique = sorted(set(unresolved), key=_order)
    return RewriteResult(source, current.code, tuple(unique), tuple(ctx.notes))


def _words_of(file: FileRewrite) -> set[str]:
    """Every name a default command acts on: what the imports bind to the bindings, and what the
    renames change (after every command's ``start``). A name bound to a class that stays as it is
    (same module, name and parameters, down every block it takes: :func:`.prefilter.unchanged`) is
    left out: its calls get no edit and no report (what lets :func:`.prefilter.needs_expression_pass`
    leave a whole file's expressions alone), so a statement naming only such classes is not entered."""
    table = file.table
    resolver = file.ctx.resolver
    changing = (
        local
        for local, (key, name) in table.names.items()
        if not unchanged(resolver, key, name, SAME_OR_RENAMED)
    )
    words = {*changing, *table.modules, *table.package_roots, *file.ctx.renames}
    for renames in file.value_renames:
        words.update(renames)
    return words


def _start(command: RewriteCommand, file: FileRewrite) -> bool:
    return bool(_guarded(command, command.start)(file))


def _order(item: Unresolved) -> tuple[int, str, str]:
    return (item.line, item.symbol, item.reason)
