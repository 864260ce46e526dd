"""``compat data build``: every release of both families, from PyPI, npm and the wheels themselves.

Reads the PyPI projects of both cores and the PyPI project and npm packument of every prebuilt
package asked for (:mod:`compat.databuild.discover` finds them), runs one task per binding release
(:mod:`compat.databuild.tasks`: the wheel's METADATA with HTTP Range requests, ~1 MB of a
30-70 MB wheel, plus the jsii ``package.json`` streamed when neither npm nor the README in
METADATA states the provider version),
and assembles the document (:mod:`compat.databuild.rows`). Finished tasks are kept in the work
dir, so an interrupted build resumes where it stopped. Nothing is written to the output unless
every release was read.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.databuild.cli_floor import CLI_PACKAGES, CliFloor, cli_floors
from compat.databuild.cli_sources import CliTables
from compat.databuild.core_wheels import core_constructs
from compat.databuild.files import write_json_atomic
from compat.databuild.metadata import implied_source
from compat.databuild.npm import TOOL_PACKAGES, npm_section
from compat.databuild.rows import (
    binding_row,
    core_rows,
    core_versions,
    now_utc,
    package_names,
    snapshot_document,
)
from compat.databuild.tasks import BuildStats, Progress, Task, WheelFacts, plan, read_wheel, run_tasks
from compat.errors import CompatError, RegistryError
from compat.families import FAMILIES, Family
from compat.packed_rows import pack_release_rows, unpack_rows
from compat.providers import ProviderPackage, provider_package
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient, Packument
from compat.registry.pypi import PyPIClient, PyPIProject
from compat.registry.redact import redact_url
from compat.snapshot import BindingRelease, CoreRelease

__all__ = [
    "BuildStats",
    "Progress",
    "Task",
    "WheelFacts",
    "binding_row",
    "build_snapshot",
    "collect",
    "core_rows",
    "default_work_dir",
    "implied_source",
    "plan",
    "read_wheel",
    "run_tasks",
    "snapshot_document",
    "write_json_atomic",
]


def collect(
    *,
    http: HttpClient,
    work_dir: Path,
    jobs: int,
    progress: Progress,
    known: dict[str, set[Version]] | None = None,
    project_ttl: float = 600.0,
    packages: Sequence[ProviderPackage] | None = None,
    cli_tables: CliTables | None = None,
) -> tuple[dict[str, Any], BuildStats]:
    """Read every release (or, with ``known``, every release not in it) and return the document.

    ``packages`` are the prebuilt packages to read (default: the AWS bindings of both families); one
    that PyPI does not have is left out with a message. Raises :class:`CompatError` when some
    release could not be read (rerun to resume).
    """
    started = time.monotonic()
    stats = BuildStats()
    pypi, npm = PyPIClient(http), NpmClient(http)
    index_before = http.bytes_downloaded
    sources: dict[str, str] = {}
    tasks: list[Task] = []
    cores: dict[Family, list[CoreRelease]] = {}
    floors: dict[str, dict[Version, CliFloor]] = {}
    packuments: dict[ProviderPackage, Packument | None] = {}
    core_packuments: dict[str, Packument | None] = {}
    for family in FAMILIES.values():
        progress(f"reading PyPI {family.core}")
        core_project = pypi.project(family.core, ttl=project_ttl)
        sources[family.core] = redact_url(pypi.project_url(family.core))
        only = _unknown(core_project, known, family.core)
        if family.core in CLI_PACKAGES:
            progress(f"reading npm {CLI_PACKAGES[family.core]} (the CLI's minimum Terraform)")
            versions = core_versions(core_project, only)
            floors[family.core] = cli_floors(http, family.core, versions, ttl=project_ttl)
        constructs = core_constructs(
            family, core_project, only, work_dir=work_dir, jobs=jobs, offline=http.offline, progress=progress
        )
        cores[family] = core_rows(family, core_project, only, floors.get(family.core), constructs)
        core_packuments[family.core] = _packument(npm, family.core, project_ttl)
    aws = [provider_package(family.bindings) for family in FAMILIES.values()]
    wanted = list(packages) if packages is not None else aws
    for count, package in enumerate(p for p in wanted if p is not None):
        progress(f"[{count + 1}/{len(wanted)}] reading PyPI {package.pypi} and npm {package.npm}")
        project = _project(pypi, package, project_ttl, progress)
        if project is None:
            continue
        # a scheme without an npm name pattern: the npm name is read from its wheel (so not asked for here)
        has_npm_name = package.scheme.npm_scheme is not None or package.npm_package is not None
        packuments[package] = _packument(npm, package.npm, project_ttl) if has_npm_name else None
        sources[package.pypi] = redact_url(pypi.project_url(package.pypi))
        if packuments[package] is not None:
            sources[package.npm] = redact_url(npm.packument_url(package.npm))  # kept in the file
        tasks += plan(package, project, packuments[package], _unknown(project, known, package.pypi))
    stats.index_bytes = http.bytes_downloaded - index_before
    missing = sum(t.need_package_json for t in tasks)
    progress(f"{len(tasks)} binding releases to read ({missing} not on npm: their jsii tarball is streamed)")
    results = run_tasks(tasks, work_dir, jobs=jobs, offline=http.offline, stats=stats, progress=progress)
    if stats.failures:
        raise CompatError(
            f"{len(stats.failures)} releases could not be read (first: {stats.failures[0]}); "
            "run the same command again to resume"
        )
    bindings: dict[ProviderPackage, list[BindingRelease]] = {p: [] for p in packuments}
    newest: dict[ProviderPackage, Task] = {}
    for task in tasks:
        if task.need_names and (
            task.package not in newest or newest[task.package].release.version < task.release.version
        ):
            newest[task.package] = task
        result = results[task]
        bindings[task.package].append(binding_row(task, result, packuments[task.package]))
        stats.bytes_downloaded += result.bytes_downloaded
        stats.jsii_bytes += result.jsii_bytes
        stats.whole_wheel_bytes += result.wheel_size
        stats.task_seconds += result.seconds
        stats.jsii_streamed += result.package_json is not None
    stats.releases = len(tasks)
    stats.task_seconds = round(stats.task_seconds, 1)
    stats.elapsed_s = round(time.monotonic() - started, 1)
    stats.runs = _log_run(work_dir, stats)
    tools = {name: _packument(npm, name, project_ttl) for name in TOOL_PACKAGES}
    npm_tables = npm_section(
        [(p.pypi, p.family.core, packument) for p, packument in packuments.items()], core_packuments, tools
    )
    names = {
        p.pypi: found
        for p in packuments
        if (found := package_names(p, results.get(newest[p]) if p in newest else None))
    }
    document = snapshot_document(bindings, cores, sources, stats, floors, npm_tables, names, cli_tables)
    return document, stats


def _absent(error: RegistryError) -> bool:
    """The registry answered that it has no such package (not that it could not be reached)."""
    return str(error).endswith("answered HTTP 404")


def _project(
    pypi: PyPIClient, package: ProviderPackage, ttl: float, progress: Progress
) -> PyPIProject | None:
    try:
        return pypi.project(package.pypi, ttl=ttl)
    except RegistryError as error:
        if not _absent(error):
            raise
    progress(f"{package.pypi} is not on PyPI: left out")
    return None


def _packument(npm: NpmClient, name: str, ttl: float) -> Packument | None:
    """The npm packument, or None: most cdktn packages and many old releases are on PyPI only."""
    try:
        return npm.packument(name, ttl=ttl)
    except RegistryError as error:
        if _absent(error):
            return None
        raise


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
                "finished": now_utc(),
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
    out: Path,
    *,
    http: HttpClient,
    work_dir: Path | None = None,
    jobs: int = 6,
    progress: Progress = print,
    packages: Sequence[ProviderPackage] | None = None,
    terraform_source: Path | None = None,
    opentofu_source: Path | None = None,
) -> BuildStats:
    """Build the whole snapshot into ``out`` (atomically; nothing written when a release failed).

    The feature and function rows of the CLI repositories are read from ``terraform_source`` /
    ``opentofu_source`` when given, else kept from the snapshot at ``out``.
    """
    cli_tables = cli_tables_for(out, terraform_source, opentofu_source, progress)
    document, stats = collect(
        http=http,
        work_dir=work_dir or default_work_dir(),
        jobs=jobs,
        progress=progress,
        packages=packages,
        cli_tables=cli_tables,
    )
    write_json_atomic(out, document)
    return stats


def _existing(out: Path) -> dict[str, object]:
    try:
        document = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CompatError(f"cannot read the snapshot {out} to update: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("packages"), dict):
        raise CompatError(f"{out} is not a release snapshot: run 'compat data build' first")
    return document


def cli_tables_for(
    out: Path, terraform_source: Path | None, opentofu_source: Path | None, progress: Progress
) -> CliTables:
    """The CLI repositories' rows: read from the sources given, else carried over from ``out``."""
    from compat.databuild.cli_sources import read_cli_tables
    from compat.databuild.facts import CHANGELOG_FEATURES
    from compat.databuild.rows import carried_cli_tables

    carried = carried_cli_tables(_existing(out)) if out.is_file() else CliTables({}, ())
    if terraform_source is None and opentofu_source is None:
        return carried
    read = read_cli_tables(terraform_source, opentofu_source, CHANGELOG_FEATURES, progress)
    # a CLI not given keeps its function table from before
    return read._replace(functions={**carried.functions, **read.functions})


