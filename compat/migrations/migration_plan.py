"""What ``compat migrate`` plans: the file changes, what could not be migrated, the hops.

Below both planners (:mod:`compat.migrations.planner` for a release or family move,
:mod:`compat.migrations.prebuilt` for ``--to-prebuilt``) so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    npm: bool = False  # a TypeScript project's move: its ends are named as npm names them

    @property
    def source_label(self) -> str:
        """``cdktf-cdktf-provider-aws==19.65.1``, or ``@cdktf/provider-aws@19.65.1`` for npm."""
        return end_label(self.source, self.npm)

    @property
    def target_label(self) -> str:
        return end_label(self.target, self.npm)

    @property
    def move_label(self) -> str:
        """``source -> target``, with the core the hop installs when the ends are bindings
        (``cdktf-cdktf-provider-aws==21.22.1 -> cdktn-provider-aws==23.0.0 with cdktn==0.22.1``)."""
        label = f"{self.source_label} -> {self.target_label}"
        core = self.hop.core if self.hop is not None else None
        if core is None or (isinstance(self.target, Release) and self.target.package == core.package):
            return label
        return f"{label} with {end_label(Release(core.package, core.version), self.npm)}"

    @property
    def exit_code(self) -> int:
        return 1 if self.unresolved else 0

    @property
    def diff_root(self) -> Path:
        """The folder every diff path is relative to: the repository root (the folder holding
        ``.git``), else the project; ``git apply`` (or ``patch -p1``) the diff from there."""
        return repository_root(self.root.resolve()) or self.root

    def to_json(self) -> dict[str, object]:
        base = self.diff_root
        return {
            "from": self.source_label,
            "to": self.target_label,
            "apply_from": str(base),
            "files": [{"path": display_path(c.path, base), "diff": c.diff(base)} for c in self.changes],
            "unresolved": [u.to_json() for u in self.unresolved],
            "notes": list(self.notes),
            "hops": [{**h.to_json(), "chosen": h == self.hop} for h in self.hops],
        }


def end_label(end: Release | Unversioned, npm: bool) -> str:
    """One end of a move as its installer names it: PyPI ``package==version``, npm ``@scope/name@version``
    (the core's npm name is its PyPI name); an end that is no release keeps its own wording."""
    if not npm or not isinstance(end, Release):
        return str(end)
    from compat.providers import provider_package

    package = provider_package(end.package)
    return f"{package.npm if package else end.package}@{end.version}"


def unread_files(root: Path, skip: Sequence[str]) -> list[Unresolved]:
    """The project's files a migration cannot read (oversized, or under a link out of the project):
    each is unresolved, never silently left on the old release."""
    return [
        Unresolved(unread_name(f), 1, "<folder>" if f.outside is not None else "<file>", unread_reason(f))
        for f in unread(root, skip)
        if f.path.suffix == ".py" or f.outside is not None
    ]
