"""``Pipfile``: ``[packages]`` / ``[dev-packages]`` pins (strings or tables with ``version``).

Entries are read as pipenv reads them: ``"*"`` (or no ``version``) admits any release, and a version
without an operator (``ruff = "0.0.292"``) means ``==``. A ``path``, ``file`` or VCS entry installs
the package from there, not as a registry release (:attr:`Pin.source`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from compat.errors import CompatError
from compat.project._toml import load_toml, read_text
from compat.project.model import Manifest, Pin, canonical, direct_source, is_cdktf_package
from compat.project.textpos import toml_key_line

SECTIONS = ("packages", "dev-packages")
#: a bare version, which pipenv installs as ``==`` (text starting with anything else keeps its operator)
_BARE = re.compile(r"^v?[0-9]")


def pipfile_specifier(value: Any, path: Path, name: str) -> tuple[str, SpecifierSet]:
    """The version text and specifier of one Pipfile entry (``"*"``, ``"==1.0"``, ``"1.0"``, a table)."""
    version = value.get("version", "*") if isinstance(value, dict) else value
    if not isinstance(version, str):
        raise CompatError(f"{path}: {name} = {value!r} is neither a version string nor a table")
    text = version.strip()
    meaning = "" if text in ("*", "") else f"=={text}" if _BARE.match(text) else text
    try:
        return text, SpecifierSet(meaning)
    except InvalidSpecifier as error:
        raise CompatError(f"{path}: {name} = {version!r} is not a valid version specifier") from error


def read_pipfile(path: Path) -> tuple[Manifest, dict[str, Any]]:
    """The manifest and the plain document (``[requires]`` is read by Python detection).

    An entry that cannot be read aborts only when it is a cdktf package; any other is skipped
    with a note in :attr:`Manifest.notes`.
    """
    text = read_text(path)
    document = load_toml(path, text)
    pins: list[Pin] = []
    notes: list[str] = []
    for section in SECTIONS:
        table = document.get(section) or {}
        if not isinstance(table, dict):
            raise CompatError(f"{path}: [{section}] is not a table")
        for name, value in table.items():
            try:
                raw, specifier = pipfile_specifier(value, path, name)
            except CompatError as error:
                if is_cdktf_package(name):
                    raise
                notes.append(f"{error}: skipped (not a cdktf package)")
                continue
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
                    direct_source(value) if isinstance(value, dict) else None,
                )
            )
    return Manifest(path, "pipfile", tuple(pins), tuple(notes)), document
