"""What the shared rule modules read of a TypeScript project that only npm and the TypeScript reader know.

A rule of :mod:`compat.check.rules` that checks both languages (``Rule.languages``) reads a Python
project through :class:`~compat.check.project.ProjectFacts` and a TypeScript one through
``CheckContext.typescript`` (the :class:`~compat.typescript.context.TsRun` the TypeScript check read) and
``FileFacts.typescript`` (one file as the TypeScript reader read it). What several rules read of it is
computed here, once per run, in the context's memo (:mod:`compat.check.shared`): the installed prebuilt
releases with their npm facts, the imports no manifest declares, the ``engines.node`` floors, the CLI that
generated the local bindings, the backend options and write-only arguments a file uses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

from packaging.version import Version

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.features import Use, detect, document_for_path
from compat.check.model import Basis
from compat.check.shared import Shared
from compat.families import CORES
from compat.project.formats.package_json import FILENAME, read_package_json
from compat.providers import ProviderPackage, provider_package
from compat.record import Record
from compat.snapshot import BindingRelease, Snapshot
from compat.typescript.context import (
    ASSUMED,
    TsRun,
    decided,
    folder_of_bindings,
    local_parts,
    prebuilt_packages,
    provider_folder,
    rel,
    resolved_json,
    resolved_npm,
    version_of,
)
from compat.typescript.npm_facts import NpmFacts, installed_release, npm_facts
from compat.typescript.project import InstalledNpm, TsProject
from compat.typescript.reader import Props, TsFile, TsImport
from compat.typescript.tsconfig import mapped_by_paths

#: the packages whose versions compat reasons about: the cores, constructs and every prebuilt provider
_CORE_PACKAGES = (*CORES, "constructs")


#: the first ``cdktf get`` that writes a folder per resource (a provider's root exports only namespaces)
FOLDER_PER_RESOURCE = Version("0.13")
#: the first cdktn whose synth fails on a construct of a cdktf prebuilt package (tried with 0.24.0)
MIXED_FAILS_FROM = Version("0.24.0")
_NO_VERSION = Version("0")


def version_order(text: str) -> Version:
    """An npm version text as a sort key (one that does not parse sorts first)."""
    return version_of(text) or _NO_VERSION


def node_outside(node: Version, engines: str) -> bool:
    """Whether every Node.js ``node`` names is outside the npm range ``engines`` (``20.10`` names every
    20.10.x, so it is outside only when its first and last patch both are)."""
    from compat.versions.node import newest_in
    from compat.versions.npm_semver import NpmRange

    spec = NpmRange.parse(engines)
    probe = node if len(node.release) >= 3 else Version(str(newest_in(node)) + ".dev0")
    text = ".".join(str(part) for part in node.release) + (".0" * (3 - len(node.release)))
    return not (spec is None or spec.admits(text) or (probe != node and spec.admits(_below(probe))))


def _below(version: Version) -> str:
    """The last patch of a partial version's range, for npm: ``20.10.dev0`` -> ``20.9.999``."""
    major, minor = (list(version.release) + [0, 0])[:2]
    return f"{major}.{minor - 1}.999" if minor else f"{major - 1}.999.999"


def ts_run(ctx: CheckContext) -> TsRun:
    """The TypeScript project of a context the TypeScript check built (``ctx.typescript`` is set)."""
    run = ctx.typescript
    assert run is not None
    return run


def package_json_rel(run: TsRun) -> str:
    """package.json relative to the project, as the version findings name it."""
    assert run.project.manifest is not None
    return rel(run.root, run.project.manifest.path)


