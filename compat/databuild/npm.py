"""The npm side of the snapshot: every npm version of the prebuilt packages and of both cores.

TypeScript projects install ``@cdktf/provider-<x>`` / ``@cdktn/provider-<x>`` and ``cdktf`` /
``cdktn`` from npm. The same jsii build publishes a release to npm and PyPI under one number
(verified on every version both registries list, see docs/DATA.md: same provider version, and
the npm peer range ``^0.21.0`` is the PyPI ``cdktf>=0.21.0,<0.22.0``), so the PyPI rows stay the
release table; this section adds what only npm states, per npm version:

- ``peer_core`` / ``peer_constructs``: the ``peerDependencies`` ranges npm checks (npm semver);
- ``engines_node``; ``provider_source`` / ``provider_version`` (``cdktf.provider``);
- ``deprecated``: the npm ``deprecated`` message, or ``true`` for ``cdktf.isDeprecated`` alone.

Three more packages a TypeScript project declares beside them are kept as ``kind: "tool"``:
``constructs`` (``compat pin`` writes the newest version every chosen package's peer range admits)
and the CLIs ``cdktf-cli`` / ``cdktn-cli`` (moved with the core; ``engines.node``).

Versions npm lists and PyPI does not (``@cdktf/provider-aws`` 10.0.5, 14.0.0, ...) are npm-only
releases: their rows are here and nowhere else. npm ``time`` is not read (mirror times here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from compat.packed_rows import pack_rows
from compat.registry.npm import NpmVersion, Packument
from compat.snapshot import NPM_SECTION

#: npm packages that are neither a core nor a prebuilt package, kept for ``compat pin``: their
#: versions (constructs: the newest admitted; the CLIs: released with the core) and engines
TOOL_PACKAGES = ("constructs", "cdktf-cli", "cdktn-cli")

NPM_FIELDS = (
    "version",
    "peer_core",
    "peer_constructs",
    "engines_node",
    "provider_source",
    "provider_version",
    "deprecated",
)


def npm_row(row: NpmVersion, core: str) -> dict[str, Any]:
    """One snapshot row of an npm version; ``core`` is the peer that is the core (cdktf / cdktn)."""
    deprecated: str | bool | None = row.deprecated_message or (True if row.deprecated else None)
    return {
        "version": row.version,
        "peer_core": row.peer_dependencies.get(core),
        "peer_constructs": row.peer_dependencies.get("constructs"),
        "engines_node": row.engines_node,
        "provider_source": row.provider_source,
        "provider_version": row.provider_version,
        "deprecated": deprecated,
    }


def npm_entry(packument: Packument, *, kind: str, core: str, pypi: str) -> dict[str, Any]:
    """The packed entry of one npm package (``kind`` "bindings", "core" or "tool")."""
    rows = [npm_row(packument.versions[v], core) for v in packument.versions]
    packed = pack_rows(rows) if rows else {**pack_rows([]), "fields": list(NPM_FIELDS)}
    return {"kind": kind, "pypi": pypi, "count": len(rows), **packed}


def npm_section(
    bindings: Iterable[tuple[str, str, Packument | None]],
    cores: Mapping[str, Packument | None],
    tools: Mapping[str, Packument | None] | None = None,
) -> dict[str, Any]:
    """The ``npm`` key of the snapshot document.

    ``bindings``: ``(pypi name, core name, packument or None)`` per prebuilt package; ``cores``:
    the packument of each core by name; ``tools``: of each of :data:`TOOL_PACKAGES`. A package npm
    does not have (most cdktn ones) is absent.
    """
    section: dict[str, Any] = {}
    for pypi, core, packument in sorted(bindings, key=lambda item: item[0]):
        if packument is not None:
            section[packument.name] = npm_entry(packument, kind="bindings", core=core, pypi=pypi)
    for core, packument in cores.items():
        if packument is not None:
            section[packument.name] = npm_entry(packument, kind="core", core=core, pypi=core)
    for name, packument in (tools or {}).items():
        if packument is not None:  # a CLI peers on nothing; "cdktf" stands for the core field
            section[packument.name] = npm_entry(packument, kind="tool", core="cdktf", pypi=name)
    return section


__all__ = ["NPM_FIELDS", "NPM_SECTION", "TOOL_PACKAGES", "npm_entry", "npm_row", "npm_section"]
