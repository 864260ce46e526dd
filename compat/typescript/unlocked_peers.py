"""A prebuilt package's range, without a lock, whose every release needs a core the core's range rejects.

Without a lock ``npm install`` picks, for ``"@cdktf/provider-aws": "^14.0.0"`` beside
``"cdktf": "^0.20.5"``, a release of the range whose peer range on cdktf admits a cdktf of the
core's range; when no release of the range has one it stops (``ERESOLVE ... peer cdktf@"^0.16.0"
from @cdktf/provider-aws@14.0.4``). compat decides this from the releases it knows of the range
(its npm section and the PyPI releases of the same jsii build) and their peer ranges (npm's, else the
Python twin's Requires-Dist): an assumption, since its npm data comes from a partial mirror and a
release it lacks (an npm-only one) could have another peer range. The two ranges are compared as
ranges (:meth:`NpmRange.may_meet`), so no core release compat lacks could meet both.

Not judged (npm would install or the facts are not compat's): a lock (the lock's versions decide,
VER002's locked path), a core package.json does not declare (npm installs a fitting peer), an
``overrides`` entry for either package, a project-level ``.npmrc`` with ``legacy-peer-deps`` or
``force`` (npm then installs without checking peers), a ``packageManager`` other than npm (Yarn and
pnpm warn on a peer mismatch), a release whose peer range compat does not know or whose peer is the
other family's core.
"""

from __future__ import annotations

from compat.providers import provider_package
from compat.record import Record
from compat.snapshot import Snapshot
from compat.typescript.project import InstalledNpm, TsProject
from compat.versions.npm_semver import NpmRange

#: ``.npmrc`` settings under which npm installs without checking peer ranges (when ``true``)
_PEERS_UNCHECKED = ("legacy-peer-deps", "force")


class UnlockedCoreConflict(Record):
    """Every release compat knows of ``installed``'s range needs a core the core's range rejects."""

    installed: InstalledNpm  # the prebuilt package (how == "range")
    core: InstalledNpm  # the core as package.json declares it
    releases: tuple[str, ...]  # the releases of the range compat knows, oldest first
    peers: tuple[str, ...]  # their distinct peer ranges on the core, in the releases' order


def _peers_unchecked(project: TsProject) -> bool:
    manifest = project.manifest
    if manifest is None:
        return True
    named = (manifest.package_manager or "npm").split("@", 1)[0].strip()
    if named != "npm":
        return True
    from compat.project.formats.npmrc import npmrc_settings

    settings = npmrc_settings(manifest.path.parent)
    if settings is None:
        return True  # unreadable: npm's settings are unknown
    return any(settings.get(name) == "true" for name in _PEERS_UNCHECKED)


def _peer_of(snapshot: Snapshot, name: str, pypi: str, core: str, version: str) -> str | None:
    """The peer range of ``name`` ``version`` on ``core``: npm's, else the PyPI twin's Requires-Dist."""
    row = snapshot.npm_release(name, version)
    if row is not None and row.peer_core:
        return row.peer_core
    twin = next((b for b in snapshot.bindings(pypi) if str(b.version) == version), None)
    if twin is None or twin.core_name != core:
        return None
    found = NpmRange.from_pep440(twin.core_specifier)
    return found.normalised if found is not None else None


def _admitted(snapshot: Snapshot, name: str, pypi: str, spec: NpmRange) -> list[str]:
    """Every release of prebuilt ``name`` compat knows (npm's and its PyPI twin's) ``spec`` admits, oldest
    first."""
    known = [row.version for row in snapshot.npm(name)] + [str(b.version) for b in snapshot.bindings(pypi)]
    return list(reversed(spec.admitted(known)))


def unlocked_core_conflict(
    project: TsProject, snapshot: Snapshot | None, name: str
) -> UnlockedCoreConflict | None:
    """The conflict of prebuilt ``name``'s range with the core's range in a project without a lock."""
    package = provider_package(name)
    manifest = project.manifest
    if package is None or snapshot is None or manifest is None or project.lock is not None:
        return None
    installed = project.installed(name)
    spec = installed.declared.range if installed.declared is not None else None
    core_name = package.family.core
    core = project.installed(core_name)
    core_spec = core.declared.range if core.declared is not None and core.declared.installs else None
    if installed.how != "range" or spec is None or core_spec is None:
        return None
    overridden = project.overridden()
    if name in overridden or core_name in overridden or _peers_unchecked(project):
        return None
    # the releases of the range compat knows: those the assumed version was picked from, else the same count
    releases = list(reversed(installed.admitted)) or _admitted(snapshot, name, package.pypi, spec)
    peers: list[str] = []
    for version in releases:
        peer_text = _peer_of(snapshot, name, package.pypi, core_name, version)
        peer = NpmRange.parse(peer_text) if peer_text is not None else None
        if peer is None or peer.may_meet(core_spec):
            return None  # unknown, or a release that installs beside some core of the range
        if peer.text not in peers:
            peers.append(peer.text)
    if not releases:
        return None
    return UnlockedCoreConflict(installed=installed, core=core, releases=tuple(releases), peers=tuple(peers))
