"""``compat migrate --to cdktn`` of a TypeScript project: the same staged plan as Python's.

The hop is chosen as for Python (:func:`compat.migrations.planner.choose_hop`: the smallest move
leaving cdktf by default, ``--to cdktn==X`` the hop to core X), from the AWS bindings the project
installs (the lock first, as npm decides; a range is read as the release npm would install,
:mod:`compat.typescript.assumed`, and the plan says what it assumed). The
code moves through :mod:`compat.migrations.ts_imports`; package.json, CI and tool mentions through
the repository step Python uses; cdktf.json gets ``targetVersions`` where the target core validates
against them. The lock file is not rewritten: the summary names the command that updates it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.families import CDKTF, CDKTN, CORES, Family
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.migration_plan import MigrationPlan
from compat.migrations.model import Release, Unresolved, Unversioned
from compat.migrations.npm_view import npm_family_view, unlisted_note
from compat.migrations.planner import (
    add_repository_move,
    add_target_versions,
    asks_newest,
    choose_hop,
    hop_notes,
    npm_cli_install,
    with_provider_changes,
)
from compat.migrations.providers import hop_provider_changes, installed_provider, major_note, release_for_core
from compat.migrations.repository import shown
from compat.migrations.resolve import Resolver
from compat.migrations.target import CoreTarget, MigrationSpec
from compat.migrations.target_api import new_ts_api_items
from compat.migrations.ts_imports import CoreMove, LocalMove, ProviderMove, mentions_any, move_imports
from compat.project.changes import FileChange, display_path
from compat.providers import ProviderPackage, provider_package
from compat.typescript.project import TsProject, load_ts_project, source_files

if TYPE_CHECKING:
    from compat.migrations.stages import Hop
    from compat.snapshot import BindingRelease, CoreRelease, Snapshot
    from compat.versions.npm_semver import NpmRange


def _on_family(ts: TsProject, family: Family) -> bool:
    """Whether the project's package.json declares ``family``'s core and not the other's."""
    other = CDKTF if family is CDKTN else CDKTN
    return ts.installed(family.core).declared is not None and ts.installed(other.core).declared is None


def _installed_version(ts: TsProject, npm: str) -> Version | None:
    """What installs: the lock or an exact pin, else what npm would install for the package.json range
    (:func:`compat.typescript.assumed.npm_pick`, read into ``ts`` by :func:`_read_project`)."""
    return _version(ts.installed(npm).version)


def _locked_version(ts: TsProject, npm: str) -> Version | None:
    """What the lock or an exact pin installs; None for a range."""
    installed = ts.installed(npm)
    return _version(installed.version) if installed.certain else None


def _version(text: str | None) -> Version | None:
    try:
        return Version(text) if text else None
    except InvalidVersion:
        return None


def _read_project(root: Path, snapshot: Snapshot | None) -> TsProject:
    """The project at ``root`` with the release npm would install for each prebuilt package and core no
    lock entry or exact pin settles, on the Node.js the project names (as ``compat check`` reads it; the
    ``node`` on PATH is not asked: it says nothing of the machine that installs)."""
    from compat.typescript.assumed import named_node, with_assumed_versions
    from compat.versions.node import detect_node

    ts = load_ts_project(root)
    node, _notes = detect_node(root, on_path=False)
    return with_assumed_versions(ts, snapshot, named_node(node), cores=True)


def _assumed_notes(ts: TsProject) -> list[str]:
    """What the plan assumed of each version read from a range (the check's warning, said of the move)."""
    from compat.typescript.rule_facts import assumed_note

    then = f"the move is planned from it (a lock decides instead: run '{lock_command(ts)}' and migrate again)"
    return [assumed_note(ts, ts.installed(pick.name), then) for pick in ts.assumed]


def _provider_move(
    catalogue: ReleaseCatalogue, package: ProviderPackage, source: Version | None, target: Release
) -> ProviderMove:
    counterpart = package.counterpart(CDKTN)
    before = catalogue.open_typescript(Release(package.pypi, source)) if source is not None else None
    after = catalogue.open_typescript(target)
    resolver = Resolver(before.index, after.index, catalogue.cache) if before and after else None
    return ProviderMove(
        source_npm=package.npm,
        target_npm=counterpart.npm,
        target_label=f"{counterpart.npm} {target.version}",
        source=before,
        target=after,
        resolver=resolver,
    )


