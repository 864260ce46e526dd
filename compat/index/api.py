"""The Python API of the symbol index: what the rules, the rewrites and ``compat index`` call.

Two index files are consulted, in this order: the embedded snapshot (``data/index.sqlite``,
shipped inside the wheel) and the user cache (``<cache>/index.sqlite``), where releases newer
than the snapshot are indexed on demand when the network is allowed.
"""

from __future__ import annotations

import sqlite3
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.families import FAMILIES
from compat.index.model import ClassInfo, FindHit
from compat.index.store import FILENAME, IndexStore, ReleaseRecord, version_key
from compat.providers import provider_package

if TYPE_CHECKING:
    from collections.abc import Mapping

    from compat.index.tslayout import TsModule


def embedded_index_path() -> Path:
    from compat.paths import data_dir

    return data_dir() / FILENAME


def cache_index_path() -> Path:
    from compat.paths import cache_dir

    return cache_dir() / FILENAME


def normalize_package(package: str) -> str:
    """The PyPI name of a prebuilt provider package from any spelling (``cdktf_cdktf_provider_aws`` too)."""
    found = provider_package(package)
    if found is None:
        known = ", ".join(sorted(family.bindings for family in FAMILIES.values()))
        raise CompatError(f"not a prebuilt provider package: {package!r} (e.g. {known})")
    return found.pypi


def _open(path: Path, *, immutable: bool) -> IndexStore | None:
    if not path.is_file():
        return None
    if immutable:  # the embedded index: damage there is a broken install, reported as such
        return IndexStore(path, immutable=True)
    try:
        return IndexStore(path, immutable=False)
    except (CompatError, sqlite3.Error) as error:  # the user cache: ignored here, replaced by the next build
        from compat.cache import discard

        discard(path, str(error), remove=False)
        return None


@cache
def _embedded(path: Path) -> IndexStore | None:
    return _open(path, immutable=True)


def _stores() -> list[IndexStore]:
    stores = []
    embedded = _embedded(embedded_index_path())
    if embedded is not None:
        stores.append(embedded)
    cached = _open(cache_index_path(), immutable=False)
    if cached is not None:
        stores.append(cached)
    return stores


class SqliteReleaseIndex:
    """A :class:`~compat.index.model.ReleaseIndex` over one release of an index file (lazy)."""

    def __init__(self, store: IndexStore, record: ReleaseRecord) -> None:
        self._store = store
        self._record = record
        self._provider_version = record.provider_version
        self._provider_looked_up = record.provider_version is not None
        self._by_tf_type: dict[str, list[tuple[str, str]]] | None = None
        self._modules_by_id: dict[int, list[str]] | None = None

    @property
    def package(self) -> str:
        return self._record.package

    @property
    def version(self) -> str:
        return self._record.version

    @property
    def provider_version(self) -> str | None:
        """From the generated docs links; for old releases (no version in links) from the release snapshot."""
        if not self._provider_looked_up:
            self._provider_looked_up = True
            self._provider_version = _snapshot_provider_version(self.package, self.version)
        return self._provider_version

    def modules(self) -> list[str]:
        return sorted(self._record.manifest)

    def ts_layout(self) -> Mapping[str, TsModule] | None:
        """``module key -> TsModule`` (TypeScript folder and root namespace) from the jsii assembly;
        None when the index holds no layout for this release (built before, or the read failed)."""
        from compat.index.tslayout import TsLayout  # TypeScript only: not on a Python check's path

        doc = self._store.ts_layout(self.package, self.version)
        return None if doc is None else TsLayout(doc, self._record.manifest)

    def exports(self, module: str) -> frozenset[str] | None:
        module_id = self._record.manifest.get(module)
        return None if module_id is None else self._store.module(module_id).exports

    def classes(self, module: str) -> list[str]:
        """The exported names of ``module`` that are classes (the root's ``__all__`` also lists modules)."""
        module_id = self._record.manifest.get(module)
        if module_id is None:
            return []
        record = self._store.module(module_id)
        return sorted(n for n in record.exports if n in record.class_ids or n in record.others)

    def class_info(self, module: str, name: str) -> ClassInfo | None:
        module_id = self._record.manifest.get(module)
        if module_id is None:
            return None
        record = self._store.module(module_id)
        if name in record.class_ids:
            return self._store.class_info(record.class_ids[name])
        if name in record.others:
            return ClassInfo(name, "other")
        return None

    def modules_exporting(self, name: str) -> list[str]:
        hits = self._store.names(name) if self._store.has_names() else None
        if hits is not None:
            key = version_key(self.version)
            candidates = sorted(
                {
                    m
                    for p, m, first, last in hits
                    if p == self.package and version_key(first) <= key <= version_key(last)
                }
            )
            found = [m for m in candidates if name in (self.exports(m) or ())]
            if found or self._store.names_cover(self.package, self.version):
                return found
        return sorted(m for m in self._record.manifest if name in (self.exports(m) or ()))

    def classes_for_tf_type(self, tf_type: str) -> list[tuple[str, str]]:
        """Constructs by Terraform type: one row of the index's ``tf_types`` table.

        An index without the table (or with modules newer than it) reads every module of the
        release once (~0.2 s).
        """
        manifest = self._record.manifest
        if self._modules_by_id is None:  # the manifest inverted once, not per Terraform type asked for
            # one key an id (every manifest written so far) in one comprehension, else collected by id
            self._modules_by_id = {module_id: [module] for module, module_id in manifest.items()}
            if len(self._modules_by_id) < len(manifest):
                self._modules_by_id = {}
                for module, module_id in manifest.items():
                    self._modules_by_id.setdefault(module_id, []).append(module)
        keys = self._modules_by_id
        found = self._store.tf_type_modules(tf_type, keys)
        if found is not None:
            return sorted(
                (module, name)
                for name, ids in found.items()
                for module_id in ids
                for module in keys.get(module_id, ())
            )
        if self._by_tf_type is None:
            table: dict[str, list[tuple[str, str]]] = {}
            for module, module_id in manifest.items():
                for name, tf in self._store.module(module_id).tf_types.items():
                    table.setdefault(tf, []).append((module, name))
            self._by_tf_type = table
        return sorted(self._by_tf_type.get(tf_type, []))


