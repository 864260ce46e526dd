"""The lines of a wheel's ``*.dist-info/METADATA`` the snapshot keeps."""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import HeaderParser

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from compat.errors import RegistryError

CORES = ("cdktf", "cdktn")


@dataclass(frozen=True)
class WheelMetadata:
    name: str
    version: str
    requires_python: str | None
    core_requirement: str | None  # the core's Requires-Dist, normalized by packaging: "cdktf<0.22.0,>=0.21.0"
    constructs_requirement: str | None


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
    return WheelMetadata(
        name=name,
        version=version,
        requires_python=" ".join(requires_python.split()) if requires_python else None,
        core_requirement=core,
        constructs_requirement=constructs,
    )


def normalize_requirement(line: str | None) -> str | None:
    """``"cdktf (<0.14.0,>=0.12.2)"`` (old METADATA style) -> ``"cdktf<0.14.0,>=0.12.2"``."""
    if not line:
        return None
    try:
        return str(Requirement(line))
    except InvalidRequirement:
        return line
