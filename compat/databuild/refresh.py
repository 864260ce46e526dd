"""``compat data refresh``: releases published after the embedded snapshot, into the cache overlay.

The overlay (``cache_dir()/releases.json``, same schema) holds every release PyPI has that the
embedded snapshot lacks; :func:`compat.snapshot.load_snapshot` lays it over the embedded file.
It is recomputed from scratch on each refresh, so refreshing twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from compat.databuild.build import Progress, collect, default_work_dir, write_snapshot_atomic
from compat.databuild.discover import discover
from compat.errors import CompatError, RegistryError
from compat.packed_rows import unpack_rows
from compat.registry.http import HttpClient
from compat.snapshot import FILENAME, read_snapshot


def refresh_overlay(
    *,
    jobs: int = 6,
    progress: Progress = print,
    http: HttpClient | None = None,
    work_dir: Path | None = None,
) -> dict[str, list[str]]:
    """Write the overlay; return the versions it holds per package.

    When the embedded snapshot already has every release, the overlay is removed and ``{}`` returned.
    """
    from compat.paths import cache_dir, data_dir
    from compat.registry.http import default_client

    embedded = read_snapshot(data_dir() / FILENAME)
    known: dict[str, set[Version]] = {}
    for attr in ("bindings_by_package", "cores_by_package"):
        for package, rows in getattr(embedded, attr).items():
            known[package] = {r.version for r in rows}
    client = http or default_client()
    try:
        packages = discover(client, named=[], progress=progress)
        document, _ = collect(
            http=client,
            work_dir=work_dir or default_work_dir(),
            jobs=jobs,
            progress=progress,
            known=known,
            project_ttl=0.0,
            packages=packages,
        )
    except RegistryError as error:
        raise CompatError(
            f"cannot refresh the release data: {error} (the embedded snapshot stays in use)"
        ) from error
    document.pop("build", None)
    added = {
        package: [row["version"] for row in unpack_rows(entry)]
        for package, entry in document["packages"].items()
        if entry["summary"]["count"]
    }
    overlay = cache_dir() / FILENAME
    if added:
        write_snapshot_atomic(overlay, document)
    else:
        overlay.unlink(missing_ok=True)  # recomputed from scratch: an old overlay holds nothing newer
    return added
