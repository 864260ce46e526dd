"""The on-disk symbol index: one SQLite file, content-addressed and lazy.

Layout (three levels, each deduplicated by the SHA-1 of its canonical JSON):

- ``classes``: one compressed row per distinct class description. A resource that did not
  change for 200 releases is stored once.
- ``modules``: one compressed row per distinct module: its ``__all__``, ``class -> classes.id``
  and ``class -> TF_RESOURCE_TYPE`` of its constructs.
- ``releases``: one row per release: provider version and a compressed manifest
  ``module key -> modules.id``.
- ``names``: ``name -> [[package, module, first version, last version], ...]``, the contiguous
  release ranges in which a module exports the name (written by :meth:`IndexStore.rebuild_names`).
- ``ts_layouts``: per release, the TypeScript names of its modules from the jsii assembly
  (:mod:`compat.index.tslayout`: only the names that differ from the usual ones are stored).
- ``tf_types``: ``TF_RESOURCE_TYPE -> {class: [modules.id, ...]}``, the constructs of each Terraform
  type in every module row (written by :meth:`IndexStore.rebuild_tf_types`): "which class is
  ``aws_s3_bucket_versioning`` in this release" is one row, not a read of every module.

Blobs are zlib-compressed with a preset dictionary stored in ``meta`` (small JSON documents
compress two to three times better with it). A lookup reads one release row, one module row and
one class row through their primary keys: it never reads the whole file.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.index.manifest import COMPACT_FULL, TextManifest
from compat.index.model import ClassInfo, ClassKind, Param, Shape
from compat.record import Record

SCHEMA = "1"
FILENAME = "index.sqlite"

_SHAPES: tuple[Shape, ...] = ("scalar", "scalar_list", "map", "block_single", "block_list", "any")
_KINDS: tuple[ClassKind, ...] = ("construct", "struct", "other")

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS classes (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS modules (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS releases (
    package TEXT NOT NULL, version TEXT NOT NULL, provider_version TEXT, manifest BLOB NOT NULL,
    PRIMARY KEY (package, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (bucket INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tf_types (tf_type TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ts_layouts (
    package TEXT NOT NULL, version TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (package, version)) WITHOUT ROWID;
"""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def encode_class(info: ClassInfo) -> str:
    """Canonical compact JSON of a class (the unit of deduplication).

    A JavaScript name equal to the camelCase of the Python name is stored as ``0``; a property
    ``x`` that comes with its ``x_input`` twin is stored as ``"x+"``.
    """
    params = []
    for p in info.params.values():
        js: str | int | None = 0 if p.js_name is not None and p.js_name == _camel(p.name) else p.js_name
        params.append([p.name, _SHAPES.index(p.shape), int(p.required), p.struct, js])
    names = set(info.properties)
    props = [
        f"{n}+" if f"{n}_input" in names else n
        for n in info.properties
        if not (n.endswith("_input") and n[: -len("_input")] in names)
    ]
    doc = [info.name, _KINDS.index(info.kind), info.tf_type, params, list(info.meta_params), props]
    return json.dumps(doc, separators=(",", ":"))


def decode_class(text: str | bytes) -> ClassInfo:
    name, kind, tf_type, params, meta, props = json.loads(text)
    properties: list[str] = []
    for prop in props:
        if prop.endswith("+"):
            properties += [prop[:-1], prop[:-1] + "_input"]
        else:
            properties.append(prop)
    return ClassInfo(
        name=name,
        kind=_KINDS[kind],
        tf_type=tf_type,
        params={
            p[0]: Param(p[0], _SHAPES[p[1]], bool(p[2]), p[3], _camel(p[0]) if p[4] == 0 else p[4])
            for p in params
        },
        meta_params=tuple(meta),
        properties=tuple(sorted(properties)),
    )


NAME_BUCKETS = 1024


def _bucket(name: str) -> int:
    """Names are stored in hashed buckets: one small compressed row per lookup, no 30k-row key index."""
    return zlib.crc32(name.encode("utf-8")) % NAME_BUCKETS


def digest(text: str) -> bytes:
    import hashlib  # only a build hashes (OpenSSL's start-up is a cost a lookup need not pay)

    return hashlib.sha1(text.encode("utf-8")).digest()


