"""The lines of a wheel's ``*.dist-info/METADATA`` the snapshot keeps.

Besides Requires-Python and Requires-Dist, the long description (the package README) of
cdktf bindings from 18.2.0 on and of every cdktn release opens with
``# CDKTF prebuilt bindings for hashicorp/aws provider version 5.99.1``: the exact provider
version, without streaming the jsii tarball. A release the generator marked deprecated has a
``## Deprecated Packages`` section in the same README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import HeaderParser

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from compat.errors import RegistryError
from compat.families import CORES


@dataclass(frozen=True)
class WheelMetadata:
    name: str
    version: str
    requires_python: str | None
    core_requirement: str | None  # the core's Requires-Dist, normalized by packaging: "cdktf<0.22.0,>=0.21.0"
    constructs_requirement: str | None
    provider_source: str | None = None  # from the README heading, e.g. "registry.terraform.io/hashicorp/aws"
    provider_version: str | None = None  # from the README heading, e.g. "5.99.1"
    deprecated: bool = False  # the README has the generator's "## Deprecated Packages" section


_HEADING = re.compile(
    r"^#\s.*?bindings for (?P<source>[\w.-]+(?:/[\w.-]+){1,2}) provider version (?P<version>\S+)\s*$", re.M
)
#: cdktn-io's grouped bindings open with prose:
#: "cdk-terrain bindings for `terraform-provider-aws` 6.62.0, ..."
#: (the provider's version; its namespace is not stated)
_PROSE = re.compile(r"\bbindings for `terraform-provider-[\w-]+` (?P<version>\d+\.\d+\.\d+)\b")
_DEPRECATED = re.compile(r"^##\s+Deprecated Packages\s*$", re.M)


def implied_source(name: str) -> str:
    """Terraform's source address for a provider named in generated code or a README.

    A bare name (``"aws"``) is a legacy address that Terraform reads as
    ``registry.terraform.io/hashicorp/<name>``; ``"ns/name"`` gets the default hostname.
    """
    parts = name.split("/")
    if len(parts) == 1:
        return f"registry.terraform.io/hashicorp/{name}"
    if len(parts) == 2:
        return f"registry.terraform.io/{name}"
    return name


def described_provider(description: str) -> tuple[str | None, str] | None:
    """``(source address, version)`` from the README's first heading, when it states them; from the
    grouped bindings' opening sentence the version only (source None)."""
    match = _HEADING.search(description[:2000])
    if match is not None:
        return implied_source(match.group("source")), match.group("version")
    prose = _PROSE.search(description[:2000])
    return (None, prose.group("version")) if prose is not None else None


def metadata_member(names: list[str]) -> str:
    """The ``<name>-<version>.dist-info/METADATA`` member of a wheel."""
    found = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
    if len(found) != 1:
        raise RegistryError(f"expected one .dist-info/METADATA in the wheel, found {len(found)}")
    return found[0]


def parse_metadata(text: str, prefer_core: str | None = None) -> WheelMetadata:
    """Requires-Python and the core / constructs Requires-Dist lines of a METADATA file."""
    headers = HeaderParser().parsestr(text, headersonly=True)
    name, version = headers.get("Name"), headers.get("Version")
    if not name or not version:
        raise RegistryError("wheel METADATA without Name or Version")
    cores: dict[str, str] = {}
    constructs = None
    for line in headers.get_all("Requires-Dist") or []:
        line = " ".join(line.split())
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise RegistryError(f"wheel METADATA has an invalid Requires-Dist {line!r}") from error
        key = canonicalize_name(requirement.name)
        if key in CORES:
            cores[key] = str(requirement)
        elif key == "constructs":
            constructs = str(requirement)
    core = cores.get(prefer_core or "") or next((cores[c] for c in CORES if c in cores), None)
    requires_python = headers.get("Requires-Python")
    payload = headers.get_payload()
    description = payload if isinstance(payload, str) else ""
    described = described_provider(description)
    return WheelMetadata(
        name=name,
        version=version,
        requires_python=" ".join(requires_python.split()) if requires_python else None,
        core_requirement=core,
        constructs_requirement=constructs,
        provider_source=described[0] if described else None,
        provider_version=described[1] if described else None,
        deprecated=bool(_DEPRECATED.search(description)),
    )


def normalize_requirement(line: str | None) -> str | None:
    """``"cdktf (<0.14.0,>=0.12.2)"`` (old METADATA style) -> ``"cdktf<0.14.0,>=0.12.2"``."""
    if not line:
        return None
    try:
        return str(Requirement(line))
    except InvalidRequirement:
        return line
