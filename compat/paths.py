"""Where the embedded snapshot and the user cache live."""

from __future__ import annotations

import os
import sys
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
    plain = _plain_xdg_dir("XDG_CACHE_HOME", ".cache")
    if plain is not None:
        return _said_if_unusable(plain)
    from platformdirs import user_cache_dir

    return _said_if_unusable(user_cache_dir("compat", appauthor=False))


def _plain_xdg_dir(variable: str, under_home: str) -> str | None:
    """``platformdirs``' user folder of compat where its answer is plain XDG, else None (then ask it).

    On Linux outside Android, platformdirs' ``Unix`` class answers ``$XDG_..._HOME/compat`` when the
    variable holds an absolute path, else ``$HOME/<under_home>/compat`` when ``HOME`` is absolute; any
    other case (another platform, an Android app, no usable ``HOME``, where it falls back to the
    password database) is left to platformdirs. Importing it (with ``tempfile`` and ``random``) cost
    16 M instructions, 3 % of a small check, which only looks whether a journal folder has entries;
    ``tests/test_paths.py`` holds the two answers equal.
    """
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if os.path.isabs(base):
        return os.path.join(base, "compat")
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        return None
    return os.path.join(home.rstrip("/") or "/", under_home, "compat")


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
    plain = _plain_xdg_dir("XDG_STATE_HOME", ".local/state")
    if plain is not None:
        return Path(plain)
    from platformdirs import user_state_dir

    return Path(user_state_dir("compat", appauthor=False))
