"""The release snapshot: every release of both lines, read from ``data/releases.json``.

The file is written by ``compat data build`` (see :mod:`compat.databuild`), never by hand;
``compat data refresh`` stores newer releases in the cache, which :func:`load_snapshot`
lays over the embedded file.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError

SCHEMA = 1
FILENAME = "releases.json"


@dataclass(frozen=True)
class BindingRelease:
    """One release of a prebuilt provider package of either line (``cdktf-cdktf-provider-aws``,
    ``cdktn-provider-google``, ...)."""

    package: str
    version: Version
    uploaded: str  # ISO 8601, UTC, from PyPI
    provider_source: str | None  # "registry.terraform.io/hashicorp/aws"
    provider_version: Version | None
    provider_version_from: str | None  # "npm" or "wheel"
    core_requirement: str | None  # the Requires-Dist line for the core, e.g. "cdktf<0.22.0,>=0.21.0"
    constructs_requirement: str | None  # e.g. "constructs<11.0.0,>=10.4.2"
    requires_python: str | None
    yanked: bool
    deprecated: bool
    engines_node: str | None = None  # npm ``engines.node`` of the same version, e.g. ">= 18.12.0"

    @cached_property
    def core(self) -> Requirement | None:
        return Requirement(self.core_requirement) if self.core_requirement else None

    @property
    def core_name(self) -> str | None:
        return self.core.name if self.core else None

    @property
    def core_specifier(self) -> SpecifierSet:
        return self.core.specifier if self.core else SpecifierSet()

    @property
    def python_specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": str(self.version),
            "uploaded": self.uploaded,
            "provider_source": self.provider_source,
            "provider_version": str(self.provider_version) if self.provider_version else None,
            "provider_version_from": self.provider_version_from,
            "core_requirement": self.core_requirement,
            "constructs_requirement": self.constructs_requirement,
            "requires_python": self.requires_python,
            "yanked": self.yanked,
            "deprecated": self.deprecated,
            "engines_node": self.engines_node,
        }


@dataclass(frozen=True)
class CoreRelease:
    """One release of a core library (``cdktf`` or ``cdktn``)."""

    package: str
    version: Version
    uploaded: str
    requires_python: str | None
    yanked: bool
    node_min: str | None  # minimum Node.js of the jsii runtime
    terraform_min: str | None  # the Terraform version below which the core's CLI warns

    @property
    def python_specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": str(self.version),
            "uploaded": self.uploaded,
            "requires_python": self.requires_python,
            "yanked": self.yanked,
            "node_min": self.node_min,
            "terraform_min": self.terraform_min,
        }


@dataclass(frozen=True)
class TerraformFeature:
    """A language or backend feature that can appear in synthesized JSON and needs a newer CLI."""

    key: str  # stable id, e.g. "s3_backend_use_lockfile"
    description: str
    min_terraform: str | None  # first CLI version that accepts it
    removed_in: str | None  # first CLI version that rejects it (removed S3 backend arguments)
    provider_min: str | None  # AWS provider version that introduced it, where that matters
    source: str  # URL of the changelog or documentation stating it

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "description": self.description,
            "min_terraform": self.min_terraform,
            "removed_in": self.removed_in,
            "provider_min": self.provider_min,
            "source": self.source,
        }


@dataclass
class Snapshot:
    built_at: str
    bindings_by_package: dict[str, list[BindingRelease]] = field(default_factory=dict)
    cores_by_package: dict[str, list[CoreRelease]] = field(default_factory=dict)
    features: list[TerraformFeature] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def bindings(self, package: str) -> list[BindingRelease]:
        """All releases of ``package``, oldest first."""
        return self.bindings_by_package.get(package, [])

    def cores(self, package: str) -> list[CoreRelease]:
        return self.cores_by_package.get(package, [])

    def binding(self, package: str, version: str | Version) -> BindingRelease | None:
        wanted = Version(str(version))
        return next((r for r in self.bindings(package) if r.version == wanted), None)

    def core(self, package: str, version: str | Version) -> CoreRelease | None:
        wanted = Version(str(version))
        return next((r for r in self.cores(package) if r.version == wanted), None)


def _version(text: Any, where: str) -> Version:
    try:
        return Version(str(text))
    except InvalidVersion as error:
        raise CompatError(f"snapshot: invalid version {text!r} in {where}") from error


def _binding(package: str, row: dict[str, Any]) -> BindingRelease:
    provider = row.get("provider_version")
    return BindingRelease(
        package=package,
        version=_version(row["version"], package),
        uploaded=row.get("uploaded") or "",
        provider_source=row.get("provider_source"),
        provider_version=_version(provider, package) if provider else None,
        provider_version_from=row.get("provider_version_from"),
        core_requirement=row.get("core_requirement"),
        constructs_requirement=row.get("constructs_requirement"),
        requires_python=row.get("requires_python"),
        yanked=bool(row.get("yanked")),
        deprecated=bool(row.get("deprecated")),
        engines_node=row.get("engines_node"),
    )


def _core(package: str, row: dict[str, Any]) -> CoreRelease:
    return CoreRelease(
        package=package,
        version=_version(row["version"], package),
        uploaded=row.get("uploaded") or "",
        requires_python=row.get("requires_python"),
        yanked=bool(row.get("yanked")),
        node_min=row.get("node_min"),
        terraform_min=row.get("terraform_min"),
    )


def parse_snapshot(document: dict[str, Any]) -> Snapshot:
    """A :class:`Snapshot` from the JSON document ``compat data build`` writes."""
    if document.get("schema") != SCHEMA:
        raise CompatError(f"snapshot schema {document.get('schema')!r} is not {SCHEMA}: rebuild the data")
    snapshot = Snapshot(built_at=document.get("built_at", ""), sources=document.get("sources", {}))
    try:
        for package, entry in document["packages"].items():
            if entry["kind"] == "bindings":
                rows = [_binding(package, row) for row in entry["releases"]]
                snapshot.bindings_by_package[package] = sorted(rows, key=lambda r: r.version)
            else:
                cores = [_core(package, row) for row in entry["releases"]]
                snapshot.cores_by_package[package] = sorted(cores, key=lambda r: r.version)
        snapshot.features = [TerraformFeature(**row) for row in document.get("features", [])]
    except (KeyError, TypeError, InvalidRequirement) as error:
        raise CompatError(f"snapshot is malformed: {error}") from error
    return snapshot


def merge(base: Snapshot, newer: Snapshot) -> Snapshot:
    """``base`` with the releases of ``newer`` added (``newer`` wins for the same version)."""
    merged = Snapshot(built_at=base.built_at, features=base.features or newer.features, sources=base.sources)
    for attr in ("bindings_by_package", "cores_by_package"):
        target: dict[str, list[Any]] = getattr(merged, attr)
        for source in (base, newer):
            for package, rows in getattr(source, attr).items():
                by_version = {r.version: r for r in target.get(package, [])}
                by_version.update({r.version: r for r in rows})
                target[package] = sorted(by_version.values(), key=lambda r: r.version)
    return merged


def read_snapshot(path: Path) -> Snapshot:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CompatError(f"no release snapshot at {path}: run 'compat data build'") from error
    except (OSError, ValueError) as error:
        raise CompatError(f"cannot read the release snapshot {path}: {error}") from error
    return parse_snapshot(document)


_loaded: Snapshot | None = None


def load_snapshot() -> Snapshot:
    """The embedded snapshot, with releases added by ``compat data refresh`` laid over it."""
    global _loaded
    if _loaded is None:
        from compat.paths import cache_dir, data_dir

        snapshot = read_snapshot(data_dir() / FILENAME)
        refreshed = cache_dir() / FILENAME
        if refreshed.is_file():
            with contextlib.suppress(CompatError):  # a broken cache never hides the embedded snapshot
                snapshot = merge(snapshot, read_snapshot(refreshed))
        _loaded = snapshot
    return _loaded
