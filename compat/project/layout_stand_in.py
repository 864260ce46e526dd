"""Where ``get`` puts each class of a provider in the per-resource layout, read from the symbol index
of a prebuilt release standing in for what it generates (the same generator made both).

Never guessed from the class name: ``AwsProviderAssumeRole`` is a struct of the ``provider`` module,
``S3BucketVersioningVersioningConfiguration`` one of ``s3_bucket_versioning``. ``compat check``
(IMP005) and ``compat migrate`` (the old-layout rewrite) choose the stand-in here:

- AWS: :func:`compat.project.local_bindings.stand_in_release` (built for the newest provider the
  cdktf.json constraint admits, in the per-resource layout); where none is built for an admitted
  provider (``aws@~> 3.67.0``: the first per-resource release is built for AWS 4.33), the one nearest
  the constraint (:func:`nearest_per_resource`), which is said to be an assumption;
- another provider: among the releases of its prebuilt packages (the core's family first) built for
  that provider, the one built for the newest provider the constraint admits; else the indexed one
  nearest the constraint, each answer checked against the newest indexed release of the family's
  package (``guard``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.families import CDKTF, CDKTN, FAMILIES, Family
from compat.project.local_bindings import InstalledCore, layout_of_release, stand_in_release
from compat.record import Record
from compat.versions.providers import AWS_SOURCE

if TYPE_CHECKING:
    from compat.index.model import IndexLoader, ReleaseIndex
    from compat.snapshot import BindingRelease, Snapshot
    from compat.versions.hashicorp import HashiConstraint

#: the indexed versions of a package
Indexed = Callable[[str], Collection[Version]]


class LayoutStandIn(Record):
    """The release whose symbol index says where ``get`` puts each class of one provider."""

    symbols: ReleaseIndex | None
    label: str  # "cdktf-cdktf-provider-aws 10.0.0 (AWS 4.33.0)"
    certain: bool  # built for a provider the cdktf.json constraint admits
    guard: ReleaseIndex | None  # where an uncertain stand-in's answer must agree
    reason: str  # why no index, when ``symbols`` is None

    def place(self, top: str, name: str) -> tuple[str | None, str]:
        """The module of class ``name`` (None, and why, when the index does not say one)."""
        if self.symbols is None:
            return None, self.reason
        modules = self.symbols.modules_exporting(name)
        if not modules:
            return None, f"{self.label} has no class {name}"
        if len(modules) > 1:
            return None, f"{self.label} exports {name} from {', '.join(modules)}"
        if not self.certain and self.guard is not None:
            other = self.guard.modules_exporting(name)
            if other and other != modules:
                return None, (
                    f"{self.label} keeps it in {modules[0]}, {self.guard.package} {self.guard.version} "
                    f"in {', '.join(other)}"
                )
        return modules[0], ""


class StandInChoice(Record):
    """The release chosen to stand in (None: none, and ``reason``), before its index is opened."""

    release: BindingRelease | None
    certain: bool
    guard: BindingRelease | None  # an uncertain choice's answers must agree with this release's
    reason: str


def indexed_releases(package: str) -> tuple[Version, ...]:
    """The releases of ``package`` the symbol index holds (none when it cannot be read): an
    :data:`Indexed` for a caller without a release catalogue (``compat check``)."""
    import sqlite3

    from compat.errors import CompatError
    from compat.index import indexed_versions

    try:
        return tuple(Version(v) for v in indexed_versions(package))
    except (CompatError, sqlite3.Error, OSError):
        return ()


def release_label(release: BindingRelease) -> str:
    kind = (release.provider_source or "aws").rsplit("/", 1)[-1]
    return (
        f"{release.package} {release.version} ({'AWS' if kind == 'aws' else kind} {release.provider_version})"
    )


def open_stand_in(
    choice: StandInChoice, loader: IndexLoader, offline: bool, guard: ReleaseIndex | None = None
) -> LayoutStandIn:
    """The chosen release with its symbol index (``loader``, as a check opens one), if it is indexed and
    in the per-resource layout (``guard``: the index an uncertain answer must agree with, else the
    choice's own guard release)."""
    release = choice.release
    if release is None:
        return LayoutStandIn(None, "", False, None, choice.reason)
    label = release_label(release)
    index = loader(release.package, str(release.version), offline)
    if index is None:
        reason = f"{label} is not indexed (compat index build {release.package}=={release.version})"
        return LayoutStandIn(None, label, choice.certain, None, reason)
    if any(name[:1].isupper() for name in index.exports("") or ()):
        return LayoutStandIn(None, label, choice.certain, None, f"{label} is not in the per-resource layout")
    if guard is None and choice.guard is not None and not choice.certain:
        guard = loader(choice.guard.package, str(choice.guard.version), offline)
    return LayoutStandIn(index, label, choice.certain, guard, "")


def choose_stand_in(
    snapshot: Snapshot | None,
    source: str,
    constraint: HashiConstraint,
    core: InstalledCore,
    indexed: Indexed,
) -> StandInChoice:
    """The release standing in for what ``get`` of ``core`` generates for one cdktf.json entry (the
    provider's ``source`` address and ``constraint``)."""
    if snapshot is None:
        return StandInChoice(None, False, None, "no release data to stand in for the generated bindings")
    if source == AWS_SOURCE:
        return _aws_choice(snapshot, constraint, core)
    return _other_choice(snapshot, source, constraint, FAMILIES.get(core.name, CDKTN), indexed)


def _aws_choice(snapshot: Snapshot, constraint: HashiConstraint, core: InstalledCore) -> StandInChoice:
    release = stand_in_release(snapshot, FAMILIES.get(core.name, CDKTN), constraint, core)
    if release is not None:
        return StandInChoice(release, True, None, "")
    nearest = nearest_per_resource(snapshot, constraint)
    if nearest is None:
        return StandInChoice(None, False, None, "no prebuilt release in the per-resource layout is known")
    return StandInChoice(nearest, False, None, "")


def _other_choice(
    snapshot: Snapshot, address: str, constraint: HashiConstraint, family: Family, indexed: Indexed
) -> StandInChoice:
    from compat.providers import ProviderPackage

    kind = address.rsplit("/", 1)[-1]
    source = address.lower()
    packages = [
        ProviderPackage(f, kind).pypi for f in (family, *(f for f in FAMILIES.values() if f != family))
    ]
    releases = [
        r
        for package in packages
        for r in snapshot.bindings(package)
        if not r.yanked and r.provider_version is not None and (r.provider_source or "").lower() == source
    ]
    if not releases:
        return StandInChoice(None, False, None, f"no prebuilt package is built for {address}")

    def rank(release: BindingRelease) -> tuple[Version, bool, Version]:
        assert release.provider_version is not None
        return release.provider_version, release.package == packages[0], release.version

    admitted = [
        r for r in releases if r.provider_version is not None and constraint.allows(r.provider_version)
    ]
    if admitted:
        return StandInChoice(max(admitted, key=rank), True, None, "")
    indexed_releases = [r for r in releases if r.version in indexed(r.package)]
    if not indexed_releases:
        return StandInChoice(None, False, None, f"no release built for {address} is indexed")
    floor = constraint_floor(constraint)
    above = [r for r in indexed_releases if r.provider_version is not None and r.provider_version >= floor]
    nearest = min(above, key=rank) if above else max(indexed_releases, key=rank)
    newest = max((r for r in indexed_releases if r.package == packages[0]), key=rank, default=None)
    return StandInChoice(nearest, False, newest if newest != nearest else None, "")


def nearest_per_resource(snapshot: Snapshot, constraint: HashiConstraint) -> BindingRelease | None:
    """The per-resource AWS release whose provider is nearest the constraint's floor (the oldest at or
    above it, else the newest), for a replacement to show when none is built for an admitted one."""
    floor = constraint_floor(constraint)
    candidates = [
        r
        for package in (CDKTN.bindings, CDKTF.bindings)
        for r in snapshot.bindings(package)
        if not r.yanked and r.provider_version is not None and layout_of_release(r) == "resource"
    ]

    def provider(release: BindingRelease) -> tuple[Version, bool]:
        assert release.provider_version is not None
        return release.provider_version, release.package != CDKTN.bindings

    above = [r for r in candidates if r.provider_version is not None and r.provider_version >= floor]
    if above:
        return min(above, key=provider)
    return max(candidates, key=provider, default=None)


def constraint_floor(constraint: HashiConstraint) -> Version:
    """The lowest provider version a constraint names as a bound (0 when it names none)."""
    return max(
        (c.version for c in constraint.clauses if c.operator in (">=", ">", "~>", "=")),
        default=Version("0"),
    )


class ClassImports(Record):
    """The imports to write for classes of one generated package, grouped by module."""

    imports: tuple[str, ...]  # "from imports.random.integer import Integer"
    unplaced: tuple[str, ...]  # the classes no index places

    @property
    def text(self) -> str:
        return "; ".join(self.imports)


def class_imports(package: str, names: Collection[str], place: Callable[[str], str | None]) -> ClassImports:
    """``from <package>.<module> import ...`` for each class ``place`` (a symbol index's answer) puts in
    one module, in the order the classes come; the others are ``unplaced``."""
    grouped: dict[str, list[str]] = {}
    unplaced: list[str] = []
    for name in names:
        module = place(name)
        if module is None:
            unplaced.append(name)
        else:
            grouped.setdefault(module, []).append(name)
    imports = tuple(f"from {package}.{module} import {', '.join(found)}" for module, found in grouped.items())
    return ClassImports(imports, tuple(unplaced))
