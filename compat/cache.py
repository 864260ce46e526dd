"""The user cache is an optimisation: whatever is wrong with it, a command goes on without it.

A damaged file (garbage, the wrong shape, an old format), a cache directory that cannot be
created or written (``XDG_CACHE_HOME`` naming a file, a read-only home, no home at all) is
discarded or ignored with one warning on stderr, never an error. :class:`SafeCache` wraps the
disk cache so that a failure of any read or write turns the cache off for the rest of the run.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from compat.notice import warn_once
from compat.paths import cache_dir


def discard(path: Path, reason: str, *, remove: bool = True) -> None:
    """Ignore a damaged cache file, saying so once; ``remove`` it (it is rebuilt on demand)."""
    if remove:
        with contextlib.suppress(OSError):
            path.unlink()
    warn_once(f"ignored the damaged cache file {path} ({reason}); it is rebuilt when needed")


class SafeCache(MutableMapping[Any, Any]):
    """A disk cache whose failures (damaged database, full or read-only disk) switch it off."""

    def __init__(self, inner: object, where: Path) -> None:
        self._inner: Any = inner
        self._where = where

    def _failed(self, error: BaseException) -> None:
        self._inner = None
        warn_once(f"the cache in {self._where} failed ({type(error).__name__}: {error}); going on without it")

    def get(self, key: Any, default: Any = None) -> object:
        if self._inner is None:
            return default
        try:
            return self._inner.get(key, default)
        except Exception as error:  # a cache entry that cannot be read (damaged, old format) is a miss
            self._failed(error)
            return default

    def set(self, key: object, value: object) -> None:
        if self._inner is None:
            return
        try:
            self._inner.set(key, value)
        except (OSError, sqlite3.Error) as error:
            self._failed(error)

    def __getitem__(self, key: object) -> object:
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            raise KeyError(key)
        return value

    def __setitem__(self, key: object, value: object) -> None:
        self.set(key, value)

    def __delitem__(self, key: object) -> None:
        if self._inner is not None:
            with contextlib.suppress(KeyError, OSError, sqlite3.Error):
                del self._inner[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(())  # never enumerated: a cache is looked up by key

    def __len__(self) -> int:
        return 0


def open_disk_cache(subdir: str) -> SafeCache | None:
    """The diskcache under ``<cache>/subdir``; a damaged one is discarded, an unusable one is None."""
    try:
        import diskcache

        where = cache_dir() / subdir
    except (OSError, ImportError, KeyError, RuntimeError) as error:
        warn_once(f"no user cache ({error}); going on without it")
        return None
    for attempt in range(2):
        try:
            return SafeCache(diskcache.Cache(str(where), size_limit=2**30), where)
        except (OSError, sqlite3.Error) as error:
            if attempt == 0 and type(error) is sqlite3.DatabaseError:  # not a database: garbage
                discard(where / "cache.db", str(error))
                continue
            warn_once(f"cannot use the cache in {where} ({type(error).__name__}: {error}); going on without")
            return None
    return None
