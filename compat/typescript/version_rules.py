"""Version rules of a TypeScript project: peer ranges against what installs (VER002), deprecation
(VER008), cdktf.json providers against the prebuilt package's provider (VER001).

What installs comes from the lock (npm, Yarn, pnpm: named in every finding); without a lock a range
is an assumption and a finding resting on it is at most a warning. Peer ranges are the lock's own
record where it keeps them (npm v2/v3, pnpm), else npm's (the snapshot's npm section), else the
Python twin's Requires-Dist (the same jsii build publishes one numbering to npm and PyPI).
"""

from __future__ import annotations

from packaging.requirements import Requirement
from packaging.version import Version

from compat.check.rules.ver001_provider_constraint import entry_severity
from compat.families import FAMILIES
from compat.project.local_bindings import LocalUsage
from compat.providers import provider_package
from compat.snapshot import BindingRelease
from compat.typescript.codes import rule
from compat.typescript.context import TsRun, decided, prebuilt_packages, rel, resolved_json, version_of
from compat.typescript.npm_facts import SOURCE, NpmFacts, npm_facts
from compat.typescript.project import InstalledNpm
from compat.versions.npm_semver import NpmRange

VER001 = rule("VER001")
VER002 = rule("VER002")
VER008 = rule("VER008")


def _parsed_requirement(text: str | None) -> Requirement | None:
    from packaging.requirements import InvalidRequirement

    try:
        return Requirement(text) if text else None
    except InvalidRequirement:
        return None


