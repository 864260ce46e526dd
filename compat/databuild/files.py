"""Atomic JSON writes for the snapshot build."""

from __future__ import annotations

import json
from pathlib import Path

from compat.fileio import write_atomic


def write_json_atomic(path: Path, document: object, indent: int | None = 1) -> None:
    """Write ``document`` to ``path`` as JSON through a temporary file in the same directory."""
    write_atomic(path, json.dumps(document, indent=indent, ensure_ascii=False) + "\n")