class ModuleRecord(Record):
    """A decoded ``modules`` row."""

    exports: frozenset[str]
    class_ids: dict[str, int]  # constructs and structs
    tf_types: dict[str, str]  # construct -> TF_RESOURCE_TYPE
    others: frozenset[str]  # classes of kind "other" (output references, lists, enums)


class ReleaseRecord(Record):
    package: str
    version: str
    provider_version: str | None
    manifest: Mapping[str, int]  # module key -> modules.id


def version_key(version: str) -> tuple[int, Version | str]:
    try:
        return (0, Version(version))
    except InvalidVersion:
        return (1, version)


class _Connection:
    """A SQLite connection whose failures become one-line CompatError messages."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def execute(self, sql: str, args: Sequence[object] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, args)
        except sqlite3.DatabaseError as error:
            raise CompatError(f"{self._path} is not a readable symbol index ({error}); rebuild it") from error

    def executescript(self, sql: str) -> None:
        self._conn.executescript(sql)

    def commit(self) -> None:
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()


class IndexStore:
    """Read and (for the build) write one index file."""

    def __init__(self, path: Path, *, writable: bool = False, immutable: bool = False) -> None:
        self.path = path
        self.writable = writable
        if writable:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _Connection(sqlite3.connect(str(path), timeout=60), path)
            self._db.executescript(_DDL)
            self._db.execute("PRAGMA journal_mode=DELETE")
        else:
            if not path.is_file():
                raise CompatError(f"no symbol index at {path}")
            flags = "mode=ro&immutable=1" if immutable else "mode=ro"
            self._db = _Connection(
                sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, timeout=30), path
            )
        try:
            self._zdict = self._meta_bytes("zdict")
            schema = self._meta_bytes("schema")
        except CompatError as error:
            self._db.close()
            raise CompatError(f"{path} is not a symbol index: {error.__cause__}") from error
        if schema and schema.decode() != SCHEMA:
            raise CompatError(f"{path} has index schema {schema.decode()}, this compat reads {SCHEMA}")
        if writable and not schema:
            self._set_meta("schema", SCHEMA.encode())
        self._modules: dict[int, ModuleRecord] = {}
        self._releases: dict[tuple[str, str], ReleaseRecord | None] = {}  # read-only stores only
        self._hash_cache: dict[str, dict[bytes, int]] = {}
        self._full_cache: dict[str, dict[str, dict[str, int]]] = {}

    def close(self) -> None:
        self._db.close()

    # -- compression -------------------------------------------------------------------------

    def _meta_bytes(self, key: str) -> bytes:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else b""

    def _set_meta(self, key: str, value: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def has_zdict(self) -> bool:
        return bool(self._zdict)

    def ensure_zdict(self, samples: Sequence[str]) -> None:
        """Fix the preset dictionary once, from real class descriptions of the first release built."""
        if self._zdict:
            return
        step = max(1, len(samples) // 400)
        chosen = "".join(samples[::step])
        self._zdict = chosen.encode("utf-8")[-32768:]
        self._set_meta("zdict", self._zdict)

    def _pack(self, text: str) -> bytes:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, self._zdict or b"\0")
        return comp.compress(text.encode("utf-8")) + comp.flush()

    def _unpack(self, blob: bytes) -> bytes:
        try:
            decomp = zlib.decompressobj(-15, self._zdict or b"\0")
            return decomp.decompress(blob) + decomp.flush()
        except zlib.error as error:
            raise CompatError(f"{self.path} is damaged ({error}); rebuild the symbol index") from error

    # -- writing ------------------------------------------------------------------------------

    def _hashes(self, table: str) -> dict[bytes, int]:
        """``sha1 -> id`` of a blob table, recomputed from the rows (the file carries no hashes)."""
        import hashlib

        cache = self._hash_cache.get(table)
        if cache is None:
            cache = {}
            for row_id, blob in self._db.execute(f"SELECT id, data FROM {table}"):
                cache[hashlib.sha1(self._unpack(bytes(blob))).digest()] = int(row_id)
            self._hash_cache[table] = cache
        return cache

    def _blob_id(self, table: str, text: str, hash_: bytes | None = None) -> int:
        hashes = self._hashes(table)
        hash_ = hash_ or digest(text)
        found = hashes.get(hash_)
        if found is not None:
            return found
        cur = self._db.execute(f"INSERT INTO {table} (data) VALUES (?)", (self._pack(text),))
        hashes[hash_] = int(cur.lastrowid or 0)
        return hashes[hash_]

    def class_id(self, text: str, hash_: bytes | None = None) -> int:
        """The id of a class description, inserted when new."""
        return self._blob_id("classes", text, hash_)

    def module_id(
        self,
        exports: Iterable[str],
        class_ids: dict[str, int],
        tf_types: dict[str, str],
        others: Iterable[str],
    ) -> int:
        """The id of a module: ``__all__``, construct/struct ids, TF types, names of other classes."""
        doc: dict[str, Any] = {
            "c": dict(sorted(class_ids.items())),
            "t": dict(sorted(tf_types.items())),
            "o": sorted(set(others)),
        }
        names = sorted(set(exports))
        if names != sorted(set(class_ids) | set(others)):  # usually ``__all__`` is exactly the classes
            doc["e"] = names
        return self._blob_id("modules", json.dumps(doc, separators=(",", ":")))

    def put_release(
        self, package: str, version: str, provider_version: str | None, manifest: dict[str, int]
    ) -> None:
        """Store a release; its manifest as a difference to the closest full manifest when that is small."""
        best: tuple[int, str, dict[str, Any]] | None = None
        for base_version, base in self._full_manifests(package).items():
            changed = {k: v for k, v in manifest.items() if base.get(k) != v}
            removed = sorted(k for k in base if k not in manifest)
            cost = len(changed) + len(removed)
            if best is None or cost < best[0]:
                best = (cost, base_version, {"b": base_version, "m": changed, "d": removed})
        if best is not None and best[0] <= max(20, len(manifest) // 4):
            doc: dict[str, Any] = best[2]
        else:
            doc = {"m": dict(sorted(manifest.items()))}
            self._full_manifests(package)[version] = dict(manifest)
        self._db.execute(
            "INSERT OR REPLACE INTO releases (package, version, provider_version, manifest)"
            " VALUES (?, ?, ?, ?)",
            (package, version, provider_version, self._pack(json.dumps(doc, separators=(",", ":")))),
        )

    def _full_manifests(self, package: str) -> dict[str, dict[str, int]]:
        cache = self._full_cache.get(package)
        if cache is None:
            cache = {}
            rows = self._db.execute("SELECT version, manifest FROM releases WHERE package = ?", (package,))
            for version, blob in rows.fetchall():
                doc = json.loads(self._unpack(bytes(blob)))
                if "b" not in doc:
                    cache[str(version)] = doc["m"]
            self._full_cache[package] = cache
        return cache

    def commit(self) -> None:
        self._db.commit()

    def put_ts_layout(self, package: str, version: str, doc: dict[str, object]) -> None:
        """Store a release's TypeScript layout (:func:`compat.index.tslayout.encode_layout`)."""
        text = json.dumps(doc, separators=(",", ":"), sort_keys=True)
        self._db.execute(
            "INSERT OR REPLACE INTO ts_layouts (package, version, data) VALUES (?, ?, ?)",
            (package, version, self._pack(text)),
        )

    def mark_npm_only(self, package: str, version: str) -> None:
        """Record that a release was read from its npm tarball: PyPI has no such release."""
        table = self._npm_only_table()
        if version not in table.setdefault(package, []):
            table[package].append(version)
            self._set_meta("npm_only", json.dumps(table, sort_keys=True).encode())

    def _npm_only_table(self) -> dict[str, list[str]]:
        return dict(json.loads(self._meta_bytes("npm_only") or b"{}"))

    def npm_only(self, package: str) -> frozenset[str]:
        """The releases of ``package`` indexed from npm: they install with npm only, never with pip."""
        return frozenset(self._npm_only_table().get(package, ()))

    # -- reading ------------------------------------------------------------------------------

    def ts_layout(self, package: str, version: str) -> dict[str, Any] | None:
        """The stored TypeScript layout of a release; None when it was not read (or the file predates it)."""
        if not self._has_table("ts_layouts"):
            return None
        row = self._db.execute(
            "SELECT data FROM ts_layouts WHERE package = ? AND version = ?", (package, version)
        ).fetchone()
        return None if row is None else dict(json.loads(self._unpack(bytes(row[0]))))

    def _has_table(self, name: str) -> bool:
        found = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return found.fetchone() is not None

    def versions(self, package: str) -> list[str]:
        rows = self._db.execute("SELECT version FROM releases WHERE package = ?", (package,)).fetchall()
        return sorted((str(r[0]) for r in rows), key=version_key)

    def packages(self) -> list[str]:
        return [str(r[0]) for r in self._db.execute("SELECT DISTINCT package FROM releases ORDER BY package")]

    def release(self, package: str, version: str) -> ReleaseRecord | None:
        """A release and its manifest; a read-only store decodes each at most once (``migrate`` dates
        a change by binary searches over the same releases)."""
        key = (package, version)
        if key in self._releases:
            return self._releases[key]
        record = self._read_release(package, version)
        if not self.writable:
            self._releases[key] = record
        return record

    def _read_release(self, package: str, version: str) -> ReleaseRecord | None:
        found = self._manifest_text(package, version)
        if found is None:
            return None
        provider_version, text = found
        if text.startswith(COMPACT_FULL):  # a full manifest: looked up in its text (TextManifest)
            return ReleaseRecord(package, version, provider_version, TextManifest(text, frozenset(), {}))
        doc = json.loads(text)
        manifest: Mapping[str, int] = doc["m"]
        if "b" in doc:
            base = self._manifest_text(package, doc["b"])
            if base is None or (not base[1].startswith(COMPACT_FULL) and "b" in json.loads(base[1])):
                raise CompatError(f"{self.path} is damaged: {package}=={version} lacks its base manifest")
            manifest = TextManifest(base[1], frozenset(doc["d"]), doc["m"])
        return ReleaseRecord(package, version, provider_version, manifest)

    def _manifest_text(self, package: str, version: str) -> tuple[str | None, bytes] | None:
        row = self._db.execute(
            "SELECT provider_version, manifest FROM releases WHERE package = ? AND version = ?",
            (package, version),
        ).fetchone()
        return None if row is None else (row[0], self._unpack(bytes(row[1])))

    def module(self, module_id: int) -> ModuleRecord:
        cached = self._modules.get(module_id)
        if cached is not None:
            return cached
        row = self._db.execute("SELECT data FROM modules WHERE id = ?", (module_id,)).fetchone()
        if row is None:
            raise CompatError(
                f"{self.path} is damaged: module blob {module_id} is missing; rebuild the index"
            )
        doc = json.loads(self._unpack(bytes(row[0])))
        exports = doc["e"] if "e" in doc else [*doc["c"], *doc["o"]]
        record = ModuleRecord(frozenset(exports), doc["c"], doc["t"], frozenset(doc["o"]))
        self._modules[module_id] = record
        return record

    def class_info(self, class_id: int) -> ClassInfo:
        row = self._db.execute("SELECT data FROM classes WHERE id = ?", (class_id,)).fetchone()
        if row is None:
            raise CompatError(f"{self.path} is damaged: class blob {class_id} is missing; rebuild the index")
        return decode_class(self._unpack(bytes(row[0])))

    def names(self, name: str) -> list[tuple[str, str, str, str]]:
        """``(package, module, first version, last version)`` runs in which a module exports ``name``."""
        row = self._db.execute("SELECT data FROM names WHERE bucket = ?", (_bucket(name),)).fetchone()
        if row is None:
            return []
        packages = self._package_list()
        runs = json.loads(self._unpack(bytes(row[0]))).get(name, [])
        return [(packages[p], m, first, last) for p, m, first, last in runs]

    def _package_list(self) -> list[str]:
        packages: list[str] = json.loads(self._meta_bytes("packages") or b"[]")
        return packages

    def has_names(self) -> bool:
        return self._db.execute("SELECT 1 FROM names LIMIT 1").fetchone() is not None

    def names_cover(self, package: str, version: str) -> bool:
        """Whether the ``names`` table was computed with this release included."""
        covered = json.loads(self._meta_bytes("names_releases") or b"{}")
        return version in covered.get(package, ())

    def iter_releases(self, package: str) -> Iterator[ReleaseRecord]:
        for version in self.versions(package):
            record = self.release(package, version)
            if record is not None:
                yield record

    def rebuild_names(self) -> int:
        """Recompute the ``names`` table: contiguous release ranges per (package, module, name)."""
        ranges: dict[str, list[list[Any]]] = {}
        packages = self.packages()
        for p_index, package in enumerate(packages):
            open_runs: dict[tuple[str, str], list[Any]] = {}
            previous: set[tuple[str, str]] = set()
            for record in self.iter_releases(package):
                current: set[tuple[str, str]] = set()
                for module, module_id in record.manifest.items():
                    for name in self.module(module_id).exports:
                        current.add((module, name))
                for key in previous - current:
                    ranges.setdefault(key[1], []).append(open_runs.pop(key))
                for key in current:
                    if key in open_runs:
                        open_runs[key][3] = record.version
                    else:
                        open_runs[key] = [p_index, key[0], record.version, record.version]
                previous = current
            for key, run in open_runs.items():
                ranges.setdefault(key[1], []).append(run)
        self._db.execute("DELETE FROM names")
        self._set_meta("packages", json.dumps(packages).encode())
        covered = {package: self.versions(package) for package in packages}
        self._set_meta("names_releases", json.dumps(covered).encode())
        buckets: dict[int, dict[str, list[list[Any]]]] = {}
        for name, runs in sorted(ranges.items()):
            runs.sort(key=lambda r: (r[0], r[1], version_key(r[2])))
            buckets.setdefault(_bucket(name), {})[name] = runs
        for bucket, content in buckets.items():
            text = json.dumps(content, separators=(",", ":"))
            self._db.execute("INSERT INTO names (bucket, data) VALUES (?, ?)", (bucket, self._pack(text)))
        self._db.commit()
        self._modules.clear()
        return len(ranges)

    def execute(self, sql: str, args: Sequence[object] = ()) -> list[Any]:
        return self._db.execute(sql, args).fetchall()

    def rebuild_tf_types(self) -> int:
        """Recompute the ``tf_types`` table from the module rows; it covers every module stored so far."""
        table: dict[str, dict[str, list[int]]] = {}
        last = 0
        for (module_id,) in self._db.execute("SELECT id FROM modules ORDER BY id").fetchall():
            last = int(module_id)
            for name, tf_type in self.module(last).tf_types.items():
                table.setdefault(tf_type, {}).setdefault(name, []).append(last)
        self._db.execute("DELETE FROM tf_types")
        for tf_type, classes in sorted(table.items()):
            text = json.dumps(classes, separators=(",", ":"), sort_keys=True)
            row = (tf_type, self._pack(text))
            self._db.execute("INSERT INTO tf_types (tf_type, data) VALUES (?, ?)", row)
        self._set_meta("tf_types_modules", str(last).encode())
        self._db.commit()
        self._modules.clear()
        return len(table)

    def tf_types_current(self) -> bool:
        """Whether the ``tf_types`` table covers every module row."""
        last = self._db.execute("SELECT MAX(id) FROM modules").fetchone()[0] or 0
        covered = self._meta_bytes("tf_types_modules")
        return bool(covered) and int(covered) >= int(last)

    def tf_type_modules(self, tf_type: str, module_ids: Iterable[int]) -> dict[str, list[int]] | None:
        """``class -> [modules.id]`` of the constructs of ``tf_type``: one row of ``tf_types``.

        None when the table does not cover every module in ``module_ids`` (an index built before
        the table, or modules added since): the caller then reads the modules themselves.
        """
        covered = self._meta_bytes("tf_types_modules")
        if not covered or max(module_ids, default=0) > int(covered):
            return None
        row = self._db.execute("SELECT data FROM tf_types WHERE tf_type = ?", (tf_type,)).fetchone()
        return {} if row is None else dict(json.loads(self._unpack(bytes(row[0]))))
