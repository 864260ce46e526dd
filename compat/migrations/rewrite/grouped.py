"""The move from the classic AWS bindings to cdktn-io's grouped ``cdktn-aws`` (an alpha), one file.

Driven only by the naming map (:mod:`compat.migrations.grouped_map`, read from the cdktn-aws wheel):

- ``from cdktn_provider_aws.s3_bucket import S3Bucket, S3BucketCorsRule`` becomes
  ``from cdktn_aws.s3 import AwsBucket`` and the uses ``AwsBucket`` / ``AwsBucket.CorsRuleProperty``
  (a class imported under an alias keeps its alias; a grouped name another binding of the file
  already holds is imported as ``<service>_<Name>``);
- ``from cdktn_provider_aws import s3_bucket`` with ``s3_bucket.S3Bucket(...)`` becomes
  ``from cdktn_aws import s3`` and ``s3.AwsBucket(...)``;
- every keyword of a call of a moved class is checked against the grouped class's parameters.

What the map does not hold (a resource newer than the grouped release's provider, a struct that
is no block, a plain ``import cdktn_provider_aws...``, a star import, a module used other than as
``module.Class``) is left as it is and reported with its line: its import keeps only what could not move.
Everything outside the edited names and import lines keeps its bytes (LibCST).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from compat.migrations.grouped_map import GroupedClass, GroupedLookup
from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import RewriteContext, line_of
from compat.migrations.rewrite.edits import dotted, from_import, replace_line, with_aliases
from compat.migrations.rewrite.names import ValueNames
from compat.migrations.rewrite.table import module_key


@dataclass
class _Imports:
    """What the file's imports of the classic package bind."""

    names: dict[str, tuple[str, str, cst.ImportAlias]] = field(default_factory=dict)  # local -> module, class
    modules: dict[str, tuple[str, cst.ImportAlias]] = field(default_factory=dict)  # local -> module key
    other: list[tuple[cst.CSTNode, str]] = field(default_factory=list)  # forms not rewritten, with why


