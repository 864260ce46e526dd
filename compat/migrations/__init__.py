"""Migrations between releases: the rename graph, LibCST rewrites and the ``migrate`` planner.

Light to import: the value objects, the resolver and the graph load here; the LibCST side
(``plan_migration``, ``apply_plan``, ``rewrite_source``, ``RewriteContext``) loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compat.migrations.graph import RenameGraph, build_graph, date_changes, first_release_where
from compat.migrations.model import Change, Release, Symbol, SymbolResolution, Unresolved
from compat.migrations.replacements import DocumentedReplacement, documented
from compat.migrations.resolve import Resolver

if TYPE_CHECKING:
    from compat.migrations.migration_plan import MigrationPlan
    from compat.migrations.planner import apply_plan, plan_migration
    from compat.migrations.rewrite import RewriteContext, RewriteResult, rewrite_source

_LAZY = {
    "MigrationPlan": "compat.migrations.migration_plan",
    "apply_plan": "compat.migrations.planner",
    "plan_migration": "compat.migrations.planner",
    "RewriteContext": "compat.migrations.rewrite",
    "RewriteResult": "compat.migrations.rewrite",
    "rewrite_source": "compat.migrations.rewrite",
}

__all__ = [
    "Change",
    "DocumentedReplacement",
    "MigrationPlan",
    "Release",
    "RenameGraph",
    "SymbolResolution",
    "Resolver",
    "RewriteContext",
    "RewriteResult",
    "Symbol",
    "Unresolved",
    "apply_plan",
    "build_graph",
    "date_changes",
    "documented",
    "first_release_where",
    "plan_migration",
    "rewrite_source",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'compat.migrations' has no attribute {name!r}")
