"""Which release a project migrates from and to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.lines import CDKTF, CDKTN, LINES, Line, line_of_package
from compat.migrations.model import Release

VersionsOf = Callable[[str], Sequence[str]]


def newest(versions: Sequence[str]) -> str | None:
    stable = [v for v in versions if not _version(v).is_prerelease]
    pool = stable or list(versions)
    return max(pool, key=_version) if pool else None


def _version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def choose_target(to: str, source: Release, versions_of: VersionsOf) -> Release:
    """``--to``: ``cdktn`` / ``cdktf`` (newest release of that line) or a version of either line.

    A bare version stays on the source's line when that line has it; the versions the cdktf line
    never had (21.23.0 and later) are cdktn's.
    """
    to = to.strip()
    if to in LINES:
        line = LINES[to]
        found = newest(versions_of(line.bindings))
        if found is None:
            raise CompatError(f"no indexed release of {line.bindings}: run 'compat index build'")
        return Release(line.bindings, found)
    try:
        wanted = Version(to)
    except InvalidVersion as error:
        raise CompatError(f"--to must be a version, 'cdktn' or 'cdktf', not {to!r}") from error
    source_line = line_of_package(source.package) or CDKTF
    other = CDKTN if source_line is CDKTF else CDKTF
    for line in (source_line, other):
        for version in versions_of(line.bindings):
            if _version(version) == wanted:
                return Release(line.bindings, version)
    raise CompatError(
        f"no indexed release {to} of {CDKTF.bindings} or {CDKTN.bindings}: "
        f"index it with 'compat index build {source_line.bindings}=={to}' (into the user cache)"
    )


def line_of_release(release: Release) -> Line:
    line = line_of_package(release.package)
    if line is None:
        raise CompatError(f"{release.package} is not a prebuilt AWS bindings package")
    return line


def parse_release(text: str, versions_of: VersionsOf, default: Line = CDKTF) -> Release:
    """``--from`` / ``--to`` of ``renames`` and ``graph``: ``9.0.52``, ``cdktn``, or ``package==version``."""
    text = text.strip()
    if "==" in text:
        package, _, version = text.partition("==")
        line = line_of_package(package.strip())
        if line is None:
            raise CompatError(f"{package!r} is not a prebuilt AWS bindings package")
        return Release(line.bindings, version.strip())
    return choose_target(text, Release(default.bindings, "0"), versions_of)
