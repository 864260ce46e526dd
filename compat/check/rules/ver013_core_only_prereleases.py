"""VER013: the bindings need a core that is published only as pre-releases.

Two cases. ``cdktn>=0.25.0`` while only ``0.25.0.devN`` exists: PEP 440 orders those below ``0.25.0``,
so nothing can install it (an error whatever the tool). ``cdktn>=0.25.0.dev0`` with only dev releases:
pip, pipenv and uv skip pre-releases unless told (pip ``--pre`` or an exact pre-release pin, pipenv
``allow_prereleases``): an error for them, a warning (an assumption) for Poetry and PDM.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.versions.pep440 import final_of

META = RuleMeta(
    "VER013",
    "version",
    "error",
    "core-only-prereleases",
    "The bindings need a core version that is published only as pre-releases.",
)

_SKIPS_PRERELEASES = ("pip", "pipenv", "uv")


def _allows_prereleases(ctx: CheckContext) -> bool:
    """An exact pre-release pin of the core, pip's ``--pre`` or pipenv's ``allow_prereleases``."""
    core = ctx.core
    if core is not None and core.pin is not None and core.pin.exact and core.pin.exact.is_prerelease:
        return True
    return ctx.facts.project.settings.prereleases


def _unreleased(specifier: SpecifierSet, cores: list[Version]) -> list[Version]:
    """Pre-releases of a version the specifier wants (``0.25.0.dev65`` for ``>=0.25.0``): PEP 440 orders
    them below it, so they never satisfy it, with or without ``--pre``."""
    return [
        v
        for v in cores
        if v.is_prerelease and specifier.contains(final_of(v)) and not specifier.contains(v, prereleases=True)
    ]


def _check(ctx: CheckContext) -> Iterator[Finding]:
    release = ctx.binding_release()
    core_name = release.core_name if release is not None else None
    if release is None or core_name is None or ctx.snapshot is None:
        return
    specifier = release.core_specifier
    if ctx.snapshot.cores_by_package.any_final(core_name, specifier.contains):
        return  # the common case, asked without parsing every core release
    versions = [c.version for c in ctx.snapshot.cores(core_name)]
    if not versions:
        return
    anchor = ctx.bindings.pin if ctx.bindings else None
    path, line = (anchor.path, anchor.line) if anchor else ("", 0)
    head = f"{release.package} {release.version} needs {release.core_requirement}"
    symbol = f"{release.package}=={release.version}"
    older = f"use an older {release.package} release"
    unreleased = _unreleased(specifier, versions)
    if unreleased:
        newest = max(unreleased)
        message = (
            f"{head}, which no published {core_name} satisfies: only {newest} exists, and "
            f"PEP 440 orders it below {newest.base_version}, so no installer can install it, even "
            "with pre-releases allowed"
        )
        yield META.finding(
            path,
            line,
            1,
            message,
            symbol=symbol,
            suggestion=f"{older} until {core_name} {newest.base_version} is released",
        )
        return
    previews = [v for v in versions if specifier.contains(v, prereleases=True)]
    if not previews or _allows_prereleases(ctx):
        return
    tool = ctx.facts.project.settings.installer
    judged = tool in _SKIPS_PRERELEASES
    message = (
        f"{head}, which only pre-releases satisfy (newest {max(previews)}): {tool} skips "
        "pre-releases unless told, so the install fails"
    )
    if not judged:
        message += f" (assumed: {tool}'s handling of pre-releases is not checked)"
    yield META.finding(
        path,
        line,
        1,
        message,
        symbol=symbol,
        suggestion=f"{older}, or pin {core_name}=={max(previews)} explicitly",
        severity=None if judged else "warning",
    )


RULE = Rule(META, on_project=_check)
