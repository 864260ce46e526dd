"""Opening a release's symbol index for a check: the default loader, and an index opened on first use.

Both live below the check engine and its context, so a rule that asks for an index calls down into
this module (a method of a value the engine built), never back into the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compat.errors import CompatError
from compat.index.cached import CachedIndex
from compat.index.model import IndexLoader, ReleaseIndex

if TYPE_CHECKING:
    from packaging.version import Version

    from compat.snapshot import Snapshot


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


class NewestIndex:
    """The index of the newest release of a bindings package that is not yanked, when it is not
    ``pinned``: found and opened by ``loader`` the first time it is called (most checks never ask:
    only a keyword missing from the pinned release asks whether a newer one has it, and finding the
    newest release parses the package's versions). A plain class, not a
    dataclass: see tests/test_startup.py."""

    __slots__ = ("_loader", "_opened", "offline", "package", "pinned", "snapshot")

    def __init__(
        self, loader: IndexLoader, snapshot: Snapshot, package: str, pinned: Version, offline: bool
    ) -> None:
        self._loader = loader
        self.snapshot = snapshot
        self.package = package
        self.pinned = pinned
        self.offline = offline
        self._opened: list[CachedIndex | None] = []

    def __call__(self) -> CachedIndex | None:
        if not self._opened:
            latest = next(
                (r for r in self.snapshot.bindings_newest_first(self.package) if not r.yanked), None
            )
            found = (
                self._loader(latest.package, str(latest.version), self.offline)
                if latest is not None and latest.version != self.pinned
                else None
            )
            self._opened.append(CachedIndex(found) if found is not None else None)
        return self._opened[0]
