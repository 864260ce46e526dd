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
    from compat.versions.hashicorp import HashiConstraint


def local_moves(
    config: CdktfConfig | None,
    generator: Version | None,
    core: Version,
    snapshot: Snapshot | None,
    catalogue: ReleaseCatalogue,
    moved_json: str | None = None,
) -> list[LocalMove]:
    """One move per ``terraformProviders`` entry: the stand-ins of its bindings before (the cdktf CLI
    ``generator``, None when unknown) and after the move to the cdktn core ``core``; ``moved_json``: the
    text of cdktf.json as the move leaves it, whose entry of the same provider is what ``cdktn get``
    generates from after the move (``aws@~> 3.0`` kept at the provider of the prebuilt release the move
    installs, ``aws@~> 6.69``), so a second run finds nothing left to move."""
    from compat.typescript.context import provider_folder

    if config is None:
        return []
    moved_constraints = _constraints(moved_json) if moved_json is not None else {}
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
        moved_constraint, entry_text = moved_constraints.get(folder, (constraint, entry.text))
        after = stand_in_release(snapshot, CDKTN, moved_constraint, InstalledCore(CDKTN.core, core))
        certain = after is not None
        after = after or nearest_per_resource(snapshot, moved_constraint)
        before = (
            stand_in_release(snapshot, CDKTF, constraint, InstalledCore(CDKTF.core, generator))
            if generator is not None
            else None
        )
        target = catalogue.open_typescript(Release(after.package, after.version)) if after else None
        source = catalogue.open_typescript(Release(before.package, before.version)) if before else None
        resolver = Resolver(source.index, target.index, catalogue.cache) if source and target else None
        label = f"{after.package} {after.version} (AWS {after.provider_version})" if after else ""
        moves.append(LocalMove(folder, entry_text, source, target, resolver, label, certain, old_layout))
    return moves


def _constraints(text: str) -> dict[str, tuple[HashiConstraint, str]]:
    """The AWS ``terraformProviders`` constraints of a cdktf.json text with each entry's text, by provider
    folder (nothing when the text is no such document: the move's own text, so it is one)."""
    import json

    from compat.errors import CompatError
    from compat.typescript.context import provider_folder
    from compat.versions.providers import parse_provider

    try:
        document = json.loads(text)
    except ValueError:
        return {}
    entries = document.get("terraformProviders") if isinstance(document, dict) else None
    found: dict[str, tuple[HashiConstraint, str]] = {}
    for entry in entries if isinstance(entries, list) else []:
        try:
            requirement = parse_provider(entry, "cdktf.json")
        except CompatError:
            continue
        folder = provider_folder(entry)
        if folder and requirement.source == AWS_SOURCE:
            found[folder] = (requirement.constraint, requirement.raw)
    return found
