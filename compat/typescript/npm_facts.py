"""What npm says about one version of a prebuilt package or core: peer ranges, engines.node, the
provider version it was built for, deprecation.

The release snapshot's npm section (``Snapshot.npm_release``, built by ``compat data build`` from the
npm packuments) is read when the snapshot has one; a snapshot without it answers None, and the rules
fall back to the lock's own record and to the Python twin's Requires-Dist (the same jsii build
publishes one numbering to both registries).

Some releases are on npm only (``@cdktf/provider-aws`` 10.0.5 ... 10.0.12, 11.0.0, 14.0.0: PyPI never
got them): :func:`installed_release` gives such a release as a release record read from its npm version
alone (:func:`npm_binding`), so the rules that read a release record (the provider it was built for, its
peer ranges) judge it as they judge one PyPI has.
"""

from __future__ import annotations

from compat.providers import provider_package
from compat.record import Record
from compat.snapshot import BindingRelease, NpmRelease, Snapshot

SOURCE = "npm packument, release snapshot"

#: ``BindingRelease.provider_version_from`` of a release record read from npm alone
NPM_ONLY = "npm"


class NpmFacts(Record):
    peer_core: str | None  # npm range text, e.g. "^0.20.0"
    peer_constructs: str | None
    engines_node: str | None
    provider_version: str | None
    deprecated: str | None  # the deprecation message ("deprecated" when npm gives none); None: not deprecated


def npm_facts(snapshot: Snapshot | None, package: str, version: str) -> NpmFacts | None:
    """The npm facts of ``package@version`` (npm names), or None when the snapshot has none."""
    finder = getattr(snapshot, "npm_release", None)
    if finder is None:
        return None
    row: object = finder(package, version)
    if row is None:
        return None
    message = getattr(row, "deprecated_message", None)
    return NpmFacts(
        peer_core=getattr(row, "peer_core", None),
        peer_constructs=getattr(row, "peer_constructs", None),
        engines_node=getattr(row, "engines_node", None),
        provider_version=getattr(row, "provider_version", None),
        deprecated=(message or "deprecated") if getattr(row, "deprecated", False) else None,
    )


def npm_binding(row: NpmRelease, core: str, twin: BindingRelease | None) -> BindingRelease | None:
    """The npm version ``row`` of a prebuilt package as a release record: its core requirement and
    constructs requirement are npm's peer ranges, its provider and ``engines.node`` npm's, the upload
    date (and a provider npm does not state) its PyPI ``twin``'s; None for a pre-release or no peer."""
    from compat.versions.npm_semver import NpmRange, final_release

    version = final_release(row.version)
    peer = NpmRange.parse(row.peer_core) if row.peer_core else None
    specifier = peer.as_pep440() if peer is not None else None
    if version is None or specifier is None:
        return None
    constructs = NpmRange.parse(row.peer_constructs) if row.peer_constructs else None
    constructs_spec = constructs.as_pep440() if constructs is not None else None
    provider = final_release(row.provider_version) if row.provider_version else None
    return BindingRelease(
        package=row.package,
        version=version,
        uploaded=twin.uploaded if twin else "",
        provider_source=row.provider_source or (twin.provider_source if twin else None),
        provider_version=provider or (twin.provider_version if twin else None),
        provider_version_from=NPM_ONLY,
        core_requirement=f"{core}{specifier}",
        constructs_requirement=f"constructs{constructs_spec}" if constructs_spec is not None else None,
        requires_python=None,
        yanked=False,
        deprecated=row.deprecated,
        engines_node=row.engines_node,
    )


def npm_only_release(snapshot: Snapshot | None, name: str, version: str) -> BindingRelease | None:
    """The release record of prebuilt ``name`` (its npm name) ``version`` read from its npm version alone,
    when PyPI has no such release and the snapshot's npm section has (None otherwise)."""
    package = provider_package(name)
    if snapshot is None or package is None or snapshot.binding(package.pypi, version) is not None:
        return None
    row = snapshot.npm_release(name, version)
    return npm_binding(row, package.family.core, None) if isinstance(row, NpmRelease) else None


def installed_release(snapshot: Snapshot | None, name: str, version: str) -> BindingRelease | None:
    """The release record of prebuilt ``name`` (its npm name) ``version``: the release data's (its PyPI
    twin's), else, for an npm-only release, the one read from its npm version (:func:`npm_only_release`)."""
    package = provider_package(name)
    if snapshot is None or package is None:
        return None
    return snapshot.binding(package.pypi, version) or npm_only_release(snapshot, name, version)
