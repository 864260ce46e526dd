"""SRC002: no symbol index for the pinned release, so the import and api rules could not run."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "SRC002",
    "source",
    "warning",
    "no-symbol-index",
    "The pinned release has no symbol index: import and api rules were skipped.",
)


def _project(ctx: CheckContext) -> Iterator[Finding]:
    bindings = ctx.bindings
    if bindings is None or ctx.index is not None:
        return
    pin = bindings.pin
    yield META.finding(
        pin.path if pin else "",
        pin.line if pin else 0,
        1,
        f"no symbol index for {bindings.name} {bindings.version}: import and api rules were skipped",
        symbol=f"{bindings.name}=={bindings.version}",
        suggestion="run 'compat index build' or check without --offline",
    )


RULE = Rule(META, on_project=_project)
