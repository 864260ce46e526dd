"""The manifest and lock formats compat reads and edits, keyed by kind (one module each).

:data:`MANIFEST_FORMATS` is in reading order (a project's manifests are listed in this order:
Pipfile, PEP 621, Poetry, requirements files); :data:`LOCK_FORMATS` in the order a lock is taken
when the manifests prefer none. What a format provides is documented in
:mod:`compat.project.formats.base`; adding one is a module plus an entry here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compat.project.formats.base import Edited, LockFormat, ManifestFormat, ManifestSource
from compat.project.formats.pep621 import Pep621Format
from compat.project.formats.pipfile import PipfileFormat
from compat.project.formats.poetry import PoetryFormat
from compat.project.formats.requirements import RequirementsFormat
from compat.project.model import LockFile, LockKind, Manifest, ManifestKind

__all__ = [
    "LOCK_FORMATS",
    "MANIFEST_FORMATS",
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

MANIFEST_FORMATS: tuple[ManifestFormat, ...] = (
    PipfileFormat(),
    Pep621Format(),
    PoetryFormat(),
    RequirementsFormat(),
)
_BY_KIND: dict[str, ManifestFormat] = {f.kind: f for f in MANIFEST_FORMATS}

LOCK_FORMATS: tuple[LockFormat, ...] = tuple(
    lock for f in sorted(MANIFEST_FORMATS, key=lambda f: f.rank) for lock in f.locks
)
_LOCK_BY_KIND: dict[str, LockFormat] = {lock.kind: lock for lock in LOCK_FORMATS}


def manifest_format(kind: ManifestKind) -> ManifestFormat:
    return _BY_KIND[kind]


def lock_format(kind: LockKind) -> LockFormat:
    return _LOCK_BY_KIND[kind]


def read_manifests_in(folder: Path) -> tuple[list[Manifest], dict[str, Any]]:
    """The manifests in ``folder`` in registry order, and each file's plain document by file name.

    A file two formats share (``pyproject.toml``) is read and parsed once.
    """
    manifests: list[Manifest] = []
    sources: dict[Path, ManifestSource] = {}
    for manifest_kind in MANIFEST_FORMATS:
        for path in manifest_kind.files(folder):
            source = sources.get(path)
            if source is None:
                source = sources[path] = manifest_kind.parse(path)
            manifest = manifest_kind.read(source)
            if manifest is not None:
                manifests.append(manifest)
    documents = {path.name: s.document for path, s in sources.items() if s.document is not None}
    return manifests, documents


def read_manifest_file(path: Path) -> list[Manifest]:
    """The manifests one file holds (every format whose file name it has), parsed once."""
    from fnmatch import fnmatchcase

    found: list[Manifest] = []
    source: ManifestSource | None = None
    for manifest_kind in MANIFEST_FORMATS:
        if fnmatchcase(path.name, manifest_kind.filename):
            source = source or manifest_kind.parse(path)
            manifest = manifest_kind.read(source)
            if manifest is not None:
                found.append(manifest)
    return found


def primary_manifest(manifests: Iterable[Manifest]) -> Manifest | None:
    """Where new pins go: the lowest-ranked format present (Pipfile, Poetry, PEP 621,
    requirements), ``requirements.txt`` before other requirements files."""
    ranked = sorted(manifests, key=lambda m: (_BY_KIND[m.kind].rank, m.path.name != "requirements.txt"))
    return ranked[0] if ranked else None


def _preferred_lock(manifests: Iterable[Manifest]) -> LockKind | None:
    """The lock of the lowest-ranked manifest format present that has one."""
    for fmt in sorted({_BY_KIND[m.kind] for m in manifests}, key=lambda f: f.rank):
        if fmt.locks:
            return fmt.locks[0].kind
    return None


def read_lock(folder: Path, manifests: Iterable[Manifest]) -> LockFile | None:
    """The lock in ``folder``: the one the manifests' format prefers when present, else the first
    of :data:`LOCK_FORMATS` present (Pipfile.lock, poetry.lock, uv.lock)."""
    prefer = _preferred_lock(manifests)
    present = [lock for lock in LOCK_FORMATS if (folder / lock.filename).is_file()]
    present.sort(key=lambda lock: lock.kind != prefer)
    return present[0].read(folder / present[0].filename) if present else None
