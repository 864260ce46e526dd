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

The PyPI formats are listed in :data:`PYPI_FORMAT_TABLE` by the file names they are read from, so that
a run imports the module of a format only when the folder holds one of its files (a Pipfile project
loads neither the pyproject nor the requirements formats); :data:`PYPI_MANIFEST_FORMATS` and
:data:`PYPI_LOCK_FORMATS` import them all on first use. ``tests/project/test_format_table.py`` holds
the table to the classes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from packaging.specifiers import SpecifierSet

from compat.project.formats.base import Edited, LockFormat, ManifestFormat, ManifestSource, files_named
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
from compat.record import Record

if TYPE_CHECKING:
    from compat.versions.npm_semver import NpmRange

    PYPI_MANIFEST_FORMATS: tuple[ManifestFormat[SpecifierSet], ...]
    PYPI_LOCK_FORMATS: tuple[LockFormat[SpecifierSet], ...]

__all__ = [
    "PYPI_LOCK_FORMATS",
    "PYPI_MANIFEST_FORMATS",
    "Edited",
    "LockFormat",
    "ManifestFormat",
    "ManifestSource",
    "PYPI_FORMAT_TABLE",
    "lock_format",
    "manifest_format",
    "primary_manifest",
    "read_lock",
    "read_manifest_file",
    "read_manifests_in",
]


class FormatRow(Record):
    """One PyPI manifest format as the registry knows it before its module is imported."""

    kind: PypiManifestKind
    filename: str  # its ``ManifestFormat.filename``: a file name, or a glob
    rank: int  # its ``ManifestFormat.rank``
    module: str  # the module under ``compat.project.formats`` that defines it
    name: str  # its class in that module
    locks: tuple[tuple[PypiLockKind, str], ...]  # (kind, file name) of each of its ``locks``, in order


#: the PyPI manifest formats in reading order (Pipfile, PEP 621, Poetry, requirements files)
PYPI_FORMAT_TABLE: tuple[FormatRow, ...] = (
    FormatRow(
        kind="pipfile",
        filename="Pipfile",
        rank=0,
        module="pipfile",
        name="PipfileFormat",
        locks=(("pipfile.lock", "Pipfile.lock"),),
    ),
    FormatRow(
        kind="pep621",
        filename="pyproject.toml",
        rank=2,
        module="pep621",
        name="Pep621Format",
        locks=(("uv.lock", "uv.lock"),),
    ),
    FormatRow(
        kind="poetry",
        filename="pyproject.toml",
        rank=1,
        module="poetry",
        name="PoetryFormat",
        locks=(("poetry.lock", "poetry.lock"),),
    ),
    FormatRow(
        kind="requirements",
        filename="requirements*.txt",
        rank=3,
        module="requirements",
        name="RequirementsFormat",
        locks=(),
    ),
)
_ROW_BY_KIND: dict[str, FormatRow] = {row.kind: row for row in PYPI_FORMAT_TABLE}
#: the PyPI lock formats (kind, file name, the manifest format's kind) in the order a lock is taken
#: when the manifests prefer none: by the rank of the format they lock
_LOCK_ROWS: tuple[tuple[str, str, str], ...] = tuple(
    (kind, filename, row.kind)
    for row in sorted(PYPI_FORMAT_TABLE, key=lambda row: row.rank)
    for kind, filename in row.locks
)
#: the formats loaded so far, by kind (one instance each)
_LOADED: dict[str, ManifestFormat[SpecifierSet]] = {}


def _loaded(row: FormatRow) -> ManifestFormat[SpecifierSet]:
    """The format of ``row``, its module imported on first use."""
    found = _LOADED.get(row.kind)
    if found is None:
        module = importlib.import_module(f"compat.project.formats.{row.module}")
        found = _LOADED[row.kind] = getattr(module, row.name)()
    return found


