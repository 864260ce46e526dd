"""``from <bindings>.<module> import A, B as c``: point every name at its module in the target release.

A statement whose names all stay is left byte for byte. Otherwise it is split by target module: the
names that stay (or, if none stay, the first group) keep the original statement and its layout
(parentheses, comments, aliases); every other target module gets one new statement right below,
holding all of its names (names already imported from there are not repeated). A renamed class is
imported under its new name and its uses in the file follow; an aliased one keeps the alias.
Names with no counterpart stay as they are and are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from compat.migrations.model import Unresolved
from compat.migrations.resolve import join
from compat.migrations.rewrite.base import RewriteContext, line_of
from compat.migrations.rewrite.edits import dotted, from_import, replace_line, with_aliases
from compat.migrations.rewrite.names import RenameValueNames
from compat.migrations.rewrite.table import ImportsOnly, module_key


@dataclass
class _Name:
    alias: cst.ImportAlias
    name: str
    local: str
    module: str | None  # target module (None: keep where it is)
    new_name: str


def _binding_from(stmt: cst.BaseSmallStatement, package: str) -> tuple[cst.ImportFrom, str] | None:
    if not isinstance(stmt, cst.ImportFrom) or stmt.relative or isinstance(stmt.names, cst.ImportStar):
        return None
    key = module_key(package, get_full_name_for_node(stmt.module) if stmt.module else None)
    return (stmt, key) if key is not None else None


def _names(stmt: cst.ImportFrom, key: str, ctx: RewriteContext) -> list[_Name]:
    out: list[_Name] = []
    assert not isinstance(stmt.names, cst.ImportStar)
    for alias in stmt.names:
        name = get_full_name_for_node(alias.name) or ""
        local = alias.evaluated_alias or name
        if ctx.is_module(join(key, name)):
            out.append(_Name(alias, name, local, None, name))
            continue
        target = ctx.resolve(key, name).target
        if target is None:
            out.append(_Name(alias, name, local, None, name))
        else:
            out.append(_Name(alias, name, local, target.module, target.name))
    return out


class RewriteFromImports:
    name = "from-imports"

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        out: list[Unresolved] = []

        def _star(node: cst.ImportFrom) -> None:
            dotted_name = get_full_name_for_node(node.module) if node.module and not node.relative else None
            key = module_key(ctx.source_package, dotted_name)
            if key is not None and not ctx.resolver.module_exists(key):
                out.append(
                    ctx.unresolved(
                        line_of(wrapper, node),
                        f"{dotted_name}.*",
                        f"module {key or '(root)'} does not exist in {ctx.resolver.target.package} "
                        f"{ctx.resolver.target.version}: import the names it provided by name",
                    )
                )

        class _Collect(ImportsOnly):
            def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                if isinstance(node.names, cst.ImportStar):
                    _star(node)
                    return False
                found = _binding_from(node, ctx.source_package)
                if found is None:
                    return False
                stmt, key = found
                assert not isinstance(stmt.names, cst.ImportStar)
                for alias in stmt.names:
                    name = get_full_name_for_node(alias.name) or ""
                    if ctx.is_module(join(key, name)):
                        continue
                    resolution = ctx.resolve(key, name)
                    ctx.note_reading(partial(line_of, wrapper, alias), resolution)
                    if resolution.target is None:
                        change = resolution.changes_of("removed")[0]
                        out.append(
                            ctx.unresolved(
                                line_of(wrapper, alias),
                                ".".join(p for p in (ctx.source_package, key, name) if p),
                                change.explained,
                                change.replacement,
                            )
                        )
                return False

        wrapper.module.visit(_Collect())
        return out

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        package = ctx.source_package
        existing: set[tuple[str, str, str]] = set()  # (module key, name, local) already imported
        for local, (key, name) in ctx.table(module).names.items():
            existing.add((key, name, local))
        renames: dict[str, str] = {}

        class _Apply(cst.CSTTransformer):
            def on_visit(self, node: cst.CSTNode) -> bool:
                return not isinstance(node, cst.BaseExpression) and super().on_visit(node)  # as ImportsOnly

            def leave_SimpleStatementLine(
                self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
            ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
                if len(updated.body) != 1:
                    return updated
                found = _binding_from(updated.body[0], package)
                if found is None:
                    return updated
                stmt, key = found
                names = _names(stmt, key, ctx)
                if all((n.module is None or n.module == key) and n.new_name == n.name for n in names):
                    return updated
                ctx.reimported = True
                groups: dict[str, list[_Name]] = {}
                for n in names:
                    groups.setdefault(key if n.module is None else n.module, []).append(n)
                first_key = key if key in groups else next(iter(groups))
                for n in names:
                    if n.new_name != n.name and n.alias.asname is None:
                        renames[n.local] = n.new_name
                kept = [_renamed(n) for n in groups[first_key]]
                first_stmt = with_aliases(stmt, kept)
                if first_key != key:
                    first_stmt = first_stmt.with_changes(module=dotted(join(package, first_key)))
                extra: list[cst.SimpleStatementLine] = []
                for target_key, members in groups.items():
                    if target_key == first_key:
                        continue
                    wanted = [(n.new_name, n.local if n.alias.asname is not None else None) for n in members]
                    fresh = [
                        (name, alias)
                        for name, alias in wanted
                        if (target_key, name, alias or name) not in existing
                    ]
                    existing.update((target_key, name, alias or name) for name, alias in fresh)
                    if fresh:
                        extra.append(from_import(join(package, target_key), fresh))
                return replace_line(updated, updated.with_changes(body=[first_stmt]), extra)

        result = module.visit(_Apply())
        if renames:
            ctx.renamed = True
            result = result.visit(RenameValueNames(renames))
        return result


def _renamed(n: _Name) -> cst.ImportAlias:
    if n.new_name == n.name:
        return n.alias
    return n.alias.with_changes(name=cst.Name(n.new_name))
