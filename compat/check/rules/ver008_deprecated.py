"""VER008: pinned prebuilt bindings their publisher marks as deprecated (npm ``cdktf.isDeprecated``)."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER008",
    "version",
    "warning",
    "deprecated-release",
    "The pinned prebuilt bindings are marked deprecated by their publisher.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    release, snapshot = ctx.binding_release(), ctx.snapshot
    if release is None or not release.deprecated or ctx.bindings is None or snapshot is None:
        return

    def deprecated(version: Version) -> bool:
        other = snapshot.binding(release.package, version)
        return other is None or other.deprecated

    pin = ctx.bindings.pin
    hint = (
        "the cdktf line is archived; consider 'compat migrate --to cdktn'"
        if ctx.family.name == "cdktf"
        else "pin a maintained release"
    )
    yield META.finding(
        pin.path if pin else "",
        pin.line if pin else 0,
        1,
        f"{release.package} {release.version} is marked deprecated",
        symbol=f"{release.package}=={release.version}",
        suggestion=hint,
        basis=Basis(ctx.bindings, deprecated),
    )


RULE = Rule(META, on_project=_check)
