"""``Pipfile`` (pipenv): ``[packages]`` / ``[dev-packages]`` pins, read and edited; ``Pipfile.lock``.

Entries are read as pipenv reads them: ``"*"`` (or no ``version``) admits any release, and a version
without an operator (``ruff = "0.0.292"``) means ``==``. A ``path``, ``file`` or VCS entry installs
the package from there, not as a registry release (:attr:`Pin.source`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from compat.errors import CompatError
from compat.project._json import parse_json_object
from compat.project._toml import load_toml, parse_toml, read_text
from compat.project.formats._locked import locked_pin
from compat.project.formats._toml_edit import edit_key_table
from compat.project.formats.base import Edited, LockFormat, ManifestFormat, ManifestSource
from compat.project.model import LockFile, Manifest, Pin, canonical, direct_source, is_cdktf_package
from compat.project.textpos import json_key_line, toml_key_line

if TYPE_CHECKING:
    from compat.project.wanted import WantedPin

SECTIONS = ("packages", "dev-packages")
#: a bare version, which pipenv installs as ``==`` (text starting with anything else keeps its operator)
_BARE = re.compile(r"^v?[0-9]")


def pipfile_specifier(value: object, path: Path, name: str) -> tuple[str, SpecifierSet]:
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


def read_pipfile(source: ManifestSource) -> Manifest[SpecifierSet]:
    """The manifest of a parsed Pipfile (its ``[requires]`` is read by Python detection).

    An entry that cannot be read aborts only when it is a cdktf package; any other is skipped
    with a note in :attr:`Manifest.notes`.
    """
    path, text, document = source
    pins: list[Pin[SpecifierSet]] = []
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
                    package=canonical(name),
                    name_as_written=name,
                    path=path,
                    line=toml_key_line(text, section, name),
                    raw=raw,
                    specifier=specifier,
                    kind="pipfile",
                    section=section,
                    source=direct_source(value) if isinstance(value, dict) else None,
                )
            )
    settings = document.get("pipenv")
    allows = bool(isinstance(settings, dict) and settings.get("allow_prereleases"))
    return Manifest(path, "pipfile", tuple(pins), tuple(notes), allows_prereleases=allows)


def read_pipfile_lock(path: Path) -> LockFile[SpecifierSet]:
    text = read_text(path)
    document = parse_json_object(path, text, "a Pipfile.lock")
    pins: list[Pin[SpecifierSet]] = []
    for section in ("default", "develop"):
        entries = document.get(section) or {}
        if not isinstance(entries, dict):
            raise CompatError(f'{path}: "{section}" is not an object')
        start = json_key_line(text, section)
        for name, entry in entries.items():
            if not isinstance(entry, dict):
                raise CompatError(f"{path}: entry {name!r} is not an object")
            source = direct_source(entry)
            if source is None and "version" not in entry:
                continue
            line = json_key_line(text, name, start)
            pins.append(
                locked_pin(path, name, line, entry.get("version", ""), source, "pipfile.lock", section)
            )
    sections = ("default", "develop")
    names = frozenset(canonical(name) for section in sections for name in document.get(section) or {})
    return LockFile(path, "pipfile.lock", tuple(pins), names | {p.package for p in pins})


def edit_pipfile(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
    renames: Mapping[str, str],
    add: Sequence[WantedPin[SpecifierSet]],
) -> str:
    """Both sections edited in place; ``add`` go to ``[packages]``."""
    document = parse_toml(path, text)
    for section in ("packages", "dev-packages"):
        if section in document:
            edit_key_table(document[section], path, wanted, renames, "pipfile")
    if add:
        import tomlkit

        if "packages" not in document:
            document["packages"] = tomlkit.table()
        for pin in add:
            document["packages"][pin.package] = pin.text
    return str(document.as_string())


class PipfileLockFormat(LockFormat[SpecifierSet]):
    kind = "pipfile.lock"
    filename = "Pipfile.lock"
    command = "pipenv lock"

    def read(self, path: Path) -> LockFile[SpecifierSet]:
        return read_pipfile_lock(path)


class PipfileFormat(ManifestFormat[SpecifierSet]):
    kind = "pipfile"
    filename = "Pipfile"
    rank = 0
    locks = (PipfileLockFormat(),)

    def parse(self, path: Path) -> ManifestSource:
        text = read_text(path)
        return ManifestSource(path, text, load_toml(path, text))

    def read(self, source: ManifestSource) -> Manifest[SpecifierSet]:
        return read_pipfile(source)

    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[SpecifierSet]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[SpecifierSet]],
    ) -> Edited:
        return Edited(edit_pipfile(path, text, wanted, renames, add))
