"""``compat data build``: every release of both lines, from PyPI, npm and the wheels themselves.

For each release of the prebuilt bindings one task reads the wheel's METADATA with HTTP Range
requests (tail + one member, ~1 MB of a 30-70 MB wheel). When npm does not know the release
(or knows it without a provider version) the task also streams the wheel's jsii tarball to read
``package/package.json``. Each finished task is written to the work dir at once, so an
interrupted build resumes where it stopped. Nothing is written to the output unless every
release was read.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.databuild import facts
from compat.databuild.jsii import read_package_json
from compat.databuild.metadata import metadata_member, normalize_requirement, parse_metadata
from compat.errors import CompatError, RegistryError
from compat.lines import CDKTF, CDKTN, Line
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient, Packument, provider_fields
from compat.registry.pypi import PyPIClient, PyPIProject, PyPIRelease
from compat.registry.wheel import RemoteWheel
from compat.snapshot import SCHEMA, BindingRelease, CoreRelease

LINES: tuple[Line, ...] = (CDKTF, CDKTN)
Progress = Callable[[str], None]
_TASK_VERSION = 2  # bump when the per-release work files change meaning


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import: os.umask is process-wide and the build writes from threads


def write_json_atomic(path: Path, document: Any, indent: int | None = 1) -> None:
    """Write ``document`` to ``path`` through a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=indent, ensure_ascii=False)
            handle.write("\n")
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; the data file is meant to be read by all
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class WheelFacts:
    """What one task learned from one wheel (stored as a work file)."""

    requires_python: str | None
    core_requirement: str | None
    constructs_requirement: str | None
    package_json: dict[str, Any] | None  # provider fields from the jsii tarball, when read
    bytes_downloaded: int
    jsii_bytes: int
    wheel_size: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {"task_version": _TASK_VERSION, **self.__dict__}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> WheelFacts:
        row = {k: v for k, v in row.items() if k != "task_version"}
        return cls(**row)


@dataclass(frozen=True)
class Task:
    line: Line
    release: PyPIRelease
    need_package_json: bool

    @property
    def label(self) -> str:
        return f"{self.line.bindings} {self.release.version}"


@dataclass
class BuildStats:
    releases: int = 0
    tasks_run: int = 0
    tasks_resumed: int = 0
    jsii_streamed: int = 0
    bytes_downloaded: int = 0  # by the wheel tasks (all runs), range reads only
    jsii_bytes: int = 0  # of which streaming jsii tarballs
    whole_wheel_bytes: int = 0  # what downloading every wheel whole would have cost
    index_bytes: int = 0  # PyPI and npm JSON documents fetched by this run
    elapsed_s: float = 0.0  # this run, wall clock
    task_seconds: float = 0.0  # sum over tasks (all runs)
    runs: list[dict[str, Any]] = field(default_factory=list)  # every run that read wheels: wall time, tasks
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "failures"}


class _ThreadClients:
    """One HttpClient (own session, no cache) per worker thread, so byte counts are per task."""

    def __init__(self, offline: bool) -> None:
        self._local = threading.local()
        self._offline = offline

    def get(self) -> HttpClient:
        client = getattr(self._local, "client", None)
        if client is None:
            client = HttpClient(offline=self._offline, cache=None)
            self._local.client = client
        return client


def read_wheel(
    http: HttpClient, url: str, wheel_size: int, *, line: Line, need_package_json: bool
) -> WheelFacts:
    """METADATA (and, when asked, the jsii ``package.json``) of the wheel at ``url``."""
    started, before = time.monotonic(), http.bytes_downloaded
    wheel = RemoteWheel(http, url)
    metadata = parse_metadata(wheel.read(metadata_member(list(wheel.members()))).decode("utf-8"), line.core)
    package_json = None
    jsii_bytes = 0
    if need_package_json:
        jsii_before = http.bytes_downloaded
        document = read_package_json(wheel)
        jsii_bytes = http.bytes_downloaded - jsii_before
        keep = (
            "name",
            "version",
            "cdktf",
            "cdktn",
            "peerDependencies",
            "deprecated",
            "terraformGeneratorMetadata",
        )
        package_json = {str(k): document[k] for k in keep if k in document}
    return WheelFacts(
        requires_python=metadata.requires_python,
        core_requirement=metadata.core_requirement,
        constructs_requirement=metadata.constructs_requirement,
        package_json=package_json,
        bytes_downloaded=http.bytes_downloaded - before,
        jsii_bytes=jsii_bytes,
        wheel_size=wheel_size,
        seconds=round(time.monotonic() - started, 3),
    )


