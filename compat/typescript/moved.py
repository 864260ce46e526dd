"""A TypeScript project as a move would leave it: ``migrate`` checks the moved code with the check's own
reader and rules against the releases the move picks (:mod:`compat.migrations.target_api`).

Only a move reads this module (the loader imports it when asked for a moved view)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from compat.record import Record
from compat.typescript.project import TsProject


class MovedNpm(Record):
    """The releases a move installs (npm name -> version) and the moved text of each package.json it
    edits (by absolute path)."""

    releases: Mapping[str, str]
    manifests: Mapping[Path, str]


def as_moved(project: TsProject, moved: MovedNpm) -> TsProject:
    """``project`` with its package.json as moved, every package the move picks pinned at its pick, and no
    lock (the lock command has not run yet)."""
    from compat.project.formats.package_json import parse_package_json

    manifest = project.manifest
    if manifest is None:
        return project
    text = moved.manifests.get(manifest.path.resolve())
    if text is not None:
        manifest = parse_package_json(manifest.path, text)
    dependencies = tuple(
        d._replace(spec=moved.releases[d.name]) if d.name in moved.releases else d
        for d in manifest.dependencies
    )
    return project._replace(manifest=manifest._replace(dependencies=dependencies), lock=None)
