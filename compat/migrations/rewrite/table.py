"""Reusable visitors: which local names of a file stand for bindings classes, modules or the package."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node

from compat.migrations.resolve import join
from compat.migrations.rewrite.names import ValueNames


@dataclass
class BindingTable:
    """What the imports of one file bind, in source-release terms (module keys relative to the package)."""

    package: str  # import name of the bindings package, e.g. "cdktf_cdktf_provider_aws"
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (module, class)
    modules: dict[str, str] = field(default_factory=dict)  # local alias -> module key
    package_roots: set[str] = field(default_factory=set)  # locals bound to the package itself

    def symbol_of(self, expr: cst.BaseExpression) -> tuple[str, str] | None:
        """The ``(module, name)`` named by ``S3Bucket``, ``vpc.Subnet`` or ``P.ec2.Eip``."""
        if isinstance(expr, cst.Name):
            return self.names.get(expr.value)
        if isinstance(expr, cst.Attribute):
            if isinstance(expr.value, cst.Name) and expr.value.value in self.modules:
                return self.modules[expr.value.value], expr.attr.value
            dotted = get_full_name_for_node(expr)
            if dotted and self.package_roots and dotted.split(".", 1)[0] in self.package_roots:
                rest = dotted.split(".")[1:]
                if rest:
                    return ".".join(rest[:-1]), rest[-1]
        return None


def module_key(package: str, dotted: str | None) -> str | None:
    """``"s3"`` for ``package.s3``, ``""`` for ``package`` itself, None for other modules."""
    if dotted == package:
        return ""
    if dotted and dotted.startswith(package + "."):
        return dotted[len(package) + 1 :]
    return None


class ImportsOnly(cst.CSTVisitor):
    """Base of visitors that read only import statements: expressions, which hold no import but
    most of a file's nodes (every call and its arguments), are not entered."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not isinstance(node, cst.BaseExpression) and super().on_visit(node)


class BindingImports(ImportsOnly):
    """Fills a :class:`BindingTable` from the import statements of a module (at any depth)."""

    def __init__(self, package: str, is_module: Callable[[str], bool]) -> None:
        self.table = BindingTable(package)
        self.is_module = is_module

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.relative or isinstance(node.names, cst.ImportStar):
            return False
        key = module_key(self.table.package, get_full_name_for_node(node.module) if node.module else None)
        if key is None:
            return False
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            local = alias.evaluated_alias or name
            if self.is_module(join(key, name)):
                self.table.modules[local] = join(key, name)
            else:
                self.table.names[local] = (key, name)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = get_full_name_for_node(alias.name) or ""
            key = module_key(self.table.package, dotted)
            if key is None:
                continue
            if alias.asname is not None and key:
                self.table.modules[alias.evaluated_alias or ""] = key
            elif alias.asname is not None:
                self.table.package_roots.add(alias.evaluated_alias or "")
            else:
                self.table.package_roots.add(self.table.package)
        return False


@dataclass
class ImportScan:
    """Every import statement of a file (at any depth, in source order) and what they bind."""

    table: BindingTable
    #: each import statement, and whether it is the only statement of its line
    statements: list[tuple[cst.Import | cst.ImportFrom, bool]] = field(default_factory=list)
    imported: set[str] = field(default_factory=set)  # dotted names of every plain ``import a.b.c``


#: fields of a compound statement that hold statements, in source order (``try``: body, handlers,
#: ``else``, ``finally``; ``if``: body, then ``elif``/``else``)
STATEMENT_FIELDS = ("body", "handlers", "cases", "orelse", "finalbody")


def scan_imports(module: cst.Module, package: str, is_module: Callable[[str], bool]) -> ImportScan:
    """The import statements of ``module`` and what they bind, in source order.

    Walks statements directly (no LibCST visitor: a visit rebuilds every node it enters)."""
    binder = BindingImports(package, is_module)
    scan = ImportScan(binder.table)
    _ImportWalk(binder, scan).block(module.body)
    return scan


class _ImportWalk:
    """The statement walk of :func:`scan_imports` (methods, not closures that call each other: those
    would make a reference cycle per file, garbage only the collector frees)."""

    def __init__(self, binder: BindingImports, scan: ImportScan) -> None:
        self.binder = binder
        self.scan = scan

    def block(self, statements: Sequence[cst.BaseStatement]) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self.smalls(statement.body, len(statement.body) == 1)
            else:
                self.compound(statement)

    def smalls(self, statements: Sequence[cst.BaseSmallStatement], sole: bool) -> None:
        scan, binder = self.scan, self.binder
        for small in statements:
            if isinstance(small, cst.ImportFrom):
                scan.statements.append((small, sole))
                binder.visit_ImportFrom(small)
            elif isinstance(small, cst.Import):
                scan.statements.append((small, sole))
                for alias in small.names:
                    if alias.asname is None:
                        scan.imported.add(get_full_name_for_node(alias.name) or "")
                binder.visit_Import(small)

    def compound(self, node: cst.CSTNode) -> None:
        for name in STATEMENT_FIELDS:
            child = getattr(node, name, None)
            if child is None:
                continue
            if isinstance(child, (list, tuple)):
                for part in child:
                    self.compound(part)
            elif isinstance(child, cst.IndentedBlock):
                self.block(child.body)
            elif isinstance(child, cst.SimpleStatementSuite):
                self.smalls(child.body, False)
            elif isinstance(child, cst.CSTNode):
                self.compound(child)


class NameUses(ValueNames, cst.CSTVisitor):
    """How often each name is used as a value (not attribute, keyword or import); every name seen;
    the modules imported plainly."""

    def __init__(self) -> None:
        super().__init__()
        self.uses: Counter[str] = Counter()
        self.seen: set[str] = set()
        self.imported: set[str] = set()  # dotted names of every plain ``import a.b.c``

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = get_full_name_for_node(alias.name) or ""
            self.seen.add(alias.evaluated_alias or dotted.split(".")[0])
            if alias.asname is None:
                self.imported.add(dotted)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self.seen.add(alias.evaluated_alias or get_full_name_for_node(alias.name) or "")
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.add(node.value)
        if self.is_value(node):
            self.uses[node.value] += 1


def name_uses(module: cst.Module) -> NameUses:
    visitor = NameUses()
    module.visit(visitor)
    return visitor


def free_name(wanted: str, taken: set[str]) -> str:
    """``wanted`` if no name of the file uses it, else ``aws_<wanted>``, ``aws_<wanted>_2``, ..."""
    if wanted not in taken:
        return wanted
    candidate = f"aws_{wanted}"
    n = 2
    while candidate in taken:
        candidate = f"aws_{wanted}_{n}"
        n += 1
    return candidate
