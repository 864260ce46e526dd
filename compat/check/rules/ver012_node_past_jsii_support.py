"""VER012: the project's Node.js major is past the end of jsii's support.

jsii's own table (``@jsii/check-node``, in ``runtimes.json`` with its URL) says until when each
Node.js major is supported; past that date every synth prints the warning and jsii may stop working
with it. A Node.js found only on PATH is not the project's: no finding then.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._node import on_path, project_file
from compat.check.rules.base import Rule
from compat.runtimes import Runtimes, load_runtimes

META = RuleMeta(
    "VER012",
    "version",
    "warning",
    "node-past-jsii-support",
    "The project's Node.js major is past the end of jsii's support.",
)


def supported_majors(runtimes: Runtimes, today: date) -> list[int]:
    return [n.major for n in runtimes.jsii_nodes if not n.untested and n.end_of_jsii_support >= today]


def _check(ctx: CheckContext, today: date | None = None) -> Iterator[Finding]:
    node = ctx.environment.node
    if node is None or on_path(node):
        return
    runtimes = load_runtimes()
    release = runtimes.node_release(node.version.major)
    today = today or date.today()
    if release is None or release.end_of_jsii_support >= today:
        return
    where = project_file(ctx, node)
    majors = supported_majors(runtimes, today)
    yield META.finding(
        where,
        1 if where else 0,
        1 if where else 0,
        f"Node.js {node.version.major} (from {node.source}) reached end of life on {release.end_of_life} and "
        f"jsii's end of support on {release.end_of_jsii_support} ({runtimes.jsii_source})",
        symbol=f"node {node.raw}",
        suggestion=f"use Node.js {' or '.join(str(m) for m in majors)}" if majors else None,
    )


RULE = Rule(META, on_project=_check)
