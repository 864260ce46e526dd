"""``compat data status``: what the embedded snapshot and the cache overlay hold (offline)."""

from __future__ import annotations

from typing import Any

from compat.errors import CompatError
from compat.snapshot import FILENAME, Snapshot, merge, read_snapshot


def _overlay_count(overlay: Snapshot) -> int:
    return sum(len(rows) for rows in overlay.bindings_by_package.values()) + sum(
        len(rows) for rows in overlay.cores_by_package.values()
    )


def _latest_stable(rows: list[Any]) -> str | None:
    stable = [r for r in rows if not r.version.is_prerelease and not r.yanked]
    return str(stable[-1].version) if stable else None


def snapshot_status() -> dict[str, Any]:
    """Counts per package, newest release, build date of the snapshot and of the overlay."""
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
        for attr in ("bindings_by_package", "cores_by_package"):
            for package, rows in getattr(overlay, attr).items():
                overlay_versions.setdefault(package, set()).update(str(r.version) for r in rows)
    packages: dict[str, Any] = {}
    groups: list[tuple[str, dict[str, list[Any]]]] = [
        ("bindings", dict(merged.bindings_by_package)),
        ("core", dict(merged.cores_by_package)),
    ]
    for kind, by_package in groups:
        for package, rows in by_package.items():
            newest = max(rows, key=lambda r: r.uploaded) if rows else None
            packages[package] = {
                "kind": kind,
                "count": len(rows),
                "newest": str(newest.version) if newest else None,
                "newest_uploaded": newest.uploaded if newest else "",
                "highest": str(rows[-1].version) if rows else None,
                "latest_stable": _latest_stable(rows),
                "from_overlay": len(overlay_versions.get(package, ())),
            }
    return {
        "embedded": {"path": str(embedded_path), "built_at": snapshot.built_at},
        "overlay": {
            "present": overlay is not None,
            "path": str(overlay_path),
            "built_at": overlay.built_at if overlay else None,
            "releases": _overlay_count(overlay) if overlay else 0,
            "error": overlay_error,
        },
        "packages": packages,
        "features": len(merged.features),
    }