def _snapshot_provider_version(package: str, version: str) -> str | None:
    try:
        from compat.snapshot import load_snapshot

        release = load_snapshot().binding(package, version)
    except (CompatError, OSError, InvalidVersion, ValueError):
        return None
    return str(release.provider_version) if release and release.provider_version else None


def _canonical(version: str) -> Version | None:
    try:
        return Version(version)
    except InvalidVersion:
        return None


def _find_record(store: IndexStore, package: str, version: str) -> ReleaseRecord | None:
    record = store.release(package, version)
    if record is not None:
        return record
    wanted = _canonical(version)
    if wanted is None:
        return None
    for stored in store.versions(package):  # "19.65" for "19.65.0" and similar spellings
        if _canonical(stored) == wanted:
            return store.release(package, stored)
    return None


def open_release_index(package: str, version: str, *, offline: bool = True) -> SqliteReleaseIndex:
    """The index of one release; indexed on demand into the user cache when ``offline`` is False.

    Raises :class:`CompatError` (one line) when the release is not indexed and cannot be.
    """
    package = normalize_package(package)
    version = version.strip()
    if _canonical(version) is None:
        raise CompatError(f"invalid version {version!r} for {package}")
    for store in _stores():
        record = _find_record(store, package, version)
        if record is not None:
            return SqliteReleaseIndex(store, record)
    if offline:
        raise CompatError(
            f"{package}=={version} is not in the symbol index (offline); "
            f"allow the network to index it, or run 'compat index build {package}=={version}'"
        )
    failed = _not_indexable.get((package, version))
    if failed is not None:
        raise CompatError(failed)
    try:
        return _index_on_demand(package, version)
    except CompatError as error:  # said once, and not tried again in this run (a monorepo asks often)
        from compat.notice import warn_once
        from compat.registry.http import HostGivenUp

        _not_indexable[(package, version)] = str(error)
        if not isinstance(error.__cause__, HostGivenUp):  # a host given up was said when it was
            warn_once(str(error))
        raise


#: releases whose on-demand indexing failed in this run, with the reason
_not_indexable: dict[tuple[str, str], str] = {}


def forget_failures() -> None:
    """The run is over: the next one (in the same process) tries those releases again."""
    _not_indexable.clear()


def _index_on_demand(package: str, version: str) -> SqliteReleaseIndex:
    from compat.index.build import build

    def quiet(_: str) -> None:
        return None

    target = cache_index_path()
    print(
        f"compat: indexing {package}=={version} into {target} (once, by Range reads of its wheel)",
        file=sys.stderr,
        flush=True,
    )
    try:
        if target.is_file() and _open(target, immutable=False) is None:
            target.unlink()  # damaged: the build starts a new one
        report = build(target, [(package, version)], jobs=1, progress=quiet)
    except (OSError, sqlite3.Error) as error:  # the cache cannot be written: no index, no stop
        raise CompatError(f"{package}=={version} could not be indexed into {target}: {error}") from error
    except CompatError as error:
        said = str(error)
        raise CompatError(
            said
            if said.startswith(f"{package}=={version}")
            else f"{package}=={version} could not be indexed: {said}"
        ) from error
    if report.failed:
        raise CompatError(f"{package}=={version} could not be indexed")
    fresh = _open(cache_index_path(), immutable=False)
    record = _find_record(fresh, package, version) if fresh else None
    if fresh is None or record is None:
        raise CompatError(f"{package}=={version} could not be indexed")
    return SqliteReleaseIndex(fresh, record)


def indexed_versions(package: str, *, npm_only: bool = False) -> list[str]:
    """Every indexed version of ``package`` (snapshot and cache), oldest first.

    Releases indexed from their npm tarball (npm-only: pip cannot install them) are left out unless
    ``npm_only`` is given, so Python targets and rename dating never name one.
    """
    package = normalize_package(package)
    versions: set[str] = set()
    for store in _stores():
        found = set(store.versions(package))
        versions.update(found if npm_only else found - store.npm_only(package))
    return sorted(versions, key=version_key)


def find(name: str, package: str | None = None) -> list[FindHit]:
    """Where ``name`` is exported: contiguous runs of indexed releases per (package, module)."""
    wanted = normalize_package(package) if package else None
    hits: list[FindHit] = []
    seen: set[tuple[str, str, str, str]] = set()
    for store in _stores():
        for pkg, module, first, last in store.names(name):
            if (wanted is None or pkg == wanted) and (pkg, module, first, last) not in seen:
                seen.add((pkg, module, first, last))
                hits.append(FindHit(pkg, module, first, last))
    return sorted(hits, key=lambda h: (h.package, h.module, version_key(h.first_version)))
