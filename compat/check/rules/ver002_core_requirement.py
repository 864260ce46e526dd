"""VER002: the core (cdktf / cdktn) the project installs is outside the bindings' core requirement."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name
from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.families import family_of_package
from compat.snapshot import BindingRelease

META = RuleMeta(
    "VER002",
    "version",
    "error",
    "core-outside-requirement",
    "The installed core library does not satisfy the prebuilt bindings' Requires-Dist.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    release = ctx.binding_release()
    if release is None or release.core is None or ctx.core is None:
        return
    anchor = ctx.core.pin or (ctx.bindings.pin if ctx.bindings else None)
    path, line = (anchor.path, anchor.line) if anchor else ("", 0)
    if canonicalize_name(release.core.name) != canonicalize_name(ctx.core.name):
        fitting = _fitting_release(ctx, release)
        if fitting is None:
            yield META.finding(
                path,
                line,
                1,
                f"{release.package} {release.version} needs {release.core_requirement}, "
                f"but the project installs {ctx.core.name} {ctx.core.version}",
                symbol=ctx.core.name,
                suggestion=f"install {release.core_requirement}",
            )
            return
        same = (
            " (the same AWS provider)"
            if fitting.provider_version == release.provider_version and fitting.provider_version is not None
            else ""
        )
        yield META.finding(
            path,
            line,
            1,
            f"{release.package} {release.version} was built for {release.core_name} "
            f"({release.core_requirement}), but the project installs {ctx.core.name} "
            f"{ctx.core.version}: the two lines do not mix (type errors, jsii banners); "
            f"{fitting.package} {fitting.version} is built for {ctx.core.name} "
            f"{ctx.core.version} with AWS provider {fitting.provider_version}{same}",
            symbol=ctx.core.name,
            suggestion=f"pin {fitting.package}=={fitting.version}",
        )
        return
    if release.core_specifier.contains(ctx.core.version, prereleases=True):
        return
    yield META.finding(
        path,
        line,
        1,
        f"{ctx.core.name} {ctx.core.version} is outside {release.package} {release.version}'s "
        f"requirement {release.core_requirement}",
        symbol=f"{ctx.core.name}=={ctx.core.version}",
        suggestion=f"pin {ctx.core.name} within {release.core_specifier}",
    )


def _fitting_release(ctx: CheckContext, release: BindingRelease) -> BindingRelease | None:
    """The bindings release built for the installed core nearest ``release``'s AWS provider.

    Looked for in ``release``'s own package first (``cdktn-provider-aws`` 21.23.0-22.1.0 still need
    cdktf; 23.0.0 is the first for cdktn), then in the AWS bindings of the core's family; only releases
    the project's Python can install.
    """
    snapshot, core = ctx.snapshot, ctx.core
    if snapshot is None or core is None:
        return None
    installed = core.version
    family = family_of_package(core.name)
    python = ctx.environment.python
    for package in dict.fromkeys([release.package, *([family.bindings] if family else [])]):
        candidates = [
            b
            for b in snapshot.bindings(package)
            if not b.yanked
            and b.core_name is not None
            and canonicalize_name(b.core_name) == canonicalize_name(core.name)
            and b.core_specifier.contains(installed, prereleases=True)
            and (python is None or python.installable(b.python_specifier))
        ]
        if candidates:
            wanted = release.provider_version
            return min(
                candidates,
                key=lambda b: (
                    abs(_ordinal(b.provider_version) - _ordinal(wanted))
                    if wanted and b.provider_version
                    else 0,
                    b.version,
                ),
            )
    return None


def _ordinal(version: Version | None) -> int:
    if version is None:
        return 0
    release = list(version.release) + [0, 0]
    return release[0] * 1_000_000 + release[1] * 1_000 + release[2]


RULE = Rule(META, on_project=_check)
