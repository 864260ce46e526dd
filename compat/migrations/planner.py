"""``compat migrate``: plan every file change that moves a project to another release or family.

Pure planning: reads the project, the two release indexes and the snapshot, returns a
:class:`MigrationPlan` (file changes + what could not be migrated). Writing is :func:`apply_plan`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.errors import CompatError
from compat.families import CDKTF, Family
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.generated import stale_generated
from compat.migrations.graph import date_changes
from compat.migrations.local_layout import plan_old_layout
from compat.migrations.manifests import choose_core, constructs_range, plan_manifest_changes
from compat.migrations.migration_plan import MigrationPlan, unread_files
from compat.migrations.model import Release, SymbolResolution, Unresolved, Unversioned
from compat.migrations.other_indexes import other_resolvers
from compat.migrations.providers import entries_brought, plan_provider_moves
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.stages import Hop
from compat.migrations.target import (
    CoreTarget,
    MigrationSpec,
    ReleaseSpec,
    choose_target,
    family_of_release,
    newest_release,
)
from compat.migrations.target_api import MovePicks, new_api_items
from compat.project.changes import FileChange, display_path, displayed_under
from compat.project.files import source_paths
from compat.project.local_bindings import InstalledCore, imported_providers
from compat.project.model import Project
from compat.python_source import read_python

if TYPE_CHECKING:
    from compat.index.model import ReleaseIndex
    from compat.snapshot import BindingRelease, Snapshot
    from compat.versions.python import ProjectPython


def _mentions(text: str, names: Sequence[str]) -> bool:
    return any(name in text for name in names)


def plan_code(
    root: Path,
    files: Sequence[Path],
    resolver: Resolver,
    source_family: Family,
    target_family: Family,
    modules: Mapping[str, str] | None = None,
    others: Mapping[str, Resolver] | None = None,
) -> tuple[list[FileChange], list[Unresolved], list[str]]:
    """Rewrite every file that imports the source bindings (or the source core, for a family move).

    ``modules`` renames the import names of other moved provider packages; ``others`` moves their
    classes where the target release is indexed (:mod:`compat.migrations.other_indexes`), in a pass
    over the text the first one wrote.
    Returns the file changes, what is left unresolved and the notes of the rewrites.
    """
    renames = {source_family.core: target_family.core} if source_family is not target_family else {}
    renames.update(modules or {})
    watch = [source_family.module, *renames]
    changes: list[FileChange] = []
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    shown = displayed_under(root)
    for path in files:
        try:
            decoded = read_python(path)
        except (OSError, SyntaxError) as error:
            unresolved.append(Unresolved(shown(path), 1, "<file>", f"cannot read: {error}"))
            continue
        text = decoded.text
        if not _mentions(text, watch):
            continue
        rel = shown(path)
        if (refused := decoded.rewritable) is not None:
            unresolved.append(Unresolved(rel, 1, "<file>", refused))
            continue
        ctx = RewriteContext(resolver, source_family.module, target_family.module, dict(renames), path=rel)
        result = rewrite_source(text, ctx)
        after = result.after
        unresolved.extend(result.unresolved)
        notes.extend(result.notes)
        for module, other in (others or {}).items():
            if module in after:
                moved = rewrite_source(after, RewriteContext(other, module, module, {}, path=rel))
                after = moved.after
                unresolved.extend(moved.unresolved)
                notes.extend(moved.notes)
        if after != text:
            changes.append(FileChange(path, text, after))
    return changes, unresolved, notes


def detect_source(project: Project) -> Release | None:
    """The bindings release the project installs now (lock file first), if its pins tell."""
    family = project.family
    version = project.installed_version(family.bindings)
    return Release(family.bindings, version) if version is not None else None


def plan_migration(
    path: Path | str,
    to: MigrationSpec | None,
    catalogue: ReleaseCatalogue,
    *,
    source: ReleaseSpec | None = None,
    to_prebuilt: bool = False,
) -> MigrationPlan:
    """Everything ``compat migrate PATH --to TO [--from SOURCE]`` would change, and what it cannot migrate.

    ``to`` is required but with ``to_prebuilt`` (``--to-prebuilt``, :mod:`compat.migrations.prebuilt`).
    A hashed requirements file the move edits is unresolved (:mod:`compat.migrations.hashed`), and so
    is an app below ``path`` installed from a manifest the move edits (:mod:`compat.migrations.nested`).
    """
    import dataclasses

    from compat.migrations.hashed import stale_hashes
    from compat.migrations.nested import apps_left_behind

    plan = _plan_migration(path, to, catalogue, source=source, to_prebuilt=to_prebuilt)
    more = [*stale_hashes(plan.root, plan.changes), *apps_left_behind(plan.root, plan.changes)]
    return dataclasses.replace(plan, unresolved=plan.unresolved + tuple(more)) if more else plan


def _plan_migration(
    path: Path | str,
    to: MigrationSpec | None,
    catalogue: ReleaseCatalogue,
    *,
    source: ReleaseSpec | None = None,
    to_prebuilt: bool = False,
) -> MigrationPlan:
    if to_prebuilt:
        from compat.migrations.prebuilt import plan_to_prebuilt

        _refuse_typescript(Path(path))
        if isinstance(to, CoreTarget):
            raise CompatError("--to-prebuilt takes a bindings version, not a core release")
        return plan_to_prebuilt(path, to, catalogue)
    if to is None:
        raise ValueError("a migration needs a target unless it converts to prebuilt bindings")
    root = Path(path)
    if not root.exists():
        raise CompatError(f"{root} does not exist")
    if root.is_file():
        root = root.parent
    from compat.project import load_project

    project: Project = load_project(root)
    detected = detect_source(project)
    if source is not None:
        src = choose_target(source, project.family if detected else CDKTF, catalogue)
    elif detected is not None:
        src = detected
    elif isinstance(to, (Family, CoreTarget)) and not project.uses_prebuilt:
        return plan_core_move(root, project, to, catalogue)
    else:
        hint = "pin it (or lock it), or pass --from"
        if _imports_local_bindings(project):
            hint += "; its code imports bindings generated by 'cdktf get': --to-prebuilt converts them"
        raise CompatError(f"cannot tell which {project.family.bindings} release {root} uses: {hint}")
    snapshot = catalogue.snapshot
    hops: tuple[Hop, ...] = ()
    hop: Hop | None = None
    core_pick: Release | None = None
    if isinstance(to, (Family, CoreTarget)):
        hops, hop = choose_hop(to, src, project.python, snapshot)
        hops, hop = _with_other_providers(project, to, snapshot, hops, hop)
        if hop is None or hop.bindings is None:
            target = src  # already on the family: the bindings stay, the repository files follow
        else:
            target = Release(hop.bindings.package, hop.bindings.version)
            core_pick = Release(hop.core.package, hop.core.version)
    else:
        target = choose_target(to, family_of_release(src), catalogue)
    source_family, target_family = family_of_release(src), family_of_release(target)
    dater = _dater(src, target, catalogue)
    resolver = Resolver(catalogue.open(src), catalogue.open(target), catalogue.cache, dater)
    skip = []
    if project is not None and project.cdktf is not None and project.cdktf.code_maker_output:
        skip.append(project.cdktf.code_maker_output)
    files = list(source_paths(root, skip))
    core = (
        core_pick
        or _installed_core(project, target_family, to)
        or choose_core(snapshot, target.package, target.version)
    )
    others = plan_provider_moves(project, target_family, core, snapshot, newest=asks_newest(to))
    indexed = other_resolvers(project, others, catalogue)
    changes, unresolved, notes = plan_code(
        root, files, resolver, source_family, target_family, others.modules, indexed.by_module
    )
    notes.extend(indexed.notes)
    unresolved.extend(unread_files(root, skip))
    unresolved.extend(others.unresolved)
    notes.extend(others.notes)
    manifest_changes, manifest_notes = plan_manifest_changes(
        project, source_family, target_family, target, snapshot, files, others, core=core
    )
    changes.extend(manifest_changes)
    notes.extend(manifest_notes)
    if core is not None:
        add_repository_move(
            root, target_family, core.version, target.version, others.pins, changes, unresolved, notes
        )
        add_target_versions(root, project, core, changes, notes)
    unresolved.extend(stale_generated(root, project, source_family, target_family))
    changes = _with_old_layout(
        root, project, files, source_family, core, catalogue, resolver.target, changes, unresolved, notes
    )
    unresolved.extend(_blocked(hop, root, project))
    moved = MovePicks(
        family=target_family,
        core=core,
        bindings=target,
        pins=others.pins,
        renames=others.renames,
        resolvers={target_family.module: resolver, **indexed.by_module},
    )
    _add_api_items(project, changes, moved, catalogue, unresolved, notes)
    notes.extend(hop_notes(hops, hop))
    notes.extend(cli_unlisted_note(root, snapshot, core))
    return MigrationPlan(root, src, target, tuple(changes), tuple(unresolved), tuple(notes), hops, hop)


def _add_api_items(
    project: Project,
    changes: Sequence[FileChange],
    moved: MovePicks,
    catalogue: ReleaseCatalogue,
    unresolved: list[Unresolved],
    notes: list[str],
) -> None:
    """What the moved code uses that the move's releases lack or change (new at the target only)."""
    items, checked = new_api_items(project, changes, moved, catalogue, unresolved)
    unresolved.extend(items)
    notes.extend(checked)


