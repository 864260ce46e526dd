"""``compat migrate --to-prebuilt``: local bindings (``imports.aws``, from ``cdktf get``) -> prebuilt.

Each ``terraformProviders`` entry whose generated package the code imports becomes the prebuilt
package of that provider, so ``cdktf get`` is no longer needed for it:

- AWS: the target release (``--to``, else the newest release of the project's family admitting its
  core). Names are resolved from the prebuilt release that stands in for what ``cdktf get``
  generated (the one ``compat check`` uses, :func:`compat.project.local_bindings.stand_in_release`)
  to the target, by Terraform type like any other move; the imports are first pointed at the prebuilt package.
- another provider: the newest release of its prebuilt package admitting the target core, module
  rename only (its symbol index is not embedded).

The package pins go into the manifests and the converted entries leave cdktf.json. Modules and
providers without a usable prebuilt package stay local and are listed in the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from packaging.version import Version

from compat.errors import CompatError
from compat.families import Family
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.local_imports import point_at_prebuilt
from compat.migrations.manifests import choose_core, constructs_range
from compat.migrations.migration_plan import MigrationPlan, unread_files
from compat.migrations.model import Release, Unresolved, Unversioned
from compat.migrations.providers import pinned_releases, plan_provider_moves, release_for_core
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.stages import narrowed_python, python_blocker, python_fits
from compat.migrations.target import choose_target, family_of_release
from compat.migrations.target_api import MovePicks, new_api_items
from compat.parse_guard import too_complex
from compat.project.changes import FileChange, display_path
from compat.project.local_bindings import LocalBindings, LocalImport, local_bindings, scan_files_reporting
from compat.project.model import Project, ProviderEntry
from compat.providers import ProviderPackage
from compat.python_source import read_python
from compat.snapshot import BindingRelease, Snapshot
from compat.versions.providers import AWS_SOURCE


@dataclass
class _Conversion:
    """What the provider entries become: import prefixes, pins, entries to drop or keep."""

    prefixes: dict[str, str] = field(default_factory=dict)  # "imports.aws" -> "cdktf_cdktf_provider_aws"
    pins: dict[str, str] = field(default_factory=dict)
    drop: dict[int, str] = field(default_factory=dict)  # terraformProviders index -> package
    keep: dict[int, str] = field(default_factory=dict)  # terraformProviders index -> where imported
    notes: list[str] = field(default_factory=list)
    aws: bool = False


def default_target(project: Project, catalogue: ReleaseCatalogue, notes: list[str] | None = None) -> Release:
    """The smallest move: the prebuilt release built for a provider the AWS entry admits.

    First the release the project already installs, when its provider is admitted; else the newest
    release of the project's family that admits the project's core and Python and is built for a
    provider the cdktf.json constraint admits (``aws@~> 4.0`` stays on AWS 4); only when none is,
    the newest admitting the core, said in ``notes`` with the constraint it leaves. ``notes`` also
    says what the newest release would bring.
    """
    family: Family = project.family
    core = project.installed_version(family.core)
    snapshot = catalogue.snapshot
    entry = project.cdktf.provider("aws") if project.cdktf is not None else None
    constraint = entry.requirement.constraint if entry is not None else None
    python = project.python
    out = notes if notes is not None else []

    def fits(version: Version) -> BindingRelease | None:
        release = snapshot.binding(family.bindings, version) if snapshot is not None else None
        if version.is_prerelease or release is None or release.yanked:
            return None
        if core is not None and not release.core_specifier.contains(core):
            return None
        if not python_fits(release.requires_python, python):
            return None  # pip would skip it for the project's Python
        return release

    def core_fits(release: BindingRelease) -> bool:
        """Some core release this one admits installs on the project's Python (the core moves with it)."""
        cores = snapshot.cores(release.core_name or family.core) if snapshot is not None else []
        return any(
            release.core_specifier.contains(c.version) and python_fits(c.requires_python, python)
            for c in cores
            if not c.yanked and not c.version.is_prerelease
        )

    def admitted(release: BindingRelease) -> bool:
        return constraint is None or (
            release.provider_version is not None and constraint.allows(release.provider_version)
        )

    installed = project.installed_version(family.bindings)
    if installed is not None:
        release = fits(installed)
        if release is not None and admitted(release):
            out.append(
                f"{family.bindings} {installed}, which the project installs, is built for "
                f"{release.provider_source} {release.provider_version}: kept"
            )
            return Release(family.bindings, installed)
    candidates = [r for r in (fits(v) for v in sorted(catalogue.known(family.bindings), reverse=True)) if r]
    if not candidates and core is not None:
        # no release admits the installed core: the core moves with the bindings, within the Python range
        kept = core
        core = None
        known = sorted(catalogue.known(family.bindings), reverse=True)
        candidates = [r for r in (fits(v) for v in known) if r and core_fits(r)]
        if candidates:
            out.append(
                f"no {family.bindings} release admits {family.core} {kept} on the project's Python "
                f"({python}): the core moves with the bindings"
            )
    if not candidates:
        return choose_target(family, family, catalogue)  # the Python check of the plan says what blocks it
    newest = candidates[0]
    chosen = next((r for r in candidates if admitted(r)), None)
    if chosen is None:
        chosen = newest
        if entry is not None:
            brings = (
                f"brings {chosen.provider_version}"
                if chosen.provider_version is not None
                else "is built for a provider compat's data does not record (the generator wrote no "
                "provider version into releases before 7.0.0)"
            )
            out.append(
                f"no {family.bindings} release is known to be built for a provider "
                f"{entry.requirement.raw!r} admits: {chosen.version} {brings}"
            )
    elif chosen.version != newest.version and entry is not None:
        out.append(
            f"{chosen.package} {chosen.version} ({chosen.provider_version}) is the newest built for a "
            f"provider {entry.requirement.raw!r} admits; a larger move, --to {newest.version}, brings "
            f"{newest.provider_version} and changes the constraint"
        )
    return Release(family.bindings, chosen.version)