def rebuild_cli_tables(
    out: Path, *, terraform_source: Path | None, opentofu_source: Path | None, progress: Progress = print
) -> CliTables:
    """Replace only the features and ``cli_functions`` of the snapshot at ``out`` from the CLI
    repositories (``compat data build --cli-tables-only``); every other key stays as it is."""
    from compat.databuild.rows import feature_rows
    from compat.snapshot import CLI_FUNCTIONS

    document = _existing(out)
    tables = cli_tables_for(out, terraform_source, opentofu_source, progress)
    document["features"] = [f.to_json() for f in feature_rows(tables.features)]
    if tables.functions:
        document[CLI_FUNCTIONS] = tables.functions
    write_json_atomic(out, document)
    return tables


def repack_releases(out: Path) -> int:
    """Rewrite the release rows of every package of the snapshot at ``out`` as :func:`pack_release_rows`
    packs them (``compat data build --repack-only``), from the rows the file holds; every other key stays
    as it is. Returns how many packages were repacked."""
    document = _existing(out)
    packages = document["packages"]
    assert isinstance(packages, dict)  # _existing checked it
    for entry in packages.values():
        rows = unpack_rows(entry)
        for key in ("releases", "encoding", "fields", "rows"):
            entry.pop(key, None)
        entry.update(pack_release_rows(rows))
    write_json_atomic(out, document)
    return len(packages)


