"""The releases of a family as a TypeScript project installs them from npm, for its move.

jsii publishes every release of a core and of a prebuilt package to PyPI and npm from one build, so
npm has the releases PyPI has. compat's npm data may not: the snapshot's npm section was read from a
registry that lists only some releases (the mirror this data was built from lists ``cdktn`` 0.24.0
alone, where registry.npmjs.org serves ``cdktn-cli`` 0.22.1 and ``@cdktn/provider-aws`` 25.0.0), so a
release missing from it is not evidence that npm lacks it. :func:`npm_family_view` is the snapshot
with the family's core and prebuilt packages as npm states them where the data has the version (npm's
own peer ranges, ``engines.node`` and deprecation, :func:`compat.typescript.npm_facts.npm_binding`), and as
their PyPI twin states them where it has not (assumed published with it); nothing PyPI has is dropped.
:func:`unlisted_note` says, once per plan, which of a move's packages rest on that assumption.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from compat.families import Family
from compat.providers import provider_package
from compat.snapshot import BindingRelease, CoreRelease, Releases, Snapshot
from compat.versions.npm_semver import final_release

_Row = TypeVar("_Row", BindingRelease, CoreRelease)


def _copy(source: Releases[_Row], target: Releases[_Row], skip: set[str]) -> None:
    """Every package of ``source`` but ``skip`` into ``target``, unparsed ones still unparsed."""
    for name in source:
        if name in skip:
            continue
        raw = source.entry(name)
        if raw is not None:
            target.add_entry(name, raw)
        else:
            target[name] = source[name]


def _cores(snapshot: Snapshot, family: Family) -> list[CoreRelease]:
    """Every core release PyPI has (deprecated where npm deprecates it), and those only npm lists."""
    cores = {c.version: c for c in snapshot.cores(family.core)}
    for row in snapshot.npm(family.core):
        version = final_release(row.version)
        if version is None:
            continue
        twin = cores.get(version)
        cores[version] = (
            twin._replace(yanked=twin.yanked or row.deprecated)
            if twin is not None
            else CoreRelease(
                package=family.core,
                version=version,
                uploaded="",
                requires_python=None,
                yanked=row.deprecated,
                node_min=None,
                terraform_min=None,
            )
        )
    return sorted(cores.values(), key=lambda c: c.version)


def _bindings(snapshot: Snapshot, family: Family, pypi_name: str, npm_name: str) -> list[BindingRelease]:
    """Every release of a prebuilt package: npm's facts where the npm data has the version, else its
    PyPI twin's (the same jsii build)."""
    from compat.typescript.npm_facts import npm_binding

    releases = {b.version: b for b in snapshot.bindings(pypi_name)}
    for row in snapshot.npm(npm_name):
        version = final_release(row.version)
        twin = releases.get(version) if version is not None else None
        release = npm_binding(row, family.core, twin)
        if release is not None:
            releases[release.version] = release._replace(package=pypi_name)
    return sorted(releases.values(), key=lambda r: r.version)


def npm_family_view(snapshot: Snapshot, family: Family) -> Snapshot:
    """``snapshot`` with ``family``'s core and prebuilt packages (keyed by their PyPI names, as the
    planners ask for them) as npm states them where the npm data has the version, as PyPI does where it
    has not; unchanged without npm data of the family's core."""
    if not snapshot.npm(family.core):
        return snapshot
    names: dict[str, str] = {}  # PyPI name -> npm name, for the family's prebuilt packages
    for name in [*snapshot.bindings_by_package, *snapshot.npm_packages()]:
        package = provider_package(name)
        if package is not None and package.family is family and package.npm.startswith(f"@{family.name}/"):
            names[package.pypi] = package.npm
    view = Snapshot(
        built_at=snapshot.built_at,
        features=snapshot.features,
        sources=snapshot.sources,
        refreshed_at=snapshot.refreshed_at,
    )
    view.npm_entries = snapshot.npm_entries
    view.package_names = snapshot.package_names
    view.cli_functions = snapshot.cli_functions
    _copy(snapshot.bindings_by_package, view.bindings_by_package, set(names))
    _copy(snapshot.cores_by_package, view.cores_by_package, {family.core})
    for pypi_name, npm_name in names.items():
        view.bindings_by_package[pypi_name] = _bindings(snapshot, family, pypi_name, npm_name)
    view.cores_by_package[family.core] = _cores(snapshot, family)
    return view


def unlisted_note(snapshot: Snapshot | None, packages: Iterable[tuple[str, str]]) -> str | None:
    """One note for the ``(npm name, version)`` packages a move installs from npm that compat's npm
    data does not list: assumed published (jsii builds both registries' releases together; the CLI is
    released with its core), with the command that confirms it, and the evidence that the data is not
    all of npm (it lists fewer final releases of the family's core than PyPI has) where there is some.
    None when the data lists them all, or has no npm section (nothing was read from npm to be missing)."""
    if snapshot is None or not snapshot.npm_packages():
        return None
    missing = [
        (name, version)
        for name, version in dict.fromkeys(packages)
        if snapshot.npm_release(name, version) is None
    ]
    if not missing:
        return None
    named = ", ".join(f"{name} {version}" for name, version in missing)
    first = "@".join(missing[0])
    cli = " (the CLI with its core)" if any(name.endswith("-cli") for name, _ in missing) else ""
    return (
        f"compat's npm data has no {named}{_partial(snapshot, missing[0][0])}; assumed published to npm "
        f"with the PyPI release of the same jsii build{cli}: 'npm view {first} version' confirms"
    )


def _partial(snapshot: Snapshot, name: str) -> str:
    """``": it lists 1 of the 7 final cdktn releases PyPI has ..."``: why a release missing from the npm
    data says nothing about npm, when the data shows it; "" when it does not."""
    core = name.removesuffix("-cli")
    if core.startswith("@"):
        core = core[1:].split("/", 1)[0]
    on_pypi = {c.version for c in snapshot.cores(core) if not c.version.is_prerelease}
    on_npm = {v for row in snapshot.npm(core) if (v := final_release(row.version)) is not None}
    if not on_pypi or on_pypi <= on_npm:
        return ""
    return (
        f" (it lists {len(on_npm & on_pypi)} of the {len(on_pypi)} final {core} releases PyPI has, "
        "which jsii publishes to both registries: it is not all of npm)"
    )
