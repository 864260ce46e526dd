"""The compatibility matrix: for each Terraform (or OpenTofu) minor, the newest provider / package / core."""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.providers import ProviderPackage
from compat.record import Record
from compat.resolver.model import Target
from compat.resolver.predicates import protocol_floor
from compat.resolver.solve import resolve
from compat.snapshot import Snapshot
from compat.versions.cli_names import Cli


class MatrixRow(Record):
    terraform: str  # "1.5" (evaluated at 1.5.0, the first release of the minor) of Terraform or OpenTofu
    package: str | None
    package_version: Version | None
    provider_version: Version | None
    core: str | None
    core_version: Version | None
    caveats: tuple[str, ...] = ()  # the selection is not verified for this minor (see Verdict.caveats)


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)+")


def _versions(text: str | None, source: str) -> list[tuple[Version, str]]:
    return [(Version(found), source) for found in _NUMBER.findall(text or "")]


def newest_minor(snapshot: Snapshot, cli: Cli = "terraform") -> tuple[Version, str]:
    """The newest version of ``cli`` that the data names, and the source naming it: the feature table
    (built-in rows and the snapshot's), cdktn's function and provider-feature tables
    (``runtimes.json``), the releases that exist (``cli_releases.json``) and, for Terraform, the core
    CLI minimums."""
    from compat.databuild.facts import FEATURES
    from compat.runtimes import load_runtimes
    from compat.versions.cli_releases import load_cli_releases

    seen = [(first_minor(cli), "")]
    for feature in (*FEATURES, *snapshot.features):
        if cli == "opentofu":
            texts = f"{feature.min_opentofu} {feature.opentofu_removed_in}"
            seen += _versions(texts, feature.opentofu_source or "")
        else:
            seen += _versions(f"{feature.min_terraform} {feature.removed_in}", feature.source)
    runtimes = load_runtimes()
    for row in (*runtimes.functions.values(), *runtimes.provider_features.values()):
        seen += _versions(row.opentofu if cli == "opentofu" else row.terraform, runtimes.cdktn_source)
    released = load_cli_releases(cli)
    if released is not None and released.newest is not None:
        newest = released.newest
        seen.append((Version(f"{newest.major}.{newest.minor}"), released.releases[newest]))
    if cli == "terraform":
        for cores in snapshot.cores_by_package.values():
            seen += [(Version(c.terraform_min), f"{c.package} {c.version}") for c in cores if c.terraform_min]
    return max(seen, key=lambda pair: pair[0])


def first_minor(cli: Cli) -> Version:
    """Terraform: the protocol-5 floor (0.12); OpenTofu: its first release, 1.6 (facts._TOFU_BASELINE)."""
    return protocol_floor() if cli == "terraform" else Version("1.6")


def terraform_minors(first: Version, last: Version) -> list[Version]:
    """0.12, 0.13, 0.14, 0.15, 1.0, 1.1, ... up to ``last`` (Terraform jumped from 0.15 to 1.0)."""
    minors: list[Version] = []
    major, minor = first.major, first.minor
    while (major, minor) <= (last.major, last.minor):
        minors.append(Version(f"{major}.{minor}.0"))
        if major == 0 and minor == 15:
            major, minor = 1, 0
        else:
            minor += 1
    return minors


def matrix_package(snapshot: Snapshot, family: str | None, package: str | None) -> ProviderPackage:
    """The package a matrix is for: ``--package`` as a PyPI/npm/import name or a short name such as
    ``google`` (in ``family``, default cdktf), else the family's AWS bindings. Refused when the release
    snapshot has no release of it or its family is not ``family``."""
    from compat.families import FAMILIES

    if family is not None and family not in FAMILIES:
        raise CompatError(f"--line must be cdktf or cdktn, not {family!r}")
    chosen = FAMILIES[family or "cdktf"]
    if not package:
        found = ProviderPackage(chosen, "aws")
    else:
        from compat.resolver.names import provider_named

        found = provider_named(snapshot, package, chosen if family is not None else None)
    if family is not None and found.family != chosen:
        raise CompatError(f"{found.pypi} is a {found.family.name} package, not --line {family}")
    if not snapshot.bindings(found.pypi):
        raise CompatError(f"{found.pypi} is not a prebuilt provider package the release snapshot holds")
    return found


def matrix_target(
    package: ProviderPackage, *, python: str | None, provider: str | None, opentofu: bool
) -> Target:
    """The target every row is resolved for, from the options as given."""
    from compat.resolver.query import package_constraint

    try:
        py = Version(python) if python else None
    except InvalidVersion as error:
        raise CompatError(f"invalid version: {error}") from error
    cli: Cli = "opentofu" if opentofu else "terraform"
    constraint = package_constraint(package, provider)
    return Target(package.family, python=py, provider=constraint, cli=cli, package=package.pypi)


def unknown_provider_releases(snapshot: Snapshot, package: str) -> int:
    """How many releases of ``package`` state no provider version (no source names it: not guessed)."""
    return sum(1 for release in snapshot.bindings(package) if release.provider_version is None)


def matrix(snapshot: Snapshot, target: Target, until: Version | None = None) -> list[MatrixRow]:
    """One row per minor of ``target.cli`` from its first to ``until`` (default: the newest named)."""
    rows = []
    last = until or newest_minor(snapshot, target.cli)[0]
    for terraform in terraform_minors(first_minor(target.cli), last):
        resolution = resolve(snapshot, target._replace(terraform=terraform, terraform_source=""))
        selection = resolution.selection
        label = f"{terraform.major}.{terraform.minor}"
        if selection is None or selection.package is None:  # resolve() always selects a package
            rows.append(MatrixRow(label, None, None, None, None, None))
        else:
            rows.append(
                MatrixRow(
                    label,
                    selection.package.package,
                    selection.package.version,
                    selection.provider_version,
                    selection.core.package,
                    selection.core.version,
                    selection.caveats,
                )
            )
    return rows