def _refuse_typescript(path: Path) -> None:
    from compat.languages import is_typescript

    if is_typescript(path):
        raise CompatError(f"{path}: --to-prebuilt reads Python projects only (TypeScript: --to cdktn)")


def plan_core_move(
    root: Path, project: Project, to: Family | CoreTarget, catalogue: ReleaseCatalogue
) -> MigrationPlan:
    """A family move of a project without prebuilt bindings: the core package and its imports only."""
    from compat.project.write import plan_changes

    target_family = to.family if isinstance(to, CoreTarget) else to
    source_family = project.family
    known = project.installed_version(source_family.core)
    src = Unversioned(source_family.core, "unknown") if known is None else Release(source_family.core, known)
    snapshot = catalogue.snapshot
    cores = [
        c.version
        for c in (snapshot.cores(target_family.core) if snapshot is not None else [])
        if not c.yanked and not c.version.is_prerelease
    ]
    core = Release(target_family.core, max(cores)) if cores else None
    if isinstance(to, CoreTarget) and to.version is not None:
        if to.version not in cores:
            raise CompatError(
                f"--to {to}: no such {target_family.core} release is known "
                f"(compat releases {target_family.core})"
            )
        core = Release(target_family.core, to.version)
    hops: tuple[Hop, ...] = ()
    hop: Hop | None = None
    if snapshot is not None and (source_family is not target_family or isinstance(to, CoreTarget)):
        # a core release of the same family is a hop too: the project's Python may rule it out
        hops, hop = choose_hop(to, None, project.python, snapshot)
        if source_family is target_family and known is not None:
            hops = tuple(h for h in hops if (h.core.version.major, h.core.version.minor) >= known.release[:2])
        hops, hop = _with_other_providers(project, to, snapshot, hops, hop)
        if hop is not None:
            core = Release(hop.core.package, hop.core.version)
    target = core or Unversioned(target_family.core, "unknown")
    if source_family is target_family and not isinstance(to, CoreTarget):
        changes_here: list[FileChange] = []
        unresolved_here: list[Unresolved] = []
        notes_here = [f"{root} is already on the {target_family.name} line"]
        known_core = project.installed_version(target_family.core)
        if known_core is not None:
            add_repository_move(
                root, target_family, known_core, None, {}, changes_here, unresolved_here, notes_here
            )
        return MigrationPlan(
            root, src, target, tuple(changes_here), tuple(unresolved_here), tuple(notes_here)
        )
    bindings = newest_release(target_family, catalogue.indexed(target_family.bindings))
    index = catalogue.open(bindings)  # consulted only if some file imports prebuilt bindings after all
    skip = [project.cdktf.code_maker_output] if project.cdktf and project.cdktf.code_maker_output else []
    others = plan_provider_moves(project, target_family, core, snapshot, newest=asks_newest(to))
    indexed = other_resolvers(project, others, catalogue)
    files = list(source_paths(root, skip))
    changes, unresolved, notes = plan_code(
        root,
        files,
        Resolver(index, index, source_known=False),
        source_family,
        target_family,
        others.modules,
        indexed.by_module,
    )
    notes.extend(indexed.notes)
    unresolved.extend(unread_files(root, skip))
    unresolved.extend(others.unresolved)
    notes.extend(others.notes)
    notes.extend(cli_unlisted_note(root, snapshot, core))
    if core is not None:
        add_repository_move(root, target_family, core.version, None, others.pins, changes, unresolved, notes)
        pins = {core.package: f"=={core.version}", **others.pins}
        # the core's own constructs requirement counts where a manifest installs the core
        declared = any(project.pins(family.core) for family in (source_family, target_family))
        constructs = constructs_range(snapshot, pins if declared else others.pins)
        if constructs:
            pins["constructs"] = constructs
        keep = imported_providers(root, project.cdktf, files) if project.cdktf is not None else {}
        manifests = plan_changes(
            project,
            pins,
            renames={source_family.core: target_family.core, **others.renames},
            add_missing=False,
            keep_local=keep,
            drop_local=entries_brought(project, pins, snapshot, keep),
        )
        changes.extend(manifests)
        notes.extend(n for c in manifests for n in c.notes)
        add_target_versions(root, project, core, changes, notes)
    else:
        notes.append(f"no {target_family.core} release known: core pins left as they are")
    stale = stale_generated(root, project, source_family, target_family)
    unresolved.extend(stale)
    changes = _with_old_layout(
        root, project, files, source_family, core, catalogue, index, changes, unresolved, notes
    )
    if skip and not stale:
        notes.append(
            f"the bindings generated in {skip[0]}/ import {source_family.core}: regenerate them with the "
            f"{target_family.name} CLI ('{target_family.core} get')"
        )
    if others.pins:
        moved = MovePicks(
            family=target_family,
            core=core,
            bindings=None,
            pins=others.pins,
            renames=others.renames,
            resolvers=indexed.by_module,
        )
        _add_api_items(project, changes, moved, catalogue, unresolved, notes)
    unresolved.extend(_blocked(hop, root, project))
    notes.extend(hop_notes(hops, hop))
    return MigrationPlan(root, src, target, tuple(changes), tuple(unresolved), tuple(notes), hops, hop)