def _work_file(work_dir: Path, task: Task) -> Path:
    return work_dir / task.line.bindings / f"{task.release.version}.json"


def _load_work(path: Path, need_package_json: bool) -> WheelFacts | None:
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
        if row.get("task_version") != _TASK_VERSION:
            return None
        done = WheelFacts.from_json(row)
    except (OSError, ValueError, TypeError):
        return None
    if need_package_json and done.package_json is None:
        return None
    return done


def _npm_has_provider(packument: Packument | None, version: Version) -> bool:
    entry = packument.get(str(version)) if packument else None
    return bool(entry and entry.provider_version)


def plan(
    line: Line, project: PyPIProject, packument: Packument | None, only: Iterable[Version] | None = None
) -> list[Task]:
    wanted = set(only) if only is not None else None
    tasks = []
    for release in project.releases:
        if release.wheel is None or (wanted is not None and release.version not in wanted):
            continue
        tasks.append(Task(line, release, need_package_json=not _npm_has_provider(packument, release.version)))
    return tasks


def run_tasks(
    tasks: list[Task], work_dir: Path, *, jobs: int, offline: bool, stats: BuildStats, progress: Progress
) -> dict[Task, WheelFacts]:
    """Run (or resume) every task; failures are collected in ``stats.failures``."""
    results: dict[Task, WheelFacts] = {}
    pending = []
    for task in tasks:
        done = _load_work(_work_file(work_dir, task), task.need_package_json)
        if done is not None:
            results[task] = done
            stats.tasks_resumed += 1
        else:
            pending.append(task)
    if stats.tasks_resumed:
        progress(f"resuming: {stats.tasks_resumed} releases already read in {work_dir}")
    # the jsii streams are the long tasks: start them first so the pool ends evenly
    pending.sort(key=lambda t: not t.need_package_json)
    clients = _ThreadClients(offline)

    def work(task: Task) -> WheelFacts:
        wheel = task.release.wheel
        assert wheel is not None
        result = read_wheel(
            clients.get(), wheel.url, wheel.size, line=task.line, need_package_json=task.need_package_json
        )
        write_json_atomic(_work_file(work_dir, task), result.to_json(), indent=None)
        return result

    total = len(pending)
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(work, task): task for task in pending}
        for count, future in enumerate(as_completed(futures), start=1):
            task = futures[future]
            try:
                result = future.result()
            except (
                Exception
            ) as error:  # one bad wheel must not lose the others: recorded, build fails at the end
                if not isinstance(error, (RegistryError, OSError, ValueError)):
                    error = RegistryError(f"{type(error).__name__}: {error}")
                stats.failures.append(f"{task.label}: {error}")
                progress(f"[{count}/{total}] {task.label}: FAILED: {error}")
                continue
            results[task] = result
            stats.tasks_run += 1
            source = "wheel METADATA+jsii package.json" if task.need_package_json else "npm+wheel METADATA"
            progress(
                f"[{count}/{total}] {task.label}: {source}, {result.bytes_downloaded / 1e6:.1f} MB "
                f"of {result.wheel_size / 1e6:.1f} MB, {result.seconds:.1f}s"
            )
    except BaseException:  # Ctrl-C: drop the queued releases at once; finished ones stay in the work dir
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results


