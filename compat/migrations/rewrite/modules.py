"""Attribute uses on imported bindings modules: ``vpc.Subnet(...)`` when ``vpc`` no longer holds ``Subnet``.

Each use is pointed at the module that holds the class in the target release, imported once per
file with the same ``from <package> import <module>`` style (aliased when the name is taken). An
import left without uses by the rewrite, or of a module the target no longer has and nobody uses,
is dropped. Dotted uses through the package itself (``P.ec2.Eip`` after ``import P.ec2``) become
``P.<new module>.<Name>`` with an ``import P.<new module>`` next to the old import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from compat.migrations.model import Unresolved
from compat.migrations.resolve import join
from compat.migrations.rewrite.base import RewriteContext, line_of
from compat.migrations.rewrite.edits import dotted, from_import, import_statement, replace_line, with_aliases
from compat.migrations.rewrite.table import BindingTable, free_name, module_key, name_uses


@dataclass
class _Use:
    node: cst.Attribute
    alias: str | None  # module alias, or None for a dotted use through the package root
    module: str
    name: str
    root: str | None = None


def _uses(module: cst.Module, table: BindingTable) -> list[_Use]:
    found: list[_Use] = []
    if not table.modules and not table.package_roots:
        return found  # no module of the package is imported: nothing to walk for

    class _Collect(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            if isinstance(node.value, cst.Name) and node.value.value in table.modules:
                found.append(_Use(node, node.value.value, table.modules[node.value.value], node.attr.value))
                return False
            name = get_full_name_for_node(node)
            if name and table.package_roots and name.split(".", 1)[0] in table.package_roots:
                parts = name.split(".")
                if len(parts) >= 3:
                    found.append(_Use(node, None, ".".join(parts[1:-1]), parts[-1], root=parts[0]))
                    return False
            return True

    module.visit(_Collect())
    return found


@dataclass
class _Plan:
    edits: dict[int, cst.BaseExpression] = field(default_factory=dict)
    inserts: dict[str, list[cst.SimpleStatementLine]] = field(default_factory=dict)  # after alias's import
    drop: set[str] = field(default_factory=set)  # aliases whose import goes
    drop_dotted: set[str] = field(default_factory=set)  # "P.ec2" of a plain "import P.ec2" that goes


def _plan(module: cst.Module, ctx: RewriteContext) -> _Plan:
    table = ctx.table(module)
    plan = _Plan()
    if not table.modules and not table.package_roots:
        return plan  # no module to move uses to or drop, no plain import of the package
    uses = _uses(module, table)
    names = name_uses(module)
    taken = set(names.seen)
    by_module: dict[str, str] = {}
    for local, key in table.modules.items():
        by_module.setdefault(key, local)
    rewritten: Counter[str] = Counter()
    imported = set(names.imported)
    dotted_left: Counter[str] = Counter()  # dotted uses through the package root that stay as they are
    for use in uses:
        resolution = ctx.resolve(use.module, use.name)
        target = resolution.target
        if target is None or (target.module == use.module and target.name == use.name):
            if use.alias is None:
                dotted_left[use.module] += 1
            continue
        anchor = use.alias if use.alias is not None else (use.root or "")
        if use.alias is not None:
            alias = by_module.get(target.module)
            if alias is None:
                alias = free_name(target.module.rsplit(".", 1)[-1] or "aws", taken)
                taken.add(alias)
                by_module[target.module] = alias
                plan.inserts.setdefault(anchor, []).append(
                    _module_import(ctx.source_package, target.module, alias)
                )
            plan.edits[id(use.node)] = cst.Attribute(value=cst.Name(alias), attr=cst.Name(target.name))
            rewritten[use.alias] += 1
        else:
            root = use.root or ctx.source_package
            new = f"{ctx.source_package}.{target.module}" if target.module else ctx.source_package
            if root == ctx.source_package and new not in imported:
                imported.add(new)
                plan.inserts.setdefault(anchor, []).append(import_statement(new))
            plan.edits[id(use.node)] = dotted(
                join(f"{root}.{target.module}" if target.module else root, target.name)
            )
    for local, key in table.modules.items():
        if (
            rewritten[local]
            and rewritten[local] == names.uses[local]
            or names.uses[local] == 0
            and not ctx.resolver.module_exists(key)
        ):
            plan.drop.add(local)
    for dotted_name in imported:
        dotted_key = module_key(ctx.source_package, dotted_name)
        if dotted_key and not dotted_left[dotted_key] and not ctx.resolver.module_exists(dotted_key):
            plan.drop_dotted.add(dotted_name)
    return plan


def _module_import(package: str, key: str, alias: str) -> cst.SimpleStatementLine:
    """``from package.a import b as alias`` for module ``a.b``; ``import package as alias`` for the root."""
    if not key:
        return import_statement(package, alias)
    base, _, leaf = join(package, key).rpartition(".")
    return from_import(base, [(leaf, alias)])


class RewriteModuleAttributes:
    name = "module-attributes"

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        table = ctx.table(wrapper.module)
        out: list[Unresolved] = []
        for use in _uses(wrapper.module, table):
            resolution = ctx.resolve(use.module, use.name)
            ctx.note_reading(partial(line_of, wrapper, use.node), resolution)
            if resolution.target is None:
                removed = resolution.changes_of("removed")
                change = removed[0] if removed else None
                out.append(
                    ctx.unresolved(
                        line_of(wrapper, use.node),
                        f"{join(ctx.source_package, use.module)}.{use.name}",
                        change.explained if change else "no counterpart in the target release",
                        change.replacement if change else None,
                    )
                )
        return out

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        plan = _plan(module, ctx)
        if not plan.edits and not plan.drop and not plan.drop_dotted:
            return module
        ctx.renamed = ctx.reimported = True
        package = ctx.source_package

        def _goes(alias: cst.ImportAlias) -> bool:
            """A plain ``import P.m`` of a module the target lacks and nothing uses any more."""
            return alias.asname is None and (get_full_name_for_node(alias.name) or "") in plan.drop_dotted

        class _Apply(cst.CSTTransformer):
            def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
                return plan.edits.get(id(original), updated)

            def leave_SimpleStatementLine(
                self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
            ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
                if len(updated.body) != 1 or not isinstance(updated.body[0], (cst.Import, cst.ImportFrom)):
                    return updated
                stmt = updated.body[0]
                bound = _bound(stmt, package)
                extra = [s for a in bound for s in plan.inserts.pop(a, [])]
                dropped = [a for a in bound if a in plan.drop]
                if isinstance(stmt, cst.Import):
                    dropped += [a.evaluated_name for a in stmt.names if _goes(a)]
                if not extra and not dropped:
                    return updated
                first: cst.SimpleStatementLine | None = updated
                if dropped and not isinstance(stmt.names, cst.ImportStar):
                    keep = [a for a in stmt.names if _local(a) not in plan.drop and not _goes(a)]
                    if not keep:
                        first = None
                    elif isinstance(stmt, cst.ImportFrom):
                        first = updated.with_changes(body=[with_aliases(stmt, keep)])
                    else:
                        first = updated.with_changes(body=[with_aliases(stmt, keep)])
                return replace_line(updated, first, extra)

        return module.visit(_Apply())


def _local(alias: cst.ImportAlias) -> str:
    return alias.evaluated_alias or (get_full_name_for_node(alias.name) or "").split(".")[0]


def _bound(stmt: cst.Import | cst.ImportFrom, package: str) -> list[str]:
    """Locals a bindings import statement binds (the package root for ``import P.x``)."""
    if isinstance(stmt, cst.ImportFrom):
        if (
            stmt.relative
            or isinstance(stmt.names, cst.ImportStar)
            or module_key(package, get_full_name_for_node(stmt.module) if stmt.module else None) is None
        ):
            return []
        return [_local(a) for a in stmt.names]
    return [_local(a) for a in stmt.names if module_key(package, get_full_name_for_node(a.name)) is not None]
