"""``compat migrate``: plan every file change that moves a project to another release or line.

Pure planning: reads the project, the two release indexes and the snapshot, returns a
:class:`MigrationPlan` (file changes + what could not be migrated). Writing is :func:`apply_plan`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.errors import CompatError
from compat.lines import CDKTF, Line
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.graph import date_changes
from compat.migrations.manifests import choose_core, plan_manifest_changes
from compat.migrations.model import Release, SymbolResolution, Unresolved, Unversioned
from compat.migrations.providers import plan_provider_moves
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.target import ReleaseSpec, choose_target, line_of_release, newest_release
from compat.project.changes import FileChange, display_path
from compat.project.files import source_paths
from compat.python_source import read_python


@dataclass(frozen=True)
class MigrationPlan:
    root: Path
    source: Release | Unversioned
    target: Release | Unversioned
    changes: tuple[FileChange, ...]
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def exit_code(self) -> int:
        return 1 if self.unresolved else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "from": str(self.source),
            "to": str(self.target),
            "files": [
                {"path": display_path(c.path, self.root), "diff": c.diff(self.root)} for c in self.changes
            ],
            "unresolved": [u.to_json() for u in self.unresolved],
            "notes": list(self.notes),
        }


def _mentions(text: str, names: Sequence[str]) -> bool:
    return any(name in text for name in names)


def plan_code(
    root: Path,
    files: Sequence[Path],
    resolver: Resolver,
    source_line: Line,
    target_line: Line,
    modules: Mapping[str, str] | None = None,
) -> tuple[list[FileChange], list[Unresolved], list[str]]:
    """Rewrite every file that imports the source bindings (or the source core, for a line move).

    ``modules`` renames the import names of other moved provider packages (module only).
    Returns the file changes, what is left unresolved and the notes of the rewrites.
    """
    renames = {source_line.core: target_line.core} if source_line is not target_line else {}
    renames.update(modules or {})
    watch = [source_line.module, *renames]
    changes: list[FileChange] = []
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    for path in files:
        rel = display_path(path, root)
        try:
            decoded = read_python(path)
        except (OSError, SyntaxError) as error:
            unresolved.append(Unresolved(rel, 1, "<file>", f"cannot read: {error}"))
            continue
        text = decoded.text
        if not _mentions(text, watch):
            continue
        if (refused := decoded.rewritable) is not None:
            unresolved.append(Unresolved(rel, 1, "<file>", refused))
            continue
        ctx = RewriteContext(resolver, source_line.module, target_line.module, dict(renames), path=rel)
        result = rewrite_source(text, ctx)
        if result.changed:
            changes.append(FileChange(path, text, result.after))
        unresolved.extend(result.unresolved)
        notes.extend(result.notes)
    return changes, unresolved, notes


def unread_files(root: Path, skip: Sequence[str]) -> list[Unresolved]:
    """The project's files a migration cannot read (oversized, or under a link out of the project):
    each is unresolved, never silently left on the old release."""
    from compat.project.files import unread, unread_name, unread_reason

    return [Unresolved(unread_name(f), 1, "<folder>" if f.outside is not None else "<file>", unread_reason(f))
            for f in unread(root, skip) if f.path.suffix == ".py" or f.outside is not None]


def detect_source(project: Any) -> Release | None:
    """The bindings release the project installs now (lock file first), if its pins tell."""
    line = project.line
    version = project.installed_version(line.bindings)
    return Release(line.bindings, version) if version is not None else None


def plan_migration(
    path: Path | str,
    to: Line | Version | None,
    catalogue: ReleaseCatalogue,
    *,
    source: ReleaseSpec | None = None,
    to_prebuilt: bool = False,
) -> MigrationPlan:
    """Everything ``compat migrate PATH --to TO [--from SOURCE]`` would change, and what it cannot migrate.

    ``to`` is required but with ``to_prebuilt`` (``--to-prebuilt``, :mod:`compat.migrations.prebuilt`).
    """
    if to_prebuilt:
        from compat.migrations.prebuilt import plan_to_prebuilt

        return plan_to_prebuilt(path, to, catalogue)
    if to is None:
        raise ValueError("a migration needs a target unless it converts to prebuilt bindings")
    root = Path(path)
    if not root.exists():
        raise CompatError(f"{root} does not exist")
    if root.is_file():
        root = root.parent
    from compat.project import load_project

    project: Any = load_project(root)
    detected = detect_source(project)
    if source is not None:
        src = choose_target(source, project.line if detected else CDKTF, catalogue)
    elif detected is not None:
        src = detected
    elif isinstance(to, Line) and not project.uses_prebuilt:
        return plan_core_move(root, project, to, catalogue)
    else:
        hint = "pin it (or lock it), or pass --from"
        if _imports_local_bindings(project):
            hint += "; its code imports bindings generated by 'cdktf get': --to-prebuilt converts them"
        raise CompatError(f"cannot tell which {project.line.bindings} release {root} uses: {hint}")
    target = choose_target(to, line_of_release(src), catalogue)
    source_line, target_line = line_of_release(src), line_of_release(target)
    dater = _dater(src, target, catalogue)
    resolver = Resolver(catalogue.open(src), catalogue.open(target), catalogue.cache, dater)
    skip = []
    if project is not None and project.cdktf is not None and project.cdktf.code_maker_output:
        skip.append(project.cdktf.code_maker_output)
    files = list(source_paths(root, skip))
    snapshot = catalogue.snapshot
    others = plan_provider_moves(
        project, target_line, choose_core(snapshot, target.package, target.version), snapshot
    )
    changes, unresolved, notes = plan_code(root, files, resolver, source_line, target_line, others.modules)
    unresolved.extend(unread_files(root, skip))
    unresolved.extend(others.unresolved)
    notes.extend(others.notes)
    manifest_changes, manifest_notes = plan_manifest_changes(
        project, source_line, target_line, target, snapshot, files, others
    )
    changes.extend(manifest_changes)
    notes.extend(manifest_notes)
    return MigrationPlan(root, src, target, tuple(changes), tuple(unresolved), tuple(notes))


def plan_core_move(root: Path, project: Any, target_line: Line, catalogue: ReleaseCatalogue) -> MigrationPlan:
    """A line move of a project without prebuilt bindings: the core package and its imports only."""
    from compat.project.write import plan_changes

    source_line = project.line
    known = project.installed_version(source_line.core)
    src = Unversioned(source_line.core, "unknown") if known is None else Release(source_line.core, known)
    snapshot = catalogue.snapshot
    cores = [
        c.version
        for c in (snapshot.cores(target_line.core) if snapshot is not None else [])
        if not c.yanked and not c.version.is_prerelease
    ]
    core = Release(target_line.core, max(cores)) if cores else None
    target = core or Unversioned(target_line.core, "unknown")
    if source_line is target_line:
        return MigrationPlan(
            root, src, target, (), (), (f"{root} is already on the {target_line.name} line",)
        )
    bindings = newest_release(target_line, catalogue.indexed(target_line.bindings))
    index = catalogue.open(bindings)  # consulted only if some file imports prebuilt bindings after all
    skip = [project.cdktf.code_maker_output] if project.cdktf and project.cdktf.code_maker_output else []
    others = plan_provider_moves(project, target_line, core, snapshot)
    changes, unresolved, notes = plan_code(
        root, list(source_paths(root, skip)), Resolver(index, index, source_known=False), source_line,
        target_line, others.modules,
    )
    unresolved.extend(unread_files(root, skip))
    unresolved.extend(others.unresolved)
    notes.extend(others.notes)
    if core is not None:
        manifests = plan_changes(
            project,
            {core.package: f"=={core.version}", **others.pins},
            renames={source_line.core: target_line.core, **others.renames},
            add_missing=False,
        )
        changes.extend(manifests)
        notes.extend(n for c in manifests for n in c.notes)
    else:
        notes.append(f"no {target_line.core} release known: core pins left as they are")
    if skip:
        notes.append(
            f"the bindings generated in {skip[0]}/ import {source_line.core}: regenerate them with the "
            f"{target_line.name} CLI ('get')"
        )
    return MigrationPlan(root, src, target, tuple(changes), tuple(unresolved), tuple(notes))


def _dater(
    source: Release, target: Release, catalogue: ReleaseCatalogue
) -> Callable[[SymbolResolution], SymbolResolution] | None:
    """Dates what a migration reports from the indexed releases between the two (same package only)."""
    if source.package != target.package:
        return None
    lo, hi = source.version, target.version
    steps = [v for v in catalogue.indexed(source.package) if lo < v <= hi]
    if not steps:
        return None

    def date(resolution: SymbolResolution) -> SymbolResolution:
        return date_changes(resolution, steps, catalogue)

    return date


def apply_plan(plan: MigrationPlan) -> None:
    """Write every planned change atomically (nothing if a file changed since planning)."""
    from compat.project.changes import apply

    apply(plan.changes, plan.root)


def _imports_local_bindings(project: Any) -> bool:
    """Whether the code imports bindings that ``cdktf get`` generates from the project's cdktf.json."""
    from compat.project.local_bindings import imported_providers

    config = project.cdktf
    if config is None:
        return False
    generated = [config.code_maker_output] if config.code_maker_output else []
    return bool(imported_providers(project.root, config, source_paths(project.root, generated)))