def _peer_check(
    run: TsRun,
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
        version = version_of(peer.version)
        peer_text = str(requirement.specifier)
        where = "Requires-Dist of the same release, release snapshot"
        admitted = requirement.specifier.contains(version, prereleases=True) if version else None
    if admitted is None or admitted:
        return
    at = peer.declared if peer_name == "constructs" else installed.declared
    line = at.line if at is not None else 0
    certain = installed.certain and peer.certain
    message = (
        f"{name} {installed.version} ({decided(project, installed)}) needs {peer_name} {peer_text} "
        f"({where}), but {peer_name} {peer.version} installs ({decided(project, peer)})"
        + ("" if certain else "; assumed from a range, without a lock")
    )
    run.findings.append(
        VER002.finding(
            run.manifest_rel(), line, 0, message, symbol=name, severity=None if certain else "warning"
        )
    )


#: a construct of a cdktf prebuilt package in a cdktn >= 0.24 stack: tried with cdktn 0.24.0, constructs
#: 10.7.2, @cdktf/provider-random 12.0.1 and cdktf 0.21.0 (node app.js: App/TerraformStack of cdktn,
#: RandomProvider and Pet of the prebuilt package)
_MIXED_FAILURE = (
    "cdktn 0.24.0's synth calls e._resetResolveDiscoveredProviderFeatureUsage on every element, which a "
    "cdktf construct lacks: TypeError (tried with @cdktf/provider-random 12.0.1)"
)
_MIXED_FROM = Version("0.24.0")


def _other_family(run: TsRun, name: str, installed: InstalledNpm, release: BindingRelease | None) -> None:
    """A prebuilt package built for the other family's core than the one package.json declares (a
    cdktn project keeping ``@cdktf/provider-azurerm``): npm installs that core beside it as a peer, the
    lock resolves, and the stack mixes two libraries' constructs (cdk-terrain #47). Error where the failure
    was seen (a cdktf package under cdktn >= 0.24), else a warning."""
    project = run.project
    manifest = project.manifest
    package = provider_package(name)
    if manifest is None or package is None or installed.declared is None:
        return
    cores = [core for core in ("cdktf", "cdktn") if manifest.declared(core) is not None]
    built_for = (release.core_name if release is not None else None) or package.family.core
    if len(cores) != 1 or cores[0] == built_for:
        return
    core = cores[0]
    core_installed = project.installed(core)
    core_version = version_of(core_installed.version) if core_installed.version else None
    said = f"{core} {core_installed.version}" if core_installed.version else core
    seen = built_for == "cdktf" and core_version is not None and core_version >= _MIXED_FROM
    family = next(f for f in FAMILIES.values() if f.core == core)
    counterpart = package.counterpart(family).npm
    fitting = [
        row.version
        for row in (run.snapshot.npm(counterpart) if run.snapshot is not None else [])
        if core_version is not None
        and not row.deprecated
        and (peer := NpmRange.parse(row.peer_core or "")) is not None
        and peer.admits(str(core_version))
    ]
    newest = max(fitting, key=lambda v: version_of(v) or Version("0"), default=None)
    assumed = ""
    if newest is None and core_version is not None:
        # compat's npm data lists only some releases (a partial mirror's): the PyPI twin of the same
        # jsii build stands for the npm release it lacks, said as assumed
        twins = [
            r.version
            for r in (run.snapshot.bindings(package.counterpart(family).pypi) if run.snapshot else [])
            if not r.yanked
            and not r.version.is_prerelease
            and r.core_name == core
            and r.core_specifier.contains(core_version)
        ]
        newest = str(max(twins)) if twins else None
        if newest is not None:
            assumed = (
                f"; compat's npm data lacks it, assumed published with its PyPI release: "
                f"'npm view {counterpart}@{newest} version' confirms"
            )
    suggestion = (
        f"install {counterpart}@{newest} (built for {said}) in its place and move its imports "
        f"('compat migrate --to {core}'){assumed}"
        if newest is not None
        else f"no {counterpart} release built for {said} is known: generate local bindings with "
        f"'{core} get' from a cdktf.json terraformProviders entry for {package.provider} instead of the "
        "prebuilt package"
    )
    message = (
        f"{name} {installed.version} ({decided(project, installed)}) is built for {built_for}, but the "
        f"project's core is {said}: npm installs {built_for} beside it as a peer and the stack mixes two "
        f"libraries' constructs"
        + (f" ({_MIXED_FAILURE})" if seen else " (not tried for this pair: assumed to fail)")
    )
    run.findings.append(
        VER002.finding(
            run.manifest_rel(),
            installed.declared.line,
            0,
            message,
            symbol=name,
            severity=None if seen else "warning",
            suggestion=suggestion,
        )
    )


def _deprecated(
    run: TsRun, name: str, installed: InstalledNpm, release: BindingRelease | None, facts: NpmFacts | None
) -> None:
    locked = installed.locked
    project = run.project
    if locked is not None and locked.deprecated and project.lock is not None:
        run.findings.append(
            VER008.finding(
                rel(run.root, project.lock.path),
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
                f"{name} {installed.version} ({decided(project, installed)}) is deprecated on npm "
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
                f"({decided(project, installed)})",
                symbol=name,
            )
        )


def _provider_version(release: BindingRelease | None, facts: NpmFacts | None) -> Version | None:
    """The provider version a prebuilt release was built for: the PyPI twin's row, else npm's."""
    if release is not None and release.provider_version is not None:
        return release.provider_version
    return version_of(facts.provider_version) if facts is not None else None


def _provider_constraint(
    run: TsRun,
    name: str,
    installed: InstalledNpm,
    provider_version: Version | None,
    local: LocalUsage | None,
    run_imports: frozenset[str],
) -> None:
    """VER001 over npm's facts, with the Python rule's policy (:func:`entry_severity`)."""
    package = provider_package(name)
    if provider_version is None or run.config is None or package is None:
        return
    cdktf_rel = rel(run.root, run.config.path)
    for entry in run.config.providers:
        requirement = entry.requirement
        if requirement.name != package.provider or requirement.constraint.allows(provider_version):
            continue
        mixed = local is not None and bool(local.of_provider(entry.position))
        reported, severity = entry_severity(mixed, name in run_imports)
        if not reported:
            continue
        consequence = (
            "the code also imports local bindings generated from this entry: one stack mixes two "
            "provider versions"
            if mixed
            else "the code imports only the prebuilt package: the entry is an unused, conflicting second "
            "source (cdktf get still generates bindings for it)"
        )
        message = (
            f"cdktf.json '{requirement.raw}' excludes {requirement.name} {provider_version}, the "
            f"provider {name} {installed.version} ({decided(run.project, installed)}) was built for; "
            f"{consequence}"
        )
        run.findings.append(
            VER001.finding(
                cdktf_rel,
                entry.line,
                0,
                message,
                symbol=name,
                severity=severity if installed.certain else "warning",
            )
        )


def _unlocked_core(run: TsRun, name: str) -> None:
    """VER002 without a lock: every release of ``name``'s range compat knows needs a core outside the
    core's range (npm install stops with ERESOLVE). A warning: compat's release data may lack a release."""
    from compat.typescript.unlocked_peers import unlocked_core_conflict

    found = unlocked_core_conflict(run.project, run.snapshot, name)
    if found is None or found.installed.declared is None:
        return
    releases = found.releases
    span = releases[0] if len(releases) == 1 else f"{releases[0]} ... {releases[-1]}"
    core = found.core.name
    core_spec = found.core.declared.spec if found.core.declared is not None else "?"
    message = (
        f"{name} {found.installed.declared.spec} (package.json, no lock): every release of the range compat "
        f"knows ({span}) needs {core} {' or '.join(found.peers)}, but {core} {core_spec} (package.json) "
        "admits none of them: npm install stops (ERESOLVE); assumed: compat's release data (npm, from a "
        "partial mirror, and PyPI) lists every release of the range"
    )
    run.findings.append(
        VER002.finding(
            run.manifest_rel(), found.installed.declared.line, 0, message, symbol=name, severity="warning"
        )
    )


def version_rules(run: TsRun, local: LocalUsage | None) -> None:
    """``local``: the code's imports of the bindings ``cdktf get`` generates (None: no cdktf.json)."""
    project = run.project
    if project.manifest is None:
        return
    imported = run.imported_packages()
    for name in prebuilt_packages(project):
        installed = project.installed(name)
        package = provider_package(name)
        if installed.version is None or package is None:
            run.notes.append(
                f"{name}: no version found ({decided(project, installed)}): version rules on it skipped"
            )
            _unlocked_core(run, name)
            continue
        run.resolved[name] = resolved_json(project, installed)
        release = run.snapshot.binding(package.pypi, installed.version) if run.snapshot else None
        if release is None:
            run.notes.append(
                f"{name} {installed.version}: not in the release snapshot; rules that need its "
                "release data skipped"
            )
        facts = npm_facts(run.snapshot, name, installed.version)
        core_range = facts.peer_core if facts else None
        _peer_check(run, name, installed, package.family.core, release.core if release else None, core_range)
        _other_family(run, name, installed, release)
        constructs = release.constructs_requirement if release else None
        constructs_range = facts.peer_constructs if facts else None
        _peer_check(run, name, installed, "constructs", _parsed_requirement(constructs), constructs_range)
        _deprecated(run, name, installed, release, facts)
        _provider_constraint(run, name, installed, _provider_version(release, facts), local, imported)
    for core in ("cdktf", "cdktn", "constructs"):
        installed = project.installed(core)
        if installed.version is not None and core != "constructs":
            facts = npm_facts(run.snapshot, core, installed.version)
            _peer_check(run, core, installed, "constructs", None, facts.peer_constructs if facts else None)
        if installed.version is not None:
            run.resolved[core] = resolved_json(project, installed)
