"""Packages of the project's family that the code imports but no manifest declares, and the release they fit.

A clean install from the manifests lacks such a package, so its import fails (VER014). The code is
still checked: against the release ``pip install`` would pick next to the declared core (the newest
bindings release whose core requirement admits it). That release is an assumption, so findings
resting on it are warnings and say so.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from packaging.utils import canonicalize_name

from compat.check.model import Resolved
from compat.check.project import ProjectFacts
from compat.families import Family
from compat.snapshot import BindingRelease, CoreRelease, Snapshot
from compat.versions.python import ProjectPython


def unread_declarations(facts: ProjectFacts) -> list[str]:
    """Files that may declare packages but that compat does not read: ``setup.py``/``setup.cfg`` and
    files a requirements file includes (``-r base.txt``) that are not manifests of their own."""
    found = [name for name in ("setup.py", "setup.cfg") if (facts.root / name).is_file()]
    found += [
        f"{name} (included by {manifest})"
        for manifest, name in facts.included
        if (PurePosixPath(manifest).parent / name).as_posix() not in facts.manifests
    ]
    return found


def declares(facts: ProjectFacts, package: str) -> bool:
    """Whether a manifest or the lock of the project names ``package``."""
    return canonicalize_name(package) in facts.declared


def _same(a: str | None, b: str) -> bool:
    return a is not None and canonicalize_name(a) == canonicalize_name(b)


def fitting_bindings(
    family: Family, core: Resolved | None, snapshot: Snapshot | None, python: ProjectPython | None = None
) -> BindingRelease | None:
    """The newest final, non-yanked bindings release whose core requirement admits ``core`` (any if None)
    and that the installer could pick for the project's ``python`` (as pip skips the others)."""
    known = snapshot.bindings(family.bindings) if snapshot else []
    releases = [
        r
        for r in known
        if not r.yanked
        and not r.version.is_prerelease
        and (python is None or python.installable(r.python_specifier))
    ]
    if core is not None:
        releases = [
            r
            for r in releases
            if _same(r.core_name, core.name) and r.core_specifier.contains(core.version, prereleases=True)
        ]
    return max(releases, key=lambda r: r.version, default=None)


def fitting_core(
    family: Family, bindings: BindingRelease | None, snapshot: Snapshot | None
) -> CoreRelease | None:
    """The newest final, non-yanked core release that ``bindings`` admits (any when None)."""
    known = snapshot.cores(family.core) if snapshot else []
    releases = [r for r in known if not r.yanked and not r.version.is_prerelease]
    if bindings is not None:
        releases = [r for r in releases if bindings.core_specifier.contains(r.version, prereleases=True)]
    return max(releases, key=lambda r: r.version, default=None)


def infer_bindings(
    facts: ProjectFacts, core: Resolved | None, snapshot: Snapshot | None, python: ProjectPython | None = None
) -> Resolved | None:
    """The bindings release the undeclared imports are checked against, with how it was chosen."""
    release = fitting_bindings(facts.family, core, snapshot, python)
    if release is None:
        return None
    why = (
        f"the newest release whose core requirement admits {core.name} {core.version}"
        if core
        else "the newest release, no core being declared either"
    )
    return Resolved(
        name=release.package, version=release.version, how=f"inferred: {why}", pin=None, inferred=True
    )