def _declared_providers(ts: TsProject) -> list[ProviderPackage]:
    """The cdktf prebuilt packages package.json declares."""
    found: set[ProviderPackage] = set()
    for dependency in ts.manifest.dependencies if ts.manifest is not None else ():
        package = provider_package(dependency.name)
        if package is not None and package.family is CDKTF and dependency.name == package.npm:
            found.add(package)
    return sorted(found, key=lambda package: package.npm)


def lock_command(ts: TsProject) -> str:
    """The command that updates the project's lock after package.json moved: the lock's tool, else the
    ``packageManager`` package.json names, else npm (as ``compat pin`` says it)."""
    from compat.typescript.pin import install_command

    return install_command(ts)


def _installer(ts: TsProject) -> str:
    """The tool that installs the project: its lock's, else ``packageManager``'s, else npm."""
    return lock_command(ts).split(" ", 1)[0]


def plan_ts_migration(root: Path, to: MigrationSpec, catalogue: ReleaseCatalogue) -> MigrationPlan:
    """Everything ``compat migrate --to cdktn[==X]`` changes in the TypeScript project at ``root``."""
    if (
        not isinstance(to, (Family, CoreTarget))
        or (to.family if isinstance(to, CoreTarget) else to) is not CDKTN
    ):
        raise CompatError(
            f"--to {to.name if isinstance(to, Family) else to}: a TypeScript project is moved to cdktn "
            "only (--to cdktn, "
            "--to cdktn==X or --to cdktn==latest)"
        )
    if root.is_file():
        root = root.parent
    snapshot = pypi = catalogue.snapshot
    ts = _read_project(root, pypi)
    on_cdktn = _on_family(ts, CDKTN)
    notes: list[str] = _assumed_notes(ts)
    if pypi is not None:
        snapshot = npm_family_view(pypi, CDKTN)  # every release, in npm's facts where the data has them
    aws_version = _installed_version(ts, CDKTF.npm)
    src = Release(CDKTF.bindings, aws_version) if aws_version is not None else None
    core_installed = _installed_version(ts, CDKTF.core)
    # a TypeScript project declares no Python; its CLI comes from npm too
    hops, hop = choose_hop(to, src, None, snapshot, npm=True)
    # each declared prebuilt package with its installed release, read once for the hops and the moves
    declared = {package: _installed_version(ts, package.npm) for package in _declared_providers(ts)}
    others = [(package, installed) for package, installed in declared.items() if not package.is_aws]
    if others:

        def lines(each: Hop, newest: bool) -> tuple[str, ...]:
            return hop_provider_changes(snapshot, others, CDKTN, each.core, (), newest, npm=True)

        hops, hop = with_provider_changes(hops, hop, lines, asks_newest(to))
    unresolved: list[Unresolved] = []
    aws_target: Release | None = None
    if on_cdktn and isinstance(to, Family):
        hop = None  # already on cdktn: only what still names cdktf moves, to the releases it installs
        version = _installed_version(ts, CDKTN.core)
        if version is None:
            raise CompatError(
                f"{root}: depends on {CDKTN.core}, but no release of it is locked, pinned or "
                "admitted by package.json: nothing to move to"
            )
        core = Release(CDKTN.core, version)
        installed_aws = _installed_version(ts, CDKTN.npm)
        aws_target = Release(CDKTN.bindings, installed_aws) if installed_aws is not None else None
        notes.append(
            f"{display_path(root, root)} already depends on {CDKTN.core} {version}: only what "
            "still names cdktf moves"
        )
    elif hop is not None:
        core = Release(hop.core.package, hop.core.version)
    else:
        raise CompatError(
            f"{root}: no {CDKTN.core} release to move to is known (compat releases {CDKTN.core})"
        )
    rel_manifest = display_path(ts.manifest.path, root) if ts.manifest else "package.json"
    if hop is not None and hop.bindings is not None:
        aws_target = Release(hop.bindings.package, hop.bindings.version)
    elif src is not None and hop is not None:
        unresolved.append(
            Unresolved(
                rel_manifest,
                0,
                CDKTF.npm,
                f"no {CDKTN.npm} release admits {CDKTN.core} {core.version}: move it by hand",
            )
        )
    pins: dict[str, str] = {}
    chosen = {CDKTN.core: str(core.version)}  # npm name -> version: the packages whose peers constructs meets
    if aws_target is not None:
        chosen[CDKTN.npm] = str(aws_target.version)
    moves: list[ProviderMove] = []
    moved: list[str] = []
    crossings: list[str] = []  # the other providers whose move crosses their provider's major
    for package, installed in declared.items():
        if package.is_aws:
            if aws_target is not None:
                moves.append(_provider_move(catalogue, package, installed, aws_target))
            continue
        counterpart = package.counterpart(CDKTN)
        before = installed_provider(snapshot, package.pypi, installed)
        near = None if asks_newest(to) else before
        found = release_for_core(snapshot, counterpart.pypi, core.package, core.version, near=near)
        if found is None:
            continue  # the repository step reports the package.json entry; the imports stay, reported
        crossing = (
            major_note(snapshot, Release(package.pypi, installed), Release(counterpart.pypi, Version(found)))
            if installed is not None
            else None
        )
        crossings.extend([crossing] if crossing else [])
        pins[counterpart.pypi] = f"=={found}"
        after = installed_provider(snapshot, counterpart.pypi, Version(found))
        moved.append(
            f"{counterpart.npm} {found}" + (f", {package.provider} provider {after}" if after else "")
        )
        chosen[counterpart.npm] = found
        moves.append(_provider_move(catalogue, package, installed, Release(counterpart.pypi, Version(found))))
    # cdktf.json's provider entry as the move leaves it decides what 'cdktn get' generates, which the
    # local bindings' imports follow; written after the other steps, as before
    json_move: list[FileChange] = []
    json_notes: list[str] = []
    if hop is not None and hop.bindings is not None:
        _move_cdktf_json_provider(ts, hop, json_move, json_notes)
    changes, code_unresolved = _move_code(
        ts,
        root,
        CoreMove(CDKTF.core, CDKTN.core),
        moves,
        (core.version, snapshot, catalogue) if hop else None,
        notes,
        json_move[0].after if json_move else None,
    )
    unresolved.extend(code_unresolved)
    for move in moves:
        if move.target is None or not move.target.has_layout:
            notes.append(
                f"{move.target_label}: no TypeScript layout indexed: its root imports were moved "
                "without checking their names (compat check judges them)"
            )
    add_repository_move(
        root,
        CDKTN,
        core.version,
        aws_target.version if aws_target else None,
        pins,
        changes,
        unresolved,
        notes,
        only_other_family=hop is None,
    )
    if snapshot is not None:
        _move_constructs(ts, root, snapshot, chosen, changes, notes)
    if json_move and not any(c.path.name == "cdktf.json" and c.path.parent == ts.root for c in changes):
        changes.extend(json_move)
        notes.extend(json_notes)
    elif not json_move:
        notes.extend(json_notes)
    _target_versions(root, core, changes, notes)
    if hop is not None:
        notes.extend(_generated_note(root))
        items, checked = new_ts_api_items(root, changes, chosen, catalogue, unresolved, moves)
        unresolved.extend(items)
        notes.extend(checked)
    notes.extend(hop_notes(hops, hop))
    if hop is not None:
        cli = [(f"{CDKTN.core}-cli", str(core.version))] if npm_cli_install(root) is not None else []
        note = unlisted_note(snapshot, [(CDKTN.core, str(core.version)), *cli, *chosen.items()])
        notes.extend([note] if note else [])
    notes.extend(_major_note(snapshot, src, hop))
    if moved:
        how = "the newest" if asks_newest(to) else "the one built for the provider nearest the installed one"
        notes.append(
            f"other prebuilt providers moved to a release accepting the target core ({how}): "
            + ", ".join(moved)
        )
    notes.extend(crossings)
    if any(c.path.name == "package.json" for c in changes):
        where = shown(ts.lock.path.parent, root) if ts.lock is not None else "."  # ".." for a workspace root
        notes.append(
            f"then run '{lock_command(ts)}' in {where} to update "
            f"{ts.lock.path.name if ts.lock is not None else 'the lock'} (compat does not write it)"
        )
    source: Release | Unversioned = src or (
        Release(CDKTF.core, core_installed) if core_installed else Unversioned(CDKTF.core, "unknown")
    )
    if hop is None:
        source = aws_target or core
    target: Release | Unversioned = aws_target or core
    return MigrationPlan(
        root, source, target, tuple(changes), tuple(unresolved), tuple(notes), hops, hop, npm=True
    )


