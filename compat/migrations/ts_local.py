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
from compat.migrations.local_layout import nearest_per_resource
from compat.migrations.model import Release
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import LocalMove
from compat.project.local_bindings import InstalledCore, stand_in_release
from compat.versions.providers import AWS_SOURCE

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue
    from compat.project.model import CdktfConfig
    from compat.snapshot import Snapshot


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
        after = after or nearest_per_resource(snapshot, constraint)
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
