"""Opening a release's symbol index for a check: the default loader, and an index opened on first use.

Both live below the check engine and its context, so a rule that asks for an index calls down into
this module (a method of a value the engine built), never back into the engine.
"""

from __future__ import annotations

from compat.errors import CompatError
from compat.index.cached import CachedIndex
from compat.index.model import IndexLoader, ReleaseIndex


def open_index_or_none(package: str, version: str, offline: bool) -> ReleaseIndex | None:
    """:func:`compat.index.open_release_index`; None when it has no answer (an :data:`IndexLoader`)."""
    try:
        from compat.index import open_release_index
    except ImportError:
        return None
    try:
        index: ReleaseIndex | None = open_release_index(package, version, offline=offline)
    except CompatError:
        return None
    return index


def no_index() -> CachedIndex | None:
    """The newest-release index of a context whose pinned release is the newest (or unknown)."""
    return None


class LazyIndex:
    """The index of one release, opened by ``loader`` the first time it is called (most checks never
    ask: only a keyword missing from the pinned release asks whether a newer one has it). A plain
    class, not a dataclass: see tests/test_startup.py."""

    __slots__ = ("_loader", "_opened", "offline", "package", "version")

    def __init__(self, loader: IndexLoader, package: str, version: str, offline: bool) -> None:
        self._loader = loader
        self.package = package
        self.version = version
        self.offline = offline
        self._opened: list[CachedIndex | None] = []

    def __call__(self) -> CachedIndex | None:
        if not self._opened:
            found = self._loader(self.package, self.version, self.offline)
            self._opened.append(CachedIndex(found) if found is not None else None)
        return self._opened[0]
