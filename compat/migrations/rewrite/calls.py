"""Calls of bindings classes: fix unambiguous block-shape changes, report removed parameters.

A single-element list literal passed where the target release takes one block is unwrapped; a dict
or struct call passed where it now takes a list is wrapped in ``[...]``. Anything else about a
changed or removed parameter is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper

from compat.index.model import ClassInfo, Param, ReleaseIndex
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


def _fixed_value(
    value: cst.BaseExpression, change: Change, struct: StructLookup | None = None
) -> cst.BaseExpression | None:
    """The rewritten argument for a shape change, or None when the fix is not unambiguous.

    A dict literal changes key style with its place: passed directly for one block it goes through
    ``Struct(**d)`` and needs the Python (snake_case) keys; inside a list it reaches the JavaScript
    side unconverted and needs the JavaScript (camelCase) keys. Keys follow the move.
    """
    if change.before == "block_list" and change.after == "block_single":
        if (
            isinstance(value, cst.List)
            and len(value.elements) == 1
            and isinstance(value.elements[0], cst.Element)
        ):
            inner = value.elements[0].value
            return _convert_keys(inner, struct, to_js=False) if isinstance(inner, cst.Dict) else inner
        return None
    if change.before == "block_single" and change.after == "block_list":
        if isinstance(value, cst.Dict):
            return cst.List([cst.Element(_convert_keys(value, struct, to_js=True))])
        if isinstance(value, cst.Call):
            return cst.List([cst.Element(value)])
        if isinstance(value, (cst.List, cst.Tuple)):
            return value  # already a list
        return None
    return None


@dataclass(frozen=True)
class StructLookup:
    """The struct class of a block in the target release, and where to find nested ones."""

    index: ReleaseIndex
    module: str
    info: ClassInfo


def _struct_of(index: ReleaseIndex, module: str, cls: str, param: str) -> StructLookup | None:
    owner = index.class_info(module, cls)
    field = owner.params.get(param) if owner else None
    if field is None or field.struct is None:
        return None
    info = index.class_info(module, field.struct)
    return StructLookup(index, module, info) if info else None


def _convert_keys(d: cst.Dict, struct: StructLookup | None, *, to_js: bool) -> cst.Dict:
    if struct is None:
        return d
    by_key: dict[str, Param] = {}
    for field in struct.info.params.values():
        by_key[field.name] = field
        if field.js_name:
            by_key.setdefault(field.js_name, field)
    elements: list[cst.BaseDictElement] = []
    for element in d.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
            elements.append(element)
            continue
        raw = element.key.evaluated_value
        param = by_key.get(raw) if isinstance(raw, str) else None
        if param is None:
            elements.append(element)
            continue
        wanted = (param.js_name or param.name) if to_js else param.name
        key = element.key
        quote = key.quote
        new_key = key.with_changes(value=f"{key.prefix}{quote}{wanted}{quote}")
        value = element.value
        if param.shape == "block_single" and param.struct and isinstance(value, cst.Dict):
            nested = struct.index.class_info(struct.module, param.struct)
            if nested is not None:
                value = _convert_keys(value, StructLookup(struct.index, struct.module, nested), to_js=to_js)
        elements.append(element.with_changes(key=new_key, value=value))
    return d.with_changes(elements=elements)


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
            target = resolution.target
            for arg, change in _keyword_changes(call, resolution):
                if change.kind == "shape_changed" and target is not None and change.param:
                    struct = _struct_of(ctx.resolver.target, target.module, target.name, change.param)
                    fixed = _fixed_value(arg.value, change, struct)
                    if fixed is not None and fixed is not arg.value:
                        edits[id(arg)] = fixed
        if not edits:
            return module

        class _Fix(cst.CSTTransformer):
            def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
                fixed = edits.get(id(original))
                return updated.with_changes(value=fixed) if fixed is not None else updated

        return module.visit(_Fix())
