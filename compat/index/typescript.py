"""A release of a prebuilt package as TypeScript code sees it: modules by import path, props by name.

The lookups a TypeScript reader needs, over the same symbol index the Python rules use:

- ``module("lib/s3-bucket")``: the index's module key of ``import ... from
  "@cdktf/provider-aws/lib/s3-bucket"`` (the folder from the jsii ``symbolId``, see
  :mod:`compat.index.tslayout`); ``module("")`` is the package root;
- ``namespace("s3Bucket")`` / ``namespace("ec2")``: the module a root import's namespace is
  (``import { ec2 } from "@cdktf/provider-aws"`` in the per-service releases up to 9.x,
  ``import { s3Bucket } from ...`` from 10.x);
- ``props(module, "S3Bucket")``: the constructor config of a construct (or the fields of a
  struct) by their TypeScript names (the jsii property names, camelCase), each with required or
  optional and its shape (a single block is an object literal, a list of blocks an array), and
  the struct of a block, to look into nested literals.

Class names are the same in TypeScript and Python (one jsii type).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from compat.errors import CompatError
from compat.index.model import ClassInfo, ReleaseIndex, Shape
from compat.index.tslayout import TsLayout, TsModule
from compat.record import Record


class TsProp(Record):
    """One property of a construct's config or of a struct, named as TypeScript code names it."""

    name: str  # "serverSideEncryptionConfiguration"
    python_name: str  # "server_side_encryption_configuration"
    shape: Shape  # "block_single": an object literal; "block_list": an array of them
    required: bool
    struct: str | None  # the struct class of a block (same module): look up its props for nested literals


class TsClass(Record):
    """A class of a module with its props by TypeScript name."""

    module: str  # the index's module key
    name: str
    kind: str  # "construct", "struct", "other"
    props: Mapping[str, TsProp]  # by TypeScript name
    meta_props: tuple[
        str, ...
    ]  # Terraform meta-arguments a construct also takes: "dependsOn", "forEach", ...


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class TsRelease:
    """A :class:`ReleaseIndex` with its TypeScript layout (``key -> TsModule``; None: not read)."""

    def __init__(self, index: ReleaseIndex, layout: Mapping[str, TsModule] | None) -> None:
        self.index = index
        self.layout = layout
        # a stored layout (:class:`TsLayout`) answers by decoding only the names asked for
        self._lazy = layout if isinstance(layout, TsLayout) else None

    @cached_property
    def _by_folder(self) -> dict[str, str]:
        return {m.folder: m.key for m in (self.layout or {}).values() if m.folder}

    @cached_property
    def _by_namespace(self) -> dict[str, str]:
        return {m.namespace: m.key for m in (self.layout or {}).values()}

    def _key_of_folder(self, folder: str) -> str | None:
        return self._lazy.key_of_folder(folder) if self._lazy is not None else self._by_folder.get(folder)

    @property
    def has_layout(self) -> bool:
        """Whether the release's TypeScript names were read (else module lookups answer None)."""
        return self.layout is not None

    def module(self, path: str) -> str | None:
        """The module key of a deep import path below the package (``lib/s3-bucket``, also
        ``lib/s3-bucket/index`` or ``./lib/s3-bucket/``); ``""`` for the root; None when the release
        has no such folder (or its layout was not read)."""
        text = path.strip().removeprefix("./").rstrip("/")
        text = text.removesuffix(".js").removesuffix(".d.ts").removesuffix(".ts")
        if text in ("", "index", "lib", "lib/index"):
            return ""
        text = text.removesuffix("/index")
        return self._key_of_folder(text)

    def containing_module(self, path: str) -> str | None:
        """The module whose folder holds ``path``: the module itself, or for a file below a
        submodule folder (``lib/ec2/instance`` in the per-service releases up to 9.x, whose service
        folders hold one file per resource) the submodule of the nearest folder above it. A deep file
        import is a part of that module (its classes are among the module's); None when no folder
        of the release holds the path."""
        exact = self.module(path)
        if exact is not None:
            return exact
        text = path.strip().removeprefix("./").rstrip("/")
        while "/" in text:
            text = text.rsplit("/", 1)[0]
            found = self._key_of_folder(text)
            if found is not None:
                return found
        return None

    def namespace(self, name: str) -> str | None:
        """The module key of a namespace the package root exports (``s3Bucket``, ``ec2``)."""
        if self._lazy is not None:
            return self._lazy.key_of_namespace(name)
        return self._by_namespace.get(name)

    def ts_module(self, key: str) -> TsModule | None:
        """The TypeScript names of a module key (folder and namespace)."""
        return (self.layout or {}).get(key)

    def root_classes(self) -> frozenset[str]:
        """Names the package root exports besides its namespaces (a flat release's every class)."""
        return self.index.exports("") or frozenset()

    def class_props(self, module: str, name: str) -> TsClass | None:
        """A class of ``module`` with its props by TypeScript name; None when the module lacks it."""
        info = self.index.class_info(module, name)
        if info is None:
            return None
        return TsClass(
            module=module,
            name=name,
            kind=info.kind,
            props=_props(info),
            meta_props=tuple(_camel(p) for p in info.meta_params),
        )


def _props(info: ClassInfo) -> dict[str, TsProp]:
    """Props by TypeScript name: the jsii property names the index read from the generated
    ``name_mapping`` (constructs: of their ``<Class>Config``); camelCase of the Python name where
    the generator wrote none (it is the same rule jsii applies)."""
    props: dict[str, TsProp] = {}
    for param in info.params.values():
        name = param.js_name or _camel(param.name)
        props[name] = TsProp(name, param.name, param.shape, param.required, param.struct)
    return props


def open_ts_release(package: str, version: str, *, offline: bool = True) -> TsRelease:
    """One release of a prebuilt package (npm or PyPI name) for TypeScript lookups.

    Raises :class:`CompatError` (one line) as :func:`compat.index.api.open_release_index` does.
    """
    from compat.index.api import open_release_index
    from compat.providers import provider_package

    found = provider_package(package)
    if found is None:
        raise CompatError(f"not a prebuilt provider package: {package!r}")
    index = open_release_index(found.pypi, version, offline=offline)
    return TsRelease(index, index.ts_layout())
