"""The compatibility matrix: for each Terraform minor, the newest provider / package / core allowed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from packaging.version import Version

from compat.resolver.model import Target
from compat.resolver.predicates import protocol_floor
from compat.resolver.solve import resolve
from compat.snapshot import Snapshot


@dataclass(frozen=True)
class MatrixRow:
    terraform: str  # "1.5" (evaluated at 1.5.0, the first release of the minor)
    package: str | None
    package_version: Version | None
    provider_version: Version | None
    core: str | None
    core_version: Version | None


def newest_terraform_minor(snapshot: Snapshot) -> Version:
    """The newest Terraform minor the snapshot mentions (features and core CLI minimums)."""
    seen = [Version("1.0")]
    for feature in snapshot.features:
        seen += [Version(v) for v in (feature.min_terraform, feature.removed_in) if v]
    for cores in snapshot.cores_by_package.values():
        seen += [Version(c.terraform_min) for c in cores if c.terraform_min]
    return max(seen)


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


def matrix(snapshot: Snapshot, target: Target, until: Version | None = None) -> list[MatrixRow]:
    rows = []
    for terraform in terraform_minors(protocol_floor(), until or newest_terraform_minor(snapshot)):
        resolution = resolve(snapshot, replace(target, terraform=terraform, terraform_source=""))
        selection = resolution.selection
        label = f"{terraform.major}.{terraform.minor}"
        if selection is None:
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
                )
            )
    return rows
