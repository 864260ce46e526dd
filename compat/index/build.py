"""Build the symbol index from the wheels on PyPI: HTTP Range reads, a process pool, resumable.

One task per release runs in a worker process: read the wheel's central directory, skip every
module whose ``(path, CRC32, size)`` was already indexed (the member table remembers them),
fetch the others by Range (never the jsii tarball), read them with :mod:`compat.index.reader`
and hand back compact class descriptions. The parent deduplicates and writes them, one SQLite
transaction per release, so an interrupted build resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compat.errors import CompatError, RegistryError
from compat.index.store import IndexStore, digest, encode_class, version_key
from compat.providers import provider_package
from compat.record import Record
from compat.registry.http import HttpClient

if TYPE_CHECKING:
    from compat.registry.wheel import RemoteWheel

PYPI_TTL = 6 * 3600.0


def package_module(package: str) -> str:
    """The import name of a prebuilt provider package (any provider, either family)."""
    found = provider_package(package)
    if found is None or found.pypi != package:
        raise CompatError(
            f"not a prebuilt provider package: {package!r} (cdktf-cdktf-provider-*, cdktn-provider-*)"
        )
    return found.module


def module_key(path: str, top: str) -> str | None:
    """``top/s3_bucket_versioning/__init__.py`` -> ``s3_bucket_versioning``; root ``""``; private None."""
    if not path.endswith("/__init__.py") or not path.startswith(top + "/") and path != top + "/__init__.py":
        return None
    parts = path[: -len("/__init__.py")].split("/")[1:]
    if any(p.startswith("_") for p in parts):
        return None
    return ".".join(parts)


def wheel_urls(http: HttpClient, package: str) -> dict[str, str]:
    """``version -> wheel URL`` of every release on PyPI that publishes a wheel (yanked ones too)."""
    from compat.registry.pypi import PyPIClient

    project = PyPIClient(http).project(package, ttl=PYPI_TTL)
    return {str(r.version): r.wheel.url for r in project.releases if r.wheel is not None}


# -- the worker side -----------------------------------------------------------------------------


@dataclass
class NewModule:
    key: str
    path: str
    crc: int
    size: int
    provider_version: str | None
    exports: tuple[str, ...]
    classes: list[tuple[str, str, bytes, str | None]]  # name, JSON, sha1, tf_type (constructs, structs)
    others: list[str]  # classes of kind "other"


@dataclass
class ReleaseResult:
    package: str
    version: str
    known: dict[str, tuple[int, str | None]] = field(
        default_factory=dict
    )  # key -> module id, provider version
    new: list[NewModule] = field(default_factory=list)
    bytes_read: int = 0
    members: int = 0
    seconds: float = 0.0
    modules_read: bool = True  # False: the release was indexed before, only its TypeScript layout is read
    ts_submodules: dict[str, str | None] | None = None  # jsii submodule -> symbolId; None: not read
    ts_error: str | None = None
    npm_only: bool = False  # read from the npm tarball: the release is not on PyPI


def members_db_path(index_path: Path) -> Path:
    """The member table of an index: ``(package, path, crc, size) -> module id`` (a build cache)."""
    from compat.paths import cache_dir

    tag = hashlib.sha1(str(index_path.resolve()).encode()).hexdigest()[:12]
    return cache_dir() / f"index-members-{tag}.sqlite"


_MEMBERS_DDL = """CREATE TABLE IF NOT EXISTS members (package TEXT, path TEXT, crc INTEGER, size INTEGER,
module_id INTEGER, provider_version TEXT, PRIMARY KEY (package, path, crc, size)) WITHOUT ROWID"""


def _known_members(db_path: Path, package: str) -> dict[tuple[str, int, int], tuple[int, str | None]]:
    if not db_path.is_file():
        return {}
    db = sqlite3.connect(str(db_path), timeout=60)
    try:
        rows = db.execute(
            "SELECT path, crc, size, module_id, provider_version FROM members WHERE package = ?", (package,)
        ).fetchall()
    except sqlite3.DatabaseError:
        return {}
    finally:
        db.close()
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def read_ts_submodules(wheel: RemoteWheel, npm_name: str) -> dict[str, str | None]:
    """``submodule -> symbolId`` from the head of the jsii assembly in the wheel's tarball."""
    from compat.databuild.jsii import jsii_tarball_name
    from compat.index.tslayout import read_assembly_head, submodules_of

    name = jsii_tarball_name(list(wheel.members()))
    blocks = wheel.stream(name)
    try:
        head, _ = read_assembly_head(blocks, wheel.url)
    finally:
        close = getattr(blocks, "close", None)
        if close:
            close()
    return submodules_of(head, npm_name)


