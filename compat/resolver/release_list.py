"""``compat releases`` computed: every release of one bindings or core package, from the snapshot."""

from __future__ import annotations

from typing import NamedTuple

from compat.snapshot import BindingRelease, CoreRelease


class ReleaseList(NamedTuple):
    """The releases of ``package`` (its canonical name): bindings releases or core releases, oldest first."""

    package: str
    bindings: tuple[BindingRelease, ...]  # empty for a core package
    cores: tuple[CoreRelease, ...]  # empty for a bindings package


def list_releases(package: str) -> ReleaseList:
    """The releases of a bindings or core package in the snapshot (never the network).

    Raises :class:`CompatError` for a package the snapshot does not know.
    """
    from packaging.utils import canonicalize_name

    from compat.errors import CompatError
    from compat.snapshot import load_snapshot

    snapshot = load_snapshot()
    name = str(canonicalize_name(package))
    if name in snapshot.bindings_by_package:
        return ReleaseList(package=name, bindings=tuple(snapshot.bindings(name)), cores=())
    if name in snapshot.cores_by_package:
        return ReleaseList(package=name, bindings=(), cores=tuple(snapshot.cores(name)))
    known = ", ".join(sorted([*snapshot.bindings_by_package, *snapshot.cores_by_package]))
    raise CompatError(f"unknown package {package!r}: the snapshot has {known}")
