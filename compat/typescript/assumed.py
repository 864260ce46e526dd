"""The release npm would install for a prebuilt package's range that no lock settles: one definition,
read by every rule through :meth:`compat.typescript.project.TsProject.installed`.

Without a lock (or with one that does not record the package) ``npm install`` resolves
``"@cdktf/provider-google": "^14.13.1"`` as ``npm-pick-manifest`` does: of the versions the range admits
(npm semver), the newest one npm does not mark ``deprecated`` (a deprecated one only when every admitted
one is; ``cdktf.isDeprecated`` is the publisher's own field, which npm does not read). npm does not
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

from compat.providers import provider_package
from compat.snapshot import Snapshot
from compat.typescript.project import AssumedVersion, TsProject
from compat.versions.npm_semver import NpmRange


def npm_pick(snapshot: Snapshot, name: str, spec: NpmRange) -> AssumedVersion | None:
    """The release of prebuilt ``name`` (its npm name) npm would install for ``spec`` today, from the
    releases compat knows (see the module docstring); None when it knows none the range admits."""
    package = provider_package(name)
    if package is None:
        return None
    deprecated: dict[str, bool] = {str(release.version): False for release in snapshot.bindings(package.pypi)}
    for row in snapshot.npm(name):
        deprecated[row.version] = row.deprecated_message is not None
    admitted = spec.admitted(deprecated)
    if not admitted:
        return None
    version = next((text for text in admitted if not deprecated[text]), admitted[0])
    return AssumedVersion(name=name, version=version, admitted=tuple(admitted))


def with_assumed_versions(project: TsProject, snapshot: Snapshot | None) -> TsProject:
    """``project`` with the version npm would install for each prebuilt package no lock entry or exact pin
    settles (:func:`npm_pick`)."""
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
        pick = npm_pick(snapshot, dependency.name, spec)
        if pick is not None:
            found.append(pick)
    return project._replace(assumed=tuple(found)) if found else project
