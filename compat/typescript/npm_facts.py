"""What npm says about one version of a prebuilt package or core: peer ranges, engines.node, the
provider version it was built for, deprecation.

The release snapshot's npm section (``Snapshot.npm_release``, built by ``compat data build`` from the
npm packuments) is read when the snapshot has one; a snapshot without it answers None, and the rules
fall back to the lock's own record and to the Python twin's Requires-Dist (the same jsii build
publishes one numbering to both registries).
"""

from __future__ import annotations

from compat.record import Record
from compat.snapshot import Snapshot

SOURCE = "npm packument, release snapshot"


class NpmFacts(Record):
    peer_core: str | None  # npm range text, e.g. "^0.20.0"
    peer_constructs: str | None
    engines_node: str | None
    provider_version: str | None
    deprecated: str | None  # the deprecation message ("deprecated" when npm gives none); None: not deprecated


def npm_facts(snapshot: Snapshot | None, package: str, version: str) -> NpmFacts | None:
    """The npm facts of ``package@version`` (npm names), or None when the snapshot has none."""
    finder = getattr(snapshot, "npm_release", None)
    if finder is None:
        return None
    row: object = finder(package, version)
    if row is None:
        return None
    message = getattr(row, "deprecated_message", None)
    return NpmFacts(
        peer_core=getattr(row, "peer_core", None),
        peer_constructs=getattr(row, "peer_constructs", None),
        engines_node=getattr(row, "engines_node", None),
        provider_version=getattr(row, "provider_version", None),
        deprecated=(message or "deprecated") if getattr(row, "deprecated", False) else None,
    )
