"""``compat check`` on a TypeScript project: the version rules over package.json and its lock, and
the local-bindings import rules over the code, with the same codes, severities and output as Python.

What installs comes from the lock (npm, Yarn, pnpm: named in every finding); without a lock a range
is an assumption and a finding resting on it is at most a warning. Peer ranges are the lock's own
record where it keeps them (npm v2/v3, pnpm), else the prebuilt release's core requirement from the
release snapshot (the same jsii build publishes one numbering to npm and PyPI).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

from compat.check.config import CheckOptions
from compat.check.model import CheckResult, Environment, Finding
from compat.errors import CompatError
from compat.index.model import ReleaseIndex
from compat.project.cdktf_json import read_cdktf_json
from compat.project.model import CdktfConfig
from compat.providers import provider_package
from compat.snapshot import BindingRelease, Snapshot
from compat.typescript.codes import rule
from compat.typescript.npm_facts import SOURCE, NpmFacts, npm_facts
from compat.typescript.project import InstalledNpm, TsProject, load_ts_project, source_files
from compat.typescript.reader import TsFile, TsImport, parse_source
from compat.typescript.semver import NpmRange

IndexLoader = Callable[[str, str, bool], "ReleaseIndex | None"]

VER001 = rule("VER001")
VER002 = rule("VER002")
VER008 = rule("VER008")
IMP001 = rule("IMP001")
IMP002 = rule("IMP002")
IMP004 = rule("IMP004")
SRC002 = rule("SRC002")
ALL_META = (VER001, VER002, VER008, IMP001, IMP004, SRC002)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        import os

        return Path(os.path.relpath(path, root)).as_posix()


def _version(text: str | None) -> Version | None:
    if text is None:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _decided(project: TsProject, installed: InstalledNpm) -> str:
    """Which file decided a version, for the message: ``yarn.lock`` or ``package.json "^1.2"``."""
    if installed.how == "lock" and project.lock is not None:
        return _rel(project.root, project.lock.path)
    if installed.declared is not None and project.manifest is not None:
        return f'{_rel(project.root, project.manifest.path)} "{installed.declared.spec}"'
    return "nowhere"


class _Run:
    def __init__(
        self,
        root: Path,
        project: TsProject,
        config: CdktfConfig | None,
        snapshot: Snapshot | None,
        files: list[TsFile],
    ) -> None:
        self.root = root
        self.project = project
        self.config = config
        self.snapshot = snapshot
        self.files = files
        self.findings: list[Finding] = []
        self.notes: list[str] = list(project.notes)
        self.resolved: dict[str, Any] = {}

    def manifest_rel(self) -> str:
        assert self.project.manifest is not None
        return _rel(self.root, self.project.manifest.path)

    def local_providers(self) -> set[str]:
        """Provider folders the code imports from the local bindings (``.gen/providers/<name>``)."""
        found = set()
        for file in self.files:
            for item in file.imports:
                below = _local_below(self, file, item.specifier)
                if below is not None and len(below) >= 2 and below[0] == "providers":
                    found.add(below[1])
        return found


def _local_folder(run: _Run) -> str:
    folder = (run.config.code_maker_output if run.config else None) or ".gen"
    return folder.replace("\\", "/").strip().removeprefix("./").strip("/") or ".gen"


def _local_below(run: _Run, file: TsFile, specifier: str) -> tuple[str, ...] | None:
    """The parts below codeMakerOutput a relative import reaches (``("providers", "aws", "vpc")``)."""
    if not specifier.startswith((".", "/")):
        return None
    target = PurePosixPath(_posix_norm((PurePosixPath(file.rel).parent / specifier).as_posix()))
    folder = PurePosixPath(_local_folder(run))
    try:
        return target.relative_to(folder).parts
    except ValueError:
        return None


def _posix_norm(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append("..")
            continue
        parts.append(part)
    return "/".join(parts)


def _prebuilt_packages(project: TsProject) -> list[str]:
    if project.manifest is None:
        return []
    names = dict.fromkeys(
        d.name for d in project.manifest.dependencies if provider_package(d.name) is not None
    )
    return list(names)


def _parsed_requirement(text: str | None) -> Requirement | None:
    from packaging.requirements import InvalidRequirement

    try:
        return Requirement(text) if text else None
    except InvalidRequirement:
        return None


def _peer_check(
    run: _Run,
    name: str,
    installed: InstalledNpm,
    peer_name: str,
    requirement: Requirement | None,
    npm_range: str | None = None,
) -> None:
    """The installed ``peer_name`` against ``name``'s peer range: the lock's record, else the snapshot's
    Requires-Dist of the same release (``requirement``). A core mismatch is reported at the prebuilt's
    line, a constructs mismatch at the constructs line (what to change in each case)."""
    project = run.project
    assert installed.version is not None
    peer = project.installed(peer_name)
    if peer.version is None:
        return
    peers = installed.locked.peers if installed.locked is not None else {}
    peer_text = peers.get(peer_name)
    where = f"peerDependencies recorded in {project.lock.path.name if project.lock else 'the lock'}"
    admitted: bool | None = None
    if peer_text is None and npm_range is not None:
        peer_text, where = npm_range, SOURCE
    if peer_text is not None:
        peer_range = NpmRange.parse(peer_text)
        admitted = peer_range.admits(peer.version) if peer_range is not None else None
    elif requirement is not None and requirement.name == peer_name:
        version = _version(peer.version)
        peer_text = str(requirement.specifier)
        where = "Requires-Dist of the same release, release snapshot"
        admitted = requirement.specifier.contains(version, prereleases=True) if version else None
    if admitted is None or admitted:
        return
    at = peer.declared if peer_name == "constructs" else installed.declared
    line = at.line if at is not None else 0
    certain = installed.certain and peer.certain
    message = (
        f"{name} {installed.version} ({_decided(project, installed)}) needs {peer_name} {peer_text} "
        f"({where}), but {peer_name} {peer.version} installs ({_decided(project, peer)})"
        + ("" if certain else "; assumed from a range, without a lock")
    )
    run.findings.append(
        VER002.finding(
            run.manifest_rel(), line, 0, message, symbol=name, severity=None if certain else "warning"
        )
    )


def _deprecated(
    run: _Run, name: str, installed: InstalledNpm, release: BindingRelease | None, facts: NpmFacts | None
) -> None:
    locked = installed.locked
    project = run.project
    if locked is not None and locked.deprecated and project.lock is not None:
        run.findings.append(
            VER008.finding(
                _rel(run.root, project.lock.path),
                locked.deprecated_line or locked.line,
                0,
                f"{name} {installed.version} is deprecated on npm ({project.lock.path.name} records: "
                f"{locked.deprecated.strip()[:160]})",
                symbol=name,
            )
        )
    elif facts is not None and facts.deprecated and installed.declared is not None:
        run.findings.append(
            VER008.finding(
                run.manifest_rel(),
                installed.declared.line,
                0,
                f"{name} {installed.version} ({_decided(project, installed)}) is deprecated on npm "
                f"({SOURCE}: {facts.deprecated.strip()[:160]})",
                symbol=name,
            )
        )
    elif release is not None and release.deprecated and installed.declared is not None:
        run.findings.append(
            VER008.finding(
                run.manifest_rel(),
                installed.declared.line,
                0,
                f"{name} {installed.version} is marked deprecated by its publisher "
                f"({_decided(project, installed)})",
                symbol=name,
            )
        )


def _provider_version(release: BindingRelease | None, facts: NpmFacts | None) -> Version | None:
    """The provider version a prebuilt release was built for: the PyPI twin's row, else npm's."""
    if release is not None and release.provider_version is not None:
        return release.provider_version
    return _version(facts.provider_version) if facts is not None else None


def _provider_constraint(
    run: _Run, name: str, installed: InstalledNpm, provider_version: Version | None, local: set[str]
) -> None:
    package = provider_package(name)
    if provider_version is None or run.config is None or package is None:
        return
    cdktf_rel = _rel(run.root, run.config.path)
    for entry in run.config.providers:
        requirement = entry.requirement
        if requirement.name != package.provider or requirement.constraint.allows(provider_version):
            continue
        mixed = requirement.name in local
        consequence = (
            "the code also imports local bindings generated from this entry: one stack mixes two "
            "provider versions"
            if mixed
            else "the code imports only the prebuilt package: the entry is an unused, conflicting second "
            "source (cdktf get still generates bindings for it)"
        )
        message = (
            f"cdktf.json '{requirement.raw}' excludes {requirement.name} {provider_version}, the "
            f"provider {name} {installed.version} ({_decided(run.project, installed)}) was built for; "
            f"{consequence}"
        )
        run.findings.append(
            VER001.finding(
                cdktf_rel,
                entry.line,
                0,
                message,
                symbol=name,
                severity=None if mixed and installed.certain else "warning",
            )
        )


def _resolved(project: TsProject, installed: InstalledNpm) -> dict[str, Any]:
    """The JSON the reporters show for one installed package: the lock (or range) that decided it."""
    return {"name": installed.name, "version": installed.version, "how": _decided(project, installed)}


def _version_rules(run: _Run) -> None:
    project = run.project
    if project.manifest is None:
        return
    local = run.local_providers()
    for name in _prebuilt_packages(project):
        installed = project.installed(name)
        package = provider_package(name)
        if installed.version is None or package is None:
            run.notes.append(
                f"{name}: no version found ({_decided(project, installed)}): version rules on it skipped"
            )
            continue
        run.resolved[name] = _resolved(project, installed)
        release = run.snapshot.binding(package.pypi, installed.version) if run.snapshot else None
        if release is None:
            run.notes.append(
                f"{name} {installed.version}: not in the release snapshot; rules that need its "
                "release data skipped"
            )
        facts = npm_facts(run.snapshot, name, installed.version)
        core_range = facts.peer_core if facts else None
        _peer_check(run, name, installed, package.line.core, release.core if release else None, core_range)
        constructs = release.constructs_requirement if release else None
        constructs_range = facts.peer_constructs if facts else None
        _peer_check(run, name, installed, "constructs", _parsed_requirement(constructs), constructs_range)
        _deprecated(run, name, installed, release, facts)
        _provider_constraint(run, name, installed, _provider_version(release, facts), local)
    for core in ("cdktf", "cdktn", "constructs"):
        installed = project.installed(core)
        if installed.version is not None and core != "constructs":
            facts = npm_facts(run.snapshot, core, installed.version)
            _peer_check(run, core, installed, "constructs", None, facts.peer_constructs if facts else None)
        if installed.version is not None:
            run.resolved[core] = _resolved(project, installed)


def _has_paths(root: Path, ceiling: Path) -> bool:
    """Whether a tsconfig.json at or above ``root`` sets baseUrl or paths (bare specifiers may resolve)."""
    for folder in (root, *root.parents):
        config = folder / "tsconfig.json"
        if config.is_file():
            try:
                text = config.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return True
            if '"baseUrl"' in text or '"paths"' in text or '"extends"' in text:
                return True
        if folder == ceiling:
            break
    return False


def _local_rules(run: _Run) -> None:
    folder = _local_folder(run)
    config = run.config
    if config is None:
        return
    providers = {_provider_folder(e.raw) for e in config.providers}
    has_entries = bool(config.providers) or bool(config.modules)
    generator = _generator(run.project)
    paths = None
    for file in run.files:
        for item in file.imports:
            spec = item.specifier
            if spec == folder or spec.startswith(folder + "/"):
                if paths is None:
                    paths = _has_paths(run.root / PurePosixPath(file.rel).parent, run.project.ceiling)
                if not paths:
                    run.findings.append(
                        IMP001.finding(
                            file.rel,
                            item.line,
                            item.column,
                            f"'{spec}' is a bare specifier (no './'): Node and tsc look for a package named "
                            f"'{spec.split('/')[0]}' and fail (TS2307); no tsconfig baseUrl or paths maps it",
                            symbol=spec,
                        )
                    )
                continue
            below = _local_below(run, file, spec)
            if below is None or len(below) < 2 or below[0] != "providers" or not has_entries:
                continue
            if below[1] in providers and len(below) == 2:
                _root_layout(run, file, item, generator)
            if below[1] not in providers:
                run.findings.append(
                    IMP004.finding(
                        file.rel,
                        item.line,
                        item.column,
                        f"'{spec}' imports local bindings of provider '{below[1]}', but no cdktf.json "
                        "terraformProviders entry generates them: cdktf get never writes "
                        f"{folder}/providers/{below[1]}",
                        symbol=spec,
                    )
                )


class _Generator(NamedTuple):
    """The ``cdktf get`` that wrote the local bindings: its version and whether it is the CLI's own."""

    version: Version
    what: str  # "cdktf-cli 0.20.8 (package-lock.json)" or "cdktf 0.20.8 (...), standing in for the CLI"
    certain: bool


