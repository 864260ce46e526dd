"""Access to the symbol index and the on-disk cache of resolutions, in one swappable place."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from compat.errors import CompatError
from compat.index.model import ReleaseIndex


def open_index(package: str, version: str, *, offline: bool = True) -> ReleaseIndex:
    import compat.index as index

    opener = getattr(index, "open_release_index", None)
    if opener is None:
        raise CompatError("the symbol index is not part of this build yet")
    result: ReleaseIndex = opener(package, version, offline=offline)
    return result


def indexed_versions(package: str) -> Sequence[str]:
    import compat.index as index

    lister = getattr(index, "indexed_versions", None)
    if lister is None:
        raise CompatError("the symbol index is not part of this build yet")
    return [str(v) for v in lister(package)]


def resolution_cache() -> MutableMapping[Any, Any] | None:
    """Resolutions are facts about two immutable releases: safe to keep in the user cache."""
    from compat.cache import open_disk_cache  # not through the HTTP client: no requests import

    cache: MutableMapping[Any, Any] | None = open_disk_cache("migrations")
    return cache