def index_release(
    package: str, version: str, url: str, members_db: Path | None, *, modules: bool = True, ts: bool = True
) -> ReleaseResult:
    """Read one release's modules (and its TypeScript layout) from its wheel (runs in a worker process)."""
    from compat.databuild.tasks import jsii_module
    from compat.index.reader import read_module
    from compat.registry.wheel import RemoteWheel

    started = time.monotonic()
    http = HttpClient()
    wheel = RemoteWheel(http, url)
    # the folder holding the jsii assembly: a community package names its own (clevercloud_cdktf_...)
    top = jsii_module(list(wheel.members())) or package_module(package)
    known = _known_members(members_db, package) if members_db and modules else {}
    result = ReleaseResult(package, version, modules_read=modules)
    if ts:
        from compat.snapshot import load_snapshot

        found = load_snapshot().provider_package(package)
        try:
            result.ts_submodules = read_ts_submodules(wheel, found.npm if found else package)
        except CompatError as error:  # RegistryError too: the Python index is still built
            result.ts_error = str(error)
    if not modules:
        result.bytes_read = http.bytes_downloaded
        result.seconds = time.monotonic() - started
        return result
    wanted: dict[str, tuple[str, int, int]] = {}
    for path, member in wheel.members().items():
        key = module_key(path, top)
        if key is None:
            continue
        if key and not all(part.isidentifier() for part in key.split(".")):
            # a name that is not UTF-8 (read with U+FFFD) or no module path: indexing the wheel without
            # it would report every import of that module missing, so the wheel is not indexed at all
            raise RegistryError(
                f"{package}=={version}: wheel member {path!a} is no module path: the wheel cannot be read"
            )
        result.members += 1
        hit = known.get((path, member.crc32, member.file_size))
        if hit is not None:
            result.known[key] = hit
        else:
            wanted[path] = (key, member.crc32, member.file_size)
    if not result.members:  # cached, such a release would make every import of the package an error
        raise RegistryError(f"{package}=={version}: the wheel has no module under {top}/: it cannot be read")
    for path, data in wheel.read_many(wanted):
        key, crc, size = wanted[path]
        try:
            info = read_module(data.decode("utf-8"))
        except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError) as error:
            raise CompatError(f"{package}=={version}: cannot read {path}: {error}") from error
        classes = []
        others = []
        for name, cls in info.classes.items():
            if cls.kind == "other":
                others.append(name)
                continue
            text = encode_class(cls)
            classes.append((name, text, digest(text), cls.tf_type))
        result.new.append(
            NewModule(key, path, crc, size, info.provider_version, info.exports, classes, others)
        )
    result.bytes_read = http.bytes_downloaded
    result.seconds = time.monotonic() - started
    return result


_ASSEMBLY_LIMIT = 512 << 20  # a package/.jsii read whole (the AWS bindings': ~130 MB)


