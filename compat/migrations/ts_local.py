"""What ``cdktn get`` writes for each provider whose bindings ``cdktf get`` generated (TypeScript).

``cdktn get`` generates one folder per resource (``.gen/providers/aws/s3-bucket``) and a provider root
that exports only namespaces, whatever layout the cdktf CLI used (one flat root up to 0.6, namespaces
per service to 0.12). No index of generated files exists, but the prebuilt releases were made by the
same generator: as ``compat check`` does (:func:`compat.project.local_bindings.stand_in_release`), the
release built for the newest provider the cdktf.json constraint admits stands in, once in the old
CLI's layout (to tell what a root name is: its Terraform type, its struct path) and once per resource
(where that lands). Where no release in the per-resource layout is built for an admitted provider,
the one nearest to the constraint shows the folders as a replacement, never written
(:class:`compat.migrations.ts_imports.LocalMove` ``certain``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.version import Version

from compat.families import CDKTF, CDKTN
from compat.migrations.model import Release
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import LocalMove
from compat.project.local_bindings import InstalledCore, layout_of_release, stand_in_release
from compat.versions.providers import AWS_SOURCE

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue
    from compat.project.model import CdktfConfig
    from compat.snapshot import BindingRelease, Snapshot
    from compat.versions.hashicorp import HashiConstraint


def _nearest(snapshot: Snapshot, constraint: HashiConstraint) -> BindingRelease | None:
    """The per-resource release whose provider is nearest the constraint's floor (the oldest at or
    above it, else the newest), for a replacement to show when none is built for an admitted one."""
    floor = max(
        (c.version for c in constraint.clauses if c.operator in (">=", ">", "~>", "=")),
        default=Version("0"),
    )
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


def local_moves(
    config: CdktfConfig | None,
    generator: Version | None,
    core: Version,
    snapshot: Snapshot | None,
    catalogue: ReleaseCatalogue,
) -> list[LocalMove]:
    """One move per ``terraformProviders`` entry: the stand-ins of its bindings before (the cdktf CLI
    ``generator``, None when unknown) and after the move to the cdktn core ``core``."""
    from compat.typescript.context import provider_folder

    if config is None:
        return []
    moves: list[LocalMove] = []
    old_layout = generator is not None and generator < Version("0.13")
    for entry in config.providers:
        folder = provider_folder(entry.raw)
        requirement = entry.requirement
        if not folder:
            continue
        if requirement.source != AWS_SOURCE or snapshot is None:
            moves.append(LocalMove(folder, entry.text, None, None, None, "", False, old_layout))
            continue
        constraint = requirement.constraint
        after = stand_in_release(snapshot, CDKTN, constraint, InstalledCore(CDKTN.core, core))
        certain = after is not None
        after = after or _nearest(snapshot, constraint)
        before = (
            stand_in_release(snapshot, CDKTF, constraint, InstalledCore(CDKTF.core, generator))
            if generator is not None
            else None
        )
        target = catalogue.open_typescript(Release(after.package, after.version)) if after else None
        source = catalogue.open_typescript(Release(before.package, before.version)) if before else None
        resolver = Resolver(source.index, target.index, catalogue.cache) if source and target else None
        label = f"{after.package} {after.version} (AWS {after.provider_version})" if after else ""
        moves.append(LocalMove(folder, entry.text, source, target, resolver, label, certain, old_layout))
    return moves
