"""The rewrite pipeline: command objects over one parsed file, applied in one pass.

A command is a small unit with LibCST-style hooks (``visit_Call``, ``leave_Name``, ...) that the
file's single transformer (:mod:`~compat.migrations.rewrite.run`) dispatches to, in command order:
calls first (they read the old import table), then module attributes, then from-imports, then the
package renames, then the layout. ``leave_`` hooks chain: each command sees the node the previous
one returned, so the composition is the one the commands would give as separate passes. A command
that rewrites import statements does so per statement line (``edit_line``), in the same order.

Every command reports on the ORIGINAL file (so reported line numbers are the user's); positions
(a pass of their own) are resolved once per file, and only when something is reported.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from compat.migrations.model import SymbolResolution, Unresolved
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite.ast_tree import python_tree
from compat.migrations.rewrite.splice import GeneratedCode, first_lines
from compat.migrations.rewrite.table import BindingTable, ImportScan, scan_imports


@dataclass
class RewriteContext:
    """What a migration needs to rewrite one file."""

    resolver: Resolver  # source bindings release -> target bindings release
    source_package: str  # import name of the source bindings, e.g. "cdktf_cdktf_provider_aws"
    target_package: str  # import name of the target bindings, e.g. "cdktn_provider_aws"
    renames: dict[str, str] = field(default_factory=dict)  # top-level import renames, e.g. {"cdktf": "cdktn"}
    path: str = "<string>"
    notes: list[str] = field(default_factory=list)  # what the user should know of a rewrite that was made
    #: set by a whole-file command (:class:`WholeFileCommand`) that renamed a name or an attribute, or
    #: rewrote an import statement: what the layout command then follows
    renamed: bool = False
    reimported: bool = False

    def __post_init__(self) -> None:
        if self.source_package != self.target_package:
            self.renames.setdefault(self.source_package, self.target_package)

    def is_module(self, key: str) -> bool:
        return self.resolver.is_module(key)

    def resolve(self, module: str, name: str) -> SymbolResolution:
        return self.resolver.resolve(module, name)

    def unresolved(self, line: int, symbol: str, reason: str, replacement: str | None = None) -> Unresolved:
        return Unresolved(self.path, line, symbol, reason, replacement)

    def note_reading(self, line: Callable[[], int], resolution: SymbolResolution) -> None:
        """Say so when a name the source release lacks was read as another (``check``'s suggestion).

        ``line`` is asked only then: positions cost a pass over the whole file."""
        for change in resolution.changes_of("intended"):
            note = f"{self.path}:{line()}: {change.detail}"
            if note not in self.notes:
                self.notes.append(note)


class FileRewrite:
    """One file under rewrite: its source, original tree, imports and what the commands found.

    Shared by the commands of the file's pass; ``line`` resolves positions of the original once."""

    def __init__(self, source: str, module: cst.Module, ctx: RewriteContext) -> None:
        self.source = source
        self.module = module
        self.ctx = ctx
        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # no command changes a tree in place
        self.imports: ImportScan = scan_imports(module, ctx.source_package, ctx.resolver.is_module)
        self.unresolved: list[Unresolved] = []
        self.not_values: set[int] = set()  # ids of the attribute and keyword names of the original
        self.indents: list[int] = [0]  # columns of the open indented blocks, as lines are rewritten
        #: value-name renames of the from-imports command and of the package move, applied in order
        self.value_renames: list[dict[str, str]] = []
        self.values_change = False  # some name or attribute of an expression may be rewritten
        self.value_edits = 0  # names and attributes of expressions rewritten so far
        self.line_in: cst.SimpleStatementLine | None = None  # the line ``edit_line`` started from
        self._import_lines: dict[int, int] | None = None
        #: ids of the original's statements the pass did not enter (:mod:`.skip`): left as they are
        self.skipped: frozenset[int] = frozenset()
        #: the code of rewritten import statements, generated while they were laid out (:mod:`.layout`)
        self.generated: GeneratedCode = {}
        #: the top-level statement of the original the pass is in (set by the pass)
        self.statement: cst.BaseStatement | None = None
        self._held: dict[int, tuple[cst.CSTNode, cst.BaseStatement]] = {}
        self._first_lines: dict[int, int] | None = None

    @property
    def table(self) -> BindingTable:
        return self.imports.table

    def hold(self, node: cst.CSTNode) -> None:
        """Remember the top-level statement ``node`` is in, for a report made after the pass."""
        if self.statement is not None:
            self._held[id(node)] = (node, self.statement)

    def line(self, node: cst.CSTNode) -> int:
        """The line of a node of the original (what reports name): of an import statement or one
        of its names, read from ``ast``; of another node, from the positions of the top-level
        statement it is in, where its text starts in the file (LibCST's positions cost a pass over
        the whole file: only when that is not known)."""
        if self._import_lines is None:
            self._import_lines = import_lines(self.source, self.imports.statements)
        found = self._import_lines.get(id(node))
        if found is not None:
            return found
        held = self._held.get(id(node))
        statement = held[1] if held is not None and held[0] is node else self.statement
        if statement is not None:
            if self._first_lines is None:
                self._first_lines = first_lines(self.source, self.module)
            first = self._first_lines.get(id(statement))
            if first is not None:
                found = line_within(self.module, statement, node)
                if found is not None:
                    return first + found - 1
        return line_of(self.wrapper, node)

    def is_value(self, name: cst.Name) -> bool:
        """True for a name of the original read or bound as a value (not an attribute or keyword)."""
        return id(name) not in self.not_values

    def renamed_value(self, name: str) -> str:
        """``name`` as a value after every value rename of the file."""
        for renames in self.value_renames:
            name = renames.get(name, name)
        return name

    def report(self, node: cst.CSTNode, symbol: str, reason: str, replacement: str | None = None) -> None:
        self.unresolved.append(self.ctx.unresolved(self.line(node), symbol, reason, replacement))


class RewriteCommand:
    """One kind of rewrite, a unit of the file's single pass.

    Besides ``visit_<Node>(node)`` / ``leave_<Node>(original, updated)`` hooks, a command may define
    ``edit_line`` (statement lines, run where import statements are rewritten) and
    ``edit_suite``; ``start`` says whether it takes part in a file, ``collect`` runs after the
    pass over expressions, ``finish`` last, on the rewritten module."""

    name = "command"

    def start(self, file: FileRewrite) -> bool:
        return True

    def collect(self, file: FileRewrite) -> None:
        """After the pass over the file's expressions, before import lines are rewritten."""

    def finish(self, module: cst.Module, file: FileRewrite) -> cst.Module:
        return module

    @property
    def edits_lines(self) -> bool:
        return type(self).edit_line is not RewriteCommand.edit_line

    def edit_line(
        self, line: cst.SimpleStatementLine, file: FileRewrite
    ) -> Sequence[cst.SimpleStatementLine]:
        return (line,)

    def edit_suite(self, suite: cst.SimpleStatementSuite, file: FileRewrite) -> cst.SimpleStatementSuite:
        return suite


class WholeFileCommand(Protocol):
    """A command written as whole-file passes: ``report`` sees the original file, ``apply`` the
    previous command's output. ``rewrite_source`` runs a list holding one the way it always has, one
    command after the other (the layout command takes part as one too)."""

    name: str

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]: ...

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module: ...


