"""The symbol index of a release from its jsii assembly, for releases that have no wheel.

npm lists releases PyPI never got (``@cdktf/provider-aws`` 10.0.5, 14.0.0, ``@cdktf/provider-azurerm``
0.2.8, ...: the npm-only releases of the snapshot's ``npm`` section). Their npm tarball holds the
same ``package/.jsii`` the wheels embed; this module reads it into the index's value objects, the
same ones :mod:`compat.index.reader` makes from generated Python, so every rule and lookup works
unchanged:

- a module per jsii submodule (key: jsii's Python name of it, :func:`compat.index.tslayout.snake_case`;
  the root ``""``), exporting the names of its types; the root also lists the submodule keys, as
  the generated ``__init__.py`` does;
- a construct (a class whose initializer takes ``scope``) has the properties of its config struct as
  parameters (the Terraform meta-arguments of ``cdktf.TerraformMetaArguments`` kept apart), a struct
  (``datatype`` interface) its own and inherited properties; each parameter's Python name is the
  snake_case of its jsii name, which is its ``js_name``;
- the meta-arguments: all of ``META_PARAMS`` for a struct extending one of the core's
  ``*MetaArguments`` interfaces (the core's assembly is not at hand: old cores had fewer, e.g. no
  ``forEach`` before 0.13, ephemeral resources take five, so a meta-argument the installed core
  lacks is accepted, never reported);
- shapes from the jsii type references: a struct is a single block, an array of structs (also in a
  union with ``IResolvable``) a list of blocks, as the generated Python annotations say.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from typing import Any

from compat.index.model import META_PARAMS, ClassInfo, ClassKind, Param, Shape
from compat.index.reader import ModuleInfo
from compat.index.tslayout import snake_case

_META = frozenset(META_PARAMS)
#: the core's meta-argument interfaces: cdktf.TerraformMetaArguments, cdktn.TerraformMetaArguments, and
#: those of ephemeral resources (count, dependsOn, forEach, lifecycle, provider)
_META_INTERFACE = "MetaArguments"
_TF_TYPE = re.compile(r"\{@link \S+ ([\w.-]+)\}")
_PROVIDER_VERSION = re.compile(r"registry\.terraform\.io/providers/[\w-]+/[\w-]+/(\d+\.\d+\.\d+[\w.-]*)/docs")


def python_name(name: str) -> str:
    """jsii's Python name of a property: ``forceDestroy`` -> ``force_destroy``, a keyword gets an
    underscore (``lambda`` -> ``lambda_``, ``and`` -> ``and_``)."""
    key = snake_case(name)
    return key + "_" if keyword.iskeyword(key) else key


class _Assembly:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.name: str = doc["name"]
        self.types: Mapping[str, Any] = doc.get("types") or {}

    def place(self, fqn: str) -> tuple[str, str] | None:
        """``(jsii submodule name or "", type name)`` of one of the assembly's own types."""
        if not fqn.startswith(self.name + "."):
            return None
        parts = fqn[len(self.name) + 1 :].split(".")
        if len(parts) == 1:
            return "", parts[0]
        if len(parts) == 2:
            return parts[0], parts[1]
        return None  # a type nested in another (none in the prebuilt packages)

    def is_struct(self, fqn: str) -> bool:
        found = self.types.get(fqn)
        return isinstance(found, dict) and found.get("kind") == "interface" and bool(found.get("datatype"))

    def shape(self, ref: Mapping[str, object]) -> tuple[Shape, str | None]:
        """The shape of a property type and the struct of a block (its type name), decided as
        :func:`compat.index.reader.classify` decides it from the generated Python annotation: a struct
        anywhere in the type makes a block (a list of blocks when the type is an array or a union
        with one), else a map anywhere makes a map, else an array a list of scalars."""
        structs: list[str] = []
        found = {"list": False, "map": False}

        def walk(node: Mapping[str, Any], top: bool) -> None:
            if "union" in node:
                for member in node["union"].get("types", []):
                    walk(member, top)
                return
            collection = node.get("collection")
            if isinstance(collection, dict):
                if collection.get("kind") == "map":
                    found["map"] = True
                elif top:
                    found["list"] = True
                walk(collection.get("elementtype") or {}, False)
                return
            fqn = node.get("fqn")
            if isinstance(fqn, str) and self.is_struct(fqn):
                structs.append(fqn.rpartition(".")[2])

        walk(ref, True)
        if structs:
            return ("block_list" if found["list"] else "block_single"), structs[0]
        if found["map"]:
            return "map", None
        if found["list"]:
            return "scalar_list", None
        if ref.get("primitive") == "any":
            return "any", None
        return "scalar", None

    def struct_properties(
        self, fqn: str, seen: frozenset[str] = frozenset()
    ) -> tuple[list[dict[str, Any]], bool]:
        """The properties of a struct with those it inherits from the assembly's own structs, and
        whether it extends ``cdktf.TerraformMetaArguments``."""
        found = self.types.get(fqn) or {}
        props = list(found.get("properties") or [])
        meta = False
        for parent in found.get("interfaces") or []:
            if parent.endswith(_META_INTERFACE) and parent not in self.types:  # cdktf.* or cdktn.*
                meta = True
            elif parent in self.types and parent not in seen:
                inherited, parent_meta = self.struct_properties(parent, seen | {fqn})
                props += inherited
                meta = meta or parent_meta
        return props, meta

    def params(self, fqn: str) -> tuple[dict[str, Param], tuple[str, ...]]:
        props, meta = self.struct_properties(fqn)
        params: dict[str, Param] = {}
        for prop in props:
            name = prop.get("name")
            if not isinstance(name, str):
                continue
            key = python_name(name)
            if meta and key in _META:
                continue
            shape, struct = self.shape(prop.get("type") or {})
            params[key] = Param(key, shape, not prop.get("optional", False), struct, name)
        return params, (tuple(p for p in META_PARAMS) if meta else ())

    def class_info(self, fqn: str, name: str) -> ClassInfo:
        found = self.types[fqn]
        kind: ClassKind = "other"
        params: dict[str, Param] = {}
        meta: tuple[str, ...] = ()
        properties: tuple[str, ...] = ()
        tf_type = None
        if found.get("kind") == "interface" and found.get("datatype"):
            kind = "struct"
            params, meta = self.params(fqn)
        elif found.get("kind") == "class":
            arguments = (found.get("initializer") or {}).get("parameters") or []
            if arguments and arguments[0].get("name") == "scope":
                kind = "construct"
                config = next(
                    (
                        a["type"]["fqn"]
                        for a in arguments[2:3]
                        if isinstance(a.get("type", {}).get("fqn"), str)
                    ),
                    None,
                )
                if config is not None and config in self.types:
                    params, meta = self.params(config)
                properties = tuple(
                    sorted(
                        {python_name(p["name"]) for p in found.get("properties") or [] if not p.get("static")}
                    )
                )
                link = _TF_TYPE.search((found.get("docs") or {}).get("summary") or "")
                tf_type = link.group(1) if link else None
        return ClassInfo(name, kind, tf_type, params, meta, properties)


