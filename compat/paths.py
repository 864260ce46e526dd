"""Where the embedded snapshot and the user cache live."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from compat.notice import warn_once


@cache
def data_dir() -> Path:
    """The embedded snapshot: ``compat/_data`` in a wheel, ``data/`` in a source checkout.

    ``COMPAT_DATA_DIR`` overrides both (used by the snapshot build and by tests).
    """
    override = os.environ.get("COMPAT_DATA_DIR")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    if installed.is_dir():
        return installed
    return here.parent / "data"


def cache_dir() -> Path:
    """The user cache (``COMPAT_CACHE_DIR`` overrides the platform default)."""
    override = os.environ.get("COMPAT_CACHE_DIR")
    if override:
        return _said_if_unusable(override)
    from platformdirs import user_cache_dir

    return _said_if_unusable(user_cache_dir("compat", appauthor=False))


@cache
def _said_if_unusable(path: str) -> Path:
    """``path``; a file where it or a folder above it should be (``XDG_CACHE_HOME`` naming a file) is
    said once per run: every use of the cache then fails quietly and the command goes on without it."""
    for candidate in (Path(path), *Path(path).parents):
        if candidate.exists():
            if not candidate.is_dir():
                warn_once(
                    f"the cache directory {path} cannot be used ({candidate} is not a directory): "
                    "going on without a cache"
                )
            break
    return Path(path)


def state_dir() -> Path:
    """Where compat keeps what must outlive a run but is not a cache: the journals of writes.

    ``COMPAT_STATE_DIR`` overrides the platform default (``~/.local/state/compat`` on Linux). It is
    the user's own folder, never the project's: nothing a repository ships can land in it.
    """
    override = os.environ.get("COMPAT_STATE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("compat", appauthor=False))