def _stand_in(project: Project, entry: ProviderEntry, snapshot: Snapshot | None) -> BindingRelease | None:
    from compat.project.local_bindings import InstalledCore, stand_in_release

    if snapshot is None:
        return None
    core = project.installed_version(project.family.core)
    installed = InstalledCore(project.family.core, core) if core is not None else None
    return stand_in_release(snapshot, project.family, entry.requirement.constraint, installed)


def _admitted(version: Version, entry: ProviderEntry) -> str:
    allowed = entry.requirement.constraint.allows(version)
    return f", which {entry.requirement.raw!r} {'admits' if allowed else 'did not admit'}"


def _first_imports(imports: Sequence[LocalImport]) -> dict[int, LocalImport]:
    found: dict[int, LocalImport] = {}
    for item in imports:
        if item.entry is not None and item.entry.kind == "provider":
            found.setdefault(item.entry.position, item)
    return found


def _provider_change(release: BindingRelease | None, entry: ProviderEntry) -> str:
    """``; it brings <source> X, which <constraint> does not admit`` (or nothing)."""
    built = release.provider_version if release is not None else None
    if built is None or entry.requirement.constraint.allows(built):
        return ""
    return f"; it brings {entry.requirement.source} {built}, which {entry.requirement.raw!r} did not admit"


def _convert_other(
    conv: _Conversion,
    entry: ProviderEntry,
    local: str,
    target_family: Family,
    core: Release | None,
    snapshot: Snapshot | None,
) -> None:
    """A provider other than AWS: its prebuilt package's newest release for the target core built for a
    provider the cdktf.json constraint admits (else the newest for that core, said), or local."""
    kind = entry.requirement.source.rsplit("/", 1)[-1]
    package = ProviderPackage(target_family, kind)
    releases = snapshot.bindings(package.pypi) if snapshot is not None else []
    sources = {(r.provider_source or "").lower() for r in releases}
    constraint = entry.requirement.constraint
    version = None
    if core is not None:  # the smallest move first: a release built for a provider the constraint admits
        version = release_for_core(
            snapshot,
            package.pypi,
            core.package,
            core.version,
            provider_ok=lambda v: v is not None and constraint.allows(v),
        ) or release_for_core(snapshot, package.pypi, core.package, core.version)
    if not releases or entry.requirement.source.lower() not in sources:
        reason = f"no prebuilt package {package.pypi} for {entry.requirement.source}"
    elif version is None:
        reason = f"no release of {package.pypi} accepts the target core"
    else:
        conv.prefixes[local] = package.module
        conv.pins[package.pypi] = f"=={version}"
        conv.drop[entry.position] = package.pypi
        conv.notes.append(
            f"{local} -> {package.module} ({package.pypi} {version}): module rename only; class-level "
            "renames need that provider's symbol index, which compat embeds for AWS alone"
            + _provider_change(snapshot.binding(package.pypi, version) if snapshot else None, entry)
        )
        return
    conv.notes.append(f"{local} stays local ('cdktf get'): {reason}")


