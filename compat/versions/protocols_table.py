"""The plugin protocols of provider versions as the registry lists them (``provider_protocols.json``,
written by ``compat data refresh`` / ``build``: :mod:`compat.databuild.protocols`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from compat.record import Record

FILENAME = "provider_protocols.json"


class ProtocolTable(Record):
    protocols: dict[str, dict[str, tuple[str, ...]]]  # provider source -> version -> protocols
    sources: dict[str, str]  # provider source -> the registry URL it was read from

    def of(self, source: str | None, version: str | None) -> tuple[tuple[str, ...], str] | None:
        """The protocols of one provider version and the URL stating them; None when not listed."""
        if not source or not version:
            return None
        found = self.protocols.get(source, {}).get(version)
        return (found, self.sources.get(source, "")) if found else None


def parse_protocol_table(document: object) -> ProtocolTable | None:
    if not isinstance(document, dict) or not isinstance(document.get("protocols"), dict):
        return None
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for source, versions in document["protocols"].items():
        if isinstance(versions, dict):
            table[str(source)] = {
                str(v): tuple(str(p) for p in rows) for v, rows in versions.items() if isinstance(rows, list)
            }
    sources = document.get("sources")
    urls = {str(k): str(v) for k, v in sources.items()} if isinstance(sources, dict) else {}
    return ProtocolTable(table, urls)


def _read(path: Path) -> ProtocolTable | None:
    try:
        return parse_protocol_table(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


@cache
def load_provider_protocols() -> ProtocolTable | None:
    """The user cache's table (``compat data refresh``), else the embedded one; None when neither."""
    from compat.paths import cache_dir, data_dir

    for path in (cache_dir() / FILENAME, data_dir() / FILENAME):
        if path.is_file():
            table = _read(path)
            if table is not None:
                return table
    return None
