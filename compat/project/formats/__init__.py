"""The manifest and lock formats compat reads and edits, keyed by kind (one class each).

Two ecosystems share one base (:mod:`compat.project.formats.base`), generic in the range a pin
requires (:data:`compat.project.model.R`): PyPI's (PEP 440 ``SpecifierSet``) and npm's
(:class:`~compat.versions.npm_semver.NpmRange`). :data:`PYPI_MANIFEST_FORMATS` is in reading order
(a Python project's manifests are listed in this order: Pipfile, PEP 621, Poetry, requirements
files); :data:`PYPI_LOCK_FORMATS` in the order a lock is taken when the manifests prefer none.
:data:`~compat.project.formats.package_json.NPM_MANIFEST_FORMATS` (``package.json``) and
:data:`~compat.project.formats.npm_locks.NPM_LOCK_FORMATS` (npm, pnpm, Yarn Berry, Yarn v1, in the
order a folder is searched) serve TypeScript projects; they are imported on first use, so a Python
check never loads them. Adding a format is a module plus an entry here (or there, for npm).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from packaging.specifiers import SpecifierSet

from compat.project.formats.base import Edited, LockFormat, ManifestFormat, ManifestSource
from compat.project.formats.pep621 import Pep621Format
from compat.project.formats.pipfile import PipfileFormat
from compat.project.formats.poetry import PoetryFormat
from compat.project.formats.requirements import RequirementsFormat
from compat.project.model import (
    LockFile,
    LockKind,
    Manifest,
    ManifestKind,
    NpmLockKind,
    NpmManifestKind,
    PypiLockKind,
    PypiManifestKind,
)

if TYPE_CHECKING:
    from compat.versions.npm_semver import NpmRange

__all__ = [
    "PYPI_LOCK_FORMATS",
    "PYPI_MANIFEST_FORMATS",
    "Edited",
    "LockFormat",
    "ManifestFormat",
    "ManifestSource",
    "lock_format",
    "manifest_format",
    "primary_manifest",
    "read_lock",
    "read_manifest_file",
    "read_manifests_in",
]

PYPI_MANIFEST_FORMATS: tuple[ManifestFormat[SpecifierSet], ...] = (
    PipfileFormat(),
    Pep621Format(),
    PoetryFormat(),
    RequirementsFormat(),
)
_BY_KIND: dict[str, ManifestFormat[SpecifierSet]] = {f.kind: f for f in PYPI_MANIFEST_FORMATS}

PYPI_LOCK_FORMATS: tuple[LockFormat[SpecifierSet], ...] = tuple(
    lock for f in sorted(PYPI_MANIFEST_FORMATS, key=lambda f: f.rank) for lock in f.locks
)
_LOCK_BY_KIND: dict[str, LockFormat[SpecifierSet]] = {lock.kind: lock for lock in PYPI_LOCK_FORMATS}


@overload
def manifest_format(kind: PypiManifestKind) -> ManifestFormat[SpecifierSet]: ...
@overload
def manifest_format(kind: NpmManifestKind) -> ManifestFormat[NpmRange]: ...
def manifest_format(kind: ManifestKind) -> ManifestFormat[SpecifierSet] | ManifestFormat[NpmRange]:
    found = _BY_KIND.get(kind)
    if found is not None:
        return found
    from compat.project.formats.package_json import NPM_MANIFEST_FORMATS

    return next(f for f in NPM_MANIFEST_FORMATS if f.kind == kind)


@overload
def lock_format(kind: PypiLockKind) -> LockFormat[SpecifierSet]: ...
@overload
def lock_format(kind: NpmLockKind) -> LockFormat[NpmRange]: ...
def lock_format(kind: LockKind) -> LockFormat[SpecifierSet] | LockFormat[NpmRange]:
    found = _LOCK_BY_KIND.get(kind)
    if found is not None:
        return found
    from compat.project.formats.npm_locks import NPM_LOCK_FORMATS

    return next(f for f in NPM_LOCK_FORMATS if f.kind == kind)


def read_manifests_in(folder: Path) -> tuple[list[Manifest[SpecifierSet]], dict[str, Any]]:
    """The manifests in ``folder`` in registry order, and each file's plain document by file name.

    A file two formats share (``pyproject.toml``) is read and parsed once.
    """
    manifests: list[Manifest[SpecifierSet]] = []
    sources: dict[Path, ManifestSource] = {}
    for manifest_kind in PYPI_MANIFEST_FORMATS:
        for path in manifest_kind.files(folder):
            source = sources.get(path)
            if source is None:
                source = sources[path] = manifest_kind.parse(path)
            manifest = manifest_kind.read(source)
            if manifest is not None:
                manifests.append(manifest)
    documents = {path.name: s.document for path, s in sources.items() if s.document is not None}
    return manifests, documents


def read_manifest_file(path: Path) -> list[Manifest[SpecifierSet]]:
    """The manifests one file holds (every format whose file name it has), parsed once."""
    from fnmatch import fnmatchcase

    found: list[Manifest[SpecifierSet]] = []
    source: ManifestSource | None = None
    for manifest_kind in PYPI_MANIFEST_FORMATS:
        if fnmatchcase(path.name, manifest_kind.filename):
            source = source or manifest_kind.parse(path)
            manifest = manifest_kind.read(source)
            if manifest is not None:
                found.append(manifest)
    return found


def primary_manifest(manifests: Iterable[Manifest[SpecifierSet]]) -> Manifest[SpecifierSet] | None:
    """Where new pins go: the lowest-ranked format present (Pipfile, Poetry, PEP 621,
    requirements), ``requirements.txt`` before other requirements files."""
    ranked = sorted(manifests, key=lambda m: (_BY_KIND[m.kind].rank, m.path.name != "requirements.txt"))
    return ranked[0] if ranked else None


def _preferred_lock(manifests: Iterable[Manifest[SpecifierSet]]) -> LockKind | None:
    """The lock of the lowest-ranked manifest format present that has one."""
    for fmt in sorted({_BY_KIND[m.kind] for m in manifests}, key=lambda f: f.rank):
        if fmt.locks:
            return fmt.locks[0].kind
    return None


def read_lock(folder: Path, manifests: Iterable[Manifest[SpecifierSet]]) -> LockFile[SpecifierSet] | None:
    """The lock in ``folder``: the one the manifests' format prefers when present, else the first
    of :data:`PYPI_LOCK_FORMATS` present (Pipfile.lock, poetry.lock, uv.lock)."""
    prefer = _preferred_lock(manifests)
    present = [lock for lock in PYPI_LOCK_FORMATS if (folder / lock.filename).is_file()]
    present.sort(key=lambda lock: lock.kind != prefer)
    return present[0].read(folder / present[0].filename) if present else None
