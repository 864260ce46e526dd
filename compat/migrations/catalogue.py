"""The releases ``migrate``, ``renames`` and ``graph`` may name, and the symbol indexes of them.

One :class:`ReleaseCatalogue` is built at the CLI edge (:func:`load_catalogue`) and handed to the
core as one argument: the indexed releases, the snapshot (whose releases ``--to`` / ``--from`` may
name when online: they are indexed on demand) and the on-disk cache of resolutions. Tests hand
the core an in-memory subclass instead (``tests/migrations/fakes.py``).
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.errors import CompatError
from compat.index.model import ReleaseIndex
from compat.migrations.model import Release

if TYPE_CHECKING:
    from compat.index.typescript import TsRelease
    from compat.snapshot import Snapshot


class ReleaseCatalogue:
    """Releases of the prebuilt AWS bindings, as :class:`Version`, and their symbol indexes.

    ``offline``: never index a release on demand, and name only indexed releases.
    """

    def __init__(
        self,
        snapshot: Snapshot | None = None,
        cache: MutableMapping[object, object] | None = None,
        *,
        offline: bool = True,
    ) -> None:
        self.snapshot = snapshot
        self.cache = cache  # resolutions: facts about two immutable releases
        self.offline = offline
        self._indexed: dict[str, tuple[Version, ...]] = {}

    def open(self, release: Release) -> ReleaseIndex:
        """The symbol index of ``release`` (one line of :class:`CompatError` when there is none)."""
        from compat.index import open_release_index

        try:
            return open_release_index(release.package, str(release.version), offline=self.offline)
        except CompatError:
            raise
        except (LookupError, OSError) as error:
            raise CompatError(f"no symbol index for {release}: {error}") from error

    def index_or_none(self, package: str, version: str, offline: bool) -> ReleaseIndex | None:
        """:meth:`open` as check's index loader (:data:`compat.index.model.IndexLoader`) reads releases
        (``offline`` is the catalogue's own): None when there is no index."""
        try:
            return self.open(Release(package, Version(version)))
        except CompatError:
            return None

    def open_typescript(self, release: Release) -> TsRelease | None:
        """The release's index with its TypeScript layout; None when it is not indexed."""
        from compat.index.typescript import TsRelease

        try:
            index = self.open(release)
        except CompatError:
            return None
        layout_of = getattr(index, "ts_layout", None)
        return TsRelease(index, layout_of() if callable(layout_of) else None)

    def indexed(self, package: str) -> Sequence[Version]:
        """The indexed releases of ``package``, oldest first (dating a change opens only these)."""
        if package not in self._indexed:
            from compat.index import indexed_versions

            self._indexed[package] = tuple(Version(v) for v in indexed_versions(package))
        return self._indexed[package]

    def known(self, package: str) -> Sequence[Version]:
        """The releases ``--to`` / ``--from`` may name: the indexed ones, online also every release
        of the snapshot that is not yanked. Oldest first."""
        indexed = self.indexed(package)
        if self.offline or self.snapshot is None:
            return indexed
        published = {r.version for r in self.snapshot.bindings(package) if not r.yanked}
        return sorted(published.union(indexed))


def resolution_cache() -> MutableMapping[object, object] | None:
    """The user cache of resolutions (None when there is no usable one)."""
    from compat.cache import open_disk_cache  # not through the HTTP client: no requests import

    cache: MutableMapping[object, object] | None = open_disk_cache("migrations")
    return cache


def load_catalogue(*, offline: bool, snapshot: bool = True, cache: bool = True) -> ReleaseCatalogue:
    """The catalogue of one command: the release snapshot (if asked for and readable), the cache."""
    known = None
    if snapshot:
        from compat.snapshot import load_snapshot

        try:
            known = load_snapshot()
        except CompatError:
            known = None
    return ReleaseCatalogue(known, resolution_cache() if cache else None, offline=offline)
