"""``compat releases`` computed: every release of one bindings or core package, from the snapshot."""

from __future__ import annotations

from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease


class ReleaseList(Record):
    """The releases of ``package`` (its canonical name): bindings releases or core releases, oldest first."""

    package: str
    bindings: tuple[BindingRelease, ...]  # empty for a core package
    cores: tuple[CoreRelease, ...]  # empty for a bindings package


def list_releases(package: str) -> ReleaseList:
    """The releases of a bindings or core package in the snapshot (never the network); the package
    by any name :func:`compat.resolver.names.package_named` reads (short, PyPI, npm or import name).

    Raises :class:`CompatError` for a package the snapshot does not know.
    """
    from compat.resolver.names import package_named
    from compat.snapshot import load_snapshot

    snapshot = load_snapshot()
    name = package_named(snapshot, package)
    if name in snapshot.bindings_by_package:
        return ReleaseList(package=name, bindings=tuple(snapshot.bindings(name)), cores=())
    return ReleaseList(package=name, bindings=(), cores=tuple(snapshot.cores(name)))
