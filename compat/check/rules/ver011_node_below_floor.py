"""VER011: the project's Node.js is below what the installed core or bindings declare.

jsii runs every synth in Node.js; below ``engines.node`` npm refuses or jsii fails at start. The
Node.js comes from ``--node``, ``.nvmrc``, ``.node-version``, ``.tool-versions`` (an error), or only
from PATH (a warning: that is the machine running compat, maybe not the one that synthesizes).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._node import below, floors, on_path, project_file
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER011",
    "version",
    "error",
    "node-below-floor",
    "The project's Node.js is older than the installed core or bindings require.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    node = ctx.environment.node
    if node is None:
        return
    failing = [floor for floor in floors(ctx) if below(node.version, floor.version)]
    if not failing:
        return
    floor = max(failing, key=lambda f: f.version)
    where = project_file(ctx, node)
    message = (
        f"{floor.what} needs Node.js >= {floor.version} ({floor.source}); "
        f"the project's Node.js is {node.raw} (from {node.source})"
    )
    if on_path(node):
        message += ": found on PATH only, assumed to be the one that synthesizes"
    yield META.finding(
        where,
        1 if where else 0,
        1 if where else 0,
        message,
        symbol=f"node {node.raw}",
        suggestion=f"use Node.js {floor.version} or newer" + (f" (set it in {where})" if where else ""),
        severity="warning" if on_path(node) else None,
    )


RULE = Rule(META, on_project=_check)