def _imports(module: cst.Module, package: str, lookup: GroupedLookup) -> _Imports:
    found = _Imports()
    index = lookup.index

    class _Visit(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            dotted_name = get_full_name_for_node(node.module) if node.module is not None else None
            key = None if node.relative else module_key(package, dotted_name or "")
            if key is None:
                return False
            if isinstance(node.names, cst.ImportStar):
                found.other.append(
                    (node, "a star import of the classic bindings: import the classes by name")
                )
                return False
            for alias in node.names:
                name = get_full_name_for_node(alias.name) or ""
                local = alias.evaluated_alias or name
                sub = f"{key}.{name}" if key else name
                if index.exports(sub) is not None:
                    found.modules[local] = (sub, alias)
                else:
                    found.names[local] = (key, name, alias)
            return False

        def visit_Import(self, node: cst.Import) -> bool:
            for alias in node.names:
                if module_key(package, get_full_name_for_node(alias.name) or "") is not None:
                    found.other.append(
                        (node, "a plain import of the classic bindings: not rewritten, move it by hand")
                    )
            return False

    module.visit(_Visit())
    return found


@dataclass
class _Plan:
    renames: dict[str, str] = field(default_factory=dict)  # old local -> new dotted expression
    attributes: dict[int, str] = field(default_factory=dict)  # id(Attribute) -> new dotted expression
    moved: set[int] = field(default_factory=set)  # id(ImportAlias) of aliases that go
    imports: dict[str, dict[str, str | None]] = field(default_factory=dict)  # module -> name -> alias
    origin: dict[str, int] = field(default_factory=dict)  # module -> id(ImportAlias) it is written after
    unresolved: list[tuple[cst.CSTNode, str, str]] = field(default_factory=list)  # node, symbol, reason
    calls: list[tuple[cst.Call, GroupedClass, str]] = field(default_factory=list)


class _Uses(ValueNames, cst.CSTVisitor):
    """Value uses of locals, ``module.Class`` attributes, calls and every name the file binds or reads."""

    def __init__(self, modules: set[str]) -> None:
        super().__init__()
        self.module_locals = modules
        self.seen: set[str] = set()
        self.values: list[cst.Name] = []
        self.attributes: list[cst.Attribute] = []
        self.calls: list[cst.Call] = []

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            self.seen.add(alias.evaluated_alias or (get_full_name_for_node(alias.name) or "").split(".")[0])
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            self.seen.update(a.evaluated_alias or get_full_name_for_node(a.name) or "" for a in node.names)
        return False

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        super().visit_Attribute(node)
        if isinstance(node.value, cst.Name) and node.value.value in self.module_locals:
            self.attributes.append(node)

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.add(node.value)
        if self.is_value(node):
            self.values.append(node)


class MoveToGrouped:
    """Classic ``cdktn_provider_aws`` imports and uses -> ``cdktn_aws`` (see the module docstring)."""

    name = "grouped-aws"

    def __init__(self, lookup: GroupedLookup) -> None:
        self.lookup = lookup
        self._plans: dict[int, _Plan] = {}

    def _plan(self, module: cst.Module, ctx: RewriteContext) -> _Plan:
        if id(module) in self._plans:
            return self._plans[id(module)]
        plan = _Plan()
        grouped = self.lookup.grouped
        found = _imports(module, ctx.source_package, self.lookup)
        for node, reason in found.other:
            plan.unresolved.append((node, ctx.source_package, reason))
        uses = _Uses(set(found.modules))
        module.visit(uses)
        taken = set(uses.seen) - set(found.names) - set(found.modules)
        tops: dict[tuple[str, str], str] = {}  # (service, top) -> local

        def local_of(target: GroupedClass, wanted: str | None, alias: cst.ImportAlias) -> str:
            key = (target.service, target.top)
            if key not in tops:
                name = wanted or target.top
                if name in taken or name in tops.values():
                    name = f"{target.service}_{target.top}"
                tops[key] = name
                taken.add(name)
                source = f"{grouped.module}.{target.service}"
                plan.imports.setdefault(source, {})[target.top] = name
                plan.origin.setdefault(source, id(alias))
            return tops[key]

        services: dict[str, str] = {}  # service -> local module name

        def service_local(service: str, alias: cst.ImportAlias) -> str:
            if service not in services:
                name = service if service not in taken else f"aws_{service}"
                services[service] = name
                taken.add(name)
                plan.imports.setdefault(grouped.module, {})[service] = name
                plan.origin.setdefault(grouped.module, id(alias))
            return services[service]

        targets: dict[str, GroupedClass] = {}
        for local, (key, name, alias) in found.names.items():
            target = self.lookup.find(key, name)
            if isinstance(target, str):
                plan.unresolved.append((alias, f"{ctx.source_package}.{key}.{name}", target))
                continue
            plan.moved.add(id(alias))
            keep_alias = alias.asname is not None and "." not in target.name
            top = local_of(target, local if keep_alias else None, alias)
            new = top + target.name[len(target.top) :]
            targets[local] = target
            if new != local:
                plan.renames[local] = new
        module_uses: dict[str, int] = defaultdict(int)
        for node in uses.attributes:
            assert isinstance(node.value, cst.Name)
            local = node.value.value
            key = found.modules[local][0]
            target = self.lookup.find(key, node.attr.value)
            if isinstance(target, str):
                plan.unresolved.append((node, f"{ctx.source_package}.{key}.{node.attr.value}", target))
                continue
            module_uses[local] += 1
            plan.attributes[id(node)] = (
                f"{service_local(target.service, found.modules[local][1])}.{target.name}"
            )
            targets[f"{local}.{node.attr.value}"] = target
        value_uses: dict[str, int] = defaultdict(int)
        attribute_uses: dict[str, int] = defaultdict(int)
        for attribute in uses.attributes:
            assert isinstance(attribute.value, cst.Name)
            attribute_uses[attribute.value.value] += 1
        for value in uses.values:
            if value.value in found.modules:
                value_uses[value.value] += 1
        for local, (key, alias) in found.modules.items():
            if value_uses[local] == module_uses[local]:
                plan.moved.add(id(alias))
            elif value_uses[local] != attribute_uses[local]:  # an unmapped class is reported already
                plan.unresolved.append(
                    (
                        alias,
                        f"{ctx.source_package}.{key}",
                        "the module is used other than as module.Class: kept",
                    )
                )
        for call in uses.calls:
            callee = get_full_name_for_node(call.func) or ""
            called = targets.get(callee)
            if called is None or called.params is None:
                continue
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value not in called.params:
                    owner = f"{called.service}.{called.name}"
                    reason = f"{grouped.release} {owner} takes no keyword {arg.keyword.value!r}"
                    plan.unresolved.append((arg, f"{callee}({arg.keyword.value}=...)", reason))
        self._plans[id(module)] = plan
        return plan

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        plan = self._plan(wrapper.module, ctx)
        return [
            ctx.unresolved(line_of(wrapper, node), symbol, reason) for node, symbol, reason in plan.unresolved
        ]

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        plan = self._plan(module, ctx)
        if not plan.moved and not plan.attributes:
            return module
        ctx.renamed = ctx.reimported = True
        after: dict[int, list[cst.SimpleStatementLine]] = {}
        for source, names in sorted(plan.imports.items()):
            after.setdefault(plan.origin[source], []).append(from_import(source, sorted(names.items())))

        class _Apply(ValueNames, cst.CSTTransformer):
            def visit_Import(self, node: cst.Import) -> bool:
                return False

            def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                return False

            def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
                if self.is_value(original) and original.value in plan.renames:
                    return dotted(plan.renames[original.value])
                return updated

            def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
                new = plan.attributes.get(id(original))
                return dotted(new) if new is not None else updated

            def leave_SimpleStatementLine(
                self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
            ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
                stmt = updated.body[0] if len(updated.body) == 1 else None
                if not isinstance(stmt, cst.ImportFrom) or isinstance(stmt.names, cst.ImportStar):
                    return updated
                original_stmt = original.body[0]
                assert isinstance(original_stmt, cst.ImportFrom) and not isinstance(
                    original_stmt.names, cst.ImportStar
                )
                gone = [id(a) in plan.moved for a in original_stmt.names]
                if not any(gone):
                    return updated
                keep = [a for a, g in zip(stmt.names, gone, strict=True) if not g]
                first = updated.with_changes(body=[with_aliases(stmt, keep)]) if keep else None
                extra = [line for a in original_stmt.names for line in after.pop(id(a), [])]
                if first is None and extra and original.trailing_whitespace.comment is not None:
                    extra[-1] = extra[-1].with_changes(trailing_whitespace=original.trailing_whitespace)
                return replace_line(updated, first, extra)

        return module.visit(_Apply())
