"""The version a Terraform / OpenTofu binary reports, asked once per binary and remembered.

``terraform version -json`` starts a Go program (tens of milliseconds, over 50 MiB) that also
asks HashiCorp's checkpoint service for news, a DNS lookup even with ``--offline``. The answer
depends only on the binary, so it is cached by the binary's path, size and modification time
in ``<cache>/binary-versions.json``, and the child runs with ``CHECKPOINT_DISABLE=1``: no
network. The file joins a user cache compat already keeps and never starts one (a first run, or
an offline dry run on a clean machine, leaves nothing behind). A cache that cannot be read or
written is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

_FILE = "binary-versions.json"


def binary_version(binary: str, run: Callable[..., Any]) -> str:
    """``<binary> version -json``'s version (OpenTofu keeps Terraform's key; ``opentofu_version`` too)."""
    key = _key(binary)
    cache = _read()
    if key is not None and isinstance(cache.get(key), str):
        return str(cache[key])
    env = {**os.environ, "CHECKPOINT_DISABLE": "1"}
    result = run([binary, "version", "-json"], capture_output=True, text=True, timeout=20, check=False,
                 env=env)
    document = json.loads(result.stdout)
    version = str(document.get("terraform_version") or document["opentofu_version"])
    if key is not None:
        _write({**cache, key: version})
    return version


def _key(binary: str) -> str | None:
    """``path|size|mtime_ns`` of the real file; None when it cannot be read (then nothing is cached)."""
    try:
        path = os.path.realpath(binary)
        stat = os.stat(path)
    except OSError:
        return None
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"


def _path() -> Path:
    from compat.paths import cache_dir

    return cache_dir() / _FILE


def _read() -> dict[str, object]:
    try:
        loaded = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write(entries: dict[str, object]) -> None:
    from compat.fileio import write_atomic

    path = _path()
    with contextlib.suppress(OSError):
        if path.parent.is_dir() and any(path.parent.iterdir()):
            write_atomic(path, json.dumps(dict(list(entries.items())[-32:]), indent=0))
