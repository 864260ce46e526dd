"""Prebuilt packages of one project must agree on the core: each release pins one core minor.

pip installs one ``cdktf`` (or ``cdktn``) for the whole environment, so every prebuilt package's
Requires-Dist on the core must admit that one version: ``cdktf-cdktf-provider-aws 10.0.2`` needs
``cdktf<0.14`` while ``cdktf-cdktf-provider-local 4.0.0`` needs ``>=0.14`` (terraform-cdk#2319).
These functions decide that from the snapshot alone, for exact releases (a conflict) and for the
newest set that can coexist (the fix ``check`` names and ``pin`` writes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import combinations

from packaging.version import Version

from compat.record import Record
from compat.snapshot import BindingRelease, Snapshot


def _stable_cores(snapshot: Snapshot, core: str) -> list[Version]:
    """Installable core versions, newest first (pip picks no pre-release or yanked one unasked)."""
    rows = snapshot.cores(core)
    return [r.version for r in reversed(rows) if not r.yanked and not r.version.is_prerelease]


def common_cores(snapshot: Snapshot, core: str, releases: Sequence[BindingRelease]) -> list[Version]:
    """The core versions every one of ``releases`` admits, newest first."""
    return [v for v in _stable_cores(snapshot, core) if all(r.core_specifier.contains(v) for r in releases)]


def conflicting_pairs(
    snapshot: Snapshot, core: str, releases: Sequence[BindingRelease]
) -> list[tuple[BindingRelease, BindingRelease]]:
    """Pairs of ``releases`` whose core requirements admit no common core release."""
    return [(a, b) for a, b in combinations(releases, 2) if not common_cores(snapshot, core, (a, b))]


class JointSet(Record):
    """One core version and, per package, the newest release that admits it."""

    core: str
    core_version: Version
    releases: Mapping[str, BindingRelease]

    def describe(self) -> str:
        packages = ", ".join(f"{name} {r.version}" for name, r in self.releases.items())
        return f"{self.core} {self.core_version} with {packages}"


Accept = Callable[[BindingRelease], bool]


def newest_joint_set(
    snapshot: Snapshot,
    core: str,
    packages: Sequence[str],
    *,
    accept: Accept | None = None,
    core_ok: Callable[[Version], bool] | None = None,
) -> JointSet | None:
    """The newest core for which every package has an accepted release, with those releases.

    ``accept`` filters releases (provider constraint, Python, Terraform protocol...); yanked ones
    are never chosen. ``None`` when no core admits a release of every package.
    """
    candidates = {
        name: [r for r in reversed(snapshot.bindings(name)) if not r.yanked and (accept is None or accept(r))]
        for name in packages
    }
    for version in _stable_cores(snapshot, core):
        if core_ok is not None and not core_ok(version):
            continue
        chosen: dict[str, BindingRelease] = {}
        for name, releases in candidates.items():
            found = next(
                (r for r in releases if r.core_name == core and r.core_specifier.contains(version)), None
            )
            if found is None:
                break
            chosen[name] = found
        else:
            return JointSet(core, version, chosen)
    return None