def _generator(project: TsProject) -> _Generator | None:
    for name, proxy in (("cdktf-cli", False), ("cdktn-cli", False), ("cdktf", True), ("cdktn", True)):
        installed = project.installed(name)
        version = _version(installed.version)
        if version is None:
            continue
        stand_in = ", standing in for the CLI that runs cdktf get" if proxy else ""
        return _Generator(
            version,
            f"{name} {version} ({_decided(project, installed)}{stand_in})",
            installed.certain and not proxy,
        )
    return None


def _root_layout(run: _Run, file: TsFile, item: TsImport, generator: _Generator | None) -> None:
    """From CLI 0.13 on, a provider's root in the local bindings exports namespaces only (``s3Bucket``)."""
    if generator is None or generator.version < Version("0.13"):
        return
    for name in item.names:
        if not name.name[:1].isupper():
            continue
        run.findings.append(
            IMP002.finding(
                file.rel,
                name.line,
                name.column,
                f"'{name.name}' is not exported by '{item.specifier}': from cdktf 0.13 on, cdktf get writes "
                f"one folder per resource and the provider's root exports only namespaces "
                f"({generator.what}); import it from its own folder (TS2305)",
                symbol=f"{item.specifier}.{name.name}",
                severity=None if generator.certain else "warning",
            )
        )


