"""The release npm would install for a prebuilt package's range that no lock settles: one definition,
read by every rule through :meth:`compat.typescript.project.TsProject.installed`.

Without a lock (or with one that does not record the package) ``npm install`` resolves
``"@cdktf/provider-google": "^14.13.1"`` as ``npm-pick-manifest`` does: of the versions the range admits
(npm semver), the newest one npm does not mark ``deprecated`` and whose ``engines.node`` admits the Node.js
npm runs on, else the newest whose engines admit it, else the newest not deprecated, else the newest
(npm-pick-manifest's order; ``cdktf.isDeprecated`` is the publisher's own field, which npm does not read).
The Node.js counts only when the project names it (``--node``, ``.nvmrc``, ``.node-version``, mise,
``.tool-versions``): the one on this machine's PATH says nothing of the machine that installs. npm does not
backtrack to an older release for a peer range: a peer conflict stops the install (ERESOLVE, VER002).

The versions are the prebuilt package's releases in compat's data: the PyPI releases of the same jsii build
(one numbering on both registries, verified in docs/DATA.md and ``tests/databuild/test_npm_data.py``) and
the npm section's own rows (npm-only releases, npm's deprecation). That data can lack a release npm has
(its npm section is read from a partial mirror), and an install made earlier picked what was newest then:
the version is an assumption. :attr:`InstalledNpm.assumed` says so, the run's notes say what was assumed,
and every finding resting on it is at most a warning (:mod:`compat.check.standing`).

Not assumed: an exact pin or a lock entry (they decide), a dependency npm does not install for the project
itself (``peerDependencies`` only), a package the install root's ``overrides`` rewrite, a range that admits
no release compat knows (its rules skip, with a note).
"""

from __future__ import annotations

from packaging.version import Version

from compat.providers import provider_package
from compat.snapshot import Snapshot
from compat.typescript.project import AssumedVersion, TsProject
from compat.typescript.rule_facts import node_outside
from compat.versions.npm_semver import NpmRange


def npm_pick(
    snapshot: Snapshot, name: str, spec: NpmRange, node: Version | None = None
) -> AssumedVersion | None:
    """The release of prebuilt ``name`` (its npm name) npm would install for ``spec`` today on Node.js
    ``node`` (None: not known, every release's engines taken as met), from the releases compat knows (see
    the module docstring); None when it knows none the range admits."""
    package = provider_package(name)
    if package is None:
        return None
    known = {
        str(release.version): (False, release.engines_node) for release in snapshot.bindings(package.pypi)
    }
    for row in snapshot.npm(name):
        twin = known.get(row.version)
        known[row.version] = (
            row.deprecated_message is not None,
            row.engines_node or (twin[1] if twin else None),
        )
    admitted = spec.admitted(known)
    if not admitted:
        return None

    met: dict[str, bool] = {}  # engines.node text -> whether ``node`` meets it (a few distinct texts)

    def preference(text: str) -> tuple[bool, bool, bool]:
        deprecated, engines = known[text]
        if node is None or engines is None:
            engine_ok = True
        elif engines in met:
            engine_ok = met[engines]
        else:
            engine_ok = met[engines] = not node_outside(node, engines)
        return (engine_ok and not deprecated, engine_ok, not deprecated)

    best = (True, True, True)
    version = next((text for text in admitted if preference(text) == best), None)
    if version is None:
        version = max(admitted, key=preference)  # the first, the newest, of the most preferred
    return AssumedVersion(name=name, version=version, admitted=tuple(admitted))


def with_assumed_versions(
    project: TsProject, snapshot: Snapshot | None, node: Version | None = None
) -> TsProject:
    """``project`` with the version npm would install for each prebuilt package no lock entry or exact pin
    settles (:func:`npm_pick`), on the project's Node.js ``node`` (None: not named by the project)."""
    manifest = project.manifest
    if manifest is None or snapshot is None:
        return project
    overridden = project.overridden()
    found: list[AssumedVersion] = []
    for dependency in manifest.dependencies:
        if provider_package(dependency.name) is None or dependency.name in overridden:
            continue
        if any(pick.name == dependency.name for pick in found):
            continue
        installed = project.installed(dependency.name)
        declared = installed.declared
        spec = declared.range if declared is not None else None
        if installed.how != "range" or declared is None or not declared.installs or spec is None:
            continue
        pick = npm_pick(snapshot, dependency.name, spec, node)
        if pick is not None:
            found.append(pick)
    return project._replace(assumed=tuple(found)) if found else project