def _conversion(
    project: Project,
    bindings: LocalBindings,
    imports: Sequence[LocalImport],
    target: Release,
    snapshot: Snapshot | None,
) -> _Conversion:
    conv = _Conversion()
    target_family = family_of_release(target)
    core = choose_core(snapshot, target.package, target.version, project.python)
    first = _first_imports(imports)
    assert project.cdktf is not None  # plan_to_prebuilt refuses a project without cdktf.json
    for entry in project.cdktf.providers:
        generated = bindings.provider(entry.position)
        found = first.get(entry.position)
        if generated is None or found is None:
            continue
        local = f"{bindings.package}.{generated.name}"
        if entry.requirement.source != AWS_SOURCE:
            _convert_other(conv, entry, local, target_family, core, snapshot)
            if entry.position not in conv.drop:
                conv.keep[entry.position] = f"{found.path}:{found.line}"
            continue
        conv.aws = True
        conv.prefixes[local] = target_family.module
    for item in imports:
        if item.entry is not None and item.entry.kind == "module":
            name = f"{bindings.package}.{item.entry.name}"
            note = f"{name} stays local ('cdktf get'): a module has no prebuilt package"
            if note not in conv.notes:
                conv.notes.append(note)
    if conv.aws:
        conv.pins[target.package] = f"=={target.version}"
        if core is not None:
            conv.pins[core.package] = f"=={core.version}"
        constructs = constructs_range(snapshot, conv.pins)
        if constructs:
            conv.pins["constructs"] = constructs
    elif core is not None and conv.pins:
        conv.pins[core.package] = f"=={core.version}"
    return conv


def _resolver(project: Project, target: Release, catalogue: ReleaseCatalogue, notes: list[str]) -> Resolver:
    """From the stand-in of the AWS entry to the target (the target itself when no stand-in is known)."""
    snapshot, cache = catalogue.snapshot, catalogue.cache
    target_index = catalogue.open(target)
    assert project.cdktf is not None  # plan_to_prebuilt refuses a project without cdktf.json
    entry = project.cdktf.provider("aws")
    stand = _stand_in(project, entry, snapshot) if entry is not None else None
    if stand is None:
        notes.append(
            "no prebuilt release stands in for the generated AWS bindings: names looked up in the target"
        )
        built = snapshot.binding(target.package, target.version) if snapshot is not None else None
        if entry is not None and built is not None and built.provider_version is not None:
            notes.append(
                f"{target} brings AWS {built.provider_version}" + _admitted(built.provider_version, entry)
            )
        elif entry is not None:
            notes.append(
                f"the AWS provider {target} brings is not recorded: compare it with {entry.requirement.raw!r}"
            )
        return Resolver(target_index, target_index, cache)
    try:
        source_index = catalogue.open(Release(stand.package, stand.version))
    except CompatError:
        notes.append(
            f"no symbol index for the stand-in {stand.package} {stand.version}: names looked up in the target"
        )
        return Resolver(target_index, target_index, cache)
    notes.append(
        f"names of the generated AWS bindings resolved from {stand.package} {stand.version} "
        f"(AWS {stand.provider_version}, the release 'compat check' stands in for them) to {target}"
    )
    release = snapshot.binding(target.package, target.version) if snapshot is not None else None
    if entry is not None and release is not None and release.provider_version != stand.provider_version:
        notes.append(
            f"the AWS provider changes from {stand.provider_version} ('cdktf get' under "
            f"{entry.requirement.raw!r}, approximately) to {release.provider_version} (built into {target})"
        )
    return Resolver(source_index, target_index, cache)


