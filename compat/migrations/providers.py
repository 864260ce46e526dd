"""The other prebuilt provider packages a project declares, moved along with the core.

pip installs one core for the whole environment, so every prebuilt provider package (docker,
google, random, ...) must move to a release whose core requirement admits the target core, of the
same provider in the target family (``cdktf-cdktf-provider-docker`` -> ``cdktn-provider-docker`` on
a move to cdktn): the one built for the provider nearest the installed release's (the smallest move,
the rule the AWS bindings of a hop follow: :func:`compat.migrations.stages.nearest_release`), the
newest when the installed provider is unknown or the move asks for the newest
(``--to cdktn==latest``). A package with no release admitting that core, or with no package in the
target family, is reported unresolved with the reason. The AWS bindings are
not handled here: their releases and symbols are known in full (:mod:`compat.migrations.planner`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.families import Family
from compat.migrations.model import Release, Unresolved
from compat.pep503 import canonical
from compat.project.changes import display_path
from compat.project.model import Pin, Project
from compat.providers import ProviderPackage, provider_package
from compat.resolver.joint import newest_joint_set
from compat.snapshot import BindingRelease, CoreRelease, Snapshot


@dataclass(frozen=True)
class ProviderMoves:
    """Pins, package renames and import renames of the other providers; what cannot move."""

    pins: Mapping[str, str] = field(default_factory=dict)  # package -> "==version"
    renames: Mapping[str, str] = field(default_factory=dict)  # PyPI name -> PyPI name (family move)
    modules: Mapping[str, str] = field(default_factory=dict)  # import name -> import name (family move)
    unresolved: tuple[Unresolved, ...] = ()
    notes: tuple[str, ...] = ()


def declared_providers(project: Project) -> dict[ProviderPackage, Pin[SpecifierSet]]:
    """Every prebuilt package other than the AWS bindings that a manifest declares, with its first pin."""
    found: dict[ProviderPackage, Pin[SpecifierSet]] = {}
    for manifest in project.manifests:
        for pin in manifest.pins:
            package = provider_package(pin.package)
            if package is not None and not package.is_aws:
                found.setdefault(package, pin)
    return found


def release_for_core(
    snapshot: Snapshot | None,
    package: str,
    core: str,
    version: Version,
    pythons: tuple[Version, ...] = (),
    near: Version | None = None,
    provider_ok: Callable[[Version | None], bool] | None = None,
) -> str | None:
    """The release of ``package`` whose core requirement admits ``core`` ``version`` (and whose
    Requires-Python admits one of ``pythons``, the project's declared interpreters): the one built for
    the provider nearest ``near`` (the installed release's provider), the newest without ``near``;
    ``provider_ok``: only releases built for a provider version it accepts (a cdktf.json constraint)."""
    if snapshot is None:
        return None

    def accept(r: BindingRelease) -> bool:
        return (
            not r.version.is_prerelease
            and (not pythons or any(r.python_specifier.contains(p) for p in pythons))
            and (provider_ok is None or provider_ok(r.provider_version))
        )

    joint = newest_joint_set(snapshot, core, [package], accept=accept, core_ok=lambda v: v == version)
    if joint is None:
        return None
    if near is None:
        return str(joint.releases[package].version)
    from compat.migrations.stages import nearest_release

    pool = [
        r
        for r in snapshot.bindings(package)
        if not r.yanked and accept(r) and r.core_name == core and r.core_specifier.contains(version)
    ]
    return str(nearest_release(pool, near).version)


def installed_provider(snapshot: Snapshot | None, package: str, version: Version | None) -> Version | None:
    """The provider version the installed release ``version`` of ``package`` was built for (None: unknown)."""
    if snapshot is None or version is None:
        return None
    release = snapshot.binding(package, version)
    return release.provider_version if release is not None else None


def major_note(snapshot: Snapshot | None, source: Release, target: Release) -> str | None:
    """When the two releases are built for different majors of their provider: the props that provider
    removed in between are not rewritten (as the AWS bindings' move says of AWS). Both languages."""
    before = snapshot.binding(source.package, source.version) if snapshot is not None else None
    after = snapshot.binding(target.package, target.version) if snapshot is not None else None
    old = before.provider_version if before is not None else None
    new = after.provider_version if after is not None else None
    if after is None or old is None or new is None or old.major == new.major:
        return None
    return (
        f"{target.package} {target.version} is built for {after.provider_source or 'its provider'} {new}, "
        f"{source.package} {source.version} for {old}: a major of that provider is crossed, and "
        "arguments it removed are not rewritten; run 'compat check' after the lock is updated to list them"
    )


def _newest_requirement(snapshot: Snapshot | None, package: str) -> str:
    releases = [r for r in snapshot.bindings(package) if not r.yanked] if snapshot is not None else []
    if not releases:
        return ""
    newest = releases[-1]
    return f" (its newest release, {newest.version}, requires {newest.core_requirement or 'no core'})"


def plan_provider_moves(
    project: Project,
    target_family: Family,
    core: Release | None,
    snapshot: Snapshot | None,
    newest: bool = False,
) -> ProviderMoves:
    """Move every declared prebuilt provider package to a release that accepts ``core``: the one
    nearest the installed provider (``newest``: the newest, as ``--to cdktn==latest`` asks)."""
    declared = declared_providers(project)
    if not declared:
        return ProviderMoves()
    pins: dict[str, str] = {}
    renames: dict[str, str] = {}
    modules: dict[str, str] = {}
    unresolved: list[Unresolved] = []
    moved: list[str] = []
    for package, pin in sorted(declared.items(), key=lambda item: item[0].pypi):
        target = package.counterpart(target_family)
        where = (display_path(pin.path, project.root), pin.line, package.pypi)
        if core is None:
            unresolved.append(Unresolved(*where, f"no target core release known: {package.pypi} left as is"))
            continue
        name, version = core.package, core.version
        if snapshot is None or not snapshot.bindings(target.pypi):
            reason = (
                f"the {package.provider} provider has no prebuilt package in the {target_family.name} line "
                f"({target.pypi} does not exist): generate its bindings locally "
                "(terraformProviders in cdktf.json, then 'get') or drop it"
            )
            unresolved.append(Unresolved(*where, reason))
            continue
        pythons = project.python.interpreters
        before = installed_provider(snapshot, package.pypi, project.installed_version(package.pypi))
        near = None if newest else before
        found = release_for_core(snapshot, target.pypi, name, version, pythons, near)
        if found is None and pythons and release_for_core(snapshot, target.pypi, name, version):
            reason = (
                f"no release of {target.pypi} for {name} {version} supports the project's Python "
                f"({project.python.raw!r}, {project.python.source})"
            )
            unresolved.append(Unresolved(*where, reason))
            continue
        if found is None:
            reason = f"no release of {target.pypi} accepts {name} {version}"
            unresolved.append(Unresolved(*where, reason + _newest_requirement(snapshot, target.pypi)))
            continue
        pins[target.pypi] = f"=={found}"
        after = installed_provider(snapshot, target.pypi, Version(found))
        provider = f", {package.provider} provider {after}" if after is not None else ""
        moved.append(f"{target.pypi} {found}{provider}")
        if target != package:
            renames[package.pypi] = target.pypi
            modules[package.module] = target.module
    notes = []
    if moved:
        how = "the newest" if newest else "the one built for the provider nearest the installed one"
        notes.append(
            f"other prebuilt providers moved to a release accepting the target core ({how}): "
            + ", ".join(moved)
        )
    if modules:
        notes.append(
            "imports of "
            + ", ".join(f"{old} become {new}" for old, new in sorted(modules.items()))
            + " (module rename, and class moves where compat's symbol index holds the releases; "
            "run 'compat check' after the move)"
        )
    return ProviderMoves(pins, renames, modules, tuple(unresolved), tuple(notes))


def hop_provider_changes(
    snapshot: Snapshot | None,
    installed: Sequence[tuple[ProviderPackage, Version | None]],
    family: Family,
    core: CoreRelease,
    pythons: tuple[Version, ...] = (),
    newest: bool = False,
    npm: bool = False,
) -> tuple[str, ...]:
    """What one hop to ``core`` changes for each other prebuilt package the project installs (its
    installed release, None when unknown): the release :func:`plan_provider_moves` would pick for that
    core (nearest the installed provider; ``newest``: the newest) and the provider it was built for,
    one line a package, as the hop's own line for the AWS bindings."""
    lines = []
    for package, version in installed:
        target = package.counterpart(family)
        label = target.npm if npm else target.pypi
        before = installed_provider(snapshot, package.pypi, version)
        found = release_for_core(
            snapshot, target.pypi, core.package, core.version, pythons, None if newest else before
        )
        if found is None:
            lines.append(
                f"{package.provider} bindings: no {label} release admits {core.package} {core.version}"
            )
            continue
        built = snapshot.binding(target.pypi, Version(found)) if snapshot is not None else None
        after = built.provider_version if built is not None else None
        provider = f", {package.provider} provider {after}" if after is not None else ""
        was = f" (from {package.provider} {before})" if before is not None and after is not None else ""
        lines.append(f"{package.provider} bindings: {label} {found}{provider}{was}")
    return tuple(lines)


def picks(pins: Mapping[str, str]) -> dict[str, Version]:
    """The exact versions of a move's prebuilt packages among its pins (``package -> "==1.2.3"``), by
    canonical name; a range, the core and constructs are left out."""
    found: dict[str, Version] = {}
    for package, spec in pins.items():
        if provider_package(package) is None:
            continue
        exact = [s.version for s in SpecifierSet(spec) if s.operator in ("==", "===")]
        if len(exact) == 1 and "*" not in exact[0]:
            found[canonical(package)] = Version(exact[0])
    return found


def pinned_releases(snapshot: Snapshot, pins: Mapping[str, str]) -> list[BindingRelease]:
    """The prebuilt releases of a move's ``pins`` (:func:`picks`) as the snapshot knows them (a release
    it lacks is left out)."""
    return [r for name, v in picks(pins).items() if (r := snapshot.binding(name, v)) is not None]


def entries_brought(
    project: Project, pins: Mapping[str, str], snapshot: Snapshot | None, keep: Mapping[int, str]
) -> dict[int, str]:
    """The cdktf.json ``terraformProviders`` entries (other than AWS) whose provider a moved prebuilt
    package of ``pins`` (``{package: "==version"}``) now brings at a version the entry's constraint
    rejects, and whose generated bindings no code imports (``keep``): index -> package. The move drops
    them, as ``compat pin`` does (one source of truth; left, the entry contradicts the package: VER001)."""
    from compat.versions.providers import AWS_SOURCE

    if project.cdktf is None or snapshot is None:
        return {}
    moved = [r for r in pinned_releases(snapshot, pins) if r.provider_source and r.provider_version]
    found: dict[int, str] = {}
    for entry in project.cdktf.providers:
        source = entry.requirement.source
        if source == AWS_SOURCE or entry.position in keep:
            continue
        for release in moved:
            version = release.provider_version
            same = (release.provider_source or "").lower() == source.lower()
            if same and version is not None and not entry.requirement.constraint.allows(version):
                found[entry.position] = release.package
    return found
