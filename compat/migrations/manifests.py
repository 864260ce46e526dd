"""The manifest step of a migration, through the shared writers of ``compat pin``.

The target bindings release, the newest core release it admits and the ``constructs`` range every
moved prebuilt release accepts are pinned in every manifest; a family move renames the packages
(``cdktf`` -> ``cdktn``, ``cdktf-cdktf-provider-aws`` -> ``cdktn-provider-aws``). Lock files are
not edited: the change carries a note to re-lock. A cdktf.json provider entry whose generated
bindings (``imports.aws``) the code imports stays, constrained to the target's provider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.families import Family
from compat.migrations.model import Release
from compat.migrations.providers import ProviderMoves, entries_brought, pinned_releases
from compat.project.changes import FileChange
from compat.project.model import Project
from compat.snapshot import Snapshot
from compat.versions.python import ProjectPython


def choose_core(
    snapshot: Snapshot | None, bindings: str, version: Version, python: ProjectPython | None = None
) -> Release | None:
    """The newest stable core release the target bindings release admits (with ``python``: the newest
    whose Requires-Python admits the project's Python, when one does)."""
    if snapshot is None:
        return None
    release = snapshot.binding(bindings, version)
    if release is None or release.core is None:
        return None
    name = release.core_name
    if name is None:
        return None
    from compat.migrations.stages import python_fits

    admitted = [
        c
        for c in snapshot.cores(name)
        if not c.yanked and not c.version.is_prerelease and release.core_specifier.contains(c.version)
    ]
    pool = [c for c in admitted if python_fits(c.requires_python, python)] or admitted
    return Release(name, max(c.version for c in pool)) if pool else None


def constructs_range(snapshot: Snapshot | None, pins: Mapping[str, str]) -> str | None:
    """The ``constructs`` range every prebuilt release and core of ``pins`` (``{package: "==version"}``)
    accepts: the intersection of their ``constructs`` requirements (None when none states one). pip
    installs one ``constructs`` for all of them, so the pin must satisfy each."""
    if snapshot is None:
        return None
    from compat.families import FAMILIES

    requirements: list[SpecifierSet | None] = [
        r.constructs_specifier for r in pinned_releases(snapshot, pins)
    ]
    for family in FAMILIES.values():
        exact = [s.version for s in SpecifierSet(pins.get(family.core, "")) if s.operator == "=="]
        core = snapshot.core(family.core, Version(exact[0])) if len(exact) == 1 else None
        requirements.append(core.constructs_specifier if core is not None else None)
    needed: SpecifierSet | None = None
    for specifier in requirements:
        if specifier is not None:
            needed = specifier if needed is None else needed & specifier
    return (str(needed) or None) if needed is not None else None


def plan_manifest_changes(
    project: Project,
    source: Family,
    target_family: Family,
    target: Release,
    snapshot: Snapshot | None,
    files: Sequence[Path] = (),
    others: ProviderMoves | None = None,
    core: Release | None = None,
) -> tuple[list[FileChange], list[str]]:
    """Manifest and cdktf.json changes for the move, and notes for what stays to do.

    ``files`` are the project's Python files, scanned for imports of local bindings; ``others``
    the moves of the other prebuilt provider packages (:func:`plan_provider_moves`); ``core`` the
    core release to pin (default: the newest the target admits).
    """
    from compat.project.local_bindings import imported_providers
    from compat.project.write import plan_changes

    notes: list[str] = []
    pins: dict[str, str] = {target.package: f"=={target.version}"}
    core = core or choose_core(snapshot, target.package, target.version)
    if core is None:
        notes.append(f"no core release known for {target}: core pins left as they are")
    else:
        pins[core.package] = f"=={core.version}"
    renames = (
        {source.bindings: target_family.bindings, source.core: target_family.core}
        if source != target_family
        else {}
    )
    if others is not None:
        pins.update(others.pins)
        renames.update(others.renames)
    constructs = constructs_range(snapshot, pins)
    if constructs:
        pins["constructs"] = constructs
    release = snapshot.binding(target.package, target.version) if snapshot is not None else None
    keep = imported_providers(project.root, project.cdktf, files) if project.cdktf is not None else {}
    changes = plan_changes(
        project,
        pins,
        renames=renames,
        provider_version=release.provider_version if release else None,
        add_missing=False,
        keep_local=keep,
        drop_local=entries_brought(project, pins, snapshot, keep),
    )
    for change in changes:
        notes.extend(change.notes)
    if keep and project.cdktf is not None:
        folder = project.cdktf.code_maker_output
        notes.append(
            f"code importing {folder}/ (from 'cdktf get') is not rewritten: run 'cdktf get'"
            + (f" with the {target_family.name} CLI" if source != target_family else "")
            + " and 'compat check' after the move"
        )
    return changes, notes