def implied_source(name: str) -> str:
    """Terraform's source address for a provider named in generated code.

    A bare name (``"aws"``) is a legacy address that Terraform reads as
    ``registry.terraform.io/hashicorp/<name>``; ``"ns/name"`` gets the default hostname.
    """
    parts = name.split("/")
    if len(parts) == 1:
        return f"registry.terraform.io/hashicorp/{name}"
    if len(parts) == 2:
        return f"registry.terraform.io/{name}"
    return name


def binding_row(task: Task, result: WheelFacts, packument: Packument | None) -> BindingRelease:
    release = task.release
    npm = packument.get(str(release.version)) if packument else None
    source: str | None
    provider_version: str | None
    origin: str | None
    if npm is not None and npm.provider_version:
        source, provider_version, deprecated, origin = (
            npm.provider_source,
            npm.provider_version,
            npm.deprecated,
            "npm",
        )
    elif result.package_json is not None:
        source, provider_version, deprecated = provider_fields(result.package_json)
        # releases up to 7.x state the provider only in the generated JavaScript; up to 6.x
        # without its version (the generator did not record it then): left None
        generator = result.package_json.get("terraformGeneratorMetadata") or {}
        provider_version = provider_version or generator.get("providerVersion")
        if source is None and generator.get("providerName"):
            source = implied_source(generator["providerName"])
        deprecated = deprecated or bool(result.package_json.get("deprecated"))
        origin = "wheel" if provider_version else None
    else:
        source = provider_version = origin = None
        deprecated = False
    wheel = release.wheel
    return BindingRelease(
        package=task.line.bindings,
        version=release.version,
        uploaded=release.uploaded,
        provider_source=source,
        provider_version=Version(provider_version) if provider_version else None,
        provider_version_from=origin,
        core_requirement=normalize_requirement(result.core_requirement),
        constructs_requirement=normalize_requirement(result.constructs_requirement),
        requires_python=result.requires_python or (wheel.requires_python if wheel else None),
        yanked=release.yanked,
        deprecated=deprecated,
    )


def core_rows(line: Line, project: PyPIProject, only: Iterable[Version] | None = None) -> list[CoreRelease]:
    wanted = set(only) if only is not None else None
    rows = []
    for release in project.releases:
        if not release.files or (wanted is not None and release.version not in wanted):
            continue
        node = facts.core_fact(facts.NODE_MIN, line.core, release.version)
        terraform = facts.core_fact(facts.TERRAFORM_MIN, line.core, release.version)
        rows.append(
            CoreRelease(
                package=line.core,
                version=release.version,
                uploaded=release.uploaded,
                requires_python=release.requires_python,
                yanked=release.yanked,
                node_min=node.value if node else None,
                terraform_min=terraform.value if terraform else None,
            )
        )
    return rows


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def snapshot_document(
    bindings: dict[Line, list[BindingRelease]],
    cores: dict[Line, list[CoreRelease]],
    sources: dict[str, str],
    stats: BuildStats | None,
) -> dict[str, Any]:
    """The JSON document :func:`compat.snapshot.parse_snapshot` reads (schema 1)."""
    packages: dict[str, Any] = {}
    for line, rows in bindings.items():
        packages[line.bindings] = {
            "kind": "bindings",
            "line": line.name,
            "releases": [r.to_json() for r in sorted(rows, key=lambda r: r.version)],
        }
    for line, core in cores.items():
        packages[line.core] = {
            "kind": "core",
            "line": line.name,
            "releases": [r.to_json() for r in sorted(core, key=lambda r: r.version)],
        }
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "built_at": _now(),
        "sources": sources,
        "packages": packages,
        "features": [f.to_json() for f in facts.FEATURES],
        "core_facts": [
            {"kind": kind, "core": f.core, "versions": str(f.versions), "value": f.value, "source": f.source}
            for kind, table in (("node_min", facts.NODE_MIN), ("terraform_min", facts.TERRAFORM_MIN))
            for f in table
        ],
    }
    if stats is not None:
        document["build"] = stats.to_json()
    return document


