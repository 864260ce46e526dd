"""Value objects of the symbol index and the interface the rules and rewrites use.

Module keys are relative to the bindings package: ``"s3_bucket_versioning"`` for
``cdktf_cdktf_provider_aws.s3_bucket_versioning``, ``""`` for the package root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Literal, Protocol

from compat.record import Record

Shape = Literal["scalar", "scalar_list", "map", "block_single", "block_list", "any"]
ClassKind = Literal["construct", "struct", "other"]

#: Terraform meta-arguments every construct accepts; kept apart from the resource's own parameters.
META_PARAMS = ("connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioners")


class Param(Record):
    """A keyword parameter of a construct's ``__init__`` or a field of a struct."""

    name: str  # Python (snake_case) name
    shape: Shape
    required: bool
    struct: str | None = None  # struct class of a block (same module), for block_single / block_list
    js_name: str | None = None  # JavaScript (camelCase) name: the key dicts inside lists must use


class ClassInfo(Record):
    name: str
    kind: ClassKind
    tf_type: str | None = None  # TF_RESOURCE_TYPE of a construct, e.g. "aws_s3_bucket_versioning"
    params: Mapping[str, Param] = MappingProxyType({})
    meta_params: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()


def construct_positionals(info: ClassInfo) -> tuple[str, ...]:
    """The names of a construct's positional parameters (``scope`` and the construct id); none for
    any other class.

    jsii appends ``_`` to a positional parameter whose name a keyword-only one already has. So a
    resource with an ``id`` argument takes ``id_`` (and ``scope_`` next to a ``scope`` argument):
    read from the generated ``__init__`` of the cdktf-cdktf-provider-random 12.0.1 wheel
    (``scope, id``) and of the aws and azurerm bindings (``scope_, id_``); it holds for every
    construct of cdktf-cdktf-provider-aws 19.33.0 (1,985) and cdktn-provider-aws 23.0.0 (2,258).
    """
    if info.kind != "construct":
        return ()
    keywords = {*info.params, *info.meta_params, *META_PARAMS}
    positional: list[str] = []
    for base in ("scope", "id"):
        name = base
        while name in keywords:
            name += "_"
        positional.append(name)
    return tuple(positional)


class ReleaseIndex(Protocol):
    """What one release of a bindings package exports. Implemented by the on-disk index and by tests."""

    @property
    def package(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def provider_version(self) -> str | None: ...

    def modules(self) -> list[str]:
        """Every module key of the release, sorted."""
        ...

    def exports(self, module: str) -> frozenset[str] | None:
        """The module's ``__all__``, or None when the release has no such module."""
        ...

    def class_info(self, module: str, name: str) -> ClassInfo | None:
        """Details of a class exported by ``module`` (None for unknown names or non-class exports)."""
        ...

    def modules_exporting(self, name: str) -> list[str]:
        """The modules of this release whose ``__all__`` lists ``name``."""
        ...

    def classes_for_tf_type(self, tf_type: str) -> list[tuple[str, str]]:
        """``(module, class)`` of the constructs whose TF_RESOURCE_TYPE is ``tf_type``."""
        ...


#: opens the symbol index of ``(package, version)``, never the network when ``offline`` (the last
#: argument); None when there is none
IndexLoader = Callable[[str, str, bool], "ReleaseIndex | None"]


class MemoryReleaseIndex:
    """An in-memory :class:`ReleaseIndex`: the fake index tests build by hand (a plain class: a
    dataclass is compiled from text when this module is imported, as every check does)."""

    def __init__(
        self,
        package: str,
        version: str,
        provider_version: str | None,
        module_exports: dict[str, frozenset[str]],
        classes: dict[tuple[str, str], ClassInfo] | None = None,
    ) -> None:
        self.package = package
        self.version = version
        self.provider_version = provider_version
        self.module_exports = module_exports
        self.classes = classes if classes is not None else {}

    def modules(self) -> list[str]:
        return sorted(self.module_exports)

    def exports(self, module: str) -> frozenset[str] | None:
        return self.module_exports.get(module)

    def class_info(self, module: str, name: str) -> ClassInfo | None:
        return self.classes.get((module, name))

    def modules_exporting(self, name: str) -> list[str]:
        return sorted(m for m, names in self.module_exports.items() if name in names)

    def classes_for_tf_type(self, tf_type: str) -> list[tuple[str, str]]:
        return sorted(key for key, info in self.classes.items() if info.tf_type == tf_type)


class FindHit(Record):
    """A contiguous run of indexed releases of ``package`` in which ``module`` exports a name."""

    package: str
    module: str
    first_version: str
    last_version: str
