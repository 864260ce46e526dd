"""The rows of the snapshot: binding releases, core releases, and the document holding them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from packaging.version import InvalidVersion, Version

from compat.databuild import facts
from compat.databuild.cli_floor import CLI_PACKAGES, CliFloor
from compat.databuild.cli_sources import CliTables
from compat.databuild.metadata import implied_source, normalize_requirement
from compat.databuild.tasks import BuildStats, Task, WheelFacts
from compat.families import Family
from compat.packed_rows import pack_release_rows
from compat.providers import ProviderPackage
from compat.registry.npm import Packument, provider_fields
from compat.registry.pypi import PyPIProject
from compat.snapshot import (
    CLI_FUNCTIONS,
    NPM_SECTION,
    SCHEMA,
    BindingRelease,
    CoreRelease,
    PackageSummary,
    TerraformFeature,
)


def binding_row(task: Task, result: WheelFacts, packument: Packument | None) -> BindingRelease:
    release = task.release
    npm = packument.get(str(release.version)) if packument else None
    source: str | None
    provider_version: str | None
    origin: str | None
    if npm is not None and npm.provider_version:
        source, provider_version, deprecated, origin = (
            npm.provider_source,
            npm.provider_version,
            npm.deprecated,
            "npm",
        )
    elif result.described_version:
        source, provider_version, origin = result.described_source, result.described_version, "wheel"
        deprecated = result.described_deprecated
        if source is None and task.package.provider == "aws":  # the grouped AWS bindings name no namespace
            source = implied_source("aws")
    elif result.package_json is not None:
        source, provider_version, deprecated = provider_fields(result.package_json)
        # releases up to 7.x state the provider only in the generated JavaScript; up to 6.x
        # without its version (the generator did not record it then): left None
        generator = result.package_json.get("terraformGeneratorMetadata") or {}
        provider_version = provider_version or generator.get("providerVersion")
        name = generator.get("providerName")
        # a bare name is hashicorp/<name> only where that is known (the AWS bindings); a bare
        # "datadog" is DataDog/datadog, so another provider's source is left unknown, never guessed
        if source is None and name and ("/" in name or task.package.provider == "aws"):
            source = implied_source(name)
        deprecated = deprecated or bool(result.package_json.get("deprecated")) or result.described_deprecated
        origin = "wheel" if provider_version else None
    else:
        source = provider_version = origin = None
        deprecated = False
    wheel = release.wheel
    parsed = _provider_version(provider_version)
    if parsed is None:
        origin = None  # the provider's source stays; a version PEP 440 cannot read is no version
    return BindingRelease(
        package=task.package.pypi,
        version=release.version,
        uploaded=release.uploaded,
        provider_source=source,
        provider_version=parsed,
        provider_version_from=origin,
        core_requirement=normalize_requirement(result.core_requirement),
        constructs_requirement=normalize_requirement(result.constructs_requirement),
        requires_python=result.requires_python or (wheel.requires_python if wheel else None),
        yanked=release.yanked,
        deprecated=deprecated,
        engines_node=npm.engines_node if npm is not None else None,
    )


def _provider_version(text: str | None) -> Version | None:
    """The provider version, or None for a missing or placeholder one (some generators wrote
    ``"<unknown>"`` into package.json)."""
    try:
        return Version(text) if text else None
    except InvalidVersion:
        return None


def core_versions(project: PyPIProject, only: Iterable[Version] | None = None) -> list[Version]:
    """The core releases a build reads: those with files (and, with ``only``, among those)."""
    wanted = set(only) if only is not None else None
    return [r.version for r in project.releases if r.files and (wanted is None or r.version in wanted)]


def core_rows(
    family: Family,
    project: PyPIProject,
    only: Iterable[Version] | None = None,
    floors: Mapping[Version, CliFloor] | None = None,
    constructs: Mapping[Version, str | None] | None = None,
) -> list[CoreRelease]:
    """One row per core release; ``floors`` (:func:`compat.databuild.cli_floor.cli_floors`) gives the
    Terraform floor of a core whose CLI is on npm: a release missing from it has none known;
    ``constructs`` (:func:`compat.databuild.core_wheels.core_constructs`) each release's own
    ``constructs`` requirement, read from its wheel."""
    wanted = set(core_versions(project, only))
    rows = []
    for release in project.releases:
        if release.version not in wanted:
            continue
        node = facts.core_fact(facts.NODE_MIN, family.core, release.version)
        if family.core in CLI_PACKAGES:
            floor = (floors or {}).get(release.version)
            terraform_min = floor.terraform if floor else None
        else:
            fact = facts.core_fact(facts.TERRAFORM_MIN, family.core, release.version)
            terraform_min = fact.value if fact else None
        rows.append(
            CoreRelease(
                package=family.core,
                version=release.version,
                uploaded=release.uploaded,
                requires_python=release.requires_python,
                yanked=release.yanked,
                node_min=node.value if node else None,
                terraform_min=terraform_min,
                constructs_requirement=(constructs or {}).get(release.version),
            )
        )
    return rows


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _entry(
    kind: str,
    family: Family,
    rows: Sequence[BindingRelease | CoreRelease],
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    ordered = sorted(rows, key=lambda r: r.version)
    return {
        "kind": kind,
        "line": family.name,
        **({"names": dict(names)} if names else {}),
        "summary": PackageSummary.of(ordered).to_json(),
        **pack_release_rows([r.to_json() for r in ordered]),
    }


def package_names(package: ProviderPackage, newest: WheelFacts | None) -> dict[str, str] | None:
    """The scheme and the npm and import names of a package outside the official schemes, as its
    newest release's wheel states them (jsii ``package.json`` ``name`` and Python target); None for an
    official package (its names follow the scheme)."""
    if package.official or newest is None:
        return None
    names = {"scheme": package.scheme_key}
    document = newest.package_json or {}
    python = document.get("python") or {}
    module = python.get("module") or newest.module
    if isinstance(document.get("name"), str):
        names["npm"] = document["name"]
    if isinstance(module, str):
        names["module"] = module
    return names


def feature_rows(source_features: Sequence[TerraformFeature]) -> list[TerraformFeature]:
    """:data:`facts.FEATURES`, with the rows read from the CLIs' changelogs laid over them: a new key is
    a new row; for a key FEATURES has, each CLI side the changelog states replaces that side."""
    rows = {f.key: f for f in facts.FEATURES}
    for read in source_features:
        base = rows.get(read.key)
        if base is None:
            rows[read.key] = read
            continue
        if read.min_terraform:
            base = base._replace(min_terraform=read.min_terraform, source=read.source)
        if read.opentofu_source:
            base = base._replace(min_opentofu=read.min_opentofu, opentofu_source=read.opentofu_source)
        rows[read.key] = base
    return list(rows.values())


def carried_cli_tables(document: Mapping[str, object]) -> CliTables:
    """What an earlier build read from the CLI repositories, from its snapshot document, so that a build
    without ``--terraform-source`` / ``--opentofu-source`` keeps it."""
    keys = {spec.key for spec in facts.CHANGELOG_FEATURES}
    base = {f.key: f for f in facts.FEATURES}
    stored = document.get("features")
    features = []
    for row in stored if isinstance(stored, list) else []:
        if isinstance(row, dict) and row.get("key") in keys:
            feature = TerraformFeature(**row)
            if feature != base.get(feature.key):
                features.append(feature)
    functions = document.get(CLI_FUNCTIONS)
    tables = (
        {str(k): v for k, v in functions.items() if isinstance(v, dict)}
        if isinstance(functions, dict)
        else {}
    )
    return CliTables(tables, tuple(features))


def snapshot_document(
    bindings: dict[ProviderPackage, list[BindingRelease]],
    cores: dict[Family, list[CoreRelease]],
    sources: dict[str, str],
    stats: BuildStats | None,
    floors: Mapping[str, Mapping[Version, CliFloor]] | None = None,
    npm: dict[str, object] | None = None,
    names: Mapping[str, Mapping[str, str]] | None = None,
    cli_tables: CliTables | None = None,
) -> dict[str, Any]:
    """The JSON document :func:`compat.snapshot.parse_snapshot` reads (schema 1); ``floors``: the CLI
    floors read from npm per core, listed in ``core_facts`` with their tarballs."""
    packages: dict[str, Any] = {}
    for package, rows in sorted(bindings.items(), key=lambda item: item[0].pypi):
        packages[package.pypi] = _entry("bindings", package.family, rows, (names or {}).get(package.pypi))
    for family, core in cores.items():
        packages[family.core] = _entry("core", family, core)
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "built_at": now_utc(),
        "sources": sources,
        "packages": packages,
        "features": [f.to_json() for f in feature_rows(cli_tables.features if cli_tables else ())],
        "core_facts": [
            {"kind": kind, "core": f.core, "versions": str(f.versions), "value": f.value, "source": f.source}
            for kind, table in (("node_min", facts.NODE_MIN), ("terraform_min", facts.TERRAFORM_MIN))
            for f in table
        ]
        + [
            {
                "kind": "terraform_min",
                "core": core,
                "versions": f"=={version}",
                "value": floor.terraform,
                "source": floor.source,
            }
            for core, by_version in (floors or {}).items()
            for version, floor in sorted(by_version.items())
        ],
    }
    if cli_tables is not None and cli_tables.functions:
        document[CLI_FUNCTIONS] = cli_tables.functions
    if npm is not None:
        document[NPM_SECTION] = npm
    if stats is not None:
        document["build"] = stats.to_json()
    return document
