"""The plugin protocols of every provider version a prebuilt release is built for, from the registry.

``GET /v1/providers/{namespace}/{type}/versions`` of the Terraform registry (or OpenTofu's, by the
source's host) lists each version's ``protocols`` (:mod:`compat.registry.terraform`). ``compat data
refresh`` reads it for every provider source the release snapshot names, one request per provider,
into ``provider_protocols.json`` in the user cache (``compat data build`` into ``data/``); VER004
reads it (:func:`compat.versions.protocols_table.load_provider_protocols`).

The registry is not reachable from every machine: the first failure to reach it ends the pass with
one sentence, and whatever table there was is kept (the check then says the protocol is assumed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from compat.errors import RegistryError
from compat.registry.terraform import TerraformRegistryClient

FILENAME = "provider_protocols.json"


def wanted_versions(releases: Iterable[tuple[str | None, str | None]]) -> dict[str, set[str]]:
    """``{source: {provider versions}}`` of (provider source, provider version) pairs, both known."""
    wanted: dict[str, set[str]] = {}
    for source, version in releases:
        if source and version:
            wanted.setdefault(source, set()).add(version)
    return wanted


def read_protocols(
    client: TerraformRegistryClient, wanted: Mapping[str, set[str]]
) -> tuple[dict[str, Any] | None, str | None]:
    """The table for ``wanted`` and None, or None and why the registry could not be read."""
    protocols: dict[str, dict[str, list[str]]] = {}
    sources: dict[str, str] = {}
    for source in sorted(wanted):
        try:
            answer = client.provider_versions_for_source(source)
        except RegistryError as error:
            return None, f"the provider registry cannot be read ({error})"
        parts = source.split("/")
        sources[source] = client.versions_url(parts[-2], parts[-1], parts[0] if len(parts) == 3 else None)
        listed = {row.version: list(row.protocols) for row in answer.versions}
        protocols[source] = {v: listed[v] for v in sorted(wanted[source]) if v in listed}
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"schema": 1, "built_at": stamp, "sources": sources, "protocols": protocols}, None