def __getattr__(name: str) -> object:
    """``PYPI_MANIFEST_FORMATS`` and ``PYPI_LOCK_FORMATS``, every PyPI format imported on first use."""
    if name == "PYPI_MANIFEST_FORMATS":
        value: object = tuple(_loaded(row) for row in PYPI_FORMAT_TABLE)
    elif name == "PYPI_LOCK_FORMATS":
        value = tuple(_lock(kind) for kind, _, _ in _LOCK_ROWS)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _lock(kind: str) -> LockFormat[SpecifierSet]:
    """The PyPI lock format of ``kind`` (its manifest format's module imported on first use)."""
    owner = next(owner for lock, _, owner in _LOCK_ROWS if lock == kind)
    return next(lock for lock in _loaded(_ROW_BY_KIND[owner]).locks if lock.kind == kind)


@overload
def manifest_format(kind: PypiManifestKind) -> ManifestFormat[SpecifierSet]: ...
@overload
def manifest_format(kind: NpmManifestKind) -> ManifestFormat[NpmRange]: ...
def manifest_format(kind: ManifestKind) -> ManifestFormat[SpecifierSet] | ManifestFormat[NpmRange]:
    row = _ROW_BY_KIND.get(kind)
    if row is not None:
        return _loaded(row)
    from compat.project.formats.package_json import NPM_MANIFEST_FORMATS

    return next(f for f in NPM_MANIFEST_FORMATS if f.kind == kind)


@overload
def lock_format(kind: PypiLockKind) -> LockFormat[SpecifierSet]: ...
@overload
def lock_format(kind: NpmLockKind) -> LockFormat[NpmRange]: ...
def lock_format(kind: LockKind) -> LockFormat[SpecifierSet] | LockFormat[NpmRange]:
    if any(lock == kind for lock, _, _ in _LOCK_ROWS):
        return _lock(kind)
    from compat.project.formats.npm_locks import NPM_LOCK_FORMATS

    return next(f for f in NPM_LOCK_FORMATS if f.kind == kind)


def read_manifests_in(folder: Path) -> tuple[list[Manifest[SpecifierSet]], dict[str, Any]]:
    """The manifests in ``folder`` in registry order, and each file's plain document by file name.

    A file two formats share (``pyproject.toml``) is read and parsed once.
    """
    manifests: list[Manifest[SpecifierSet]] = []
    sources: dict[Path, ManifestSource] = {}
    for row in PYPI_FORMAT_TABLE:
        paths = files_named(folder, row.filename)
        manifest_kind = _loaded(row) if paths else None
        for path in paths:
            assert manifest_kind is not None
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
    for row in PYPI_FORMAT_TABLE:
        if fnmatchcase(path.name, row.filename):
            manifest_kind = _loaded(row)
            source = source or manifest_kind.parse(path)
            manifest = manifest_kind.read(source)
            if manifest is not None:
                found.append(manifest)
    return found


def primary_manifest(manifests: Iterable[Manifest[SpecifierSet]]) -> Manifest[SpecifierSet] | None:
    """Where new pins go: the lowest-ranked format present (Pipfile, Poetry, PEP 621,
    requirements), ``requirements.txt`` before other requirements files."""
    ranked = sorted(manifests, key=lambda m: (_ROW_BY_KIND[m.kind].rank, m.path.name != "requirements.txt"))
    return ranked[0] if ranked else None


def _preferred_lock(manifests: Iterable[Manifest[SpecifierSet]]) -> LockKind | None:
    """The lock of the lowest-ranked manifest format present that has one."""
    for row in sorted({_ROW_BY_KIND[m.kind] for m in manifests}, key=lambda row: row.rank):
        if row.locks:
            return row.locks[0][0]
    return None


def read_lock(folder: Path, manifests: Iterable[Manifest[SpecifierSet]]) -> LockFile[SpecifierSet] | None:
    """The lock in ``folder``: the one the manifests' format prefers when present, else the first
    of :data:`PYPI_LOCK_FORMATS` present (Pipfile.lock, poetry.lock, uv.lock)."""
    prefer = _preferred_lock(manifests)
    present = [(kind, filename) for kind, filename, _ in _LOCK_ROWS if (folder / filename).is_file()]
    present.sort(key=lambda lock: lock[0] != prefer)
    if not present:
        return None
    kind, filename = present[0]
    return _lock(kind).read(folder / filename)