def read_npm_assembly(http: HttpClient, url: str) -> dict[str, Any]:
    """``package/.jsii`` of an npm tarball, streamed and parsed (the whole assembly)."""
    import io
    import json
    import tarfile

    from compat.databuild.jsii import _IterReader
    from compat.errors import RegistryError

    size = http.content_length(url)
    blocks = http.stream_range(url, 0, size - 1)
    try:
        raw = io.BufferedReader(_IterReader(blocks), buffer_size=1 << 20)
        with tarfile.open(fileobj=raw, mode="r|gz") as tar:
            for entry in tar:
                if entry.name != "package/.jsii":
                    continue
                if entry.size > _ASSEMBLY_LIMIT:
                    raise RegistryError(f"{url}: package/.jsii declares {entry.size} bytes: too large")
                handle = tar.extractfile(entry)
                document = json.loads(handle.read() if handle else b"")
                if not isinstance(document, dict) or not isinstance(document.get("name"), str):
                    raise RegistryError(f"{url}: package/.jsii is not a jsii assembly")
                return document
    except (tarfile.TarError, EOFError, OSError, ValueError, RecursionError) as error:
        raise RegistryError(f"{url}: cannot read the npm tarball: {error}") from error
    finally:
        close = getattr(blocks, "close", None)
        if close:
            close()
    raise RegistryError(f"{url}: the npm tarball has no package/.jsii (not a jsii package)")


def index_npm_release(package: str, version: str, url: str) -> ReleaseResult:
    """Read a release that has no wheel from the jsii assembly in its npm tarball (worker side).

    The modules are described as the wheel's generated Python would describe them
    (:mod:`compat.index.assembly`); the TypeScript layout comes from the same assembly.
    """
    from compat.index.assembly import read_assembly

    started = time.monotonic()
    http = HttpClient()
    document = read_npm_assembly(http, url)
    found = provider_package(package)
    if found is not None and document["name"] != found.npm:
        raise CompatError(f"{url} holds the assembly of {document['name']}, not {found.npm}")
    modules, submodules = read_assembly(document)
    result = ReleaseResult(package, version, ts_submodules=submodules, npm_only=True)
    for key, info in sorted(modules.items()):
        classes = []
        others = []
        for name, cls in info.classes.items():
            if cls.kind == "other":
                others.append(name)
                continue
            text = encode_class(cls)
            classes.append((name, text, digest(text), cls.tf_type))
        # no wheel member: the path names the tarball's module, the member table never matches it
        result.new.append(
            NewModule(key, f"npm:{key}", 0, 0, info.provider_version, info.exports, classes, others)
        )
    result.members = len(modules)
    result.bytes_read = http.bytes_downloaded
    result.seconds = time.monotonic() - started
    return result


# -- the parent side -----------------------------------------------------------------------------


def store_ts_layout(store: IndexStore, result: ReleaseResult, progress: Progress | None = None) -> None:
    """Tie the jsii submodules of a release to its stored module keys and store the layout."""
    from compat.index.tslayout import encode_layout, layout

    if result.ts_submodules is None:
        return
    record = store.release(result.package, result.version)
    if record is None:
        return
    modules, unmatched = layout(result.ts_submodules, record.manifest)
    if unmatched and progress is not None:
        progress(
            f"index: {result.package}=={result.version}: no Python module for jsii submodules "
            f"{', '.join(unmatched[:5])}{' ...' if len(unmatched) > 5 else ''}"
        )
    store.put_ts_layout(result.package, result.version, encode_layout(modules, record.manifest))


