"""Rewrite the imports of ``cdktf get`` bindings from the layout before cdktf 0.13 to one module per resource.

Up to cdktf 0.12 ``cdktf get`` put a provider's classes in its package (``from imports.aws import
AwsProvider``) or, for AWS, in one module per service (``from imports.aws.vpc import Vpc, Subnet``);
``cdktn get`` (and ``cdktf get`` from 0.13) writes one module per resource, and the package imports
every module (``imports/aws/__init__.py``: ``from . import subnet``), so:

- ``from imports.aws.vpc import Vpc, Subnet as S`` becomes one statement per module
  (``from imports.aws.vpc import Vpc`` and ``from imports.aws.subnet import Subnet as S``), the
  names and their aliases kept, the comments before and after the statement kept around the new ones;
- ``aws.Instance(...)`` after ``import imports.aws as aws`` (or ``from imports import aws``, or
  ``imports.aws.ec2.Instance`` after ``import imports.aws``) becomes ``aws.instance.Instance(...)``.

The module of each class is what a :data:`Placer` says (the symbol index of the release standing
in for what ``get`` generates, :mod:`compat.migrations.local_layout`), never derived from the name.
What cannot be rewritten safely is kept as written and listed with its line: a statement naming a
class whose module is not known (the whole statement stays), an import sharing its line with
other statements or holding comments, a star import, a service module bound to a name
(``from imports.aws import vpc``: ``vpc.Subnet`` would need an import of its own), a binding used
other than as ``alias.Class``.
Names are followed with LibCST's scope analysis, so a parameter or local that shadows the alias
is not touched. Only the edited statements and attributes change; every other byte is LibCST's
round trip of the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    ScopeProvider,
)

from compat.record import Record

#: ``(provider top, class) -> (module, why)``: the per-resource module of a class, or None and why not
Placer = Callable[[str, str], tuple[str | None, str]]


class LayoutItem(Record):
    """One old-layout import or usage: rewritten (``written``) or left and why."""

    line: int  # in the text that was read
    symbol: str  # "imports.aws.vpc", "aws.Instance"
    written: str | None  # the new code when rewritten
    reason: str  # why it was left (empty when rewritten)
    replacement: str | None = None  # what to write by hand, when known


class LayoutRewrite(Record):
    after: str
    items: tuple[LayoutItem, ...]
    read: bool = True  # False: LibCST could not parse the text (nothing rewritten, nothing read)

    @property
    def rewritten(self) -> tuple[LayoutItem, ...]:
        return tuple(i for i in self.items if i.written is not None)

    @property
    def left(self) -> tuple[LayoutItem, ...]:
        return tuple(i for i in self.items if i.written is None)


def _is_class(name: str) -> bool:
    return name[:1].isupper()


def _dotted(node: cst.BaseExpression | cst.ImportFrom) -> str:
    if isinstance(node, cst.ImportFrom):
        return get_full_name_for_node(node.module) or "" if node.module is not None else ""
    return get_full_name_for_node(node) or ""


class _Planner:
    """Reads one file: what to write for each import statement and attribute of the old layout."""

    def __init__(
        self, wrapper: MetadataWrapper, package: str, placers: Mapping[str, Placer], roots_only: bool
    ) -> None:
        self.package = package
        self.roots_only = roots_only
        self.prefix = package.split(".")
        self.placers = placers
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.scopes = wrapper.resolve(ScopeProvider)
        self.items: list[LayoutItem] = []
        self.lines: dict[int, Sequence[cst.SimpleStatementLine]] = {}  # id(original line) -> new lines
        self.attributes: dict[int, cst.BaseExpression] = {}  # id(original attribute) -> new expression
        self._seen: set[int] = set()

    def line(self, node: cst.CSTNode) -> int:
        where = self.positions.get(node)
        return where.start.line if isinstance(where, CodeRange) else 0

    def _left(self, node: cst.CSTNode, symbol: str, reason: str, replacement: str | None = None) -> None:
        self.items.append(
            LayoutItem(
                line=self.line(node), symbol=symbol, written=None, reason=reason, replacement=replacement
            )
        )

    def _ours(self, dotted: str) -> bool:
        """Whether ``dotted`` is the bindings package or below one of the providers followed here."""
        parts = dotted.split(".")
        if parts[: len(self.prefix)] != self.prefix:
            return False
        return len(parts) == len(self.prefix) or parts[len(self.prefix)] in self.placers

    # -- import statements ---------------------------------------------------------------------

    def visit_line(self, line: cst.SimpleStatementLine | cst.SimpleStatementSuite) -> None:
        editable = isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
        for small in line.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    dotted = _dotted(alias.name)
                    if self._ours(dotted):
                        local = alias.asname.name if alias.asname is not None else None
                        self._binding(small, dotted, _dotted(local) if isinstance(local, cst.Name) else None)
            elif isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
                self._from_import(line, small, editable)

    def _from_import(
        self, line: cst.SimpleStatementLine | cst.SimpleStatementSuite, node: cst.ImportFrom, editable: bool
    ) -> None:
        dotted = _dotted(node)
        if not self._ours(dotted):
            return
        parts = dotted.split(".")
        depth = len(self.prefix)
        if self.roots_only and len(parts) != depth + 1:
            return  # below a provider's package: a per-resource module in the layout the project has
        if isinstance(node.names, cst.ImportStar):
            if len(parts) > depth:  # the classes it brought in are no longer in that module
                self._left(node, dotted, "a star import: the classes it brings in cannot be followed")
            return
        if len(parts) == depth:  # from imports import aws
            for alias in node.names:
                self._binding(node, f"{dotted}.{_dotted(alias.name)}", _local(alias))
            return
        if len(parts) > depth + 2:
            return
        top, module = parts[depth], (parts[depth + 1] if len(parts) > depth + 1 else "")
        if not any(_is_class(_dotted(a.name)) for a in node.names):
            if not module:
                for alias in node.names:
                    self._binding(node, f"{dotted}.{_dotted(alias.name)}", _local(alias))
            return
        where: dict[str, list[cst.ImportAlias]] = {}
        unknown: list[str] = []
        for alias in node.names:
            name = _dotted(alias.name)
            if not _is_class(name):
                if module:
                    unknown.append(f"{name} (not a class)")
                else:
                    self._binding(node, f"{dotted}.{name}", _local(alias))
                    where.setdefault("", []).append(alias)
                continue
            found, why = self.placers[top](top, name)
            if found is None:
                unknown.append(f"{name} ({why})")
            else:
                where.setdefault(found, []).append(alias)
        if not unknown and set(where) <= {module}:
            return  # already one module per resource
        if unknown:
            self._left(node, dotted, f"the per-resource module of {', '.join(unknown)} is not known")
            return
        new = _statements(line, top, where, self.package)
        if not editable or not isinstance(line, cst.SimpleStatementLine):
            self._left(
                node, dotted, "the import shares its line with other code: rewrite it by hand", _text(new)
            )
            return
        if "#" in cst.Module([]).code_for_node(node):
            self._left(
                node,
                dotted,
                "the import holds comments, which one statement per module would lose",
                _text(new),
            )
            return
        self.lines[id(line)] = new
        self.items.append(LayoutItem(line=self.line(node), symbol=dotted, written=_text(new), reason=""))

    # -- names bound to the package, a provider package or a service module ------------------------

    def _binding(self, node: cst.Import | cst.ImportFrom, dotted: str, local: str | None) -> None:
        """Every use of the name(s) ``node`` binds to ``dotted`` (``local``: its alias; None for a
        plain ``import imports.aws``, which binds ``imports`` and lets ``imports.aws`` be read)."""
        if self.roots_only or not self._ours(dotted):
            return  # roots only: a name bound to a module reads the per-resource layout already
        scope = self.scopes.get(node)
        if scope is None:
            return
        for assignment in scope.assignments:
            if getattr(assignment, "node", None) is not node:
                continue
            name = assignment.name
            if local is not None:
                if name != local:
                    continue
                bound = dotted
            elif dotted == name or dotted.startswith(name + "."):
                bound = name
            else:
                continue
            for access in assignment.references:
                if id(access.node) not in self._seen:
                    self._seen.add(id(access.node))
                    self._usage(access.node, bound)

    def _usage(self, node: cst.CSTNode, bound: str) -> None:
        """One read of an expression (``node``) naming ``bound`` (``imports``, ``imports.aws``, ...)."""
        chain: list[cst.Attribute] = []
        current: cst.CSTNode = node
        while isinstance(parent := self.parents.get(current), cst.Attribute) and parent.value is current:
            chain.append(parent)
            current = parent
        held = bound.split(".")
        names = held + [a.attr.value for a in chain]
        provider = len(self.prefix) + 1  # names[:provider] is a provider package: imports.aws

        def expr(length: int) -> cst.CSTNode:
            """The expression of the first ``length`` names (``length`` >= what the binding holds)."""
            return node if length == len(held) else chain[length - len(held) - 1]

        code = cst.Module([]).code_for_node
        if len(names) <= provider:
            self._left(
                node,
                code(expr(len(names))),
                "the bindings package is used as a value: its classes cannot be followed",
            )
            return
        top = names[len(self.prefix)]
        if top not in self.placers:
            return
        rest = names[provider:]
        at = next((i for i, part in enumerate(rest) if _is_class(part)), None)
        if at is None or at > 1:
            length = provider + (at + 1 if at is not None else len(rest))
            self._left(
                node,
                code(expr(min(length, len(names)))),
                "a module of the bindings is used as a value: its classes cannot be followed",
            )
            return
        module, name = (rest[0] if at == 1 else ""), rest[at]
        length = provider + at + 1
        symbol = code(expr(length))
        found, why = self.placers[top](top, name)
        if found is None:
            self._left(node, symbol, f"the per-resource module of {name} is not known ({why})")
            return
        if found == module:
            return
        if len(held) > provider:
            self._left(
                node,
                symbol,
                f"{bound} is bound to a name, and {name} is in {self.package}.{top}.{found} once the "
                "bindings are generated again",
                f"from {self.package}.{top}.{found} import {name}",
            )
            return
        named = expr(length)
        package = expr(provider)
        if not isinstance(named, cst.Attribute) or not isinstance(package, cst.BaseExpression):
            self._left(node, symbol, "cannot be followed")
            return
        new = cst.Attribute(
            value=cst.Attribute(value=package, attr=cst.Name(found)), attr=named.attr, dot=named.dot
        )
        self.attributes[id(named)] = new
        self.items.append(LayoutItem(line=self.line(named), symbol=symbol, written=code(new), reason=""))


def _local(alias: cst.ImportAlias) -> str:
    """The name a ``from`` import binds."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _dotted(alias.name)