def _major_note(snapshot: Snapshot | None, src: Release | None, hop: Hop | None) -> list[str]:
    """When the move crosses an AWS provider major: the imports move, the props and classes the major
    removed do not (``Eip.vpc`` in AWS 6), and ``compat check`` lists them once the lock is updated."""
    before = snapshot.binding(src.package, src.version) if snapshot is not None and src is not None else None
    after = hop.bindings if hop is not None else None
    if src is None or after is None:
        return []
    old = before.provider_version if before is not None else None
    new = after.provider_version
    if old is not None and new is not None:
        if old.major == new.major:
            return []
        what = f"the AWS provider crosses a major ({old} -> {new})"
    elif src.version.major != after.version.major:  # the provider the source was built for is unknown
        what = f"the AWS bindings cross majors ({src.version} -> {after.version}, AWS provider {new})"
    else:
        return []
    return [
        f"{what}: the imports moved, but props and classes changed in between (removed arguments, "
        f"blocks that became single or lists) are not rewritten; run 'compat check' after the lock is "
        f"updated to list them"
    ]


def _move_code(
    ts: TsProject,
    root: Path,
    core: CoreMove,
    moves: list[ProviderMove],
    regenerated: tuple[Version, Snapshot | None, ReleaseCatalogue] | None,
    notes: list[str],
    moved_json: str | None = None,
) -> tuple[list[FileChange], list[Unresolved]]:
    """Every file's imports moved; ``regenerated``: the cdktn core whose ``cdktn get`` writes the local
    bindings again (with the data to stand in for them), None when the move leaves them as they are;
    ``moved_json``: cdktf.json's text as the move leaves it (its provider entries are what ``get`` reads)."""
    from compat.migrations.ts_local import local_moves
    from compat.project.cdktf_json import read_cdktf_json
    from compat.typescript.context import folder_of_bindings

    config = read_cdktf_json(root / "cdktf.json") if (root / "cdktf.json").is_file() else None
    generated = (config.code_maker_output if config is not None else None) or ".gen"
    changes: list[FileChange] = []
    unresolved: list[Unresolved] = []
    watch = [core.source, *(m.source_npm for m in moves)]
    locals_: list[LocalMove] = []
    if regenerated is not None:
        generator = next(
            (v for name in (f"{CDKTF.core}-cli", CDKTF.core) if (v := _locked_version(ts, name)) is not None),
            None,
        )
        locals_ = local_moves(config, generator, *regenerated, moved_json)
    folder = folder_of_bindings(generated)
    stood_in: dict[tuple[str, str], None] = {}
    if locals_:
        watch.append(f"{folder.rsplit('/', 1)[-1]}/providers")
    for path in source_files(root, generated):
        rel = display_path(path, root)
        try:
            raw = path.read_bytes()
        except OSError as error:
            unresolved.append(Unresolved(rel, 1, "<file>", f"cannot read: {error}"))
            continue
        if not mentions_any(raw, watch):
            continue
        try:
            before = raw.decode("utf-8")
        except UnicodeDecodeError:
            unresolved.append(Unresolved(rel, 1, "<file>", "not UTF-8: its imports were not moved"))
            continue
        moved = move_imports(path, rel, raw, core, moves, (folder, locals_))
        unresolved.extend(moved.unresolved)
        notes.extend(moved.notes)
        stood_in.update(dict.fromkeys((m.entry, m.stand_in) for m in moved.stood_in))
        if moved.edits:
            changes.append(FileChange(path, before, moved.after.decode("utf-8")))
    notes.extend(
        f"the imports of the bindings generated for {entry!r} follow the layout '{CDKTN.core} get' writes "
        f"(one folder and namespace per resource), read from {release}, built for a provider that "
        f"entry admits: run '{CDKTN.core} get' before building"
        for entry, release in stood_in
    )
    return changes, unresolved