def read_assembly(doc: Mapping[str, Any]) -> tuple[dict[str, ModuleInfo], dict[str, str | None]]:
    """The modules of a release (by module key) and its submodule table (as :mod:`tslayout` reads it)."""
    assembly = _Assembly(doc)
    submodules: dict[str, str | None] = {}
    for fqn, row in (doc.get("submodules") or {}).items():
        place = assembly.place(fqn)
        if place is not None and place[0] == "" and isinstance(row, dict):
            symbol = row.get("symbolId")
            submodules[place[1]] = symbol if isinstance(symbol, str) else None
    members: dict[str, list[tuple[str, str]]] = {"": []}
    for name in submodules:
        members.setdefault(name, [])
    provider_version = None
    for fqn, found in assembly.types.items():
        place = assembly.place(fqn)
        if place is None or not isinstance(found, dict):
            continue
        members.setdefault(place[0], []).append((fqn, place[1]))
        if provider_version is None:
            match = _PROVIDER_VERSION.search((found.get("docs") or {}).get("summary") or "")
            provider_version = match.group(1) if match else None
    modules: dict[str, ModuleInfo] = {}
    for submodule, types in members.items():
        key = snake_case(submodule) if submodule else ""
        classes = {name: assembly.class_info(fqn, name) for fqn, name in types}
        exports = sorted(classes)
        if not submodule:
            exports += sorted(snake_case(name) for name in submodules)
        modules[key] = ModuleInfo(tuple(exports), classes, provider_version)
    return modules, submodules