def _with_old_layout(
    root: Path,
    project: Project,
    files: Sequence[Path],
    source_family: Family,
    core: Release | None,
    catalogue: ReleaseCatalogue,
    guard: ReleaseIndex | None,
    changes: list[FileChange],
    unresolved: list[Unresolved],
    notes: list[str],
) -> list[FileChange]:
    """The file changes with the old-layout imports of generated AWS bindings rewritten on top of them
    (:func:`plan_old_layout`: the rewritten files' changes replace those planned before); what cannot be
    rewritten is added to ``unresolved`` and ``notes``."""
    layout = plan_old_layout(
        root,
        project,
        files,
        _core_of(project, source_family),
        InstalledCore(core.package, core.version) if core is not None else None,
        catalogue,
        guard,
        changes,
    )
    unresolved.extend(layout.unresolved)
    notes.extend(layout.notes)
    return list(layout.changes)


def _core_of(project: Project, family: Family) -> InstalledCore | None:
    version = project.installed_version(family.core)
    return InstalledCore(family.core, version) if version is not None else None


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
    """Write every planned change atomically (nothing if a file changed since planning), within the
    folder the diff is relative to: the repository root holds the CI files and a root manifest the move
    edits beside the project's own."""
    from compat.project.changes import apply

    apply(plan.changes, plan.diff_root)


