"""The package move: ``cdktf`` -> ``cdktn`` and ``cdktf_cdktf_provider_aws`` -> ``cdktn_provider_aws``.

Rewrites the module of every import of a renamed top-level package and the value uses of the name
a plain ``import cdktf`` binds (``cdktf.App`` -> ``cdktn.App``); ``import cdktf as tf`` keeps ``tf``.
The names themselves stay: cdktn 0.24.0 exports every name cdktf 0.21.0 does (checked against both
wheels, see ``tests/fixtures/migrations/core_exports.json``), and the bindings names are resolved
against the target index by the other commands before this one runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node

from compat.migrations.rewrite.base import FileRewrite, RewriteCommand
from compat.migrations.rewrite.edits import dotted

#: import-name prefix of every prebuilt provider of a family, by the family's core
_PROVIDERS = {"cdktf": "cdktf_cdktf_provider_", "cdktn": "cdktn_provider_"}


def old_family_prefixes(renames: dict[str, str]) -> set[str]:
    """Import-name prefixes of the prebuilt providers a family move leaves behind."""
    return {_PROVIDERS[core] for core in renames if core in _PROVIDERS}


def _renamed(name: str | None, renames: dict[str, str]) -> str | None:
    if not name:
        return None
    top, dot, rest = name.partition(".")
    return renames[top] + dot + rest if top in renames else None


class RenamePackages(RewriteCommand):
    name = "packages"

    def start(self, file: FileRewrite) -> bool:
        self.renames = file.ctx.renames
        if not self.renames:
            return False
        self.file = file
        file.value_renames.append(self.renames)
        file.values_change = True
        return True

    def collect(self, file: FileRewrite) -> None:
        """On a family move, other prebuilt providers of the old family stay behind: say so."""
        renames = self.renames
        old_prefixes = old_family_prefixes(renames)
        if not old_prefixes:
            return

        def check(node: cst.CSTNode, name: str | None) -> None:
            top = (name or "").split(".")[0]
            if top and top not in renames and any(top.startswith(p) for p in old_prefixes):
                file.report(
                    node,
                    top,
                    f"{top} belongs to the old line and has no counterpart compat knows of: "
                    "move it to the matching package of the new line by hand",
                )

        for node, _ in file.imports.statements:
            if isinstance(node, cst.ImportFrom):
                if not node.relative and node.module is not None:
                    check(node, get_full_name_for_node(node.module))
            else:
                for alias in node.names:
                    check(node, get_full_name_for_node(alias.name))

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        new = self.renames.get(updated.value)
        if new is None or not self.file.is_value(original):
            return updated
        self.file.value_edits += 1
        return updated.with_changes(value=new)

    def edit_line(
        self, line: cst.SimpleStatementLine, file: FileRewrite
    ) -> Sequence[cst.SimpleStatementLine]:
        body = [self._statement(s) for s in line.body]
        return (line.with_changes(body=body),) if _changed(body, line.body) else (line,)

    def edit_suite(self, suite: cst.SimpleStatementSuite, file: FileRewrite) -> cst.SimpleStatementSuite:
        body = [self._statement(s) for s in suite.body]
        return suite.with_changes(body=body) if _changed(body, suite.body) else suite

    def _statement(self, stmt: cst.BaseSmallStatement) -> cst.BaseSmallStatement:
        """The module paths of an import statement, moved to the renamed packages."""
        renames = self.renames
        if isinstance(stmt, cst.ImportFrom):
            if stmt.relative or stmt.module is None:
                return stmt
            new = _renamed(get_full_name_for_node(stmt.module), renames)
            return stmt.with_changes(module=dotted(new)) if new else stmt
        if isinstance(stmt, cst.Import):
            aliases = []
            for alias in stmt.names:
                new = _renamed(get_full_name_for_node(alias.name), renames)
                aliases.append(alias.with_changes(name=dotted(new)) if new else alias)
            return stmt.with_changes(names=aliases) if _changed(aliases, stmt.names) else stmt
        return stmt


def _changed(new: Sequence[cst.CSTNode], old: Sequence[cst.CSTNode]) -> bool:
    return any(a is not b for a, b in zip(new, old, strict=True))
