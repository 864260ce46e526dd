"""A slow, plain ``ast`` reading of a generated module: the reference the targeted reader must equal."""

from __future__ import annotations

import ast
import re

from compat.index.model import META_PARAMS, ClassInfo, ClassKind, Param
from compat.index.reader import ModuleInfo, classify

_LINK = re.compile(r"^Represents a \{@link \S+ ([\w.-]+)\}")


def _is_data_type(node: ast.expr) -> ast.Call | None:
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "jsii.data_type":
        return node
    return None


def read_module_ast(source: str) -> ModuleInfo:
    tree = ast.parse(source)
    exports: tuple[str, ...] = ()
    classes: dict[str, ClassInfo] = {}
    structs = {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(_is_data_type(d) for d in node.decorator_list)
    }
    for node in tree.body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["__all__"]:
            exports = tuple(ast.literal_eval(node.value))
        if isinstance(node, ast.ClassDef):
            classes[node.name] = _class(node, structs)
    # the constructor keywords carry the JavaScript names of the matching Config struct
    for name, info in list(classes.items()):
        config = classes.get(name + "Config")
        if info.kind == "construct" and config is not None and config.kind == "struct":
            params = {
                k: Param(
                    k, v.shape, v.required, v.struct, config.params[k].js_name if k in config.params else None
                )
                for k, v in info.params.items()
            }
            classes[name] = ClassInfo(
                name, info.kind, info.tf_type, params, info.meta_params, info.properties
            )
    return ModuleInfo(exports, classes)


def _class(node: ast.ClassDef, structs: set[str]) -> ClassInfo:
    decorator = next((d for d in map(_is_data_type, node.decorator_list) if d is not None), None)
    js_names: dict[str, str] = {}
    meta_base = False
    if decorator is not None:
        for kw in decorator.keywords:
            if kw.arg == "name_mapping":
                js_names = ast.literal_eval(kw.value)
            if kw.arg == "jsii_struct_bases":
                meta_base = "TerraformMetaArguments" in ast.unparse(kw.value)
    init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
    methods = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
    positional = [a.arg for a in init.args.args[1:]] if init else []
    kind: ClassKind
    if decorator is not None:
        kind = "struct"
    elif positional[:1] in (["scope"], ["scope_"]) or "TF_RESOURCE_TYPE" in methods:
        kind = "construct"
    else:
        kind = "other"
    params: dict[str, Param] = {}
    meta: list[str] = []
    if init is not None and kind != "other":
        apart = kind == "construct" or meta_base
        for arg, default in zip(init.args.kwonlyargs, init.args.kw_defaults, strict=True):
            if apart and arg.arg in META_PARAMS:
                meta.append(arg.arg)
                continue
            shape, struct = classify(ast.unparse(arg.annotation) if arg.annotation else "", structs)
            params[arg.arg] = Param(arg.arg, shape, default is None, struct, js_names.get(arg.arg))
    properties: tuple[str, ...] = ()
    tf_type = None
    if kind == "construct":
        properties = tuple(
            sorted(
                {
                    f.name
                    for f in node.body
                    if isinstance(f, ast.FunctionDef)
                    and not f.name.startswith("_")
                    and any(ast.unparse(d) == "builtins.property" for d in f.decorator_list)
                }
            )
        )
        doc = ast.get_docstring(node, clean=False) or ""
        match = _LINK.match(doc)
        tf_type = match.group(1) if match else None
    return ClassInfo(node.name, kind, tf_type, params, tuple(meta), properties)