def _imports_local_bindings(project: Project) -> bool:
    """Whether the code imports bindings that ``cdktf get`` generates from the project's cdktf.json."""
    config = project.cdktf
    if config is None:
        return False
    generated = [config.code_maker_output] if config.code_maker_output else []
    return bool(imported_providers(project.root, config, source_paths(project.root, generated)))


def _installed_core(project: Project, family: Family, to: object) -> Release | None:
    """On ``--to LINE`` of a project already on it: the core it installs (its files follow that)."""
    if not isinstance(to, Family) or project.family is not family:
        return None
    version = project.installed_version(family.core)
    return Release(family.core, version) if version is not None else None


def _with_other_providers(
    project: Project,
    to: Family | CoreTarget,
    snapshot: Snapshot | None,
    hops: tuple[Hop, ...],
    hop: Hop | None,
) -> tuple[tuple[Hop, ...], Hop | None]:
    """The hops with the release each picks for every other prebuilt package the manifests declare."""
    from compat.migrations.providers import declared_providers, hop_provider_changes

    installed = [
        (package, project.installed_version(package.pypi)) for package in declared_providers(project)
    ]
    if not installed:
        return hops, hop
    family = to.family if isinstance(to, CoreTarget) else to
    pythons = project.python.interpreters

    def lines(each: Hop, newest: bool) -> tuple[str, ...]:
        return hop_provider_changes(snapshot, installed, family, each.core, pythons, newest)

    return with_provider_changes(hops, hop, lines, asks_newest(to))


