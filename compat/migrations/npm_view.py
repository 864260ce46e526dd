"""The releases of a family as npm lists them, for the move of a TypeScript project.

A TypeScript project installs from npm, and npm does not list every release PyPI has (jsii publishes
both, but the registry this data was read from lists ``cdktn`` 0.24.0 alone, and ``@cdktn/provider-aws``
23.7.0, 24.1.0, 25.5.0 and 25.7.0): a hop to a core npm does not list fails ``npm install`` (ETARGET,
or ERESOLVE naming ``cdktn@undefined``). :func:`npm_family_view` is the snapshot with the family's core
and prebuilt packages replaced by the versions npm lists, each with npm's own peer ranges and
``engines.node`` (:func:`compat.typescript.pin.npm_binding`), so the staged plan, the prebuilt
counterparts and the repository step choose only what ``npm install`` can fetch. A snapshot without
npm versions of the family's core (built before the npm section) is returned as it is.
"""

from __future__ import annotations

from typing import TypeVar

from packaging.version import InvalidVersion, Version

from compat.families import Family
from compat.providers import provider_package
from compat.snapshot import BindingRelease, CoreRelease, Releases, Snapshot

_Row = TypeVar("_Row", BindingRelease, CoreRelease)


def _final(text: str) -> Version | None:
    try:
        version = Version(text)
    except InvalidVersion:
        return None
    return None if version.is_prerelease or str(version) != text else version


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


def npm_family_view(snapshot: Snapshot, family: Family) -> Snapshot:
    """``snapshot`` with ``family``'s core and prebuilt packages (keyed by their PyPI names, as the
    planners ask for them) restricted to the versions npm lists; unchanged without npm data."""
    from compat.typescript.pin import npm_binding

    npm_cores = snapshot.npm(family.core)
    if not npm_cores:
        return snapshot
    cores: list[CoreRelease] = []
    for row in npm_cores:
        version = _final(row.version)
        if version is None:
            continue
        core_twin = snapshot.core(family.core, version)
        cores.append(
            core_twin._replace(yanked=core_twin.yanked or row.deprecated)
            if core_twin is not None
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
    bindings: dict[str, list[BindingRelease]] = {}
    scope = f"@{family.name}/"
    for npm_name in snapshot.npm_packages():
        package = provider_package(npm_name)
        if not npm_name.startswith(scope) or package is None or package.npm != npm_name:
            continue
        rows = []
        for row in snapshot.npm(npm_name):
            version = _final(row.version)
            twin = snapshot.binding(package.pypi, version) if version is not None else None
            release = npm_binding(row, family.core, twin)
            if release is not None:
                rows.append(release._replace(package=package.pypi))
        bindings[package.pypi] = sorted(rows, key=lambda r: r.version)
    # a prebuilt package of the family PyPI has and npm lists nowhere: none to install
    for name in snapshot.bindings_by_package:
        package = provider_package(name)
        if package is not None and package.family is family and name not in bindings:
            bindings[name] = []
    view = Snapshot(
        built_at=snapshot.built_at,
        features=snapshot.features,
        sources=snapshot.sources,
        npm_entries=snapshot.npm_entries,
        package_names=snapshot.package_names,
        cli_functions=snapshot.cli_functions,
        refreshed_at=snapshot.refreshed_at,
    )
    _copy(snapshot.bindings_by_package, view.bindings_by_package, set(bindings))
    _copy(snapshot.cores_by_package, view.cores_by_package, {family.core})
    for name, rows in bindings.items():
        view.bindings_by_package[name] = rows
    view.cores_by_package[family.core] = sorted(cores, key=lambda c: c.version)
    return view


def missing_on_npm(snapshot: Snapshot, view: Snapshot, family: Family) -> list[str]:
    """The core minors PyPI has a hop to (a stable core some AWS bindings release admits) that npm
    lists no release of (``0.22``), for the plan's notes."""
    from compat.migrations.stages import family_releases

    listed = {(c.version.major, c.version.minor) for c in view.cores(family.core)}
    cores, bindings = family_releases(snapshot, family)
    missing = {
        (c.version.major, c.version.minor)
        for c in cores
        if any(b.core_specifier.contains(c.version) for b in bindings)
    } - listed
    return [f"{major}.{minor}" for major, minor in sorted(missing)]