def store_result(
    store: IndexStore,
    result: ReleaseResult,
    members_db: sqlite3.Connection | None,
    progress: Progress | None = None,
) -> None:
    """Deduplicate and write one release (one transaction)."""
    if not result.modules_read:
        store_ts_layout(store, result, progress)
        store.commit()
        return
    if not store.has_zdict():
        store.ensure_zdict([text for m in result.new for _, text, _, _ in m.classes])
    manifest: dict[str, int] = {}
    versions: Counter[str] = Counter()
    provider_module_version: str | None = None
    for key, (module_id, pv) in result.known.items():
        manifest[key] = module_id
        if pv:
            versions[pv] += 1
            if key == "provider":
                provider_module_version = pv
    member_rows = []
    for module in result.new:
        ids = {name: store.class_id(text, hash_) for name, text, hash_, _ in module.classes}
        tf_types = {name: tf for name, _, _, tf in module.classes if tf}
        module_id = store.module_id(module.exports, ids, tf_types, module.others)
        manifest[module.key] = module_id
        if module.provider_version:
            versions[module.provider_version] += 1
            if module.key == "provider":
                provider_module_version = module.provider_version
        member_rows.append(
            (result.package, module.path, module.crc, module.size, module_id, module.provider_version)
        )
    provider_version = provider_module_version or (versions.most_common(1)[0][0] if versions else None)
    store.put_release(result.package, result.version, provider_version, manifest)
    if result.npm_only:
        store.mark_npm_only(result.package, result.version)
    store_ts_layout(store, result, progress)
    store.commit()
    if members_db is not None:
        members_db.executemany("INSERT OR REPLACE INTO members VALUES (?, ?, ?, ?, ?, ?)", member_rows)
        members_db.commit()


@dataclass
class BuildReport:
    releases: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    bytes_read: int = 0
    members_read: int = 0
    members_total: int = 0
    seconds: float = 0.0
    ts_failed: list[str] = field(default_factory=list)  # releases whose jsii assembly could not be read
    layouts_only: int = 0  # releases indexed before of which only the TypeScript layout was read now


Progress = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def build(
    index_path: Path,
    targets: Iterable[tuple[str, str]],
    *,
    jobs: int = 2,
    http: HttpClient | None = None,
    progress: Progress = _stderr,
    names: bool = True,
    ts: bool = True,
) -> BuildReport:
    """Index ``(package, version)`` pairs not yet in ``index_path``, ``jobs`` releases at a time.

    With ``ts`` (the default) each release's TypeScript layout is read from its jsii assembly too,
    also for releases indexed before without one (then only the layout is read).
    """
    started = time.monotonic()
    report = BuildReport()
    before = _file_stamp(index_path)
    members_path = members_db_path(index_path)
    members_path.parent.mkdir(parents=True, exist_ok=True)
    members_db = sqlite3.connect(str(members_path), timeout=60)
    members_db.execute(_MEMBERS_DDL)
    members_db.execute(_STAMP_DDL)
    known = members_db.execute("SELECT value FROM stamp WHERE id = 0").fetchone()
    if known is None or known[0] != before:
        # the index is not the file these module ids were written into (replaced by a checkout or a
        # merge, rebuilt, new): reusing them would point at other modules, or at none
        members_db.execute("DELETE FROM members")
    members_db.commit()
    store = IndexStore(index_path, writable=True)
    try:
        todo = _resolve(store, list(targets), http, report, ts=ts)
        total = len(todo)
        if not todo:
            progress("index: nothing to build")
        # The first release alone: its classes seed the compression dictionary.
        if todo and not store.has_zdict():
            task = todo.pop(0)
            _one(store, members_db, _run(task, members_path, ts), report, progress, total)
        if jobs <= 1:  # in this process: no pool to start for one release indexed on demand
            for task in todo:
                try:
                    result = _run(task, members_path, ts)
                except CompatError as error:
                    report.failed.append(f"{task.package}=={task.version}")
                    progress(f"index: {task.package}=={task.version} failed: {error}")
                    continue
                _one(store, members_db, result, report, progress, total)
            todo = []
        if todo:
            with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
                pending: list[tuple[_Task, Future[ReleaseResult]]] = []
                queue = list(todo)
                while queue or pending:
                    while queue and len(pending) < max(1, jobs) + 1:
                        task = queue.pop(0)
                        future = pool.submit(_run, task, members_path, ts)
                        pending.append((task, future))
                    task, future = pending.pop(0)
                    try:
                        result = future.result()
                    except CompatError as error:
                        report.failed.append(f"{task.package}=={task.version}")
                        progress(f"index: {task.package}=={task.version} failed: {error}")
                        continue
                    _one(store, members_db, result, report, progress, total)
        if names and report.releases > report.layouts_only:
            count = store.rebuild_names()
            progress(f"index: name table rebuilt ({count} names)")
        if names and not store.tf_types_current():
            types = store.rebuild_tf_types()
            progress(f"index: Terraform type table rebuilt ({types} types)")
    finally:
        store.close()
        members_db.execute("INSERT OR REPLACE INTO stamp VALUES (0, ?)", (_file_stamp(index_path),))
        members_db.commit()
        members_db.close()
    report.seconds = time.monotonic() - started
    return report


