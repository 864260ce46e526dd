"""The release npm would install for a prebuilt package's range that no lock settles: one definition,
read by every rule through :meth:`compat.typescript.project.TsProject.installed`, and by ``migrate``
(:mod:`compat.migrations.ts_planner`), which reads a core's range the same way.

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

from compat.families import CORES
from compat.providers import provider_package
from compat.snapshot import Snapshot
from compat.typescript.project import AssumedVersion, TsProject
from compat.typescript.rule_facts import node_outside
from compat.versions.detect import Detected
from compat.versions.npm_semver import NpmRange


def npm_pick(
    snapshot: Snapshot, name: str, spec: NpmRange, node: Version | None = None
) -> AssumedVersion | None:
    """The release of prebuilt package or core ``name`` (its npm name) npm would install for ``spec`` today
    on Node.js ``node`` (None: not known, every release's engines taken as met), from the releases compat
    knows (see the module docstring); None when it knows none the range admits."""
    package = provider_package(name)
    known: dict[str, tuple[bool, str | None]]
    if package is not None:
        known = {
            str(release.version): (False, release.engines_node) for release in snapshot.bindings(package.pypi)
        }
    elif name in CORES:  # a core's PyPI twin states no engines.node: npm's rows do where the data has them
        known = {str(release.version): (False, None) for release in snapshot.cores(name)}
    else:
        return None
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


def _assumed(
    project: TsProject, snapshot: Snapshot, name: str, node: Version | None, overridden: frozenset[str]
) -> AssumedVersion | None:
    """What npm would install for ``name`` (npm name) in ``project`` where no lock entry or exact pin
    settles it (:func:`npm_pick`); None when one does, when npm does not install it for the project
    itself (``peerDependencies`` only), when the install root's ``overrides`` (``overridden``) rewrite
    it, or when no release compat knows is admitted."""
    if name in overridden:
        return None
    installed = project.installed(name)
    declared = installed.declared
    spec = declared.range if declared is not None else None
    if installed.how != "range" or declared is None or not declared.installs or spec is None:
        return None
    return npm_pick(snapshot, name, spec, node)


def with_assumed_versions(
    project: TsProject, snapshot: Snapshot | None, node: Version | None = None, *, cores: bool = False
) -> TsProject:
    """``project`` with the version npm would install for each prebuilt package (and, with ``cores``, each
    core) no lock entry or exact pin settles (:func:`_assumed`), on the project's Node.js ``node``
    (None: not named by the project). The check assumes no core (its rules on a core's range stay
    unknown); ``migrate`` needs the core it moves from."""
    manifest = project.manifest
    if manifest is None or snapshot is None:
        return project
    names = dict.fromkeys(
        dependency.name
        for dependency in manifest.dependencies
        if provider_package(dependency.name) is not None or (cores and dependency.name in CORES)
    )
    overridden = project.overridden()
    picks = (_assumed(project, snapshot, name, node, overridden) for name in names)
    found = [pick for pick in picks if pick is not None]
    return project._replace(assumed=tuple(found)) if found else project


def named_node(node: Detected | None) -> Version | None:
    """The Node.js npm is taken to run on when it picks a release: the one the project names (``--node``,
    a version file); None for the ``node`` on this machine's PATH, which says nothing of the machine that
    installs (or when none is found)."""
    return node.version if node is not None and not node.source.endswith("--version'") else None
