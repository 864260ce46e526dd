"""Imports of local bindings (``imports.aws...`` from ``cdktf get``) pointed at a prebuilt package.

Only the package part of each import changes: ``from imports.aws.vpc import Vpc`` ->
``from cdktf_cdktf_provider_aws.vpc import Vpc``, ``import imports.aws.vpc as vpc`` ->
``import cdktf_cdktf_provider_aws.vpc as vpc``, ``from imports import aws`` ->
``import cdktf_cdktf_provider_aws as aws``; after a plain ``import imports.aws.vpc`` the value uses
(``imports.aws.vpc.Vpc``) follow. Names and modules of the prebuilt release are then resolved by
the usual rewrite, which reads the file in prebuilt terms. Everything else stays byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node

from compat.migrations.rewrite.edits import dotted, with_aliases


def _moved(name: str | None, prefixes: Mapping[str, str]) -> str | None:
    """``name`` with its local-bindings prefix replaced, if it has one of ``prefixes``."""
    if not name:
        return None
    for old, new in prefixes.items():
        if name == old or name.startswith(old + "."):
            return new + name[len(old) :]
    return None


def with_commas(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [a.with_changes(comma=comma) for a in aliases[:-1]] + aliases[-1:]


class _PointAtPrebuilt(cst.CSTTransformer):
    def __init__(self, package: str, prefixes: Mapping[str, str]) -> None:
        super().__init__()
        self.package = package  # "imports"
        self.prefixes = prefixes  # {"imports.aws": "cdktf_cdktf_provider_aws"}
        self.plain = False  # some ``import imports.x`` binds the package name itself

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.BaseSmallStatement | cst.FlattenSentinel[cst.BaseSmallStatement]:
        if updated.relative or updated.module is None:
            return updated
        module = get_full_name_for_node(updated.module)
        new = _moved(module, self.prefixes)
        if new is not None:
            return updated.with_changes(module=dotted(new))
        if module != self.package or isinstance(updated.names, cst.ImportStar):
            return updated
        targets = [_moved(f"{module}.{get_full_name_for_node(a.name)}", self.prefixes) for a in updated.names]
        moved = [
            cst.ImportAlias(
                name=dotted(target),
                asname=cst.AsName(name=cst.Name(a.evaluated_alias or str(get_full_name_for_node(a.name)))),
            )
            for a, target in zip(updated.names, targets, strict=True)
            if target is not None
        ]
        if not moved:
            return updated
        statement = cst.Import(names=with_commas(moved))
        stay = [a for a, target in zip(updated.names, targets, strict=True) if target is None]
        if not stay:
            return statement.with_changes(semicolon=updated.semicolon)
        # a mix with modules or other local packages: those stay, on the same line
        first = with_aliases(updated, stay).with_changes(
            semicolon=cst.Semicolon(whitespace_after=cst.SimpleWhitespace(" "))
        )
        return cst.FlattenSentinel([first, statement.with_changes(semicolon=updated.semicolon)])

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        for alias in updated.names:
            new = _moved(get_full_name_for_node(alias.name), self.prefixes)
            if new is None:
                names.append(alias)
                continue
            self.plain = self.plain or alias.asname is None
            names.append(alias.with_changes(name=dotted(new)))
        return updated.with_changes(names=names)


class _ValueUses(cst.CSTTransformer):
    """``imports.aws.vpc.Vpc`` -> ``cdktf_cdktf_provider_aws.vpc.Vpc`` outside import statements."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        name = get_full_name_for_node(original)
        if name is not None and name in self.prefixes:
            return dotted(self.prefixes[name])
        return updated


def point_at_prebuilt(module: cst.Module, package: str, prefixes: Mapping[str, str]) -> cst.Module:
    """``module`` with every import of ``prefixes`` (local package -> prebuilt module) moved."""
    if not prefixes:
        return module
    imports = _PointAtPrebuilt(package, prefixes)
    moved = module.visit(imports)
    return moved.visit(_ValueUses(prefixes)) if imports.plain else moved
