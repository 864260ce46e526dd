"""VER007: a pinned release that PyPI marks as yanked."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("VER007", "version", "warning", "yanked-release", "A pinned release is yanked on PyPI.")


def _check(ctx: CheckContext) -> Iterator[Finding]:
    for resolved, release in ((ctx.bindings, ctx.binding_release()), (ctx.core, ctx.core_release())):
        if resolved is None or release is None or not release.yanked:
            continue
        pin = resolved.pin
        yield META.finding(
            pin.path if pin else "",
            pin.line if pin else 0,
            1,
            f"{resolved.name} {resolved.version} is yanked on PyPI",
            symbol=f"{resolved.name}=={resolved.version}",
            suggestion="pin another release",
        )


RULE = Rule(META, on_project=_check)