def _statements(
    line: cst.SimpleStatementLine | cst.SimpleStatementSuite,
    top: str,
    where: Mapping[str, list[cst.ImportAlias]],
    package: str,
) -> list[cst.SimpleStatementLine]:
    """One ``from <package>.<top>.<module> import ...`` line per module, the aliases kept; the first
    line takes the comments above the statement, the last its trailing comment."""
    out: list[cst.SimpleStatementLine] = []
    for position, (module, aliases) in enumerate(where.items()):
        dotted = f"{package}.{top}" + (f".{module}" if module else "")
        target = cst.parse_expression(dotted)
        assert isinstance(target, (cst.Name, cst.Attribute))
        names = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases]
        new = cst.SimpleStatementLine(body=[cst.ImportFrom(module=target, names=names)])
        if position == 0 and isinstance(line, cst.SimpleStatementLine):
            new = new.with_changes(leading_lines=line.leading_lines)
        if position == len(where) - 1:
            new = new.with_changes(trailing_whitespace=line.trailing_whitespace)
        out.append(new)
    return out


def _text(lines: Sequence[cst.SimpleStatementLine]) -> str:
    return "; ".join(cst.Module([]).code_for_node(line.body[0]) for line in lines)


class _Visit(cst.CSTVisitor):
    def __init__(self, planner: _Planner) -> None:
        self.planner = planner

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        self.planner.visit_line(node)
        return False

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> bool:
        self.planner.visit_line(node)
        return False