def _move_constructs(
    ts: TsProject,
    root: Path,
    snapshot: Snapshot,
    chosen: dict[str, str],
    changes: list[FileChange],
    notes: list[str],
) -> None:
    """Raise ``constructs`` in package.json when what would install is outside a target package's peer
    range (cdktn 0.24.0 peers on ``>=10.6.0 <10.8.0``), reasoning as the installer does.

    npm (>= 7) resolves a direct dependency and the peers together: it moves even a locked version to one
    the package.json range admits and every peer range allows (ERESOLVE when there is none). Yarn and
    pnpm keep the locked version the range admits (else take the newest it admits) and only warn on the
    peer. The range is raised, in its own style, to the newest release every peer range admits, only
    when the installer would otherwise end outside a peer range; an undeclared constructs is npm's to
    add (npm >= 7 installs peers).
    """
    from compat.project.formats.package_json import edit_values, parse_package_json
    from compat.typescript.pin import CONSTRUCTS, newest_constructs
    from compat.versions.npm_semver import NpmRange, final_release

    manifest = ts.manifest
    declared = manifest.declared(CONSTRUCTS) if manifest is not None else None
    wanted = declared.range if declared is not None else None
    if manifest is None or declared is None or wanted is None:
        return
    peers = []
    unknown = []  # releases whose constructs range neither compat's npm data nor a PyPI twin gives
    for name, version in chosen.items():
        row = snapshot.npm_release(name, version)
        if row is not None:
            parsed = NpmRange.parse(row.peer_constructs) if row.peer_constructs else None
            if parsed is not None:
                peers.append((f"{name} {version}", parsed))
            continue
        twin = _pypi_constructs(snapshot, name, version)
        if twin is None:
            unknown.append(f"{name} {version}")
        else:
            peers.append((f"{name} {version} (its PyPI twin's requirement)", twin))
    if unknown:
        checked = (
            f"{declared.spec!r} was checked against {', '.join(label for label, _ in peers)} only"
            if peers
            else f"{declared.spec!r} was not checked against it"
        )
        notes.append(
            f"{CONSTRUCTS}: the peer range of {', '.join(unknown)} is not in compat's npm data, so {checked} "
            f"('npm view {unknown[0].replace(' ', '@', 1)} peerDependencies' shows it)"
        )
    if not peers:
        return
    releases = [row.version for row in snapshot.npm(CONSTRUCTS) if not row.deprecated]

    def fits(version: str) -> bool:
        return all(peer.admits(version) for _label, peer in peers)

    installer = _installer(ts)
    locked = ts.installed(CONSTRUCTS)
    current = locked.version if locked.how in ("lock", "exact") else None
    if current is not None and not wanted.admits(current):
        current = None  # a lock the range no longer admits is installed again
    resolvable = any(wanted.admits(v) and fits(v) for v in releases) or bool(
        not releases and current and fits(current)
    )
    if installer == "npm" and resolvable and (current is None or fits(current)):
        return
    installs = current or wanted.newest(releases)
    if installer != "npm" and (installs is None or fits(installs)):
        return
    # the newest release every peer range admits, a PyPI twin's included
    fitting = [v for v in releases if final_release(v) is not None and fits(v)]
    target = (max(fitting, key=Version), "") if fitting else newest_constructs(snapshot, chosen)
    if target is None:
        return
    version = target[0]
    path = manifest.path
    existing = next((c for c in changes if c.path.resolve() == path.resolve()), None)
    try:
        before = existing.after if existing is not None else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    value = _constructs_value(declared.spec, version, releases, fits, installer)
    edits: dict[tuple[str, str], str] = {
        (entry.section, CONSTRUCTS): value
        for entry in parse_package_json(path, before).find(CONSTRUCTS)
        if entry.range is not None and entry.spec != value
    }
    if not edits:
        return
    after = edit_values(before, edits)
    if existing is not None:
        changes[changes.index(existing)] = FileChange(existing.path, existing.before, after, existing.notes)
    else:
        changes.append(FileChange(path, before, after))
    by_range: dict[str, list[str]] = {}
    for label, peer in peers:
        by_range.setdefault(peer.text, []).append(label)
    ranges = "; ".join(
        f"{', '.join(labels)} {'peers' if len(labels) == 1 else 'peer'} on {CONSTRUCTS} {text}"
        for text, labels in by_range.items()
    )
    why = (
        f"no release {declared.spec!r} admits fits: npm install fails (ERESOLVE)"
        if installer == "npm" and not resolvable
        else f"the lock holds {current}, outside it: npm fails (ERESOLVE) while a locked package pins that "
        "version (cdktf-cli's @cdktf/cli-core pins constructs exactly), so the range is raised"
        if installer == "npm"
        else f"{installer} keeps {installs}, outside it, and only warns"
    )
    notes.append(f"{display_path(path, root)}: {CONSTRUCTS} {declared.spec!r} -> {value!r} ({ranges}; {why})")


