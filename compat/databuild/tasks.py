"""One task per release of a prebuilt package: read its wheel (METADATA, maybe the jsii package.json).

Every release's core requirement is read from its own METADATA (exact, no npm range translated;
npm lists only some releases: ~21 % of google's, none of most cdktn packages). The wheel's central
directory is read with a small tail first, so a small provider's wheel costs about its directory
plus METADATA, not 1 MB. The jsii tarball is streamed (until its package.json) only for releases
whose provider version neither npm nor the README in METADATA states.

Each finished task is kept as a small JSON file in the work dir, so an interrupted build resumes
where it stopped; the tasks run in a thread pool, each thread with its own HTTP session.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.databuild.files import write_json_atomic
from compat.databuild.jsii import read_package_json
from compat.databuild.metadata import metadata_member, parse_metadata
from compat.errors import RegistryError
from compat.families import Family
from compat.providers import ProviderPackage
from compat.registry.http import HttpClient
from compat.registry.npm import Packument
from compat.registry.pypi import PyPIProject, PyPIRelease
from compat.registry.wheel import RemoteWheel

Progress = Callable[[str], None]
_TAIL = 128 << 10  # first read from a wheel's end: the directory of a small provider and more
_TASK_VERSION = 2  # bump when the per-release work files change meaning


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
    described_source: str | None = None  # provider named in the README heading of the METADATA
    described_version: str | None = None
    described_deprecated: bool = False
    module: str | None = None  # the import name: the folder holding the wheel's ``_jsii/*.jsii.tgz``

    def to_json(self) -> dict[str, Any]:
        return {"task_version": _TASK_VERSION, **self.__dict__}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> WheelFacts:
        row = {k: v for k, v in row.items() if k != "task_version"}
        return cls(**row)


@dataclass(frozen=True)
class Task:
    package: ProviderPackage
    release: PyPIRelease
    need_package_json: bool
    #: read the jsii package.json for the package's own npm and import names (schemes without one)
    need_names: bool = False

    @property
    def family(self) -> Family:
        return self.package.family

    @property
    def label(self) -> str:
        return f"{self.package.pypi} {self.release.version}"


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


def jsii_module(members: list[str]) -> str | None:
    """The import name of a jsii wheel: the one top folder holding ``_jsii/<name>@<version>.jsii.tgz``."""
    tops = {
        m.split("/")[0] for m in members if m.count("/") == 2 and "/_jsii/" in m and m.endswith(".jsii.tgz")
    }
    return tops.pop() if len(tops) == 1 else None


def read_wheel(
    http: HttpClient,
    url: str,
    wheel_size: int,
    *,
    family: Family,
    need_package_json: bool,
    need_names: bool = False,
) -> WheelFacts:
    """METADATA (and, when asked, the jsii ``package.json``) of the wheel at ``url``."""
    started, before = time.monotonic(), http.bytes_downloaded
    wheel = RemoteWheel(http, url, tail_guess=_TAIL)
    members = list(wheel.members())
    metadata = parse_metadata(wheel.read(metadata_member(members)).decode("utf-8"), family.core)
    package_json = None
    jsii_bytes = 0
    if (need_package_json and metadata.provider_version is None) or need_names:
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
        python = ((document.get("jsii") or {}).get("targets") or {}).get("python")
        if isinstance(python, dict):  # jsii's Python target: distName and module
            package_json["python"] = {k: python[k] for k in ("distName", "module") if k in python}
    return WheelFacts(
        requires_python=metadata.requires_python,
        core_requirement=metadata.core_requirement,
        constructs_requirement=metadata.constructs_requirement,
        package_json=package_json,
        bytes_downloaded=http.bytes_downloaded - before,
        jsii_bytes=jsii_bytes,
        wheel_size=wheel.size or wheel_size,  # read from the file: a mirror's index may give no size
        seconds=round(time.monotonic() - started, 3),
        described_source=metadata.provider_source,
        described_version=metadata.provider_version,
        described_deprecated=metadata.deprecated,
        module=jsii_module(members),
    )


def _work_file(work_dir: Path, task: Task) -> Path:
    return work_dir / task.package.pypi / f"{task.release.version}.json"


def _load_work(path: Path, need_package_json: bool, need_names: bool = False) -> WheelFacts | None:
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
        if row.get("task_version") != _TASK_VERSION:
            return None
        done = WheelFacts.from_json(row)
    except (OSError, ValueError, TypeError):
        return None
    if need_package_json and done.package_json is None and done.described_version is None:
        return None
    if need_names and (done.package_json is None or "name" not in done.package_json):
        return None
    return done


def _npm_has_provider(packument: Packument | None, version: Version) -> bool:
    entry = packument.get(str(version)) if packument else None
    return bool(entry and entry.provider_version)


def plan(
    package: ProviderPackage,
    project: PyPIProject,
    packument: Packument | None,
    only: Iterable[Version] | None = None,
) -> list[Task]:
    """One task per release with a wheel (of ``only``, when given)."""
    wanted = set(only) if only is not None else None
    tasks = []
    for release in project.releases:
        if release.wheel is None or (wanted is not None and release.version not in wanted):
            continue
        stream = not _npm_has_provider(packument, release.version)
        tasks.append(Task(package, release, need_package_json=stream, need_names=not package.official))
    return tasks


def _say_every(total: int) -> int:
    """Report each release of a small run, every percent of a large one (20,000 releases)."""
    return 1 if total <= 1000 else total // 100


def run_tasks(
    tasks: list[Task], work_dir: Path, *, jobs: int, offline: bool, stats: BuildStats, progress: Progress
) -> dict[Task, WheelFacts]:
    """Run (or resume) every task; failures are collected in ``stats.failures``."""
    results: dict[Task, WheelFacts] = {}
    pending = []
    for task in tasks:
        done = _load_work(_work_file(work_dir, task), task.need_package_json, task.need_names)
        if done is not None:
            results[task] = done
            stats.tasks_resumed += 1
        else:
            pending.append(task)
    if stats.tasks_resumed:
        progress(f"resuming: {stats.tasks_resumed} releases already read in {work_dir}")
    # the jsii streams are the long tasks: start them first so the pool ends evenly
    pending.sort(key=lambda t: not (t.need_package_json or t.need_names))
    clients = _ThreadClients(offline)

    def work(task: Task) -> WheelFacts:
        wheel = task.release.wheel
        assert wheel is not None
        result = read_wheel(
            clients.get(),
            wheel.url,
            wheel.size,
            family=task.family,
            need_package_json=task.need_package_json,
            need_names=task.need_names,
        )
        write_json_atomic(_work_file(work_dir, task), result.to_json(), indent=None)
        return result

    total = len(pending)
    every = _say_every(total)
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
            if not task.need_package_json:
                source = "wheel METADATA"
            elif result.package_json is None:
                source = "wheel METADATA (README names the provider version)"
            else:
                source = "wheel METADATA + jsii package.json"
            if count % every and count != total:
                continue
            progress(
                f"[{count}/{total}] {task.label}: {source}, {result.bytes_downloaded / 1e6:.1f} MB "
                f"of {result.wheel_size / 1e6:.1f} MB, {result.seconds:.1f}s"
            )
    except BaseException:  # Ctrl-C: drop the queued releases at once; finished ones stay in the work dir
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results
