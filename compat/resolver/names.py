"""Package names as people type them: ``google``, ``cdktf-cdktf-provider-google``,
``@cdktf/provider-google``, ``cdktf_cdktf_provider_google`` or a core (``cdktf``, ``cdktn``).

One definition for every command that takes a package (``releases``, ``matrix --package``, ``why``):
a short name is the provider's package of ``family`` (cdktf unless given; cdktn when only cdktn has
it); a name the release snapshot does not hold is refused in one line naming the nearest names.
"""

from __future__ import annotations

import difflib

from packaging.utils import canonicalize_name

from compat.errors import CompatError
from compat.families import CDKTF, FAMILIES, Family
from compat.providers import ProviderPackage, provider_package
from compat.snapshot import Snapshot


def package_named(snapshot: Snapshot, text: str, family: Family | None = None) -> str:
    """The canonical PyPI name of the prebuilt or core package ``text`` names (see the module)."""
    name = str(canonicalize_name(text.strip()))
    if name in snapshot.bindings_by_package or name in snapshot.cores_by_package:
        return name
    package = provider_package(text)
    if package is not None and package.pypi in snapshot.bindings_by_package:
        return package.pypi
    if package is None and name and "/" not in name:
        lines = (family,) if family is not None else (CDKTF, *(v for v in FAMILIES.values() if v != CDKTF))
        for candidate in lines:
            pypi = ProviderPackage(candidate, name).pypi
            if pypi in snapshot.bindings_by_package:
                return pypi
    raise CompatError(f"unknown package {text!r}{_nearest(snapshot, name)}")


def provider_named(snapshot: Snapshot, text: str, family: Family | None = None) -> ProviderPackage:
    """:func:`package_named` for a prebuilt provider package only (a core is refused)."""
    name = package_named(snapshot, text, family)
    package = provider_package(name)
    if package is None:
        raise CompatError(f"{name} is a core, not a prebuilt provider package")
    return package


def _nearest(snapshot: Snapshot, name: str, shown: int = 3) -> str:
    """``; nearest: google (cdktf-cdktf-provider-google), ...`` or a pointer to the list."""
    short: dict[str, str] = {}
    for pypi in snapshot.bindings_by_package:
        package = provider_package(pypi)
        if package is not None:
            short.setdefault(package.provider, pypi)
    for core in snapshot.cores_by_package:
        short.setdefault(core, core)
    key = name
    for prefix in ("cdktf-cdktf-provider-", "cdktn-provider-"):
        key = key.removeprefix(prefix)
    close = difflib.get_close_matches(key, list(short), n=shown, cutoff=0.6)
    if not close:
        return f" ({len(short)} packages; `compat releases --help` says how to name one)"
    return "; nearest: " + ", ".join(f"{c} ({short[c]})" if short[c] != c else c for c in close)