@dataclass(frozen=True)
class RewriteResult:
    before: str
    after: str
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


def import_lines(
    source: str, statements: Sequence[tuple[cst.Import | cst.ImportFrom, bool]]
) -> dict[int, int]:
    """``id(node) -> line`` of the import statements of a file (in source order, as scanned) and of
    their names, from ``ast``: its statements, sorted by position, pair with LibCST's one for one.
    Empty (positions are used) when they do not pair or lines could be counted apart (a lone CR)."""
    if "\r" in source.replace("\r\n", ""):
        return {}
    tree = python_tree(source)
    if tree is None:
        return {}
    found = sorted(
        (node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))),
        key=lambda node: (node.lineno, node.col_offset),
    )
    if len(found) != len(statements):
        return {}
    lines: dict[int, int] = {}
    for (statement, _), node in zip(statements, found, strict=True):
        if isinstance(statement, cst.Import) is not isinstance(node, ast.Import):
            return {}
        lines[id(statement)] = node.lineno
        if isinstance(statement.names, cst.ImportStar):
            continue
        if len(statement.names) != len(node.names):
            return {}
        for alias, name in zip(statement.names, node.names, strict=True):
            lines[id(alias)] = name.lineno
    return lines


def line_within(module: cst.Module, statement: cst.BaseStatement, node: cst.CSTNode) -> int | None:
    """The line of ``node`` counted from the first line of the text of ``statement`` (a top-level
    statement of ``module``, generated alone the way the module's generation writes it)."""
    provider = PositionProvider()
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
    )
    statement._codegen(state)
    where = provider._computed.get(node)  # what LibCST's resolve hands out: one CodeRange per node
    return where.start.line if isinstance(where, CodeRange) else None


def line_of(wrapper: MetadataWrapper, node: cst.CSTNode) -> int:
    position = wrapper.resolve(PositionProvider).get(node)
    return position.start.line if position is not None else 0
