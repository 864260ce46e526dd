"""What ``compat migrate`` plans: the file changes, what could not be migrated, the hops.

Below both planners (:mod:`compat.migrations.planner` for a release or family move,
:mod:`compat.migrations.prebuilt` for ``--to-prebuilt``) so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compat.migrations.model import Release, Unresolved, Unversioned
from compat.migrations.stages import Hop
from compat.project.changes import FileChange, display_path
from compat.project.files import repository_root, unread, unread_name, unread_reason


@dataclass(frozen=True)
class MigrationPlan:
    root: Path
    source: Release | Unversioned
    target: Release | Unversioned
    changes: tuple[FileChange, ...]
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    hops: tuple[Hop, ...] = ()  # the staged move to another family, smallest first
    hop: Hop | None = None  # the hop this plan makes

    @property
    def exit_code(self) -> int:
        return 1 if self.unresolved else 0

    @property
    def diff_root(self) -> Path:
        """The folder every diff path is relative to: the repository root (the folder holding
        ``.git``), else the project; ``git apply`` (or ``patch -p1``) the diff from there."""
        return repository_root(self.root.resolve()) or self.root

    def to_json(self) -> dict[str, Any]:
        base = self.diff_root
        return {
            "from": str(self.source),
            "to": str(self.target),
            "apply_from": str(base),
            "files": [{"path": display_path(c.path, base), "diff": c.diff(base)} for c in self.changes],
            "unresolved": [u.to_json() for u in self.unresolved],
            "notes": list(self.notes),
            "hops": [{**h.to_json(), "chosen": h == self.hop} for h in self.hops],
        }


def unread_files(root: Path, skip: Sequence[str]) -> list[Unresolved]:
    """The project's files a migration cannot read (oversized, or under a link out of the project):
    each is unresolved, never silently left on the old release."""
    return [
        Unresolved(unread_name(f), 1, "<folder>" if f.outside is not None else "<file>", unread_reason(f))
        for f in unread(root, skip)
        if f.path.suffix == ".py" or f.outside is not None
    ]