def collect(
    *,
    http: HttpClient,
    work_dir: Path,
    jobs: int,
    progress: Progress,
    known: dict[str, set[Version]] | None = None,
    project_ttl: float = 600.0,
) -> tuple[dict[str, Any], BuildStats]:
    """Read every release (or, with ``known``, every release not in it) and return the document.

    Raises :class:`CompatError` when some release could not be read (rerun to resume).
    """
    started = time.monotonic()
    stats = BuildStats()
    pypi, npm = PyPIClient(http), NpmClient(http)
    index_before = http.bytes_downloaded
    sources: dict[str, str] = {}
    tasks: list[Task] = []
    cores: dict[Line, list[CoreRelease]] = {}
    packuments: dict[Line, Packument] = {}
    for line in LINES:
        progress(f"reading PyPI {line.bindings}, {line.core} and npm {line.npm}")
        bindings_project = pypi.project(line.bindings, ttl=project_ttl)
        core_project = pypi.project(line.core, ttl=project_ttl)
        packuments[line] = npm.packument(line.npm, ttl=project_ttl)
        sources[line.bindings] = pypi.project_url(line.bindings)
        sources[line.core] = pypi.project_url(line.core)
        sources[line.npm] = npm.packument_url(line.npm)
        new_bindings = _unknown(bindings_project, known, line.bindings)
        new_cores = _unknown(core_project, known, line.core)
        tasks += plan(line, bindings_project, packuments[line], new_bindings)
        cores[line] = core_rows(line, core_project, new_cores)
    stats.index_bytes = http.bytes_downloaded - index_before
    missing = sum(t.need_package_json for t in tasks)
    progress(f"{len(tasks)} binding releases to read ({missing} not on npm: their jsii tarball is streamed)")
    results = run_tasks(tasks, work_dir, jobs=jobs, offline=http.offline, stats=stats, progress=progress)
    if stats.failures:
        raise CompatError(
            f"{len(stats.failures)} releases could not be read (first: {stats.failures[0]}); "
            "run the same command again to resume"
        )
    bindings: dict[Line, list[BindingRelease]] = {line: [] for line in LINES}
    for task in tasks:
        result = results[task]
        bindings[task.line].append(binding_row(task, result, packuments[task.line]))
        stats.bytes_downloaded += result.bytes_downloaded
        stats.jsii_bytes += result.jsii_bytes
        stats.whole_wheel_bytes += result.wheel_size
        stats.task_seconds += result.seconds
        stats.jsii_streamed += result.package_json is not None
    stats.releases = len(tasks)
    stats.task_seconds = round(stats.task_seconds, 1)
    stats.elapsed_s = round(time.monotonic() - started, 1)
    stats.runs = _log_run(work_dir, stats)
    return snapshot_document(bindings, cores, sources, stats), stats


def _log_run(work_dir: Path, stats: BuildStats) -> list[dict[str, Any]]:
    """Append this run to ``runs.json`` in the work dir (when it read wheels); return every run.

    A resumed build reads few wheels; the runs kept here give the true cost of the whole build.
    """
    path = work_dir / "runs.json"
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))
        runs = runs if isinstance(runs, list) else []
    except (OSError, ValueError):
        runs = []
    if stats.tasks_run:
        runs.append(
            {
                "finished": _now(),
                "elapsed_s": stats.elapsed_s,
                "tasks_run": stats.tasks_run,
                "index_bytes": stats.index_bytes,
            }
        )
        write_json_atomic(path, runs)
    return list(runs)


def _unknown(project: PyPIProject, known: dict[str, set[Version]] | None, name: str) -> list[Version] | None:
    if known is None:
        return None
    have = known.get(name, set())
    return [r.version for r in project.releases if r.version not in have]


def default_work_dir() -> Path:
    from compat.paths import cache_dir

    return cache_dir() / "databuild"


def build_snapshot(
    out: Path, *, http: HttpClient, work_dir: Path | None = None, jobs: int = 6, progress: Progress = print
) -> BuildStats:
    """Build the whole snapshot into ``out`` (atomically; nothing written when a release failed)."""
    document, stats = collect(
        http=http, work_dir=work_dir or default_work_dir(), jobs=jobs, progress=progress
    )
    write_json_atomic(out, document)
    return stats
