"""Apps below a move's folder that install from the manifests the move rewrites, as unresolved items.

``compat migrate PATH`` moves the project at PATH: its own Python files and the manifests that install
it. Pointed at a folder without a ``cdktf.json`` (the repository root holding the Pipfile of an app in
``infra/``), it rewrites that Pipfile while the app's code, a project of its own below, keeps importing
the old core: after ``git apply`` the app no longer imports. Each such app is named, with the command
that moves it (an app's manifests are found at or above its cdktf.json: ``project.load.read_manifests``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compat.migrations.model import Unresolved
from compat.project.changes import FileChange


def apps_left_behind(root: Path, changes: Sequence[FileChange]) -> list[Unresolved]:
    """One item per project below ``root`` (which holds no cdktf.json) whose manifests the move edits."""
    from compat.project.cdktf_json import FILENAME

    if (root / FILENAME).is_file() or not changes:
        return []
    changed = {c.path.resolve() for c in changes if c.changed}
    if not changed:
        return []
    from compat.project.files import find_projects
    from compat.project.load import read_manifests

    items = []
    base = root.resolve()
    for app in find_projects(root):
        _folder, manifests, _documents = read_manifests(app)
        edited = sorted({m.path.name for m in manifests if m.path.resolve() in changed})
        if not edited or app.resolve() == base:
            continue
        rel = app.resolve().relative_to(base).as_posix()
        items.append(
            Unresolved(
                f"{rel}/{FILENAME}",
                0,
                f"{rel}/",
                f"{rel} is a cdktf project of its own that installs from {', '.join(edited)}, which this "
                "move rewrites: its code is not part of this move and keeps importing the old release",
                f"compat migrate {rel}",
            )
        )
    return items
