"""The core's own requirements (``Requires-Dist: constructs``), read from each core release's wheel.

PyPI's JSON API states ``requires_dist`` of a project's newest release only (the per-version URL is not
served everywhere), so each release's METADATA is read from its wheel by HTTP Range requests, as the
prebuilt packages' are (:func:`compat.databuild.tasks.read_wheel`: the central directory, then one
member). Each finished read is kept in the work dir (``<work dir>/<core>/<version>.json``), so an
interrupted build resumes; a release without a wheel (an sdist only) states nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from packaging.version import Version

from compat.databuild.files import write_json_atomic
from compat.databuild.metadata import normalize_requirement
from compat.databuild.tasks import Progress, WheelFacts, _load_work, _ThreadClients, read_wheel
from compat.errors import CompatError, RegistryError
from compat.families import Family
from compat.registry.pypi import PyPIProject, PyPIRelease


def core_constructs(
    family: Family,
    project: PyPIProject,
    only: Iterable[Version] | None,
    *,
    work_dir: Path,
    jobs: int,
    offline: bool,
    progress: Progress,
) -> dict[Version, str | None]:
    """The ``constructs`` requirement of each core release with a wheel (of ``only``, when given).
    Raises :class:`CompatError` when some wheel could not be read (run again to resume)."""
    wanted = set(only) if only is not None else None
    releases = [
        r for r in project.releases if r.wheel is not None and (wanted is None or r.version in wanted)
    ]
    found: dict[Version, str | None] = {}
    pending: list[PyPIRelease] = []
    for release in releases:
        done = _load_work(_work_file(work_dir, family, release.version), False)
        if done is not None:
            found[release.version] = normalize_requirement(done.constructs_requirement)
        else:
            pending.append(release)
    if pending:
        progress(f"reading the METADATA of {len(pending)} {family.core} wheels ({len(found)} read before)")
    clients = _ThreadClients(offline)

    def work(release: PyPIRelease) -> WheelFacts:
        wheel = release.wheel
        assert wheel is not None
        facts = read_wheel(clients.get(), wheel.url, wheel.size, family=family, need_package_json=False)
        write_json_atomic(_work_file(work_dir, family, release.version), facts.to_json(), indent=None)
        return facts

    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(work, release): release for release in pending}
        for future in as_completed(futures):
            release = futures[future]
            try:
                found[release.version] = normalize_requirement(future.result().constructs_requirement)
            except (RegistryError, OSError, ValueError) as error:
                failures.append(f"{family.core} {release.version}: {error}")
    if failures:
        raise CompatError(
            f"{len(failures)} {family.core} wheels could not be read (first: {failures[0]}); "
            "run the same command again to resume"
        )
    return found


def _work_file(work_dir: Path, family: Family, version: Version) -> Path:
    return work_dir / family.core / f"{version}.json"