def _pypi_constructs(snapshot: Snapshot, npm_name: str, version: str) -> NpmRange | None:
    """The constructs range of a core or prebuilt release compat's npm data does not list, from its
    PyPI twin (jsii writes the npm peer range ``^10.4.2`` as ``constructs<11.0.0,>=10.4.2``); None when
    the data states none or npm cannot spell it."""
    from compat.versions.npm_semver import NpmRange

    twin: CoreRelease | BindingRelease | None
    if npm_name in CORES:
        twin = snapshot.core(npm_name, version)
    else:
        package = provider_package(npm_name)
        twin = snapshot.binding(package.pypi, version) if package is not None else None
    specifier = twin.constructs_specifier if twin is not None else None
    if not specifier or any(s.operator not in ("<", "<=", ">", ">=", "==") for s in specifier):
        return None
    ordered = sorted(specifier, key=lambda s: (not s.operator.startswith(">"), s.version))  # lower first
    return NpmRange.parse(
        " ".join(str(s.version) if s.operator == "==" else f"{s.operator}{s.version}" for s in ordered)
    )


def _constructs_value(
    spec: str, version: str, releases: list[str], fits: Callable[[str], bool], installer: str
) -> str:
    """``version`` in the entry's range style (``^``, ``~``, exact), narrowed where the installer would
    take a newer release the range admits that a peer range excludes: npm chooses within the peers, Yarn
    and pnpm take the newest the range admits (``^10.7.2`` gives them 10.8.1 against ``<10.8.0``)."""
    from compat.project.formats.package_json import style_of
    from compat.versions.npm_semver import NpmRange

    for style in dict.fromkeys([style_of(spec), "~", ""]):
        value = style + version
        if installer == "npm" or style == "":
            return value
        written = NpmRange.parse(value)
        newest = written.newest(releases) if written is not None else None
        if newest is None or fits(newest):
            return value
    return version


