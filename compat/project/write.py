"""Planning the edits that put wanted pins (and renames) into every manifest a project uses.

:func:`plan_changes` is shared by ``compat pin`` and ``compat migrate``: it returns
:class:`FileChange` values and writes nothing; :func:`compat.project.changes.apply` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.errors import CompatError
from compat.project._toml import read_text, split_bom
from compat.project.changes import FileChange
from compat.project.edit_cdktf_json import edit_cdktf_json
from compat.project.formats import PYPI_LOCK_FORMATS, PYPI_MANIFEST_FORMATS, primary_manifest
from compat.project.model import Manifest, Project, canonical
from compat.project.wanted import WantedPin


def _wanted(
    pins: Mapping[str, str | SpecifierSet] | Iterable[WantedPin[SpecifierSet]],
) -> dict[str, WantedPin[SpecifierSet]]:
    items = (
        [WantedPin.of(name, spec) for name, spec in pins.items()] if isinstance(pins, Mapping) else list(pins)
    )
    return {w.package: w for w in items}


def _mentioned(manifests: Iterable[Manifest[SpecifierSet]], renames: Mapping[str, str]) -> set[str]:
    return {canonical(renames.get(p.package, p.package)) for m in manifests for p in m.pins}


def plan_changes(
    project: Project,
    pins: Mapping[str, str | SpecifierSet] | Iterable[WantedPin[SpecifierSet]],
    *,
    renames: Mapping[str, str] | None = None,
    provider_version: Version | None = None,
    cdktf_updates: Mapping[str, object] | None = None,
    add_missing: bool = True,
    keep_local: Mapping[int, str] | None = None,
    drop_local: Mapping[int, str] | None = None,
) -> list[FileChange]:
    """The changes that make every manifest of ``project`` pin ``pins``; unchanged files are left out.

    ``pins`` maps package -> PEP 440 specifier (``{"cdktf": "==0.21.0"}``); ``renames`` maps old ->
    new package name (``{"cdktf": "cdktn"}``), applied wherever the old name appears. Wanted packages
    no manifest mentions are added to the primary manifest. ``provider_version`` is the AWS provider
    of the selection (for cdktf.json of projects that generate bindings locally); ``keep_local``
    the ``terraformProviders`` entries whose generated bindings the code imports (index -> where);
    ``drop_local`` the entries of other providers a prebuilt package now brings (index -> package).
    Lock files are never edited: the change of the manifest carries a note to re-lock.
    """
    wanted = _wanted(pins)
    renamed = {canonical(old): new for old, new in (renames or {}).items()}
    mentioned = _mentioned(project.manifests, renamed)
    missing = [w for w in wanted.values() if w.package not in mentioned] if add_missing else []
    primary = primary_manifest(project.manifests)
    if missing and primary is None:
        raise CompatError(
            f"{project.root}: no Pipfile, pyproject.toml or requirements*.txt to write the pins into"
        )
    by_path: dict[Path, list[Manifest[SpecifierSet]]] = {}
    for manifest in project.manifests:
        by_path.setdefault(manifest.path, []).append(manifest)
    changes: list[FileChange] = []
    for path, manifests in by_path.items():
        before = read_text(path)
        bom, after = split_bom(before)  # edited without its byte order mark, which is put back
        notes: list[str] = []
        for manifest_format in PYPI_MANIFEST_FORMATS:  # a file two formats share is edited by each
            for manifest in (m for m in manifests if m.kind == manifest_format.kind):
                add = missing if primary is not None and manifest is primary else []
                after, more = manifest_format.edit(path, after, wanted, renamed, add)
                notes += more
        after = bom + after
        if after != before:
            changes.append(FileChange(path, before, after, tuple(notes)))
    if changes and project.lock is not None:
        lock = project.lock
        command = next(f.command for f in PYPI_LOCK_FORMATS if f.kind == lock.kind)
        note = f"{lock.path.name} is now out of date: run '{command}'"
        first = changes[0]
        changes[0] = FileChange(first.path, first.before, first.after, (*first.notes, note))
    if project.cdktf is not None:
        # the bindings under their old name or the name they are renamed to (never a renamed core)
        old_bindings = canonical(project.family.bindings)
        bindings = {old_bindings, canonical(renamed.get(old_bindings, old_bindings))}
        prebuilt = project.uses_prebuilt or any(w in bindings for w in wanted)
        before = read_text(project.cdktf.path)
        bom, body = split_bom(before)
        after, notes = edit_cdktf_json(
            project.cdktf,
            body,
            prebuilt=prebuilt,
            provider_version=provider_version,
            updates=cdktf_updates,
            keep=keep_local,
            drop=drop_local,
        )
        after = bom + after
        if after != before:
            changes.append(FileChange(project.cdktf.path, before, after, tuple(notes)))
    return changes
