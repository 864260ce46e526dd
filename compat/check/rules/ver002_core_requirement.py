"""VER002: the core (cdktf / cdktn) the project installs is outside the bindings' core requirement."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("VER002", "version", "error", "core-outside-requirement",
                "The installed core library does not satisfy the prebuilt bindings' Requires-Dist.")


def _check(ctx: CheckContext) -> Iterator[Finding]:
    release = ctx.binding_release()
    if release is None or release.core is None or ctx.core is None:
        return
    anchor = ctx.core.pin or (ctx.bindings.pin if ctx.bindings else None)
    path, line = (anchor.path, anchor.line) if anchor else ("", 0)
    if canonicalize_name(release.core.name) != canonicalize_name(ctx.core.name):
        yield META.finding(path, line, 1,
                           f"{release.package} {release.version} needs {release.core_requirement}, "
                           f"but the project installs {ctx.core.name} {ctx.core.version}",
                           symbol=ctx.core.name, suggestion=f"install {release.core_requirement}")
        return
    if release.core_specifier.contains(ctx.core.version, prereleases=True):
        return
    yield META.finding(path, line, 1,
                       f"{ctx.core.name} {ctx.core.version} is outside {release.package} {release.version}'s "
                       f"requirement {release.core_requirement}",
                       symbol=f"{ctx.core.name}=={ctx.core.version}",
                       suggestion=f"pin {ctx.core.name} within {release.core_specifier}")


RULE = Rule(META, on_project=_check)
