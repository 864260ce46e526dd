"""Hover text: the release facts of the package an import or a manifest line names.

For the installed release of that package (as the project model resolved it: the lock, else what
the installer would pick): the provider version it is built for, the core range it requires, its
Python and Node.js floors, and the newest release that works with the installed core. Pure: the
project model and the snapshot in, Markdown out.
"""

from __future__ import annotations

import re
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from compat.project.model import Pin, Project
from compat.providers import provider_package
from compat.snapshot import BindingRelease, CoreRelease, Snapshot

_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)")


def package_on_line(project: Project, path: Path, line: int, text: str) -> str | None:
    """The PyPI package (canonical) the 1-based ``line`` of ``path`` names: a manifest or lock entry,
    or an import of the core or a prebuilt package."""
    path = path.resolve()
    sources: list[tuple[Path, tuple[Pin[SpecifierSet], ...]]] = [(m.path, m.pins) for m in project.manifests]
    if project.lock is not None:
        sources.append((project.lock.path, project.lock.pins))
    for where, pins in sources:
        if where.resolve() == path:
            return next((pin.package for pin in pins if pin.line == line), None)
    match = _IMPORT.match(text)
    if match is None:
        return None
    module = match.group(1)
    if module == project.family.core.replace("-", "_"):
        return canonicalize_name(project.family.core)
    package = provider_package(module.replace("_", "-"))
    return package.pypi if package is not None else None


def hover_markdown(project: Project, snapshot: Snapshot, package: str) -> str | None:
    """The facts of the installed release of ``package``; None when compat knows none."""
    version = project.installed_version(package)
    if canonicalize_name(package) == canonicalize_name(project.family.core):
        return _core(project, snapshot, package, version)
    releases = snapshot.bindings(package)
    if not releases:
        return None
    release = snapshot.binding(package, version) if version is not None else None
    lines = [f"**{package}** {version if version is not None else '(installed release unknown)'}"]
    if release is not None:
        lines.extend(_binding_facts(release))
    core = project.installed_version(project.family.core)
    newest = _newest_for_core(releases, core)
    if newest is not None and (version is None or newest.version != version):
        lines.append(
            f"- newest release for {project.family.core} {core}: {newest.version}"
            + (f" (provider {newest.provider_version})" if newest.provider_version else "")
        )
    latest = next((r for r in reversed(releases) if not r.yanked and not r.version.is_prerelease), None)
    if latest is not None and latest is not newest and latest.version != version:
        lines.append(f"- newest release: {latest.version} (needs {latest.core_requirement or 'a core'})")
    return "\n".join(lines)


def _binding_facts(release: BindingRelease) -> list[str]:
    out = []
    if release.provider_version is not None:
        out.append(f"- provider: {release.provider_source or 'unknown source'} {release.provider_version}")
    if release.core_requirement:
        out.append(f"- core: {release.core_requirement}")
    if release.constructs_requirement:
        out.append(f"- constructs: {release.constructs_requirement}")
    out.append(f"- Python: {release.requires_python or 'no floor stated'}")
    if release.engines_node:
        out.append(f"- Node.js: {release.engines_node}")
    if release.yanked:
        out.append("- **yanked**")
    if release.deprecated:
        out.append("- **deprecated**")
    return out


def _newest_for_core(releases: list[BindingRelease], core: Version | None) -> BindingRelease | None:
    if core is None:
        return None
    return next(
        (
            r
            for r in reversed(releases)
            if not r.yanked and not r.version.is_prerelease and core in r.core_specifier
        ),
        None,
    )


def _core(project: Project, snapshot: Snapshot, package: str, version: Version | None) -> str | None:
    cores = snapshot.cores(package)
    if not cores:
        return None
    release: CoreRelease | None = snapshot.core(package, version) if version is not None else None
    lines = [f"**{package}** {version if version is not None else '(installed release unknown)'}"]
    if release is not None:
        lines.append(f"- Python: {release.requires_python or 'no floor stated'}")
        if release.node_min:
            lines.append(f"- Node.js: >= {release.node_min}")
        if release.terraform_min:
            lines.append(f"- Terraform: >= {release.terraform_min}")
    latest = next((r for r in reversed(cores) if not r.yanked and not r.version.is_prerelease), None)
    if latest is not None and latest.version != version:
        lines.append(f"- newest release: {latest.version}")
    return "\n".join(lines)