def asks_newest(to: object) -> bool:
    """``--to cdktn==latest``: every package moves to its newest release, not the nearest."""
    return isinstance(to, CoreTarget) and to.version is None


def choose_hop(
    to: Family | CoreTarget,
    src: Release | None,
    python: ProjectPython | None,
    snapshot: Snapshot | None,
    npm: bool = False,
) -> tuple[tuple[Hop, ...], Hop | None]:
    """The hops to ``to``'s family and the one this move makes (None: already on the family, no core asked).

    ``--to cdktn``: the smallest move leaving the other family (the first hop no runtime blocks);
    ``--to cdktn==X``: the hop to core X; ``--to cdktn==latest``: the newest core and bindings.
    ``python``: the project's declared Python (None for a TypeScript project). ``npm``: the project
    installs from npm and ``snapshot`` is the family's npm view (the hops name npm's facts). A release
    missing from compat's npm data blocks nothing (the data lists only some releases): the plan says
    so once (:func:`compat.migrations.npm_view.unlisted_note`).
    """
    from compat.migrations.stages import default_hop, family_releases, hop_for_core, plan_hops
    from compat.runtimes import load_runtimes

    family = to.family if isinstance(to, CoreTarget) else to
    if snapshot is None:
        raise CompatError("no release snapshot: the staged move needs it ('compat data status')")
    current = snapshot.binding(src.package, src.version) if src is not None else None
    uses = src is not None
    runtimes = load_runtimes()
    hops = tuple(plan_hops(snapshot, family, current, python, uses_bindings=uses, runtimes=runtimes, npm=npm))
    if isinstance(to, Family):
        built_for_family = current is None or current.core_name in (None, family.core)
        if src is not None and family_of_release(src) is family and built_for_family:
            # already on the family (a cdktn-named release built for cdktf is not): the hops ahead only,
            # never the family's older minors (a move back is no hop of this plan)
            return _not_behind(hops, current), None
        return hops, default_hop(hops)
    cores, bindings = family_releases(snapshot, family)
    if to.version is None:
        core = max(cores, key=lambda c: c.version, default=None)
    else:
        core = next((c for c in cores if c.version == to.version), None)
    if core is None:
        listed = ", ".join(str(c.version) for c in cores)
        raise CompatError(
            f"--to {to}: no such {family.core} release is known (compat releases {family.core}: "
            f"{listed or 'none'})"
        )
    hop = hop_for_core(
        core, bindings, current, python, uses, runtimes, snapshot, family, newest=to.version is None, npm=npm
    )
    return hops, hop


def _not_behind(hops: tuple[Hop, ...], current: BindingRelease | None) -> tuple[Hop, ...]:
    """The hops whose core is not older than every core ``current`` (the installed bindings) admits."""
    if current is None:
        return hops
    admitted = [h.core.version for h in hops if current.core_specifier.contains(h.core.version)]
    if not admitted:
        return hops
    return tuple(h for h in hops if h.core.version >= min(admitted))


def npm_cli_install(root: Path) -> str | None:
    """Where the repository installs a family's CLI from npm (``.github/workflows/ci.yml:14``), if it does:
    a package.json dependency or an npm install line naming ``cdktf-cli`` / ``cdktn-cli``."""
    from compat.mentions import scan_repository

    for mention in scan_repository(root, mentions_only=True).mentions:
        if mention.kind in ("npm-dependency", "npm-package") and mention.name.endswith("-cli"):
            return f"{display_path(mention.path, root)}:{mention.line}"
    return None


def cli_unlisted_note(root: Path, snapshot: Snapshot | None, core: Release | None) -> list[str]:
    """Where the repository installs the family's CLI from npm and compat's npm data has no CLI release
    of the move's ``core`` (the CLI is released with it): the one note that this is assumed, not known."""
    from compat.migrations.npm_view import unlisted_note

    if core is None or npm_cli_install(root) is None:
        return []
    note = unlisted_note(snapshot, [(f"{core.package}-cli", str(core.version))])
    return [note] if note else []


def _blocked(hop: Hop | None, root: Path, project: Project) -> list[Unresolved]:
    """The runtime that blocks the chosen hop, as something the user must change (never a silent pass)."""
    if hop is None or hop.blocked is None:
        return []
    python = project.python
    where = python.source if python is not None else "the project"
    fix = f"narrow the project's Python to {hop.narrows_python} ({where})" if hop.narrows_python else None
    reason = f"{hop.label} cannot be installed: {hop.blocked}"
    return [Unresolved(display_path(root, root), 0, hop.label, reason, fix)]