class _Apply(cst.CSTTransformer):
    def __init__(self, planner: _Planner) -> None:
        self.planner = planner

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self.planner.attributes.get(id(original_node), updated_node)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        new = self.planner.lines.get(id(original_node))
        return cst.FlattenSentinel(new) if new else updated_node


def rewrite_layout(
    text: str, package: str, placers: Mapping[str, Placer], roots_only: bool = False
) -> LayoutRewrite:
    """``text`` with its old-layout imports of ``package`` (``imports``) rewritten for the per-resource
    layout of the providers ``placers`` knows (keyed by the name below the package: ``aws``), and
    every item read; ``text`` itself and no item when LibCST cannot parse it (``read`` False: the
    caller lists its imports).

    ``roots_only``: the project's core already generates the per-resource layout (an unpinned core,
    read as the newest): only a class imported from a provider's package (``from imports.random import
    Integer``), which that layout never exports, is an old-layout import; a module below it
    (``imports.aws.vpc``) is a resource's, not a service's, and names bound to modules are left."""
    if not placers or not re.search(rf"\b(?:from|import)\s+{re.escape(package)}\b", text):
        return LayoutRewrite(after=text, items=())  # imports nothing of the package: not parsed
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, ValueError, MemoryError):
        return LayoutRewrite(after=text, items=(), read=False)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    planner = _Planner(wrapper, package, placers, roots_only)
    wrapper.visit(_Visit(planner))
    if not planner.lines and not planner.attributes:
        return LayoutRewrite(after=text, items=tuple(planner.items))
    after = wrapper.module.visit(_Apply(planner))
    return LayoutRewrite(after=after.code, items=tuple(sorted(planner.items, key=lambda i: i.line)))
