"""The manifest step of a migration, through the shared writers of ``compat pin``.

The target bindings release, the newest core release it admits and its ``constructs`` range are
pinned in every manifest; a line move renames the packages (``cdktf`` -> ``cdktn``,
``cdktf-cdktf-provider-aws`` -> ``cdktn-provider-aws``). Lock files are not edited: the change
carries a note to re-lock.
"""

from __future__ import annotations

from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from compat.lines import Line
from compat.migrations.model import Release
from compat.project.changes import FileChange


def choose_core(snapshot: Any, bindings: str, version: str) -> tuple[str, str] | None:
    """``(core package, newest stable core version)`` the target bindings release admits."""
    if snapshot is None:
        return None
    release = snapshot.binding(bindings, version)
    if release is None or release.core is None:
        return None
    name = release.core_name
    admitted = [
        c.version
        for c in snapshot.cores(name)
        if not c.yanked and not c.version.is_prerelease and release.core_specifier.contains(c.version)
    ]
    return (name, str(max(admitted))) if admitted else None


def constructs_range(snapshot: Any, bindings: str, version: str) -> str | None:
    release = snapshot.binding(bindings, version) if snapshot is not None else None
    if release is None or not release.constructs_requirement:
        return None
    try:
        return str(Requirement(release.constructs_requirement).specifier) or None
    except InvalidRequirement:
        return None


def plan_manifest_changes(
    project: Any, source: Line, target_line: Line, target: Release, snapshot: Any
) -> tuple[list[FileChange], list[str]]:
    """Manifest and cdktf.json changes for the move, and notes for what stays to do."""
    from compat.project.write import plan_changes

    notes: list[str] = []
    pins: dict[str, str] = {target.package: f"=={target.version}"}
    core = choose_core(snapshot, target.package, target.version)
    if core is None:
        notes.append(f"no core release known for {target}: core pins left as they are")
    else:
        pins[core[0]] = f"=={core[1]}"
    constructs = constructs_range(snapshot, target.package, target.version)
    if constructs:
        pins["constructs"] = constructs
    renames = (
        {source.bindings: target_line.bindings, source.core: target_line.core}
        if source != target_line
        else {}
    )
    release = snapshot.binding(target.package, target.version) if snapshot is not None else None
    changes = plan_changes(
        project,
        pins,
        renames=renames,
        provider_version=release.provider_version if release else None,
        add_missing=False,
    )
    for change in changes:
        notes.extend(change.notes)
    return changes, notes