def _move_cdktf_json_provider(ts: TsProject, hop: Hop, changes: list[FileChange], notes: list[str]) -> None:
    """cdktf.json's ``aws`` entry as ``compat pin`` leaves it beside the prebuilt package the move installs:
    dropped (the package brings the provider), or kept at its provider (``~> MAJOR.MINOR``) where the code
    imports the bindings ``cdktf get`` makes of it; an ``aws@~> 5.0`` beside a package built for AWS 6 is
    a second, conflicting source (VER001)."""
    from compat.typescript.pin import cdktf_json_change

    if any(c.path.name == "cdktf.json" and c.path.parent == ts.root for c in changes):
        return
    try:
        change = cdktf_json_change(ts, CDKTN, [CDKTN.npm], hop.bindings)
    except CompatError as error:
        notes.append(f"cdktf.json providers not considered: {error}")
        return
    if change is not None:
        changes.append(change)
        notes.extend(change.notes)


def _target_versions(root: Path, core: Release, changes: list[FileChange], notes: list[str]) -> None:
    from compat.project import load_project

    try:
        project = load_project(root)
    except CompatError as error:
        notes.append(f"cdktf.json targetVersions not considered: {error}")
        return
    add_target_versions(root, project, core, changes, notes)


def _generated_note(root: Path) -> list[str]:
    from compat.project.cdktf_json import read_cdktf_json

    path = root / "cdktf.json"
    config = read_cdktf_json(path) if path.is_file() else None
    folder = (config.code_maker_output if config is not None else None) or ".gen"
    declared = config is not None and bool(config.providers or config.modules)
    if not declared and not (root / folder).is_dir():
        return []
    return [
        f"the bindings generated in {folder}/ import {CDKTF.core}: regenerate them with the "
        f"{CDKTN.name} CLI ('{CDKTN.core} get'); their imports are kept"
    ]
