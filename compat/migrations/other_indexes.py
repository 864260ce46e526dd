"""Class-level moves of the other prebuilt provider packages, where compat's symbol index holds them.

:mod:`compat.migrations.providers` moves every declared provider package to a release accepting the
target core and renames its imports (``cdktf_cdktf_provider_docker`` -> ``cdktn_provider_docker``).
A class may also have moved between the two releases' modules (a flat 2.x root exporting ``Image``
against 13.x's ``image.Image``). Where the target release is indexed, its resolver moves each imported
class like the AWS bindings' (by Terraform type from the installed release when that one is indexed
too, else by the name in the target, the one module exporting it). Only releases already in the index
are read: nothing is fetched for this.
"""

from __future__ import annotations

from typing import NamedTuple

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.index.model import ReleaseIndex
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.model import Release
from compat.migrations.providers import ProviderMoves, declared_providers, major_note
from compat.migrations.resolve import Resolver
from compat.project.model import Project
from compat.providers import provider_package


class OtherResolvers(NamedTuple):
    by_module: dict[str, Resolver]  # the target package's import name -> its resolver
    notes: list[str]


def other_resolvers(project: Project, moves: ProviderMoves, catalogue: ReleaseCatalogue) -> OtherResolvers:
    """A resolver per moved provider package whose target release is indexed."""
    by_module: dict[str, Resolver] = {}
    notes: list[str] = []
    declared = {package.provider: package for package in declared_providers(project)}
    for pypi, pin in sorted(moves.pins.items()):
        package = provider_package(pypi)
        if package is None or package.is_aws or not pin.startswith("=="):
            continue
        try:
            version = Version(pin[2:])
        except InvalidVersion:
            continue
        old = declared.get(package.provider)
        installed = project.installed_version(old.pypi) if old is not None else None
        if old is not None and installed is not None:
            notes.extend(_major_crossed(catalogue, Release(old.pypi, installed), Release(pypi, version)))
        target = _indexed(catalogue, Release(pypi, version))
        if target is None:
            continue
        source = _indexed(catalogue, Release(old.pypi, installed)) if old is not None and installed else None
        if source is not None:
            by_module[package.module] = Resolver(source, target, catalogue.cache)
            how = f"from {old.pypi if old else pypi} {installed} by Terraform type"
        else:
            by_module[package.module] = Resolver(target, target, catalogue.cache, source_known=False)
            how = "by name (the installed release is not indexed)"
        notes.append(f"classes of {pypi} {version} placed in its modules from compat's symbol index, {how}")
    return OtherResolvers(by_module, notes)


def _indexed(catalogue: ReleaseCatalogue, release: Release) -> ReleaseIndex | None:
    if release.version not in catalogue.indexed(release.package):
        return None
    try:
        return catalogue.open(release)
    except CompatError:
        return None


def _major_crossed(catalogue: ReleaseCatalogue, source: Release, target: Release) -> list[str]:
    note = major_note(catalogue.snapshot, source, target)
    return [note] if note else []