def rebuild_core_constructs(
    out: Path, *, http: HttpClient, work_dir: Path, jobs: int, progress: Progress = print
) -> dict[str, int]:
    """Add each core release's own ``constructs`` requirement (its wheel's METADATA) to the core rows of
    the snapshot at ``out`` (``compat data build --cores-only``); every other fact of a row and every
    other key of the file stay as they are. Returns, per core, how many releases state one."""
    document = _existing(out)
    packages = document["packages"]
    assert isinstance(packages, dict)  # _existing checked it
    pypi = PyPIClient(http)
    stated: dict[str, int] = {}
    for family in FAMILIES.values():
        entry = packages.get(family.core)
        if not isinstance(entry, dict):
            continue
        rows = unpack_rows(entry)
        progress(f"reading PyPI {family.core}")
        project = pypi.project(family.core, ttl=0.0)
        versions = {Version(str(row["version"])) for row in rows}
        constructs = core_constructs(
            family, project, versions, work_dir=work_dir, jobs=jobs, offline=http.offline, progress=progress
        )
        for row in rows:
            row["constructs_requirement"] = constructs.get(Version(str(row["version"])))
        for key in ("releases", "encoding", "fields", "rows"):
            entry.pop(key, None)
        entry.update(pack_release_rows(rows))
        stated[family.core] = sum(1 for row in rows if row["constructs_requirement"])
    write_json_atomic(out, document)
    return stated


def rebuild_npm_section(
    out: Path, *, http: HttpClient, packages: Sequence[ProviderPackage], progress: Progress = print
) -> dict[str, Any]:
    """Replace only the ``npm`` section of the snapshot at ``out`` (``compat data build --npm-only``).

    The npm section depends on the packuments alone, not on any wheel: this reads one packument
    per prebuilt package, core and tool package (constructs, the CLIs) and keeps every other key of
    the file as it is.
    """
    from compat.snapshot import NPM_SECTION

    document = _existing(out)
    npm = NpmClient(http)
    bindings = []
    for count, package in enumerate(packages):
        progress(f"[{count + 1}/{len(packages)}] reading npm {package.npm}")
        bindings.append((package.pypi, package.family.core, _packument(npm, package.npm, 0.0)))
    cores = {family.core: _packument(npm, family.core, 0.0) for family in FAMILIES.values()}
    progress(f"reading npm {', '.join(TOOL_PACKAGES)}")
    tools = {name: _packument(npm, name, 0.0) for name in TOOL_PACKAGES}
    section = npm_section(bindings, cores, tools)
    document[NPM_SECTION] = section
    for name in section:
        sources = document.setdefault("sources", {})
        if isinstance(sources, dict):
            sources[name] = npm.packument_url(name)
    write_json_atomic(out, document)
    return section
