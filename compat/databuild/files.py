"""Atomic JSON writes for the snapshot build."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from compat.fileio import write_atomic


def write_json_atomic(path: Path, document: object, indent: int | None = 1) -> None:
    """Write ``document`` to ``path`` as JSON through a temporary file in the same directory."""
    write_atomic(path, json.dumps(document, indent=indent, ensure_ascii=False) + "\n")


def write_snapshot_atomic(path: Path, document: Mapping[str, object]) -> None:
    """Write the release snapshot ``document`` to ``path`` with its index (:mod:`compat.snapshot_layout`)."""
    from compat.snapshot_layout import dump_snapshot

    write_atomic(path, dump_snapshot(document))
