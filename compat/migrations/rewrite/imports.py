"""``from <bindings>.<module> import A, B as c``: point every name at its module in the target release.

A statement whose names all stay is left byte for byte. Otherwise it is split by target module: the
names that stay (or, if none stay, the first group) keep the original statement and its layout
(parentheses, comments, aliases); every other target module gets one new statement right below,
holding all of its names (names already imported from there are not repeated). A renamed class is
imported under its new name and its uses in the file follow; an aliased one keeps the alias.
Names with no counterpart stay as they are and are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import libcst as cst
from libcst.helpers import get_full_name_for_node

from compat.migrations.resolve import join
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand, RewriteContext
from compat.migrations.rewrite.edits import dotted, from_import, replaced_lines, with_aliases
from compat.migrations.rewrite.table import module_key


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


class RewriteFromImports(RewriteCommand):
    name = "from-imports"

    def start(self, file: FileRewrite) -> bool:
        """Which imported names are renamed (their value uses follow, file-wide, in the pass)."""
        ctx = file.ctx
        self.ctx = ctx
        self.file = file
        self.renames: dict[str, str] = {}
        self.changes = False
        for stmt, sole in file.imports.statements:
            found = _binding_from(stmt, ctx.source_package) if sole else None
            if found is None:
                continue
            names = _names(*found, ctx)
            if all((n.module is None or n.module == found[1]) and n.new_name == n.name for n in names):
                continue
            self.changes = True
            for n in names:
                if n.new_name != n.name and n.alias.asname is None:
                    self.renames[n.local] = n.new_name
        if self.renames:
            file.value_renames.append(self.renames)
            file.values_change = True
        self.existing: set[tuple[str, str, str]] = {
            (key, name, local) for local, (key, name) in file.table.names.items()
        }  # (module key, name, local) already imported
        return True

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        new = self.renames.get(original.value) if self.renames else None
        if new is None or not self.file.is_value(original):
            return updated
        self.file.value_edits += 1
        return updated.with_changes(value=new)

    def collect(self, file: FileRewrite) -> None:
        """Report what cannot be imported from the target (star imports of a module it lacks, names
        it lacks), in source order, and note names read by intent."""
        ctx = self.ctx
        for node, _ in file.imports.statements:
            if not isinstance(node, cst.ImportFrom):
                continue
            if isinstance(node.names, cst.ImportStar):
                dotted_name = (
                    get_full_name_for_node(node.module) if node.module and not node.relative else None
                )
                key = module_key(ctx.source_package, dotted_name)
                if key is not None and not ctx.resolver.module_exists(key):
                    file.report(
                        node,
                        f"{dotted_name}.*",
                        f"module {key or '(root)'} does not exist in {ctx.resolver.target.package} "
                        f"{ctx.resolver.target.version}: import the names it provided by name",
                    )
                continue
            found = _binding_from(node, ctx.source_package)
            if found is None:
                continue
            stmt, key = found
            assert not isinstance(stmt.names, cst.ImportStar)
            for alias in stmt.names:
                name = get_full_name_for_node(alias.name) or ""
                if ctx.is_module(join(key, name)):
                    continue
                resolution = ctx.resolve(key, name)
                ctx.note_reading(partial(file.line, alias), resolution)
                if resolution.target is None:
                    change = resolution.changes_of("removed")[0]
                    file.report(
                        alias,
                        ".".join(p for p in (ctx.source_package, key, name) if p),
                        change.explained,
                        change.replacement,
                    )

    def edit_line(
        self, line: cst.SimpleStatementLine, file: FileRewrite
    ) -> Sequence[cst.SimpleStatementLine]:
        if not self.changes or len(line.body) != 1:
            return (line,)
        ctx = self.ctx
        package = ctx.source_package
        found = _binding_from(line.body[0], package)
        if found is None:
            return (line,)
        stmt, key = found
        names = _names(stmt, key, ctx)
        if all((n.module is None or n.module == key) and n.new_name == n.name for n in names):
            return (line,)
        groups: dict[str, list[_Name]] = {}
        for n in names:
            groups.setdefault(key if n.module is None else n.module, []).append(n)
        first_key = key if key in groups else next(iter(groups))
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
                if (target_key, name, alias or name) not in self.existing
            ]
            self.existing.update((target_key, name, alias or name) for name, alias in fresh)
            if fresh:
                extra.append(from_import(join(package, target_key), fresh))
        return replaced_lines(line, line.with_changes(body=[first_stmt]), extra)


def _renamed(n: _Name) -> cst.ImportAlias:
    if n.new_name == n.name:
        return n.alias
    return n.alias.with_changes(name=cst.Name(n.new_name))
