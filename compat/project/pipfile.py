"""``Pipfile``: ``[packages]`` / ``[dev-packages]`` pins (strings or tables with ``version``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from compat.errors import CompatError
from compat.project._toml import parse_toml, read_text
from compat.project.model import Manifest, Pin, canonical
from compat.project.textpos import toml_key_line

SECTIONS = ("packages", "dev-packages")


def pipfile_specifier(value: Any, path: Path, name: str) -> tuple[str, SpecifierSet]:
    """The version text and its specifier of one Pipfile entry (``"*"``, ``"==1.0"``, ``{version=...}``)."""
    version = value.get("version", "*") if isinstance(value, dict) else value
    if not isinstance(version, str):
        raise CompatError(f"{path}: {name} = {value!r} is neither a version string nor a table")
    text = version.strip()
    try:
        return text, SpecifierSet("" if text in ("*", "") else text)
    except InvalidSpecifier as error:
        raise CompatError(f"{path}: {name} = {version!r} is not a valid version specifier") from error


def read_pipfile(path: Path) -> tuple[Manifest, dict[str, Any]]:
    """The manifest and the plain document (``[requires]`` is read by Python detection)."""
    text = read_text(path)
    document = parse_toml(path, text).unwrap()
    pins: list[Pin] = []
    for section in SECTIONS:
        table = document.get(section) or {}
        if not isinstance(table, dict):
            raise CompatError(f"{path}: [{section}] is not a table")
        for name, value in table.items():
            raw, specifier = pipfile_specifier(value, path, name)
            pins.append(
                Pin(
                    canonical(name),
                    name,
                    path,
                    toml_key_line(text, section, name),
                    raw,
                    specifier,
                    "pipfile",
                    section,
                )
            )
    return Manifest(path, "pipfile", tuple(pins)), document
