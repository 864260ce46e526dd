"""VER009: a pinned version that the release snapshot does not know (typo, or newer than the data)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER009", "version", "warning", "unknown-release", "A pinned version is not in the release snapshot."
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.snapshot is None:
        return
    pairs = (
        (ctx.bindings, ctx.binding_release(), ctx.snapshot.bindings),
        (ctx.core, ctx.core_release(), ctx.snapshot.cores),
    )
    for resolved, release, known in pairs:
        if resolved is None or release is not None or not known(resolved.name):
            continue
        pin = resolved.pin
        yield META.finding(
            pin.path if pin else "",
            pin.line if pin else 0,
            1,
            f"{resolved.name} {resolved.version} is not a release known to the snapshot",
            symbol=f"{resolved.name}=={resolved.version}",
            suggestion="check the version, or run 'compat data refresh'",
        )


RULE = Rule(META, on_project=_check)
