"""The npm registry: packuments of the prebuilt bindings (``@cdktf/provider-aws``, ``@cdktn/provider-aws``).

Each version of a prebuilt package carries, next to the usual npm fields, a ``cdktf`` (and for
the cdktn family also a ``cdktn``) object: ``{"provider": {"name": ..., "version": ...},
"isDeprecated": ...}``. npm ``time`` entries are mirror times here, not publish dates, so they
are not read (PyPI upload times are used instead).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from compat.errors import RegistryError
from compat.registry.http import HttpClient, Validator

PACKUMENT_TTL = 3600.0
#: the most versions a packument may list: @cdktf/provider-aws, the longest, has under 300; a document
#: listing more is refused (a hostile mirror's 200,000 versions cost seconds and hundreds of MB each)
MAX_VERSIONS = 5_000
#: what compat reads of each version object (everything else is dropped while the body is read)
_VERSION_FIELDS = ("cdktf", "cdktn", "deprecated", "peerDependencies", "engines", "dist")


@dataclass(frozen=True)
class NpmVersion:
    """The fields of one npm version of a prebuilt provider package that compat reads."""

    version: str
    provider_source: str | None  # "registry.terraform.io/hashicorp/aws"
    provider_version: str | None  # exact provider version the bindings were generated from
    peer_dependencies: Mapping[str, str] = field(default_factory=dict)
    deprecated: bool = False  # npm ``deprecated`` message or ``cdktf.isDeprecated``
    deprecated_message: str | None = None
    engines_node: str | None = None  # ``engines.node``: the Node.js range the release declares
    tarball: str | None = None  # ``dist.tarball``: where npm serves the package (its ``package/.jsii``)


@dataclass(frozen=True)
class Packument:
    name: str
    versions: Mapping[str, NpmVersion]
    dist_tags: Mapping[str, str] = field(default_factory=dict)

    def get(self, version: str) -> NpmVersion | None:
        return self.versions.get(version)


def provider_fields(document: Mapping[str, object]) -> tuple[str | None, str | None, bool]:
    """``(provider source, provider version, isDeprecated)`` from a package.json-like object.

    Both the npm version objects and the ``package/package.json`` inside the wheel's jsii
    tarball carry them, under ``cdktf`` (cdktf family) and/or ``cdktn`` (cdktn family).
    """
    source = version = None
    deprecated = False
    for key in ("cdktn", "cdktf"):
        block = document.get(key)
        if not isinstance(block, dict):
            continue
        provider = block.get("provider")
        if isinstance(provider, dict):
            if source is None and isinstance(provider.get("name"), str):
                source = provider["name"]
            if version is None and isinstance(provider.get("version"), str):
                version = provider["version"]
        deprecated = deprecated or block.get("isDeprecated") is True
    return source, version, deprecated


def parse_version_object(version: str, row: Mapping[str, object]) -> NpmVersion:
    source, provider_version, deprecated = provider_fields(row)
    message = row.get("deprecated")
    peers = row.get("peerDependencies")
    engines = row.get("engines")
    node = engines.get("node") if isinstance(engines, dict) else None
    dist = row.get("dist")
    tarball = dist.get("tarball") if isinstance(dist, dict) else None
    return NpmVersion(
        version=version,
        provider_source=source,
        provider_version=provider_version,
        peer_dependencies=dict(peers) if isinstance(peers, dict) else {},
        deprecated=deprecated or bool(message),
        deprecated_message=message if isinstance(message, str) and message else None,
        engines_node=node if isinstance(node, str) else None,
        tarball=tarball if isinstance(tarball, str) and tarball.startswith("https://") else None,
    )


def validate_packument(url: str, name: str | None = None) -> Validator:
    def validate(body: Any) -> None:
        def require(condition: bool, what: str) -> None:
            if not condition:
                raise RegistryError(f"{url} answered an unexpected document: {what}")

        require(isinstance(body, dict), "not a JSON object")
        require(isinstance(body.get("name"), str), "no package name")
        require(name is None or body["name"] == name, f"about {body['name']!r}, not {name!r}")
        versions = body.get("versions")
        require(isinstance(versions, dict), "no 'versions' object")
        for version, row in versions.items():
            require(isinstance(row, dict), f"version {version} is not an object")
        require(isinstance(body.get("dist-tags", {}), dict), "'dist-tags' is not an object")

    return validate


def packument_reader(
    url: str, fields: tuple[str, ...] = _VERSION_FIELDS
) -> Callable[[bytes], dict[str, Any]]:
    """A reader keeping only the fields compat reads: ``name``, ``dist-tags`` and, of each of at most
    :data:`MAX_VERSIONS` versions, ``fields`` (default :data:`_VERSION_FIELDS`).

    The body is parsed as a stream (ijson): one version object is built at a time and cut down at
    once, so memory follows the fields kept, not the bytes sent, and the document cached is small.
    """

    def read(content: bytes) -> dict[str, Any]:
        import ijson

        try:
            name = next(ijson.items(io.BytesIO(content), "name"), None)
            tags: object = next(ijson.items(io.BytesIO(content), "dist-tags", use_float=True), {})
            found = (event for prefix, event, _ in ijson.parse(io.BytesIO(content)) if prefix == "versions")
            if next(found, None) != "start_map":  # absent, or not an object: the validator says so
                return {"name": name, "dist-tags": tags} if isinstance(name, str) else {}
            versions: dict[str, Any] = {}
            for version, row in ijson.kvitems(io.BytesIO(content), "versions", use_float=True):
                if len(versions) >= MAX_VERSIONS:
                    raise RegistryError(f"{url} lists more than {MAX_VERSIONS} versions: refused")
                versions[version] = {k: row[k] for k in fields if k in row} if isinstance(row, dict) else row
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, RecursionError) as error:
            raise RegistryError(f"{url} answered malformed JSON ({type(error).__name__})") from error
        if not isinstance(name, str):  # not an object, or no name: the validator says which
            return {}
        return {"name": name, "dist-tags": tags, "versions": versions}

    return read


def parse_packument(body: Mapping[str, Any]) -> Packument:
    versions = {v: parse_version_object(v, row) for v, row in body["versions"].items()}
    tags = {k: v for k, v in (body.get("dist-tags") or {}).items() if isinstance(v, str)}
    return Packument(name=body["name"], versions=versions, dist_tags=tags)


class NpmClient:
    """Reads packuments from the npm registry through an :class:`HttpClient`."""

    def __init__(self, http: HttpClient, base_url: str | None = None) -> None:
        """``base_url``: default the configured registry (:mod:`compat.registry.endpoints`)."""
        from compat.registry.endpoints import npm_registry_url

        self.http = http
        self.base_url = (base_url or npm_registry_url()).rstrip("/")

    def packument_url(self, name: str) -> str:
        return f"{self.base_url}/{quote(name, safe='@')}"  # "@cdktf/provider-aws" -> "@cdktf%2Fprovider-aws"

    def packument(self, name: str, *, ttl: float = PACKUMENT_TTL) -> Packument:
        return parse_packument(self.document(name, _VERSION_FIELDS, ttl=ttl))

    def document(self, name: str, fields: tuple[str, ...], *, ttl: float = PACKUMENT_TTL) -> dict[str, Any]:
        """The validated packument of ``name`` cut down to ``fields`` of each version (cached so)."""
        url = self.packument_url(name)
        body: dict[str, Any] = self.http.get_json(
            url,
            ttl=ttl,
            validate=validate_packument(url, name),
            reader=packument_reader(url, fields),
            kind="fields=" + ",".join(fields),
        )
        return body
