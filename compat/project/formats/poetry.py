"""Poetry's dependency tables in ``pyproject.toml`` (main, dev and groups), read and edited;
``poetry.lock`` locks them.

Poetry's ``^`` / ``~`` constraints are translated to PEP 440
(:func:`compat.versions.poetry.poetry_specifier`).
A ``path`` / ``git`` / ``url`` dependency installs the package from there, not as a registry release
(:attr:`Pin.source`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.project._toml import parse_toml
from compat.project.formats._locked import TomlLockFormat
from compat.project.formats._pyproject import PyprojectFormat, skip_or_raise
from compat.project.formats._toml_edit import edit_key_table
from compat.project.formats.base import Edited, ManifestSource
from compat.project.model import Manifest, Pin, canonical, direct_source
from compat.project.textpos import toml_key_line
from compat.versions.poetry import poetry_specifier

if TYPE_CHECKING:
    from compat.project.wanted import WantedPin


def poetry_tables(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(dotted table name, table)`` for Poetry's main, dev and group dependency tables."""
    poetry = (document.get("tool") or {}).get("poetry") or {}
    tables: list[tuple[str, Any]] = []
    if "dependencies" in poetry:
        tables.append(("tool.poetry.dependencies", poetry["dependencies"]))
    if "dev-dependencies" in poetry:
        tables.append(("tool.poetry.dev-dependencies", poetry["dev-dependencies"]))
    for group, body in (poetry.get("group") or {}).items():
        if isinstance(body, dict) and "dependencies" in body:
            tables.append((f"tool.poetry.group.{group}.dependencies", body["dependencies"]))
    return tables


def _poetry_source(value: object) -> str | None:
    """Where a Poetry dependency table installs from when that is a path, file, URL or VCS checkout."""
    if isinstance(value, list) and value:
        value = value[0]
    return direct_source(value) if isinstance(value, dict) else None


def poetry_version(value: object, path: Path, name: str) -> str:
    """The constraint text of one Poetry dependency (string, table, or list of tables: the first)."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("version", "*")
    if not isinstance(value, str):
        raise CompatError(f"{path}: Poetry dependency {name} = {value!r} has no version string")
    return value


def _poetry(path: Path, text: str, document: dict[str, Any], notes: list[str]) -> list[Pin[SpecifierSet]]:
    pins: list[Pin[SpecifierSet]] = []
    for table_name, table in poetry_tables(document):
        if not isinstance(table, dict):
            raise CompatError(f"{path}: [{table_name}] is not a table")
        for name, value in table.items():
            if name.lower() == "python":
                continue
            try:
                raw = poetry_version(value, path, name)
                specifier = poetry_specifier(raw)
            except CompatError as error:
                message = str(error) if str(error).startswith(str(path)) else f"{path}: {name}: {error}"
                skip_or_raise(CompatError(message), name, notes)
                continue
            pins.append(
                Pin(
                    package=canonical(name),
                    name_as_written=name,
                    path=path,
                    line=toml_key_line(text, table_name, name),
                    raw=raw,
                    specifier=specifier,
                    kind="poetry",
                    section=table_name,
                    source=_poetry_source(value),
                )
            )
    return pins


def edit_poetry(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
    renames: Mapping[str, str],
    add: Sequence[WantedPin[SpecifierSet]],
) -> str:
    """Poetry's dependency tables; ``add`` go to ``[tool.poetry.dependencies]``."""
    document = parse_toml(path, text)
    tables = dict(poetry_tables(document))
    for name in tables:
        table: Any = document
        for part in name.split("."):
            table = table[part]
        edit_key_table(table, path, wanted, renames, "poetry")
    if add:
        main = document["tool"]["poetry"]["dependencies"]
        for pin in add:
            main[pin.package] = pin.poetry_text()
    return str(document.as_string())


class PoetryLockFormat(TomlLockFormat):
    kind = "poetry.lock"
    filename = "poetry.lock"
    command = "poetry lock"


class PoetryFormat(PyprojectFormat):
    kind = "poetry"
    rank = 1
    locks = (PoetryLockFormat(),)

    def read(self, source: ManifestSource) -> Manifest[SpecifierSet] | None:
        """The Poetry manifest; None when ``[tool.poetry]`` has no dependency table."""
        path, text, document = source
        notes: list[str] = []
        pins = _poetry(path, text, document, notes)
        if poetry_tables(document):
            return Manifest(path, "poetry", tuple(pins), tuple(notes))
        return None

    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[SpecifierSet]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[SpecifierSet]],
    ) -> Edited:
        return Edited(edit_poetry(path, text, wanted, renames, add))
