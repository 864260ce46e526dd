"""The Node.js floor of the installed releases and jsii's support of a Node.js major, with sources.

Floors: ``engines.node`` of the installed prebuilt bindings (npm, per version: the release snapshot's
``engines_node`` when it has one, else ``runtimes.json``)
and the minimum Node.js of the installed core (``node_min`` of the snapshot, its source in
:data:`compat.databuild.facts.NODE_MIN`). A Node.js found only on PATH is a fact about the machine
running compat, not about the project: rules treat it as an assumption.
"""

from __future__ import annotations

from packaging.version import Version

from compat.check.context import CheckContext
from compat.databuild import facts
from compat.record import Record
from compat.runtimes import load_runtimes
from compat.versions.detect import Detected
from compat.versions.node import engines_floor, newest_in


class NodeFloor(Record):
    version: Version
    what: str  # "cdktf 0.21.0" / "@cdktf/provider-aws 21.22.1 (engines.node >= 20.9.0)"
    source: str


def floors(ctx: CheckContext) -> list[NodeFloor]:
    found: list[NodeFloor] = []
    runtimes = load_runtimes()
    if ctx.bindings is not None:
        # the release snapshot's own field when the snapshot has it (every provider package), else
        # runtimes.json (the AWS packages)
        recorded = getattr(ctx.binding_release(), "engines_node", None)
        engines = (
            recorded
            if isinstance(recorded, str) and recorded
            else runtimes.engines.get(ctx.family.npm, {}).get(str(ctx.bindings.version))
        )
        floor = engines_floor(engines) if engines else None
        if floor is not None:
            found.append(
                NodeFloor(
                    floor,
                    f"{ctx.family.npm} {ctx.bindings.version} (engines.node {engines})",
                    runtimes.engines_sources.get(ctx.family.npm, "npm"),
                )
            )
    core = ctx.core_release()
    node_floor = core.node_floor if core is not None else None
    if core is not None and node_floor is not None:
        fact = facts.core_fact(facts.NODE_MIN, core.package, core.version)
        found.append(
            NodeFloor(
                node_floor, f"{core.package} {core.version}", fact.source if fact else "the release snapshot"
            )
        )
    return found


def below(node: Version, floor: Version) -> bool:
    """True when every Node.js ``node`` names is below ``floor`` (``16`` names every 16.x)."""
    return newest_in(node) <= floor if len(node.release) < 3 else node < floor


def on_path(node: Detected) -> bool:
    return node.source.startswith("'")  # "'/usr/bin/node --version'"


def project_file(ctx: CheckContext, node: Detected) -> str:
    return node.source if (ctx.facts.root / node.source).is_file() else ""