def _rewrite(
    root: Path, path: Path, package: str, conv: _Conversion, ctx: RewriteContext
) -> tuple[FileChange | None, list[Unresolved]]:
    rel = display_path(path, root)
    try:
        decoded = read_python(path)
    except (OSError, SyntaxError) as error:
        return None, [Unresolved(rel, 1, "<file>", f"cannot read: {error}")]
    text = decoded.text
    if not any(name in text for name in (*conv.prefixes, *ctx.renames)):
        return None, []
    if (refused := decoded.rewritable) is not None:
        return None, [Unresolved(rel, 1, "<file>", refused)]
    if (reason := too_complex(text)) is not None:
        return None, [Unresolved(rel, 1, "<file>", reason)]
    try:
        pointed = point_at_prebuilt(cst.parse_module(text), package, conv.prefixes).code
    except cst.ParserSyntaxError as error:
        return None, [Unresolved(rel, error.raw_line, "<file>", f"cannot parse: {error.message}")]
    result = rewrite_source(pointed, ctx)
    after = result.after
    return (FileChange(path, text, after) if after != text else None), list(result.unresolved)


def _without_entry(imports: Sequence[LocalImport], package: str) -> list[Unresolved]:
    """One item per generated package the code imports but no cdktf.json entry generates: which provider
    (and so which prebuilt release) it stands for is unknown, so it is never converted or passed over."""
    first: dict[str, LocalImport] = {}
    for item in imports:
        if item.entry is None:
            first.setdefault(item.dotted.split(".")[0], item)
    return [
        Unresolved(
            item.path,
            item.line,
            f"{package}.{name}",
            f"imports {package}.{name}, which no cdktf.json terraformProviders or terraformModules entry "
            "generates: the provider it stands for (and the prebuilt release built for it) is unknown",
            "add the entry that generates it to cdktf.json terraformProviders "
            f"('<namespace>/{name}@<constraint>'), then run --to-prebuilt again",
        )
        for name, item in sorted(first.items())
    ]


def _python_blocked(
    project: Project, root: Path, pins: dict[str, str], snapshot: Snapshot | None
) -> list[Unresolved]:
    """The pinned prebuilt release or core whose Requires-Python rules out the project's Python, as
    something to change (pip would refuse it): the same reasoning and wording as a blocked hop."""
    from compat.families import FAMILIES

    if snapshot is None:
        return []
    python = project.python
    needed = [(f"{r.package}=={r.version}", r.requires_python) for r in pinned_releases(snapshot, pins)]
    for family in FAMILIES.values():
        pinned = pins.get(family.core, "").removeprefix("==")
        needed.extend(
            (f"{family.core}=={c.version}", c.requires_python)
            for c in snapshot.cores(family.core)
            if pinned and str(c.version) == pinned
        )
    for label, needs in needed:
        if python_fits(needs, python):
            continue
        narrowed = narrowed_python(python, needs)
        where = python.source if python is not None else "the project"
        fix = (
            f"narrow the project's Python to {narrowed} ({where})"
            if narrowed
            else f"move the project's Python ({python.raw if python else '?'}, {where}) to one {needs} admits"
        )
        reason = f"{label} cannot be installed: {python_blocker(python, needs)}"
        return [Unresolved(display_path(root, root), 0, label, reason, fix)]
    return []


