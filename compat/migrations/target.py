"""Which release a command names: ``--to`` / ``--from`` parsed once at the edge, chosen in the catalogue.

A :data:`ReleaseSpec` is what the text said: a family (its newest release), a version of either family,
or an exact ``package==version``. :func:`choose_target` finds the release it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.families import CDKTF, CDKTN, FAMILIES, Family, family_of_package
from compat.migrations.model import Release
from compat.record import Record

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue


class CoreTarget(Record):
    """``--to cdktn==0.22.1`` / ``--to cdktn==latest``: a core release (``version`` None: the newest)."""

    family: Family
    version: Version | None

    def __str__(self) -> str:
        return f"{self.family.core}=={self.version or 'latest'}"


ReleaseSpec = Family | Version | Release
MigrationSpec = Family | Version | CoreTarget


def parse_family_or_version(text: str, option: str = "--to") -> MigrationSpec:
    """``cdktn`` / ``cdktf``, ``cdktn==0.24.0`` / ``cdktn==latest`` (a core release), or a version of the
    AWS bindings of either family (``migrate --to``); ``option`` names the flag."""
    text = text.strip()
    if text in FAMILIES:
        return FAMILIES[text]
    name, equals, version = text.partition("==")
    if equals and name.strip() in FAMILIES:
        family = FAMILIES[name.strip()]
        if version.strip() == "latest":
            return CoreTarget(family, None)
        try:
            return CoreTarget(family, Version(version.strip()))
        except InvalidVersion as error:
            raise CompatError(f"{option} {text!r}: {version.strip()!r} is not a version") from error
    try:
        return Version(text)
    except InvalidVersion as error:
        raise CompatError(f"{option} must be a version, 'cdktn' or 'cdktf', not {text!r}") from error


def parse_spec(text: str, option: str) -> ReleaseSpec:
    """A line, a version, or ``package==version`` of the prebuilt AWS bindings, given to ``option``."""
    if "==" not in text:
        spec = parse_family_or_version(text, option)
        assert not isinstance(spec, CoreTarget)
        return spec
    package, _, version = text.partition("==")
    family = family_of_package(package.strip())
    if family is None:
        raise CompatError(f"{option} {text!r}: not a prebuilt AWS bindings package")
    try:
        return Release(family.bindings, Version(version.strip()))
    except InvalidVersion as error:
        raise CompatError(f"invalid version {version.strip()!r} for {family.bindings}") from error


def newest(versions: Sequence[Version]) -> Version | None:
    """The newest stable version (the newest pre-release when there is no stable one)."""
    stable = [v for v in versions if not v.is_prerelease]
    pool = stable or list(versions)
    return max(pool) if pool else None


def newest_release(family: Family, versions: Sequence[Version]) -> Release:
    found = newest(versions)
    if found is None:
        raise CompatError(f"no indexed release of {family.bindings}: run 'compat index build'")
    return Release(family.bindings, found)


def choose_target(wanted: ReleaseSpec, family: Family, catalogue: ReleaseCatalogue) -> Release:
    """The release ``wanted`` names; ``family`` is the family of the release it moves from.

    A line is its newest release. A bare version stays on ``line`` when that line has it; the
    versions the cdktf family never had (21.23.0 and later) are cdktn's.
    """
    if isinstance(wanted, Release):
        return wanted
    if isinstance(wanted, Family):
        return newest_release(wanted, catalogue.known(wanted.bindings))
    other = CDKTN if family is CDKTF else CDKTF
    for candidate in (family, other):
        found = next((v for v in catalogue.known(candidate.bindings) if v == wanted), None)
        if found is not None:
            return Release(candidate.bindings, found)
    raise CompatError(
        f"no indexed release {wanted} of {CDKTF.bindings} or {CDKTN.bindings}: "
        f"index it with 'compat index build {family.bindings}=={wanted}' (into the user cache)"
    )


def family_of_release(release: Release) -> Family:
    family = family_of_package(release.package)
    if family is None:
        raise CompatError(f"{release.package} is not a prebuilt AWS bindings package")
    return family
