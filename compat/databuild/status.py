"""``compat data status``: what the embedded snapshot and the cache overlay hold (offline).

Reads each package's summary, which the build stores beside its packed rows, so status unpacks
only the packages the overlay changes.
"""

from __future__ import annotations

from typing import Any

from compat.errors import CompatError
from compat.snapshot import FILENAME, Snapshot, merge, read_snapshot


def _overlay_count(overlay: Snapshot) -> int:
    return sum(len(rows) for rows in overlay.bindings_by_package.values()) + sum(
        len(rows) for rows in overlay.cores_by_package.values()
    )


def snapshot_status(max_age: int | None = None) -> dict[str, Any]:
    """Counts per package, newest release, date and age of the snapshot and of the overlay, and whether
    the data is older than ``max_age`` days (:mod:`compat.databuild.freshness`)."""
    from compat.databuild.freshness import age_days, max_age_days, staleness
    from compat.paths import cache_dir, data_dir

    embedded_path = data_dir() / FILENAME
    snapshot = read_snapshot(embedded_path)
    overlay_path = cache_dir() / FILENAME
    overlay: Snapshot | None = None
    overlay_error = None
    if overlay_path.is_file():
        try:
            overlay = read_snapshot(overlay_path)
        except CompatError as error:
            overlay_error = str(error)
    merged = merge(snapshot, overlay) if overlay else snapshot
    overlay_versions: dict[str, set[str]] = {}
    if overlay:
        for releases in (overlay.bindings_by_package, overlay.cores_by_package):
            for package in releases:
                overlay_versions.setdefault(package, set()).update(str(r.version) for r in releases[package])
    packages: dict[str, Any] = {}
    groups: list[tuple[str, list[str]]] = [
        ("bindings", list(merged.bindings_by_package)),
        ("core", list(merged.cores_by_package)),
    ]
    for kind, names in groups:
        for package in names:
            summary = merged.summary(package)
            packages[package] = {
                "kind": kind,
                **summary.to_json(),
                "from_overlay": len(overlay_versions.get(package, ())),
            }
    limit = max_age_days() if max_age is None else max_age
    return {
        "embedded": {
            "path": str(embedded_path),
            "built_at": snapshot.built_at,
            "age_days": age_days(snapshot.built_at),
        },
        "overlay": {
            "present": overlay is not None,
            "path": str(overlay_path),
            "built_at": overlay.built_at if overlay else None,
            "age_days": age_days(overlay.built_at) if overlay else None,
            "releases": _overlay_count(overlay) if overlay else 0,
            "error": overlay_error,
        },
        "packages": packages,
        "features": len(merged.features),
        "cli_tables": {  # the function tables read from the CLI repositories: how far and how fresh
            cli: {
                "repository": table.get("repository"),
                "from": table.get("from"),
                "through": table.get("through"),
                "through_date": table.get("through_date"),
                "age_days": age_days(str(table["through_date"])) if table.get("through_date") else None,
            }
            for cli, table in sorted(merged.cli_functions.items())
        },
        "max_age_days": limit,
        "too_old": staleness(merged.data_date, limit),
        "npm": {  # the npm section (TypeScript projects): counts stored by the build, nothing unpacked
            "packages": len(merged.npm_entries),
            "versions": sum(int(entry.get("count") or 0) for entry in merged.npm_entries.values()),
        },
    }