def relpath(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` by ``os.path.relpath`` (``..`` steps outside it), POSIX-style."""
    return Path(os.path.relpath(path, root)).as_posix()


class PrebuiltInstall(Record):
    """A prebuilt package package.json declares, with the version that installs and what it was built as."""

    name: str  # npm name
    installed: InstalledNpm  # its version is known
    package: ProviderPackage
    #: the release data's row of the version, else its npm-only release's record (None: neither)
    release: BindingRelease | None
    facts: NpmFacts | None  # npm's own record of the version (None: the snapshot has none)
    #: what a finding about a version assumed from a range rests on (None: the lock or an exact pin decided)
    basis: Basis | None = None

    @property
    def provider_version(self) -> Version | None:
        """The Terraform provider version the release was built for: the release data's, else npm's."""
        if self.release is not None and self.release.provider_version is not None:
            return self.release.provider_version
        return version_of(self.facts.provider_version) if self.facts is not None else None


_PREBUILT: Shared[tuple[PrebuiltInstall, ...]] = Shared("a TypeScript project's installed prebuilt packages")


def prebuilt_installs(ctx: CheckContext) -> tuple[PrebuiltInstall, ...]:
    """The prebuilt packages whose installed version is known, in package.json's order."""
    if _PREBUILT in ctx.shared:
        return ctx.shared[_PREBUILT]
    run = ts_run(ctx)
    found: list[PrebuiltInstall] = []
    for name in prebuilt_packages(run.project) if run.project.manifest is not None else ():
        installed = run.project.installed(name)
        package = provider_package(name)
        if installed.version is None or package is None:
            continue
        release = installed_release(run.snapshot, name, installed.version)
        facts = npm_facts(run.snapshot, name, installed.version)
        basis = _assumed_basis(run, installed)
        found.append(PrebuiltInstall(name, installed, package, release, facts, basis))
    return ctx.shared.keep(_PREBUILT, tuple(found))


def _assumed_basis(run: TsRun, installed: InstalledNpm) -> Basis | None:
    """The basis of a finding about a version assumed from a range: npm picks that one release and does not
    fall back to an older one (:mod:`compat.typescript.assumed`), so the finding stands, as a warning that
    says what was assumed (a basis without ``holds``, :func:`compat.check.standing.standing`)."""
    if not installed.assumed:
        return None
    resolved = resolved_npm(run.project, installed)
    return Basis(resolved) if resolved is not None else None


def installed_notes(run: TsRun) -> None:
    """What the run shows of the installed prebuilt packages and cores (``run.resolved``), and a note for
    each prebuilt package whose version (or release data) is unknown: its version rules were skipped."""
    project = run.project
    if project.manifest is None:
        return
    for name in prebuilt_packages(project):
        installed = project.installed(name)
        package = provider_package(name)
        if installed.version is None or package is None:
            run.notes.append(
                f"{name}: no version found ({decided(project, installed)}): the rules that need its "
                "installed version skipped"
            )
            continue
        run.resolved[name] = resolved_json(project, installed)
        if installed.assumed:
            run.notes.append(assumed_note(project, installed))
        note = unknown_facts_note(run.snapshot, name, installed)
        if note is not None:
            run.notes.append(note)
    for core in ("cdktf", "cdktn", "constructs"):
        installed = project.installed(core)
        if installed.version is not None:
            run.resolved[core] = resolved_json(project, installed)


def assumed_note(
    project: TsProject, installed: InstalledNpm, then: str = "findings that rest on it are warnings"
) -> str:
    """What was assumed of a prebuilt package's (or core's) version read from its range
    (:mod:`compat.typescript.assumed`), and ``then``, what follows from it."""
    admitted = installed.admitted
    span = admitted[0] if len(admitted) == 1 else f"{admitted[-1]} ... {admitted[0]}"
    lock = project.lock
    without = "no lock" if lock is None else f"{rel(project.root, lock.path)} does not record it"
    what = (
        ASSUMED
        if not admitted or installed.version == admitted[0]
        else "the release npm would install today (newer ones the range admits are deprecated or need "
        "another Node.js than the project's)"
    )
    return (
        f"{installed.name}: {decided(project, installed)}, {without}: assumed {installed.version}, "
        f"{what} (of the {len(admitted)} releases compat knows the range admits: {span}); {then}"
    )


#: what an installed prebuilt release's record says, and the rules that skip without it
_FACTS = (
    ("peer_core", "its peer range on {core}", "VER002"),
    ("peer_constructs", "its peer range on constructs", "VER002"),
    ("provider_version", "the provider it was built for", "VER001, VER010, VER020"),
    ("engines_node", "engines.node", "VER011"),
)


def unknown_facts_note(snapshot: Snapshot | None, name: str, installed: InstalledNpm) -> str | None:
    """What compat does not know of the installed release of prebuilt ``name`` and which rules skip for
    it: a release neither PyPI nor compat's npm data has, or an npm-only release (PyPI has no wheel of it:
    its npm record is all there is, :func:`compat.typescript.npm_facts.npm_only_release`) whose npm record
    and lock entry lack a fact; None when nothing the rules read is missing."""
    package = provider_package(name)
    version = installed.version
    if package is None or version is None:
        return None
    if snapshot is None:
        return f"{name} {version}: no release data loaded; rules that need its release data skipped"
    if snapshot.binding(package.pypi, version) is not None:
        return None
    row = snapshot.npm_release(name, version)
    if row is None:
        return (
            f"{name} {version}: neither compat's PyPI nor its npm release data has this release, so its "
            "peer ranges, engines.node and the provider it was built for are not known here (only what "
            "the lock records is checked); VER001, VER010 and VER020 skipped for it"
        )
    locked = installed.locked
    recorded = {
        "peer_core": locked is not None and package.family.core in locked.peers,
        "peer_constructs": locked is not None and "constructs" in locked.peers,
        "engines_node": locked is not None and locked.engines_node is not None,
    }
    missing = [
        (what.format(core=package.family.core), rules)
        for field, what, rules in _FACTS
        if getattr(row, field, None) is None and not recorded.get(field, False)
    ]
    if not missing:
        return None
    said = "; ".join(f"{what} ({rules} skipped for it)" for what, rules in missing)
    only = f"{name} {version} is on npm only (compat's PyPI data has no {version})"
    return f"{only}; its npm record does not state: {said}"


@cache
def interesting(name: str) -> bool:
    """Whether compat reasons about the versions of ``name``: a core, constructs or a prebuilt provider."""
    return name in _CORE_PACKAGES or provider_package(name) is not None


@cache
def _prebuilt(name: str) -> bool:
    """Whether ``name`` denotes a prebuilt package; asked once per import specifier in a run (the same
    few recur in every stack file)."""
    return provider_package(name) is not None


class Undeclared(Record):
    """The first import of a core or prebuilt package that no package.json declares and no lock installs."""

    name: str
    path: str
    line: int
    column: int
    #: for the other family's package: (its family, the project's, what decided it, what to import instead)
    other_family: tuple[str, str, str, str] | None


_UNDECLARED: Shared[tuple[Undeclared, ...]] = Shared("the imports of a TypeScript project nothing installs")


def undeclared_imports(ctx: CheckContext) -> tuple[Undeclared, ...]:
    """Every package the code imports that nothing installs, by name (VER014, IMP003 for the other family)."""
    if _UNDECLARED in ctx.shared:
        return ctx.shared[_UNDECLARED]
    run = ts_run(ctx)
    project = run.project
    if project.manifest is None:
        return ctx.shared.keep(_UNDECLARED, ())
    first: dict[str, tuple[TsFile, int, int]] = {}
    for file in run.files:
        for item in file.imports:
            if item.type_only:
                continue
            parts = item.specifier.split("/")
            name = "/".join(parts[:2]) if item.specifier.startswith("@") else parts[0]
            if not interesting(name) or name == "constructs" or name in first:
                continue
            if mapped_by_paths(file.path.parent, project.ceiling, item.specifier):
                continue  # tsconfig paths send it to local files (.gen bindings): no package needed
            first[name] = (file, item.line, item.column)
    family_of = _project_family(project)
    found = [
        Undeclared(name, file.rel, line, column, _other_family_name(name, family_of))
        for name, (file, line, column) in sorted(first.items())
        if project.installed(name).how == "undeclared" and not _declared_above(project, name)
    ]
    return ctx.shared.keep(_UNDECLARED, tuple(found))


def _declared_above(project: TsProject, name: str) -> bool:
    """Whether a package.json between the project and the repository root declares ``name``."""
    folder = project.root
    while True:
        candidate = folder / FILENAME
        if candidate.is_file():
            try:
                if read_package_json(candidate).declared(name) is not None:
                    return True
            except Exception:  # noqa: BLE001 - an unreadable manifest declares nothing
                pass
        if folder == project.ceiling or folder.parent == folder:
            return False
        folder = folder.parent


def _project_family(project: TsProject) -> tuple[str, str] | None:
    """(family, what decided it) when exactly one core is installed or declared."""
    found = [(core, project.installed(core)) for core in CORES]
    known = [(core, i) for core, i in found if i.how != "undeclared"]
    if len(known) != 1:
        return None
    core, installed = known[0]
    return (
        core,
        f"{core} {installed.version or installed.declared.spec if installed.declared else ''}".strip(),
    )


def _other_family_name(name: str, family_of: tuple[str, str] | None) -> tuple[str, str, str, str] | None:
    """For an import of the other family's core or prebuilt package: (its family, the project's family, what
    decided it, the name to import instead)."""
    if family_of is None:
        return None
    mine, decided_by = family_of
    package = provider_package(name)
    theirs = name if name in CORES else package.family.name if package is not None else None
    if theirs is None or theirs == mine:
        return None
    instead = mine if name in CORES else f"@{mine}/provider-{package.provider}" if package else mine
    return theirs, mine, decided_by, instead


_ENGINES: Shared[dict[str, str]] = Shared("the engines.node floors of a TypeScript project's packages")


def node_engines(ctx: CheckContext) -> dict[str, str]:
    """``engines.node`` of each prebuilt package and core whose version is certain: the lock's record,
    else npm's, else the release data's."""
    if _ENGINES in ctx.shared:
        return ctx.shared[_ENGINES]
    run = ts_run(ctx)
    project = run.project
    engines: dict[str, str] = {}
    for name in (*prebuilt_packages(project), "cdktf", "cdktn"):
        installed = project.installed(name)
        floor = installed.locked.engines_node if installed.locked is not None else None
        facts = npm_facts(run.snapshot, name, installed.version) if installed.version else None
        floor = floor or (facts.engines_node if facts else None)
        package = provider_package(name)
        if floor is None and package is not None and installed.version and run.snapshot is not None:
            release = run.snapshot.binding(package.pypi, installed.version)
            floor = release.engines_node if release is not None else None
        if floor is not None and installed.certain:
            engines[name] = floor
    return ctx.shared.keep(_ENGINES, engines)


class Generator(Record):
    """The ``cdktf get`` that wrote the local bindings: its version and whether it is the CLI's own."""

    version: Version
    what: str  # "cdktf-cli 0.20.8 (package-lock.json)" or "cdktf 0.20.8 (...), standing in for the CLI"
    certain: bool


_GENERATOR: Shared[Generator | None] = Shared("the CLI that generated a TypeScript project's local bindings")


def generator(ctx: CheckContext) -> Generator | None:
    """The CLI release that runs ``cdktf get`` (the core's standing in for it when no CLI is installed)."""
    if _GENERATOR in ctx.shared:
        return ctx.shared[_GENERATOR]
    project = ts_run(ctx).project
    found = None
    for name, proxy in (("cdktf-cli", False), ("cdktn-cli", False), ("cdktf", True), ("cdktn", True)):
        installed = project.installed(name)
        version = version_of(installed.version)
        if version is None:
            continue
        stand_in = ", standing in for the CLI that runs cdktf get" if proxy else ""
        found = Generator(
            version,
            f"{name} {version} ({decided(project, installed)}{stand_in})",
            installed.certain and not proxy,
        )
        break
    return ctx.shared.keep(_GENERATOR, found)


_MAPPED: Shared[bool] = Shared("whether a tsconfig.json maps the bare local bindings specifiers")


def bare_specifiers_mapped(ctx: CheckContext, file: TsFile) -> bool:
    """Whether a tsconfig.json at or above the first such file's folder sets baseUrl, paths or extends
    (a bare ``.gen/...`` specifier may then resolve); read once a run."""
    if _MAPPED in ctx.shared:
        return ctx.shared[_MAPPED]
    run = ts_run(ctx)
    root, ceiling = run.root / PurePosixPath(file.rel).parent, run.project.ceiling
    mapped = False
    for folder in (root, *root.parents):
        config = folder / "tsconfig.json"
        if config.is_file():
            try:
                text = config.read_text(encoding="utf-8", errors="replace")
            except OSError:
                mapped = True
                break
            if '"baseUrl"' in text or '"paths"' in text or '"extends"' in text:
                mapped = True
                break
        if folder == ceiling:
            break
    return ctx.shared.keep(_MAPPED, mapped)


def _snake(name: str) -> str:
    """A TypeScript prop's Terraform argument: ``useLockfile`` -> ``use_lockfile``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class FeatureUse(Record):
    """A gated Terraform feature a TypeScript file uses, where, and how the finding names it."""

    use: Use
    line: int
    column: int
    what: str  # "S3Backend useLockfile", "CloudBackend", "Instance passwordWo"


_USES: Shared[tuple[FeatureUse, ...]] = Shared("the gated Terraform features a TypeScript file uses")


def feature_uses(facts: FileFacts) -> tuple[FeatureUse, ...]:
    """Backend options and write-only arguments of the file: ``new S3Backend(this, { useLockfile: true })``
    and ``new CloudBackend(...)`` of either core, ``*Wo`` props of prebuilt constructs, and the write-only
    props of local provider constructs the file's facts carry (:mod:`compat.typescript.local_write_only`)."""
    if _USES in facts.shared:
        return facts.shared[_USES]
    file = facts.typescript
    assert file is not None
    if not file.calls:
        return facts.shared.keep(_USES, ())
    # the prebuilt constructs' locals are read only when a call's props' names, joined, hold "Wo"
    marked = file.mentions_wo and any(
        isinstance(p := call.props, Props) and _WO in "\0".join(p.names) for call in file.calls
    )
    core: dict[str, str] = {}
    prebuilt: set[str] = set()
    for item in file.imports:
        in_core, names_prebuilt, namespace_prebuilt = _specifier_kind(item.specifier)
        if in_core:  # only the backends a use is read of (a stack's other core names are many)
            core.update((n.local, n.name) for n in item.names if n.name in _BACKENDS)
        if names_prebuilt and marked:
            prebuilt.update(n.local for n in item.names)
        if namespace_prebuilt and marked and item.namespace:
            prebuilt.add(item.namespace)
    uses: list[FeatureUse] = []
    for call in file.calls if core or prebuilt else ():
        props = call.props
        name = core.get(call.callee[0]) if len(call.callee) == 1 else None
        if name == "CloudBackend":
            uses.append(
                FeatureUse(Use("cloud_block", ("terraform", "cloud")), call.line, call.column, "CloudBackend")
            )
        elif isinstance(props, Props) and name == "S3Backend":
            for key in props.keys:
                for use in detect(document_for_path(f"terraform.backend.s3.{_snake(key.key)}")):
                    uses.append(FeatureUse(use, key.line, key.column, f"S3Backend {key.key}"))
        elif isinstance(props, Props) and call.callee[0] in prebuilt and _WO in "\0".join(props.names):
            for at, prop in enumerate(props.names):
                if prop.endswith(("Wo", "WoVersion")):
                    key = props.key(at)
                    use = Use("write_only_arguments", (call.callee[-1], _snake(prop)))
                    uses.append(FeatureUse(use, key.line, key.column, f"{call.callee[-1]} {prop}"))
    seen = {(found.line, found.column) for found in uses} if facts.write_only else set()
    for arg in facts.write_only:  # and those of local provider constructs, where their release is known
        if (arg.line, arg.column) not in seen:
            use = Use("write_only_arguments", (arg.construct, _snake(arg.argument)))
            uses.append(FeatureUse(use, arg.line, arg.column, f"{arg.construct} {arg.argument}"))
    return facts.shared.keep(_USES, tuple(uses))


#: what every write-only prop's name holds (``passwordWo``, ``passwordWoVersion``): a literal whose
#: names, joined, lack it has none (one search of the joined names, not a test of each)
_WO = "Wo"
#: the core classes whose calls :func:`feature_uses` reads
_BACKENDS = frozenset({"CloudBackend", "S3Backend"})


@lru_cache(maxsize=4096)
def _specifier_kind(specifier: str) -> tuple[bool, bool, bool]:
    """(a core, its names are a prebuilt package's, its namespace is) of an import specifier: the
    names of ``@cdktf/provider-aws/lib/vpc`` are the package's, a namespace only of its root."""
    return specifier in CORES, _prebuilt(specifier.split("/lib/")[0]), _prebuilt(specifier)


class LocalLayout(Record):
    """Where ``cdktf get`` writes a TypeScript project's local bindings, and which providers it writes."""

    folder: str  # codeMakerOutput relative to the project, POSIX (:func:`folder_of_bindings`)
    providers: frozenset[str]  # the folders of the terraformProviders entries (``.gen/providers/<folder>``)
    has_entries: bool  # cdktf.json has a provider or module entry


_LAYOUT: Shared[LocalLayout | None] = Shared("where a TypeScript project's local bindings are generated")


def local_layout(ctx: CheckContext) -> LocalLayout | None:
    """The local bindings' layout (None: no cdktf.json)."""
    if _LAYOUT in ctx.shared:
        return ctx.shared[_LAYOUT]
    config = ts_run(ctx).config
    layout = (
        LocalLayout(
            folder=folder_of_bindings(config.code_maker_output or ".gen"),
            providers=frozenset(provider_folder(e.raw) for e in config.providers),
            has_entries=bool(config.providers) or bool(config.modules),
        )
        if config is not None
        else None
    )
    return ctx.shared.keep(_LAYOUT, layout)


def provider_imports(ctx: CheckContext, file: TsFile) -> Iterator[tuple[TsImport, tuple[str, ...]]]:
    """The file's relative imports of ``<codeMakerOutput>/providers/<folder>...``, with the parts below
    codeMakerOutput, when cdktf.json has an entry (a project without any generates nothing)."""
    layout = local_layout(ctx)
    if layout is None or not layout.has_entries:
        return
    for item in file.imports:
        spec = item.specifier
        if spec == layout.folder or spec.startswith(layout.folder + "/"):
            continue  # a bare specifier (IMP001)
        below = local_parts(layout.folder, file.rel, spec)
        if below is not None and len(below) >= 2 and below[0] == "providers":
            yield item, below
