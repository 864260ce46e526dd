"""Packages of the project's line that the code imports but no manifest declares, and the release they fit.

A clean install from the manifests lacks such a package, so its import fails (VER011). The code is
still checked: against the release ``pip install`` would pick next to the declared core (the newest
bindings release whose core requirement admits it). That release is an assumption, so findings
resting on it are warnings and say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from packaging.utils import canonicalize_name
from packaging.version import Version

from compat.check.context import Resolved
from compat.check.project import ProjectFacts
from compat.lines import Line
from compat.snapshot import BindingRelease, CoreRelease, Snapshot

_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def imported_tops(texts: Iterable[str]) -> frozenset[str]:
    """The top-level modules the code imports absolutely (``from cdktf import App`` -> ``cdktf``)."""
    return frozenset(top for text in texts for top in _IMPORT.findall(text))


def declares(facts: ProjectFacts, package: str) -> bool:
    """Whether a manifest or the lock of the project names ``package``."""
    return canonicalize_name(package) in facts.declared


def _same(a: str | None, b: str) -> bool:
    return a is not None and canonicalize_name(a) == canonicalize_name(b)


def fitting_bindings(line: Line, core: Resolved | None, snapshot: Snapshot | None) -> BindingRelease | None:
    """The newest final, non-yanked bindings release whose core requirement admits ``core`` (any if None)."""
    known = snapshot.bindings(line.bindings) if snapshot else []
    releases = [r for r in known if not r.yanked and not r.version.is_prerelease]
    if core is not None:
        version = Version(core.version)
        releases = [r for r in releases
                    if _same(r.core_name, core.name) and r.core_specifier.contains(version, prereleases=True)]
    return max(releases, key=lambda r: r.version, default=None)


def fitting_core(line: Line, bindings: BindingRelease | None,
                 snapshot: Snapshot | None) -> CoreRelease | None:
    """The newest final, non-yanked core release that ``bindings`` admits (any when None)."""
    known = snapshot.cores(line.core) if snapshot else []
    releases = [r for r in known if not r.yanked and not r.version.is_prerelease]
    if bindings is not None:
        releases = [r for r in releases if bindings.core_specifier.contains(r.version, prereleases=True)]
    return max(releases, key=lambda r: r.version, default=None)


def infer_bindings(facts: ProjectFacts, core: Resolved | None, snapshot: Snapshot | None) -> Resolved | None:
    """The bindings release the undeclared imports are checked against, with how it was chosen."""
    release = fitting_bindings(facts.line, core, snapshot)
    if release is None:
        return None
    why = (f"the newest release whose core requirement admits {core.name} {core.version}" if core
           else "the newest release, no core being declared either")
    return Resolved(release.package, str(release.version), f"inferred: {why}", None)