def with_provider_changes(
    hops: tuple[Hop, ...], chosen: Hop | None, lines: Callable[[Hop, bool], tuple[str, ...]], newest: bool
) -> tuple[tuple[Hop, ...], Hop | None]:
    """The hops with what each changes for the other prebuilt packages appended (``lines(hop, newest)``:
    :func:`compat.migrations.providers.hop_provider_changes`); the chosen hop's lines follow the move
    (the newest releases under ``--to cdktn==latest``), the others' the smallest move."""

    def extended(hop: Hop, newest_releases: bool) -> Hop:
        extra = lines(hop, newest_releases)
        return hop._replace(changes=hop.changes + extra) if extra else hop

    moved = extended(chosen, newest) if chosen is not None else None
    return tuple(
        moved if hop == chosen and moved is not None else extended(hop, False) for hop in hops
    ), moved


def hop_notes(hops: Sequence[Hop], chosen: Hop | None) -> list[str]:
    notes = []
    for number, hop in enumerate(hops, start=1):
        mark = " (this move)" if hop == chosen else ""
        blocked = f"; blocked: {hop.blocked}" if hop.blocked else ""
        notes.append(f"hop {number}/{len(hops)} {hop.label}{mark}: " + "; ".join(hop.changes) + blocked)
    if chosen is not None and chosen not in hops:
        notes.append(f"this move {chosen.label}: " + "; ".join(chosen.changes))
    return notes


def add_target_versions(
    root: Path, project: Project, core: Release, changes: list[FileChange], notes: list[str]
) -> None:
    """For a cdktn core that validates against targetVersions: declare the project's CLI in cdktf.json."""
    from compat.families import CDKTN
    from compat.migrations.targets import insert_first_key, project_targets, validating_since

    since = validating_since()
    if core.package != CDKTN.core or since is None or core.version < since or project.cdktf is None:
        return
    path = root / "cdktf.json"
    existing = next((c for c in changes if c.path.resolve() == path.resolve()), None)
    try:
        before = existing.after if existing else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if project.cdktf.target_versions:
        return
    targets, source = project_targets(project)
    if targets is None:
        notes.append(
            f"{CDKTN.core} {core.version} validates functions and provider features against "
            f"cdktf.json targetVersions (default terraform >=1.5.7, opentofu >=1.6.0) and {source}: "
            "declare the CLI you deploy with"
        )
        return
    after = insert_first_key(before, "targetVersions", targets)
    if after is None:
        return
    if existing is not None:
        changes[changes.index(existing)] = FileChange(existing.path, existing.before, after, existing.notes)
    else:
        changes.append(FileChange(path, before, after))
    notes.append(
        f"cdktf.json: targetVersions {json.dumps(targets)} from {source} ({CDKTN.core} "
        f"{core.version} checks functions and provider features against it at synth)"
    )


def add_repository_move(
    root: Path,
    family: Family,
    core: Version,
    bindings: Version | None,
    pins: Mapping[str, str],
    changes: list[FileChange],
    unresolved: list[Unresolved],
    notes: list[str],
    only_other_family: bool = False,
) -> None:
    """Move the tool mentions of the repository files (package.json, CI, Makefile, ...) with the code.

    ``only_other_family``: a project already on ``family`` moves only what still names the other family
    (its own versions are left as they are)."""
    from compat.mentions import scan_repository
    from compat.migrations.repository import plan_repository_move, renamed, tool_target

    found = scan_repository(root)
    if only_other_family:
        found = found._replace(
            mentions=tuple(
                m
                for m in found.mentions
                if renamed(m.name, family) != m.name
                or m.kind.startswith("action")
                or (m.kind == "cli-command" and m.name != family.core)
            )
        )
    move = plan_repository_move(found, tool_target(family, core, bindings, pins), root)
    taken = {c.path.resolve() for c in changes}
    for change in move.changes:
        if change.path.resolve() in taken:
            notes.append(
                f"{display_path(change.path, root)}: changed by another step too; its tool "
                "mentions were not moved"
            )
            continue
        changes.append(change)
    unresolved.extend(move.unresolved)
    notes.extend(move.notes)