def _provider_folder(raw: Any) -> str:
    if isinstance(raw, dict):
        name = raw.get("name")
        return name.strip() if isinstance(name, str) else ""
    if isinstance(raw, str):
        return raw.split("@")[0].strip().split("/")[-1].strip()
    return ""


def _release_version(run: _Run, name: str, installed: InstalledNpm) -> tuple[str, bool] | None:
    """The installed version and whether it is certain; a range is the newest release it admits."""
    if installed.version is not None:
        return installed.version, installed.certain
    package = provider_package(name)
    spec = installed.declared.range if installed.declared is not None else None
    if spec is None or package is None or run.snapshot is None:
        return None
    newest = spec.newest(str(r.version) for r in run.snapshot.bindings(package.pypi) if not r.yanked)
    return (newest, False) if newest is not None else None


def _symbol_rules(run: _Run, options: CheckOptions, index_loader: IndexLoader) -> None:
    from compat.typescript.symbols import PrebuiltRelease, SymbolChecker

    imported = {i.specifier for f in run.files for i in f.imports}
    packages: dict[str, PrebuiltRelease] = {}
    for name in _prebuilt_packages(run.project):
        if not any(s == name or s.startswith(name + "/") for s in imported):
            continue
        package = provider_package(name)
        installed = run.project.installed(name)
        found = _release_version(run, name, installed)
        if package is None or found is None:
            continue
        version, certain = found
        index = index_loader(package.pypi, version, options.offline)
        if index is None:
            declared = installed.declared
            run.findings.append(
                SRC002.finding(
                    run.manifest_rel(),
                    declared.line if declared else 0,
                    0,
                    f"{name} {version} has no symbol index here: its imports and props were not checked "
                    f"(compat index build {package.pypi}=={version} indexes it)",
                    symbol=name,
                    severity="info",
                )
            )
            continue
        decided = _decided(run.project, installed)
        packages[name] = PrebuiltRelease(
            npm=name, version=version, release_index=index, certain=certain, decided=decided
        )
    if not packages:
        return
    checker = SymbolChecker(packages)
    for file in run.files:
        run.findings.extend(checker.check(file))


