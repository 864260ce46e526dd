"""``compat pin`` on a TypeScript project: the newest consistent npm set, written into package.json.

The solving is the resolver's (:func:`compat.resolver.solve.resolve`, :func:`resolve_core`), run over an
npm view of the snapshot (:func:`npm_view`): each npm version of the core and of every declared
``@cdktf/provider-*`` / ``@cdktn/provider-*`` package becomes a release record whose core requirement
is its npm peer range, so npm-only releases take part, npm deprecations reject, and a release whose
``engines.node`` excludes the project's Node (when a version file names it) is left out. The npm
numbering equals PyPI's for the releases both list; a core's Terraform floor comes from its PyPI twin.

package.json is edited in the value spans of the entries only (indentation, key order and the rest of
the bytes kept), each written in the range style the project uses for it (``^``, ``~`` or exact).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from compat.errors import CompatError
from compat.families import FAMILIES, Family
from compat.project.changes import FileChange
from compat.project.formats.package_json import PackageJson, PackageJsonFormat, written_value
from compat.project.model import CdktfConfig
from compat.project.wanted import WantedPin
from compat.resolver.core_only import resolve_core
from compat.resolver.model import JointPackage, Resolution, Target
from compat.resolver.predicates import usable_releases
from compat.resolver.solve import resolve
from compat.snapshot import BindingRelease, CoreRelease, Snapshot
from compat.typescript.npm_facts import npm_binding
from compat.typescript.project import TsProject, load_ts_project
from compat.versions.npm_semver import NpmRange, final_release

CONSTRUCTS = "constructs"
#: ``export * from "./.gen/providers/aws/vpc"``, ``export { Vpc } from ...``: a barrel file re-exporting the
#: generated bindings uses them as much as an import does (no nested quantifier: linear in the text)
_REEXPORT = re.compile(
    rb"""\bexport\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^{}]*\})\s*from\s*(["'])([^"'\n]{1,400})\1"""
)
_PROVIDER_PREFIX = {"cdktf": "@cdktf/provider-", "cdktn": "@cdktn/provider-"}


@dataclass(frozen=True)
class TsPinPlan:
    project: TsProject
    target: Target
    resolution: Resolution
    chosen: dict[str, str]  # npm name -> the version chosen (npm text)
    written: dict[str, str]  # npm name -> the package.json value written
    changes: tuple[FileChange, ...]
    explanation: tuple[str, ...]
    install_command: str

    @property
    def write_root(self) -> Path:
        """Where the write is recorded: the project, or the folder above it whose package.json it uses
        (inside the repository: the manifest is looked for no higher)."""
        manifest = self.project.manifest
        if manifest is not None and self.project.root.is_relative_to(manifest.path.parent):
            return manifest.path.parent
        return self.project.root


def _node_admits(engines: str | None, node: Version | None) -> bool:
    if engines is None or node is None:
        return True
    wanted = NpmRange.parse(engines)
    return wanted is None or wanted.admits(str(node))


def npm_view(snapshot: Snapshot, family: Family, packages: list[str], node: Version | None) -> Snapshot:
    """A snapshot whose bindings and cores are the npm versions of ``packages`` and of ``family``'s core
    (keyed by npm name), so the resolver solves over what npm installs."""
    view = Snapshot(built_at=snapshot.built_at, features=snapshot.features, sources=snapshot.sources)
    for name in packages:
        twin_name = snapshot.npm_pypi_name(name)
        rows = []
        for row in snapshot.npm(name):
            if not _node_admits(row.engines_node, node):
                continue
            twin = (
                snapshot.binding(twin_name, row.version) if twin_name and final_release(row.version) else None
            )
            release = npm_binding(row, family.core, twin)
            if release is not None:
                rows.append(release)
        view.bindings_by_package[name] = rows
    cores = []
    for row in snapshot.npm(family.core):
        version = final_release(row.version)
        if version is None or not _node_admits(row.engines_node, node):
            continue
        twin_core = snapshot.core(family.core, version)
        cores.append(
            CoreRelease(
                package=family.core,
                version=version,
                uploaded=twin_core.uploaded if twin_core else "",
                requires_python=None,
                yanked=row.deprecated,
                node_min=twin_core.node_min if twin_core else None,
                terraform_min=twin_core.terraform_min if twin_core else None,
            )
        )
    view.cores_by_package[family.core] = cores
    return view


def _family_of(manifest: PackageJson) -> Family:
    found = [family for family in FAMILIES.values() if manifest.declared(family.core) is not None]
    if len(found) != 1:
        said = "both cdktf and cdktn" if found else "neither cdktf nor cdktn"
        raise CompatError(f"{manifest.path}: package.json declares {said}: compat pin needs one core")
    return found[0]


def install_command(project: TsProject) -> str:
    """What to run after the edit, from the lock that decides what installs (npm without a lock)."""
    if project.lock is not None:
        return project.lock.install_command
    manager = (project.manifest.package_manager or "") if project.manifest else ""
    commands = {"yarn": "yarn install", "pnpm": "pnpm install", "bun": "bun install"}
    return commands.get(manager.split("@", 1)[0], "npm install")


def plan_ts_pin(
    root: Path,
    snapshot: Snapshot,
    *,
    terraform: str | None = None,
    opentofu: str | None = None,
) -> TsPinPlan:
    """Everything ``compat pin`` would do to a TypeScript project, written nowhere."""
    from compat.versions.cli import detect_terraform
    from compat.versions.detect import FolderNames
    from compat.versions.node import detect_node

    project = load_ts_project(root)
    manifest = project.manifest
    if manifest is None:
        raise CompatError(f"{root}: no package.json at or above the project: nothing to pin")
    family = _family_of(manifest)
    prefix = _PROVIDER_PREFIX[family.name]
    providers = list(
        dict.fromkeys(  # workspace:, file: and git dependencies are not the registry's
            d.name for d in manifest.dependencies if d.name.startswith(prefix) and d.range is not None
        )
    )
    unknown = [p for p in providers if not snapshot.npm(p)]
    if unknown:
        raise CompatError(
            f"the release snapshot has no npm versions of {', '.join(unknown)}: compat cannot "
            "tell which core it accepts, nothing was changed (run 'compat data refresh')"
        )
    folders = FolderNames()  # both searches ask the same folders
    # as the Python pin finds it
    tf = detect_terraform(project.root, terraform, opentofu=opentofu, folders=folders)
    # files only: PATH's is a guess
    node, _notes = detect_node(project.root, which=lambda _name: None, folders=folders)
    view = npm_view(snapshot, family, providers, node.version if node else None)
    bounds = core_bounds(project, family, providers)
    view.cores_by_package[family.core] = [
        c for c in view.cores(family.core) if all(b.admits(str(c.version)) for b, _why in bounds)
    ]
    base = Target(
        family=family,
        terraform=tf.version if tf else None,
        terraform_source=tf.source if tf else "",
        cli=tf.cli if tf else "terraform",
    )
    lead = family.npm if family.npm in providers else (providers[0] if providers else None)
    joint = tuple(
        JointPackage(p, usable_releases(view.bindings(p), base, None)) for p in providers if p != lead
    )
    target = base._replace(package=lead, joint=joint)
    resolution = resolve(view, target) if lead is not None else resolve_core(view, target)
    explanation = [f"Line: {family.name} (package.json)."]
    explanation += [f"{family.core} kept within {bound.text}: {why}." for bound, why in bounds]
    if node is not None:
        explanation.append(
            f"Node {node.version} (from {node.source}): releases whose engines.node excludes it are left out."
        )
    explanation += list(resolution.explanation)
    command = install_command(project)
    selection = resolution.selection
    if selection is None:
        return TsPinPlan(project, target, resolution, {}, {}, (), tuple(explanation), command)
    chosen = {family.core: str(selection.core.version)}
    if selection.package is not None:
        chosen[selection.package.package] = str(selection.package.version)
    chosen.update({o.package: str(o.version) for o in selection.others})
    missing = [p for p in providers if p not in chosen]
    if missing:
        explanation.append(
            f"No release of {', '.join(missing)} accepts {family.core} {selection.core.version}."
        )
        return TsPinPlan(
            project, target, resolution._replace(selection=None), {}, {}, (), tuple(explanation), command
        )
    node_version = node.version if node else None
    constructs = newest_constructs(snapshot, chosen, node_version)
    if constructs is not None:
        chosen[CONSTRUCTS] = constructs[0]
        explanation.append(constructs[1] + ".")
    cli_name = f"{family.core}-cli"
    if any(d.range is not None for d in manifest.find(cli_name)):
        cli_version, why = _cli(snapshot, family, chosen[family.core], node_version)
        chosen[cli_name] = cli_version
        explanation.append(why + ".")
    written: dict[str, str] = {}
    for name, version in chosen.items():
        for declared in manifest.find(name):
            value = written_value(declared, version)
            if value is None:  # an alias, workspace, file or git dependency: not the registry's
                explanation.append(
                    f"{name} in {declared.section} is {declared.spec!r}, not a registry "
                    "range: left as written."
                )
                continue
            written.setdefault(name, value)
    changes: tuple[FileChange, ...] = ()
    before = manifest.path.read_text(encoding="utf-8")
    wanted = {name: WantedPin.npm(name, version) for name, version in chosen.items()}
    after = PackageJsonFormat().edit(manifest.path, before, wanted, {}, ()).text
    if after != before:
        changes = (
            FileChange(
                path=manifest.path,
                before=before,
                after=after,
                notes=(f"then run '{command}' to update the lock",),
            ),
        )
    chosen_aws = selection.package if selection.package is not None else None
    if chosen_aws is not None and chosen_aws.package != family.npm:
        chosen_aws = next((o for o in selection.others if o.package == family.npm), None)
    cdktf_change = cdktf_json_change(project, family, providers, chosen_aws)
    if cdktf_change is not None:
        changes += (cdktf_change,)
        explanation.extend(cdktf_change.notes)
    explanation.append(f"Then run '{command}'.")
    return TsPinPlan(project, target, resolution, chosen, written, changes, tuple(explanation), command)


def core_bounds(project: TsProject, family: Family, providers: list[str]) -> list[tuple[NpmRange, str]]:
    """Ranges the core must stay in for the project's other packages that peer on it.

    The lock's record of a package's peerDependencies is read (npm v2/v3, pnpm); a package of the
    family's npm scope (``@cdktf/aws-cdk``) whose peers compat cannot see keeps the core within the range
    the project declares for it, as npm would fail (ERESOLVE) on a core outside its peer range.
    """
    manifest = project.manifest
    declared_core = manifest.declared(family.core) if manifest else None
    current = declared_core.range if declared_core else None
    scope = _PROVIDER_PREFIX[family.name].split("/", 1)[0] + "/"
    skip = {family.core, f"{family.core}-cli", CONSTRUCTS, *providers}
    bounds: list[tuple[NpmRange, str]] = []
    for dependency in manifest.dependencies if manifest else ():
        if dependency.name in skip or not dependency.installs or dependency.range is None:
            continue
        installed = project.installed(dependency.name)
        peer = installed.locked.peers.get(family.core) if installed.locked is not None else None
        parsed = NpmRange.parse(peer) if peer else None
        if parsed is not None:
            bounds.append(
                (
                    parsed,
                    f"{dependency.name} {installed.version} peers on {family.core} {peer} "
                    f"({project.lock.path.name if project.lock else 'lock'})",
                )
            )
        elif dependency.name.startswith(scope) and current is not None:
            bounds.append(
                (
                    current,
                    f"{dependency.name} may peer on {family.core} and compat has no record "
                    f"of its peer range: the core stays in the range package.json declares",
                )
            )
    return bounds


def newest_constructs(
    snapshot: Snapshot, chosen: dict[str, str], node: Version | None = None
) -> tuple[str, str] | None:
    """The constructs version to write and why: the newest npm release every chosen package's peer range
    admits (the core's own range included: a project without prebuilt packages gets it too), of those
    the snapshot lists (final, not deprecated, ``engines.node`` admitting the project's Node). A
    snapshot without constructs' versions gives the lowest version all the ranges admit."""
    ranges = []
    for name, version in chosen.items():
        row = snapshot.npm_release(name, version)
        parsed = NpmRange.parse(row.peer_constructs) if row is not None and row.peer_constructs else None
        if parsed is not None:
            ranges.append(parsed)
    if not ranges:
        return None
    releases = [
        row.version
        for row in snapshot.npm(CONSTRUCTS)
        if final_release(row.version) is not None
        and not row.deprecated
        and _node_admits(row.engines_node, node)
    ]
    admitted = [v for v in releases if all(parsed.admits(v) for parsed in ranges)]
    if admitted:
        newest = max(admitted, key=Version)
        return newest, f"{CONSTRUCTS} {newest}: the newest release every chosen package's peer range admits"
    if releases:
        return None  # npm lists constructs, and no release satisfies every range: not a guess
    try:
        floor = str(max(low for parsed in ranges for low in parsed.lowest()[:1]))
    except ValueError:
        return None
    if not all(parsed.admits(floor) for parsed in ranges):
        return None
    why = "the lowest version every peer range admits (the snapshot lists no constructs releases)"
    return floor, f"{CONSTRUCTS} {floor}: {why}"


def _cli(snapshot: Snapshot, family: Family, core: str, node: Version | None) -> tuple[str, str]:
    """The version of the family's CLI (``cdktf-cli`` / ``cdktn-cli``) to write with the core ``core``:
    the newest npm release in the core's minor, else the core's own number (the CLI is published with
    every core release under the same version; the npm mirror lists only part of them)."""
    name = f"{family.core}-cli"
    wanted = Version(core)
    same_minor = [
        row
        for row in snapshot.npm(name)
        if (found := final_release(row.version)) is not None
        and found.release[:2] == wanted.release[:2]
        and not row.deprecated
    ]
    if not same_minor:
        return core, f"{name} {core}: released with {family.core} {core} (same number)"
    newest = max(same_minor, key=lambda row: Version(row.version))
    note = f"{name} {newest.version}: the newest release in {family.core} {wanted.major}.{wanted.minor}"
    if not _node_admits(newest.engines_node, node):
        note += f" (needs Node.js {newest.engines_node}, the project's is {node})"
    return newest.version, note


def local_provider_imports(project: TsProject, config: CdktfConfig) -> dict[int, str]:
    """``terraformProviders`` index -> where the code first imports the bindings ``cdktf get`` makes of
    it (``main.ts:7``): such an entry stays in cdktf.json, as for Python."""
    from compat.typescript.context import TsRun, local_below, local_folder, rel
    from compat.typescript.project import source_files
    from compat.typescript.reader import mentions_cdk, no_props, parse_source

    run = TsRun(project.root, project, config, None, [])
    folder = local_folder(run)
    by_name = {entry.requirement.name: entry.position for entry in config.providers}
    found: dict[int, str] = {}
    for path in source_files(project.root, folder):
        try:
            source = path.read_bytes()
        except OSError:
            continue
        if not mentions_cdk(source, folder):
            continue
        file = parse_source(path, rel(project.root, path), source, wanted=no_props)
        used = [(item.specifier, item.line) for item in file.imports]
        for specifier, line in [*used, *_reexports(source)]:
            below = local_below(run, file, specifier)
            if below is not None and len(below) >= 2 and below[0] == "providers" and below[1] in by_name:
                found.setdefault(by_name[below[1]], f"{file.rel}:{line}")
    return found


def _reexports(source: bytes) -> Iterator[tuple[str, int]]:
    """(specifier, line) of each ``export ... from "specifier"`` of a file, in the text's order."""
    line, at = 1, 0
    for match in _REEXPORT.finditer(source):
        line += source.count(b"\n", at, match.start())
        at = match.start()
        yield match.group(2).decode("utf-8", errors="replace"), line


def cdktf_json_change(
    project: TsProject, family: Family, providers: list[str], chosen_aws: BindingRelease | None
) -> FileChange | None:
    """cdktf.json as the Python pin leaves it: with the family's prebuilt AWS package the ``aws`` entry
    goes (the package brings the provider), unless the code imports the bindings ``cdktf get`` makes of
    it, which keep it at the chosen release's provider (``~> MAJOR.MINOR``); without it, unchanged."""
    from compat.project._toml import read_text, split_bom
    from compat.project.cdktf_json import read_cdktf_json
    from compat.project.edit_cdktf_json import edit_cdktf_json

    path = project.root / "cdktf.json"
    if not path.is_file():
        return None
    config = read_cdktf_json(path)
    prebuilt = family.npm in providers
    if not prebuilt or config.provider("aws") is None:
        return None
    before = read_text(path)
    bom, body = split_bom(before)
    after, notes = edit_cdktf_json(
        config,
        body,
        prebuilt=True,
        provider_version=chosen_aws.provider_version if chosen_aws is not None else None,
        keep=local_provider_imports(project, config),
    )
    after = bom + after
    if after == before:
        return None
    return FileChange(path=path, before=before, after=after, notes=tuple(notes))


def ts_pin_json(plan: TsPinPlan, diff: str) -> dict[str, object]:
    """The JSON document of a TypeScript pin: the chosen npm versions, the values written, the diff."""
    return {
        "language": "typescript",
        "line": plan.target.family.name,
        "terraform": str(plan.target.terraform) if plan.target.terraform else None,
        "terraform_source": plan.target.terraform_source or None,
        "selection": dict(plan.chosen) if plan.resolution.selection is not None else None,
        "written_values": dict(plan.written),
        "install_command": plan.install_command,
        "changes": [{"path": str(c.path), "notes": list(c.notes)} for c in plan.changes],
        "diff": diff,
        "explanation": list(plan.explanation),
    }
