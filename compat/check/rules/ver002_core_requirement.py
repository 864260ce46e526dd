"""VER002: the core (cdktf / cdktn) the project installs is outside the bindings' core requirement.

On a TypeScript project, the installed core and constructs against each prebuilt package's (and core's)
peer ranges: the lock's own record where it keeps them (npm v2/v3, pnpm), else npm's (the snapshot's npm
section), else the Python twin's Requires-Dist (the same jsii build publishes one numbering to npm and
PyPI); and a prebuilt package built for the other family's core than the one package.json declares.
Without a lock a range is an assumption and a finding resting on it is at most a warning.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from functools import reduce
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.families import family_of_package
from compat.pep503 import canonical
from compat.snapshot import BindingRelease, CoreRelease

if TYPE_CHECKING:
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    from compat.typescript.context import TsRun
    from compat.typescript.project import InstalledNpm

META = RuleMeta(
    "VER002",
    "version",
    "error",
    "core-outside-requirement",
    "The installed core library does not satisfy the prebuilt bindings' Requires-Dist.",
)


#: the TypeScript findings' wording (``{said}``: a package's version and the file that decided it)
NPM_MESSAGES = {
    "peer": "{name} {said} needs {peer} {range} ({where}), but {peer} {peer_version} installs "
    "({peer_decided}){assumed}",
    "assumed": "; assumed from a range, without a lock",
    "other_family": "{name} {said} is built for {built_for}, but the project's core is {core}: npm installs "
    "{built_for} beside it as a peer and the stack mixes two libraries' constructs ({tried})",
    "untried": "not tried for this pair: assumed to fail",
    "counterpart": "install {counterpart}@{newest} (built for {core}) in its place and move its imports "
    "('compat migrate --to {family}'){assumed}",
    "twin_assumed": "; compat's npm data lacks it, assumed published with its PyPI release: "
    "'npm view {counterpart}@{newest} version' confirms",
    "unlocked": "{name} {range} (package.json, no lock): every release of the range compat knows ({span}) "
    "needs {core} {peers}, but {core} {core_range} (package.json) admits none of them: npm install stops "
    "(ERESOLVE); assumed: compat's release data (npm, from a partial mirror, and PyPI) lists every release "
    "of the range",
    "no_counterpart": "no {counterpart} release built for {core} is known: generate local bindings with "
    "'{family} get' from a cdktf.json terraformProviders entry for {provider} instead of the prebuilt "
    "package",
}

#: a construct of a cdktf prebuilt package in a cdktn >= 0.24 stack: tried with cdktn 0.24.0, constructs
#: 10.7.2, @cdktf/provider-random 12.0.1 and cdktf 0.21.0 (node app.js: App/TerraformStack of cdktn,
#: RandomProvider and Pet of the prebuilt package)
_MIXED_FAILURE = (
    "cdktn 0.24.0's synth calls e._resetResolveDiscoveredProviderFeatureUsage on every element, which a "
    "cdktf construct lacks: TypeError (tried with @cdktf/provider-random 12.0.1)"
)


def _said(run: TsRun, installed: InstalledNpm) -> str:
    from compat.typescript.context import decided

    return f"{installed.version} ({decided(run.project, installed)})"


def _parsed_requirement(text: str | None) -> Requirement | None:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text) if text else None
    except InvalidRequirement:
        return None


def _peer(
    run: TsRun,
    name: str,
    installed: InstalledNpm,
    peer_name: str,
    requirement: Requirement | None,
    npm_range: str | None = None,
) -> Iterator[Finding]:
    """The installed ``peer_name`` against ``name``'s peer range: the lock's record, else npm's
    (``npm_range``), else the snapshot's Requires-Dist of the same release (``requirement``). A core
    mismatch is reported at the prebuilt's line, a constructs mismatch at the constructs line (what to
    change in each case)."""
    from compat.typescript.context import decided, version_of
    from compat.typescript.npm_facts import SOURCE
    from compat.typescript.rule_facts import package_json_rel
    from compat.versions.npm_semver import NpmRange

    project = run.project
    assert installed.version is not None
    peer = project.installed(peer_name)
    if peer.version is None or peer_name in project.overridden():
        return  # an override of the peer rewrites the range the installer checks it against
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
    certain = installed.certain and peer.certain
    message = NPM_MESSAGES["peer"].format(
        name=name,
        said=_said(run, installed),
        peer=peer_name,
        range=peer_text,
        where=where,
        peer_version=peer.version,
        peer_decided=decided(project, peer),
        assumed="" if certain else NPM_MESSAGES["assumed"],
    )
    yield META.finding(
        package_json_rel(run),
        at.line if at is not None else 0,
        0,
        message,
        symbol=name,
        severity=None if certain else "warning",
    )


def _other_family(
    run: TsRun, name: str, installed: InstalledNpm, release: BindingRelease | None, basis: Basis | None
) -> Iterator[Finding]:
    """A prebuilt package built for the other family's core than the one package.json declares (a
    cdktn project keeping ``@cdktf/provider-azurerm``): npm installs that core beside it as a peer, the
    lock resolves, and the stack mixes two libraries' constructs (cdk-terrain #47). Error where the failure
    was seen (a cdktf package under cdktn >= 0.24), else a warning; a warning that says so for a version
    assumed from a range (``basis``)."""
    from compat.families import FAMILIES
    from compat.providers import provider_package
    from compat.typescript.context import version_of
    from compat.typescript.rule_facts import MIXED_FAILS_FROM, package_json_rel, version_order
    from compat.versions.npm_semver import NpmRange

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
    seen = built_for == "cdktf" and core_version is not None and core_version >= MIXED_FAILS_FROM
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
    newest = max(fitting, key=version_order, default=None)
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
            assumed = NPM_MESSAGES["twin_assumed"].format(counterpart=counterpart, newest=newest)
    suggestion = (
        NPM_MESSAGES["counterpart"].format(
            counterpart=counterpart, newest=newest, core=said, family=core, assumed=assumed
        )
        if newest is not None
        else NPM_MESSAGES["no_counterpart"].format(
            counterpart=counterpart, core=said, family=core, provider=package.provider
        )
    )
    message = NPM_MESSAGES["other_family"].format(
        name=name,
        said=_said(run, installed),
        built_for=built_for,
        core=said,
        tried=_MIXED_FAILURE if seen else NPM_MESSAGES["untried"],
    )
    yield META.finding(
        package_json_rel(run),
        installed.declared.line,
        0,
        message,
        symbol=name,
        severity=None if seen else "warning",
        suggestion=suggestion,
        basis=basis,
    )


def _unlocked(run: TsRun) -> Iterator[Finding]:
    """Without a lock: a prebuilt range whose every release compat knows needs a core the core's range
    never admits (npm install stops with ERESOLVE). A warning: compat's release data may lack a release
    (see :mod:`compat.typescript.unlocked_peers`)."""
    from compat.typescript.context import prebuilt_packages
    from compat.typescript.rule_facts import package_json_rel
    from compat.typescript.unlocked_peers import unlocked_core_conflict

    if run.project.lock is not None or run.project.manifest is None:
        return
    for name in prebuilt_packages(run.project):
        found = unlocked_core_conflict(run.project, run.snapshot, name)
        declared, core_declared = (found.installed.declared, found.core.declared) if found else (None, None)
        if found is None or declared is None or core_declared is None:
            continue
        releases = found.releases
        message = NPM_MESSAGES["unlocked"].format(
            name=name,
            range=declared.spec,
            span=releases[0] if len(releases) == 1 else f"{releases[0]} ... {releases[-1]}",
            core=found.core.name,
            peers=" or ".join(found.peers),
            core_range=core_declared.spec,
        )
        yield META.finding(package_json_rel(run), declared.line, 0, message, symbol=name, severity="warning")


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    from compat.typescript.npm_facts import npm_facts
    from compat.typescript.rule_facts import prebuilt_installs, ts_run

    run = ts_run(ctx)
    yield from _unlocked(run)
    for found in prebuilt_installs(ctx):
        name, installed, release, facts = found.name, found.installed, found.release, found.facts
        core_range = facts.peer_core if facts else None
        core_requirement = release.core if release else None
        yield from _peer(run, name, installed, found.package.family.core, core_requirement, core_range)
        yield from _other_family(run, name, installed, release, found.basis)
        constructs = _parsed_requirement(release.constructs_requirement if release else None)
        yield from _peer(
            run, name, installed, "constructs", constructs, facts.peer_constructs if facts else None
        )
    for core in ("cdktf", "cdktn"):
        installed = run.project.installed(core)
        if installed.version is not None and run.project.manifest is not None:
            facts = npm_facts(run.snapshot, core, installed.version)
            yield from _peer(
                run,
                core,
                installed,
                "constructs",
                _core_twin(run, core, installed),
                facts.peer_constructs if facts else None,
            )


def _core_twin(run: TsRun, core: str, installed: InstalledNpm) -> Requirement | None:
    """The ``constructs`` requirement of the installed core's PyPI twin (the same jsii build: npm's peer
    ``^10.4.2`` is the wheel's ``constructs<11.0.0,>=10.4.2``), for a final release only: an npm
    pre-release has no PyPI spelling to match."""
    from compat.typescript.context import version_of

    version = version_of(installed.version)
    if run.snapshot is None or version is None or version.is_prerelease:
        return None
    release = run.snapshot.core(core, version)
    return _parsed_requirement(release.constructs_requirement if release is not None else None)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    yield from _core(ctx)
    yield from _constructs(ctx)


def _constructs(ctx: CheckContext) -> Iterator[Finding]:
    """An exact ``constructs`` pin outside the ``constructs`` requirement of a prebuilt release or of the
    core installed beside it: pip stops (ResolutionImpossible). Only exact pins of one lock or one
    manifest are compared (:mod:`._installed_sets`): a range lets pip pick a ``constructs`` they all
    accept. The core's own requirement is its wheel's ``Requires-Dist`` (``compat data build``), so a
    project without prebuilt bindings is judged too."""
    from compat.check.rules._installed_sets import CORES, installed_sets

    snapshot = ctx.snapshot
    if snapshot is None:
        return
    for installed in installed_sets(ctx, snapshot):
        pin = installed.beside.get("constructs")
        if pin is None or pin.exact is None:
            continue
        wanted: list[tuple[BindingRelease | CoreRelease, SpecifierSet]] = [
            (release, specifier)
            for release, _ in installed.releases
            if (specifier := release.constructs_specifier) is not None
        ]
        for name in sorted(CORES):
            core_pin = installed.beside.get(name)
            core = snapshot.core(name, core_pin.exact) if core_pin and core_pin.exact else None
            if core is not None and (core_specifier := core.constructs_specifier) is not None:
                wanted.append((core, core_specifier))
        outside = [(r, spec) for r, spec in wanted if not spec.contains(pin.exact, prereleases=True)]
        if not outside:
            continue
        needed = reduce(operator.and_, (spec for _, spec in wanted))
        text = " and ".join(f"{r.package} {r.version} ({r.constructs_requirement})" for r, _ in outside)
        yield META.finding(
            pin.path,
            pin.line,
            1,
            f"constructs {pin.exact} is outside the requirement of {text}: pip cannot install them together",
            symbol=f"constructs=={pin.exact}",
            suggestion=f"pin constructs {needed}",
        )


def _core(ctx: CheckContext) -> Iterator[Finding]:
    """The installed core against the requirement of the family's AWS bindings (VER015 judges the
    core against every other prebuilt package)."""
    release = ctx.binding_release()
    core_name = release.core_name if release is not None else None
    if release is None or core_name is None or ctx.core is None:
        return
    anchor = ctx.core.pin or (ctx.bindings.pin if ctx.bindings else None)
    path, line = (anchor.path, anchor.line) if anchor else ("", 0)
    if canonical(core_name) != canonical(ctx.core.name):
        fitting = _fitting_release(ctx, release)
        if fitting is None:
            yield META.finding(
                path,
                line,
                1,
                f"{release.package} {release.version} needs {release.core_requirement}, "
                f"but the project installs {ctx.core.name} {ctx.core.version}",
                symbol=ctx.core.name,
                suggestion=f"install {release.core_requirement}",
            )
            return
        same = (
            " (the same AWS provider)"
            if fitting.provider_version == release.provider_version and fitting.provider_version is not None
            else ""
        )
        yield META.finding(
            path,
            line,
            1,
            f"{release.package} {release.version} was built for {release.core_name} "
            f"({release.core_requirement}), but the project installs {ctx.core.name} "
            f"{ctx.core.version}: the two lines do not mix (type errors, jsii banners); "
            f"{fitting.package} {fitting.version} is built for {ctx.core.name} "
            f"{ctx.core.version} with AWS provider {fitting.provider_version}{same}",
            symbol=ctx.core.name,
            suggestion=f"pin {fitting.package}=={fitting.version}",
        )
        return
    if release.core_specifier.contains(ctx.core.version, prereleases=True):
        return
    yield META.finding(
        path,
        line,
        1,
        f"{ctx.core.name} {ctx.core.version} is outside {release.package} {release.version}'s "
        f"requirement {release.core_requirement}",
        symbol=f"{ctx.core.name}=={ctx.core.version}",
        suggestion=f"pin {ctx.core.name} within {release.core_specifier}",
    )


def _fitting_release(ctx: CheckContext, release: BindingRelease) -> BindingRelease | None:
    """The bindings release built for the installed core nearest ``release``'s AWS provider.

    Looked for in ``release``'s own package first (``cdktn-provider-aws`` 21.23.0-22.1.0 still need
    cdktf; 23.0.0 is the first for cdktn), then in the AWS bindings of the core's family; only releases
    the project's Python can install.
    """
    snapshot, core = ctx.snapshot, ctx.core
    if snapshot is None or core is None:
        return None
    installed = core.version
    family = family_of_package(core.name)
    python = ctx.environment.python
    for package in dict.fromkeys([release.package, *([family.bindings] if family else [])]):
        candidates = [
            b
            for b in snapshot.bindings(package)
            if not b.yanked
            and b.core_name is not None
            and canonical(b.core_name) == canonical(core.name)
            and b.core_specifier.contains(installed, prereleases=True)
            and (python is None or python.installable(b.python_specifier))
        ]
        if candidates:
            wanted = release.provider_version
            return min(
                candidates,
                key=lambda b: (
                    abs(_ordinal(b.provider_version) - _ordinal(wanted))
                    if wanted and b.provider_version
                    else 0,
                    b.version,
                ),
            )
    return None


def _ordinal(version: Version | None) -> int:
    if version is None:
        return 0
    release = list(version.release) + [0, 0]
    return release[0] * 1_000_000 + release[1] * 1_000 + release[2]


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