def _read_props_of(specifier: str) -> bool:
    """Whether compat reads the props of constructs imported from ``specifier``: the prebuilt provider
    packages (their props) and the cores (backend options gated by the CLI)."""
    return specifier.startswith(("@cdktf/provider-", "@cdktn/provider-")) or specifier in ("cdktf", "cdktn")


def _install_rules(run: _Run, environment: Environment) -> None:
    from compat.typescript import install_rules

    project = run.project
    run.findings.extend(install_rules.lock_drift(project))
    run.findings.extend(install_rules.undeclared(project, run.files))
    engines: dict[str, str] = {}
    for name in (*_prebuilt_packages(project), "cdktf", "cdktn"):
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
    run.findings.extend(install_rules.node_below_floor(project, environment.node, engines))
    run.findings.extend(install_rules.functions(run.files, environment.cli, environment.terraform))
    features = run.snapshot.features if run.snapshot is not None else []
    run.findings.extend(
        install_rules.cli_features(run.files, environment.cli, environment.terraform, features)
    )


def run_ts_check(
    root: Path,
    options: CheckOptions | None = None,
    *,
    snapshot: Snapshot | None = None,
    index_loader: IndexLoader | None = None,
) -> CheckResult:
    """Check the TypeScript project at ``root`` (the folder of its cdktf.json)."""
    from compat.check.engine import default_index_loader, default_snapshot, selected_rules
    from compat.versions.cli import detect_terraform
    from compat.versions.node import detect_node

    options = options or CheckOptions()
    root = root.resolve()
    selected = {r.meta.code for r in selected_rules(options)}
    config = read_cdktf_json(root / "cdktf.json") if (root / "cdktf.json").is_file() else None
    project = load_ts_project(root)
    snapshot = snapshot or default_snapshot()
    files: list[TsFile] = []
    folder = (config.code_maker_output if config else None) or ".gen"
    for path in source_files(root, folder):
        try:
            source = path.read_bytes()
        except OSError:
            continue
        files.append(parse_source(path, _rel(root, path), source, wanted=_read_props_of))
    run = _Run(root, project, config, snapshot, files)
    if snapshot is None:
        run.notes.append("no release snapshot: version rules that need release data were skipped")
    tf = detect_terraform(
        root, options.terraform, opentofu=options.opentofu, cdktf_json=config.document if config else {}
    )
    node, node_notes = detect_node(root, options.node)
    environment = Environment(
        str(tf.version) if tf else None,
        tf.source if tf else None,
        None,
        cli=tf.cli if tf else "terraform",
        node=node,
    )
    run.notes.extend(node_notes)
    _version_rules(run)
    _local_rules(run)
    _symbol_rules(run, options, index_loader or default_index_loader)
    _install_rules(run, environment)
    lock = project.lock
    run.resolved["language"] = "typescript"
    run.resolved["lock"] = (
        {
            "name": _rel(root, lock.path),
            "version": f"v{lock.version}",
            "how": f"{lock.kind}; decides what installs",
        }
        if lock
        else None
    )
    findings = tuple(sorted((f for f in run.findings if f.code in selected), key=Finding.sort_key))
    return CheckResult(
        project=str(root),
        environment=environment,
        resolved=run.resolved,
        findings=findings,
        notes=tuple(run.notes),
        files_checked=len(files),
    )


__all__ = ["ALL_META", "CompatError", "run_ts_check"]
