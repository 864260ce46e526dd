"""Calls of bindings classes: fix unambiguous block-shape changes, report removed parameters.

A single-element list literal passed where the target release takes one block is unwrapped; a dict
or struct call passed where it now takes a list is wrapped in ``[...]``. Anything else about a
changed or removed parameter is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper

from compat.migrations.model import Change, Resolution, Unresolved
from compat.migrations.rewrite.base import RewriteContext, line_of
from compat.migrations.rewrite.table import BindingTable


def _calls(module: cst.Module) -> list[cst.Call]:
    found: list[cst.Call] = []

    class _Collect(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)

    module.visit(_Collect())
    return found


def _resolution(call: cst.Call, table: BindingTable, ctx: RewriteContext) -> Resolution | None:
    symbol = table.symbol_of(call.func)
    if symbol is None:
        return None
    resolution = ctx.resolve(*symbol)
    return resolution if resolution.target is not None else None


def _keyword_changes(call: cst.Call, resolution: Resolution) -> Iterator[tuple[cst.Arg, Change]]:
    by_param = {
        c.param: c for c in resolution.changes if c.param and c.kind in ("param_removed", "shape_changed")
    }
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in by_param:
            yield arg, by_param[arg.keyword.value]


def _fixed_value(value: cst.BaseExpression, change: Change) -> cst.BaseExpression | None:
    """The rewritten argument for a shape change, or None when the fix is not unambiguous."""
    if change.before == "block_list" and change.after == "block_single":
        if (
            isinstance(value, cst.List)
            and len(value.elements) == 1
            and isinstance(value.elements[0], cst.Element)
        ):
            return value.elements[0].value
        return None
    if change.before == "block_single" and change.after == "block_list":
        if isinstance(value, (cst.Dict, cst.Call)):
            return cst.List([cst.Element(value)])
        if isinstance(value, (cst.List, cst.Tuple)):
            return value  # already a list
        return None
    return None


class FixCalls:
    name = "calls"

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]:
        table = ctx.table(wrapper.module)
        out: list[Unresolved] = []
        for call in _calls(wrapper.module):
            symbol = table.symbol_of(call.func)
            removed = ctx.resolve(*symbol) if symbol is not None else None
            if removed is not None and removed.target is None:
                change = removed.changes_of("removed")[0]
                out.append(
                    ctx.unresolved(
                        line_of(wrapper, call),
                        f"{removed.source.name}(...)",
                        change.explained,
                        change.replacement,
                    )
                )
                continue
            resolution = _resolution(call, table, ctx)
            if resolution is None or resolution.target is None:
                continue
            cls = resolution.target.name
            for arg, change in _keyword_changes(call, resolution):
                param = arg.keyword.value if arg.keyword else ""
                target = f"{ctx.resolver.target.package} {ctx.resolver.target.version}"
                if change.kind == "param_removed":
                    out.append(
                        ctx.unresolved(
                            line_of(wrapper, arg),
                            f"{cls}({param}=...)",
                            f"parameter {param} of {cls} does not exist in {target}"
                            + (f" (removed in {change.since})" if change.since else ""),
                            change.replacement,
                        )
                    )
                elif _fixed_value(arg.value, change) is None:
                    out.append(
                        ctx.unresolved(
                            line_of(wrapper, arg),
                            f"{cls}({param}=...)",
                            f"{change.detail} in {target} and the value cannot be converted automatically"
                            + (f" (since {change.since})" if change.since else ""),
                        )
                    )
        return out

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module:
        table = ctx.table(module)
        edits: dict[int, cst.BaseExpression] = {}
        for call in _calls(module):
            resolution = _resolution(call, table, ctx)
            if resolution is None:
                continue
            for arg, change in _keyword_changes(call, resolution):
                if change.kind == "shape_changed":
                    fixed = _fixed_value(arg.value, change)
                    if fixed is not None and fixed is not arg.value:
                        edits[id(arg)] = fixed
        if not edits:
            return module

        class _Fix(cst.CSTTransformer):
            def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
                fixed = edits.get(id(original))
                return updated.with_changes(value=fixed) if fixed is not None else updated

        return module.visit(_Fix())
