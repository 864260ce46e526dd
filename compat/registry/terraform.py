"""The Terraform registry: provider versions with their plugin protocols and platforms.

``GET https://registry.terraform.io/v1/providers/{namespace}/{type}/versions`` answers
``{"id": "hashicorp/aws", "versions": [{"version": "5.93.0", "protocols": ["5.0"],
"platforms": [{"os": "linux", "arch": "amd64"}, ...]}, ...], "warnings": null}``
(Provider Registry Protocol, https://developer.hashicorp.com/terraform/internals/provider-registry-protocol).

The registry is not reachable from every machine compat runs on; callers fall back to the
snapshot. :func:`min_terraform_for_protocols` needs no network at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

from compat.errors import RegistryError
from compat.registry.http import HttpClient, Validator
from compat.versions.protocols import PROTOCOL_MIN_TERRAFORM

TERRAFORM_REGISTRY_URL = "https://registry.terraform.io"
#: Registries that answer the Provider Registry Protocol's versions endpoint, by source hostname.
#: OpenTofu's registry serves the same document (https://opentofu.org/docs/internals/provider-registry-protocol/).
REGISTRY_URLS: Mapping[str, str] = {
    "registry.terraform.io": TERRAFORM_REGISTRY_URL,
    "registry.opentofu.org": "https://registry.opentofu.org",
}
VERSIONS_TTL = 6 * 3600.0


@dataclass(frozen=True)
class Platform:
    os: str
    arch: str


@dataclass(frozen=True)
class ProviderVersion:
    version: str  # as the registry spells it (may be a pre-release such as "6.0.0-beta1")
    protocols: tuple[str, ...]  # e.g. ("5.0",)
    platforms: tuple[Platform, ...]

    @property
    def min_terraform(self) -> str | None:
        return min_terraform_for_protocols(self.protocols)


@dataclass(frozen=True)
class ProviderVersions:
    id: str  # "hashicorp/aws"
    versions: tuple[ProviderVersion, ...]  # in registry order
    warnings: tuple[str, ...] = ()

    def get(self, version: str) -> ProviderVersion | None:
        return next((v for v in self.versions if v.version == version), None)


def _protocol_major(protocol: str) -> int | None:
    head = protocol.strip().split(".")[0]
    return int(head) if head.isdigit() else None


def min_terraform_for_protocols(protocols: Iterable[str]) -> str | None:
    """The lowest Terraform CLI that accepts at least one of ``protocols`` (None if none is known).

    >>> min_terraform_for_protocols(["5.0"])
    '0.12.0'
    >>> min_terraform_for_protocols(["6.0"])
    '1.0.3'
    """
    floors = []
    for protocol in protocols:
        major = _protocol_major(protocol)
        if major is not None and major in PROTOCOL_MIN_TERRAFORM:
            floors.append(PROTOCOL_MIN_TERRAFORM[major])
    return min(floors, key=Version) if floors else None


def validate_versions(url: str) -> Validator:
    def validate(body: Any) -> None:
        def require(condition: bool, what: str) -> None:
            if not condition:
                raise RegistryError(f"{url} answered an unexpected document: {what}")

        require(isinstance(body, dict), "not a JSON object")
        versions = body.get("versions")
        require(isinstance(versions, list), "no 'versions' list")
        for row in versions:
            require(
                isinstance(row, dict) and isinstance(row.get("version"), str), "a version without 'version'"
            )
            protocols = row.get("protocols", [])
            require(
                isinstance(protocols, list) and all(isinstance(p, str) for p in protocols), "bad 'protocols'"
            )
            platforms = row.get("platforms", [])
            require(isinstance(platforms, list), "bad 'platforms'")
            for platform in platforms:
                require(
                    isinstance(platform, dict)
                    and isinstance(platform.get("os"), str)
                    and isinstance(platform.get("arch"), str),
                    "a platform without os/arch",
                )

    return validate


def parse_versions(body: Mapping[str, Any], fallback_id: str) -> ProviderVersions:
    versions = tuple(
        ProviderVersion(
            version=row["version"],
            protocols=tuple(row.get("protocols") or ()),
            platforms=tuple(Platform(p["os"], p["arch"]) for p in row.get("platforms") or ()),
        )
        for row in body["versions"]
    )
    warnings = tuple(w for w in body.get("warnings") or () if isinstance(w, str))
    return ProviderVersions(id=body.get("id") or fallback_id, versions=versions, warnings=warnings)


def sort_versions(versions: Iterable[ProviderVersion]) -> list[ProviderVersion]:
    """``versions`` oldest first (registry order is not guaranteed); unparsable ones last."""

    def key(row: ProviderVersion) -> tuple[int, Version]:
        try:
            return 0, Version(row.version)
        except InvalidVersion:
            return 1, Version("0")

    return sorted(versions, key=key)


class TerraformRegistryClient:
    """Reads provider versions from a Terraform registry through an :class:`HttpClient`."""

    def __init__(self, http: HttpClient, base_url: str = TERRAFORM_REGISTRY_URL) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    def versions_url(self, namespace: str, type_: str, host: str | None = None) -> str:
        base = REGISTRY_URLS[host] if host and host in REGISTRY_URLS else self.base_url
        return f"{base}/v1/providers/{namespace}/{type_}/versions"

    def provider_versions(
        self, namespace: str, type_: str, *, ttl: float = VERSIONS_TTL, host: str | None = None
    ) -> ProviderVersions:
        """Every published version of ``namespace/type_`` with its protocols and platforms.

        ``host`` picks a known registry by source hostname (``registry.opentofu.org``); else this client's.
        """
        url = self.versions_url(namespace, type_, host)
        body = self.http.get_json(url, ttl=ttl, validate=validate_versions(url))
        return parse_versions(body, f"{namespace}/{type_}")

    def provider_versions_for_source(self, source: str, *, ttl: float = VERSIONS_TTL) -> ProviderVersions:
        """Same, for a source address like ``registry.terraform.io/hashicorp/aws``,
        ``registry.opentofu.org/hashicorp/aws`` or ``hashicorp/aws``."""
        parts = source.strip().split("/")
        host: str | None = None
        if len(parts) == 3:
            host, namespace, type_ = parts
            if host not in REGISTRY_URLS:
                raise RegistryError(f"provider {source}: only {' and '.join(REGISTRY_URLS)} are supported")
        elif len(parts) == 2:
            namespace, type_ = parts
        elif len(parts) == 1 and parts[0]:
            namespace, type_ = "hashicorp", parts[0]
        else:
            raise RegistryError(f"not a provider source address: {source!r}")
        return self.provider_versions(namespace, type_, ttl=ttl, host=host)
