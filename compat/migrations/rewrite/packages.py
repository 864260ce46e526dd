"""The package move: ``cdktf`` -> ``cdktn`` and ``cdktf_cdktf_provider_aws`` -> ``cdktn_provider_aws``.

Rewrites the module of every import of a renamed top-level package and the value uses of the name
a plain ``import cdktf`` binds (``cdktf.App`` -> ``cdktn.App``); ``import cdktf as tf`` keeps ``tf``.
The names themselves stay: cdktn 0.24.0 exports every name cdktf 0.21.0 does (checked against both
wheels, see ``tests/fixtures/migrations/core_exports.json``), and the bindings names are resolved
against the target index by the other commands before this one runs.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import RewriteContext, line_of
from compat.migrations.rewrite.edits import dotted
from compat.migrations.rewrite.names import RenameValueNames
from compat.migrations.rewrite.table import ImportsOnly

#: import-name prefix of every prebuilt provider of a family, by the family's core
_PROVIDERS = {"cdktf": "cdktf_cdktf_provider_", "cdktn": "cdktn_provider_"}


def _renamed(name: str | None, renames: dict[str, str]) -> str | None:
    if not name:
        return None
    top, dot, rest = name.partition(".")
    return renames[top] + dot + rest if top in renames else None


class RenamePackages:
    name = "packages"

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        """On a family move, other prebuilt providers of the old family stay behind: say so."""
        old_prefixes = {_PROVIDERS[core] for core in ctx.renames if core in _PROVIDERS}
        if not old_prefixes:
            return []
        out: list[Unresolved] = []

        def check(node: cst.CSTNode, name: str | None) -> None:
            top = (name or "").split(".")[0]
            if top and top not in ctx.renames and any(top.startswith(p) for p in old_prefixes):
                out.append(
                    ctx.unresolved(
                        line_of(wrapper, node),
                        top,
                        f"{top} belongs to the old line and has no counterpart compat knows of: "
                        "move it to the matching package of the new line by hand",
                    )
                )

        class _Collect(ImportsOnly):
            def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                if not node.relative and node.module is not None:
                    check(node, get_full_name_for_node(node.module))
                return False

            def visit_Import(self, node: cst.Import) -> bool:
                for alias in node.names:
                    check(node, get_full_name_for_node(alias.name))
                return False

        wrapper.module.visit(_Collect())
        return out

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        renames = ctx.renames
        if not renames:
            return module
        ctx.reimported = True

        class _Apply(RenameValueNames):
            """Value names as the base class renames them, plus the module paths of imports."""

            def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
                if updated.relative or updated.module is None:
                    return updated
                new = _renamed(get_full_name_for_node(updated.module), renames)
                return updated.with_changes(module=dotted(new)) if new else updated

            def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
                aliases = []
                for alias in updated.names:
                    new = _renamed(get_full_name_for_node(alias.name), renames)
                    aliases.append(alias.with_changes(name=dotted(new)) if new else alias)
                return updated.with_changes(names=aliases)

        walker = _Apply(renames)
        result = module.visit(walker)
        ctx.renamed = ctx.renamed or walker.count > 0
        return result