def plan_to_prebuilt(
    path: Path | str, to: Family | Version | None, catalogue: ReleaseCatalogue
) -> MigrationPlan:
    """Everything ``compat migrate PATH --to-prebuilt [--to TO]`` would change."""
    from compat.project import load_project
    from compat.project.files import source_paths
    from compat.project.write import plan_changes

    root = Path(path)
    if not root.exists():
        raise CompatError(f"{root} does not exist")
    root = root.parent if root.is_file() else root
    project: Project = load_project(root)
    if project.cdktf is None:
        raise CompatError(f"{root}: no cdktf.json, so no bindings from 'cdktf get' to convert")
    bindings = local_bindings(project.cdktf)
    files = list(source_paths(root, [bindings.folder]))
    imports, unscanned = scan_files_reporting(root, files, bindings)
    committed_note: list[str] = []
    if not imports and not unscanned and not project.cdktf.code_maker_output and (root / "imports").is_dir():
        # no codeMakerOutput: the CLI writes .gen, but the Python template's imports/ is what the code uses
        committed = bindings._replace(folder="imports", package="imports")
        committed_files = list(source_paths(root, [committed.folder]))
        found, found_unscanned = scan_files_reporting(root, committed_files, committed)
        if found or found_unscanned:
            bindings, imports, unscanned, files = committed, found, found_unscanned, committed_files
            committed_note.append(
                "cdktf.json sets no codeMakerOutput (the CLI's default is .gen), but the "
                "code imports the committed imports/: read as the bindings folder"
            )
    # a file LibCST must not be given stays a per-file item, as in the rewrite of --to cdktn
    broken = next(
        (u for u in unscanned if not u.parses and too_complex(read_python(u.path).text) is None), None
    )
    if broken is not None:
        # as --to cdktn: the move must rewrite this file and cannot, so nothing is planned (exit 2);
        # written, the other files would use the prebuilt package while it still imports the bindings
        # the move stops generating
        raise CompatError(f"{display_path(broken.path, root)}:{broken.line}: {broken.reason}")
    # a file importing the generated package that cannot be analysed is never passed over in silence
    unanalysed = [Unresolved(display_path(u.path, root), u.line, "<file>", u.reason) for u in unscanned]
    unanalysed.extend(_without_entry(imports, bindings.package))
    target_notes: list[str] = []
    target = (
        choose_target(to, project.family, catalogue)
        if to is not None
        else default_target(project, catalogue, target_notes)
    )
    source = Unversioned(f"{bindings.package or bindings.folder} (cdktf get)", "local")
    snapshot = catalogue.snapshot
    conv = _conversion(project, bindings, imports, target, snapshot)
    if not conv.prefixes:
        if unanalysed:
            done = (
                f"{len(unanalysed)} import(s) of bindings from 'cdktf get' could not be converted",
                *conv.notes,
            )
        else:
            done = ("no import of provider bindings from 'cdktf get' left to convert", *conv.notes)
        return MigrationPlan(root, source, target, (), tuple(unanalysed), done)
    source_family, target_family = project.family, family_of_release(target)
    moved_core = choose_core(snapshot, target.package, target.version, project.python)
    others = plan_provider_moves(project, target_family, moved_core, snapshot)
    notes: list[str] = [*committed_note, *target_notes, *others.notes]
    resolver = _resolver(project, target, catalogue, notes)
    renames = {source_family.core: target_family.core} if source_family is not target_family else {}
    renames.update(others.modules)
    changes: list[FileChange] = []
    unresolved: list[Unresolved] = [*unread_files(root, [bindings.folder]), *others.unresolved, *unanalysed]
    for file in (f for f in files if f not in {u.path for u in unscanned}):
        ctx = RewriteContext(
            resolver, target_family.module, target_family.module, dict(renames), path=display_path(file, root)
        )
        change, missing = _rewrite(root, file, bindings.package, conv, ctx)
        changes.extend([change] if change else [])
        unresolved.extend(missing)
    renamed = {**others.renames}
    if source_family is not target_family:
        renamed.update(
            {source_family.bindings: target_family.bindings, source_family.core: target_family.core}
        )
    pins = {**others.pins, **conv.pins}
    unresolved.extend(_python_blocked(project, root, pins, snapshot))
    manifests = plan_changes(project, pins, renames=renamed, keep_local=conv.keep, drop_local=conv.drop)
    changes.extend(manifests)
    notes.extend(conv.notes)
    notes.extend(n for c in manifests for n in c.notes)
    core = pins.get(target_family.core, "").removeprefix("==")
    moved = MovePicks(
        family=target_family,
        core=Release(target_family.core, Version(core)) if core else None,
        bindings=target,
        pins=pins,
        renames=renamed,
    )
    items, checked = new_api_items(project, changes, moved, catalogue, unresolved)
    unresolved.extend(items)
    notes.extend(checked)
    return MigrationPlan(root, source, target, tuple(changes), tuple(unresolved), tuple(notes))