_STAMP_DDL = "CREATE TABLE IF NOT EXISTS stamp (id INTEGER PRIMARY KEY, value TEXT NOT NULL)"


def _file_stamp(path: Path) -> str:
    """Which file the index is: device, inode, size and modification time ("" when there is none)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


class _Task(Record):
    package: str
    version: str
    url: str
    modules: bool  # False: indexed before, only the TypeScript layout is missing
    npm: bool = False  # no wheel: ``url`` is the npm tarball, read for its jsii assembly


def _run(task: _Task, members_path: Path, ts: bool) -> ReleaseResult:
    if task.npm:
        return index_npm_release(task.package, task.version, task.url)
    return index_release(task.package, task.version, task.url, members_path, modules=task.modules, ts=ts)


def _one(
    store: IndexStore,
    members_db: sqlite3.Connection,
    result: ReleaseResult,
    report: BuildReport,
    progress: Progress,
    total: int,
) -> None:
    store_result(store, result, members_db, progress)
    report.releases += 1
    report.layouts_only += not result.modules_read
    report.bytes_read += result.bytes_read
    report.members_read += len(result.new)
    report.members_total += result.members
    if result.ts_error:
        report.ts_failed.append(f"{result.package}=={result.version}")
    ts = (
        f"; TypeScript layout: {len(result.ts_submodules)} submodules"
        if result.ts_submodules is not None
        else f"; TypeScript layout not read: {result.ts_error}"
        if result.ts_error
        else ""
    )
    progress(
        f"index: [{report.releases}/{total}] {result.package}=={result.version}: "
        f"{len(result.new)}/{result.members} modules read, "
        f"{result.bytes_read / 1e6:.1f} MB, {result.seconds:.1f} s{ts}"
    )


def _resolve(
    store: IndexStore,
    targets: list[tuple[str, str]],
    http: HttpClient | None,
    report: BuildReport,
    *,
    ts: bool = True,
) -> list[_Task]:
    from compat.registry.http import default_client

    client = http or default_client()
    urls: dict[str, dict[str, str]] = {}
    todo = []
    seen = set()
    for package, version in targets:
        if (package, version) in seen:
            continue
        seen.add((package, version))
        package_module(package)
        indexed = store.release(package, version) is not None
        if indexed and (not ts or store.ts_layout(package, version) is not None):
            report.skipped += 1
            continue
        if package not in urls:
            urls[package] = wheel_urls(client, package)
        url = urls[package].get(version)
        if url is None:
            tarball = None if indexed else _npm_tarball(client, package, version)
            if tarball is None:
                raise CompatError(f"{package}=={version} has no wheel on PyPI (nor a tarball on npm)")
            todo.append(_Task(package, version, tarball, modules=True, npm=True))
            continue
        todo.append(_Task(package, version, url, modules=not indexed))
    return todo


def _npm_tarball(http: HttpClient, package: str, version: str) -> str | None:
    """The npm tarball of a release PyPI lacks (an npm-only release), if npm lists it."""
    from compat.errors import RegistryError
    from compat.registry.npm import NpmClient

    found = provider_package(package)
    if found is None:
        return None
    try:
        row = NpmClient(http).packument(found.npm).get(version)
    except RegistryError:
        return None
    return row.tarball if row is not None else None


def all_versions(package: str, http: HttpClient | None = None) -> list[str]:
    from compat.registry.http import default_client

    return sorted(wheel_urls(http or default_client(), package), key=version_key)
