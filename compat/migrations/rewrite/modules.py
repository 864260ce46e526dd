"""Attribute uses on imported bindings modules: ``vpc.Subnet(...)`` when ``vpc`` no longer holds ``Subnet``.

Each use is pointed at the module that holds the class in the target release, imported once per
file with the same ``from <package> import <module>`` style (aliased when the name is taken). An
import left without uses by the rewrite, or of a module the target no longer has and nobody uses,
is dropped. Dotted uses through the package itself (``P.ec2.Eip`` after ``import P.ec2``) become
``P.<new module>.<Name>`` with an ``import P.<new module>`` next to the old import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial

import libcst as cst
from libcst.helpers import get_full_name_for_node

from compat.migrations.resolve import join
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand
from compat.migrations.rewrite.edits import (
    dotted,
    from_import,
    import_statement,
    replaced_lines,
    with_aliases,
)
from compat.migrations.rewrite.table import free_name, module_key, name_uses


class RewriteModuleAttributes(RewriteCommand):
    """Finds the uses as the pass meets them (source order), rewrites each on leaving it; the import
    lines (new module imports after the old one, imports left unused dropped) once every use is known."""

    name = "module-attributes"

    def start(self, file: FileRewrite) -> bool:
        table = file.table
        if not table.modules and not table.package_roots:
            return False  # no module to move uses to or drop, no plain import of the package
        self.file = file
        self.ctx = file.ctx
        self.table = table
        self.inside: cst.Attribute | None = None  # the use being left: nothing inside it is another
        self.edits: dict[int, cst.BaseExpression] = {}
        self.inserts: dict[str, list[cst.SimpleStatementLine]] = {}  # after the import binding the alias
        self.drop: set[str] = set()  # aliases whose import goes
        self.drop_dotted: set[str] = set()  # "P.ec2" of a plain "import P.ec2" that goes
        self.by_module: dict[str, str] = {}
        for local, key in table.modules.items():
            self.by_module.setdefault(key, local)
        self.rewritten: Counter[str] = Counter()
        self.uses: Counter[str] = Counter()  # value uses of each module alias
        self.imported = set(file.imports.imported)
        self.dotted_left: Counter[str] = Counter()  # dotted uses through the package root left as they are
        self._taken: set[str] | None = None
        file.values_change = True
        return True

    @property
    def taken(self) -> set[str]:
        """Every name of the file (a new alias must not shadow one): one walk, only when needed."""
        if self._taken is None:
            self._taken = set(name_uses(self.file.module).seen)
        return self._taken

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.table.modules and self.file.is_value(node):
            self.uses[node.value] += 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.inside is not None:
            return
        table = self.table
        if isinstance(node.value, cst.Name) and node.value.value in table.modules:
            alias = node.value.value
            self._use(node, alias, table.modules[alias], node.attr.value, None)
            return
        name = get_full_name_for_node(node) if table.package_roots else None
        if name and name.split(".", 1)[0] in table.package_roots and len(parts := name.split(".")) >= 3:
            self._use(node, None, ".".join(parts[1:-1]), parts[-1], parts[0])

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if original is self.inside:
            self.inside = None
            edit = self.edits.get(id(original))
            if edit is not None:
                self.file.value_edits += 1
                return edit
        return updated

    def _use(self, node: cst.Attribute, alias: str | None, module: str, name: str, root: str | None) -> None:
        """One use: reported if the target lacks it, else planned (an edit, perhaps a new import)."""
        self.inside = node
        ctx, file = self.ctx, self.file
        resolution = ctx.resolve(module, name)
        ctx.note_reading(partial(file.line, node), resolution)
        target = resolution.target
        if target is None:
            removed = resolution.changes_of("removed")
            change = removed[0] if removed else None
            file.report(
                node,
                f"{join(ctx.source_package, module)}.{name}",
                change.explained if change else "no counterpart in the target release",
                change.replacement if change else None,
            )
        if target is None or (target.module == module and target.name == name):
            if alias is None:
                self.dotted_left[module] += 1
            return
        anchor = alias if alias is not None else (root or "")
        if alias is not None:
            new_alias = self.by_module.get(target.module)
            if new_alias is None:
                new_alias = free_name(target.module.rsplit(".", 1)[-1] or "aws", self.taken)
                self.taken.add(new_alias)
                self.by_module[target.module] = new_alias
                self.inserts.setdefault(anchor, []).append(
                    _module_import(ctx.source_package, target.module, new_alias)
                )
            self.edits[id(node)] = cst.Attribute(
                value=cst.Name(file.renamed_value(new_alias)), attr=cst.Name(target.name)
            )
            self.rewritten[alias] += 1
        else:
            base = root or ctx.source_package
            new = f"{ctx.source_package}.{target.module}" if target.module else ctx.source_package
            if base == ctx.source_package and new not in self.imported:
                self.imported.add(new)
                self.inserts.setdefault(anchor, []).append(import_statement(new))
            top = file.renamed_value(base)
            self.edits[id(node)] = dotted(
                join(f"{top}.{target.module}" if target.module else top, target.name)
            )

    def collect(self, file: FileRewrite) -> None:
        for local, key in self.table.modules.items():
            if (
                self.rewritten[local]
                and self.rewritten[local] == self.uses[local]
                or self.uses[local] == 0
                and not self.ctx.resolver.module_exists(key)
            ):
                self.drop.add(local)
        for dotted_name in self.imported:
            dotted_key = module_key(self.ctx.source_package, dotted_name)
            if (
                dotted_key
                and not self.dotted_left[dotted_key]
                and not self.ctx.resolver.module_exists(dotted_key)
            ):
                self.drop_dotted.add(dotted_name)

    def _goes(self, alias: cst.ImportAlias) -> bool:
        """A plain ``import P.m`` of a module the target lacks and nothing uses any more."""
        return alias.asname is None and (get_full_name_for_node(alias.name) or "") in self.drop_dotted

    def edit_line(
        self, line: cst.SimpleStatementLine, file: FileRewrite
    ) -> Sequence[cst.SimpleStatementLine]:
        if not self.inserts and not self.drop and not self.drop_dotted:
            return (line,)
        if len(line.body) != 1 or not isinstance(line.body[0], (cst.Import, cst.ImportFrom)):
            return (line,)
        stmt = line.body[0]
        bound = _bound(stmt, self.ctx.source_package)
        extra = [s for a in bound for s in self.inserts.pop(a, [])]
        dropped = [a for a in bound if a in self.drop]
        if isinstance(stmt, cst.Import):
            dropped += [a.evaluated_name for a in stmt.names if self._goes(a)]
        if not extra and not dropped:
            return (line,)
        first: cst.SimpleStatementLine | None = line
        if dropped and not isinstance(stmt.names, cst.ImportStar):
            keep = [a for a in stmt.names if _local(a) not in self.drop and not self._goes(a)]
            if not keep:
                first = None
            elif isinstance(stmt, cst.ImportFrom):
                first = line.with_changes(body=[with_aliases(stmt, keep)])
            else:
                first = line.with_changes(body=[with_aliases(stmt, keep)])
        return replaced_lines(line, first, extra)


def _module_import(package: str, key: str, alias: str) -> cst.SimpleStatementLine:
    """``from package.a import b as alias`` for module ``a.b``; ``import package as alias`` for the root."""
    if not key:
        return import_statement(package, alias)
    base, _, leaf = join(package, key).rpartition(".")
    return from_import(base, [(leaf, alias)])


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
