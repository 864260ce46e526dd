"""What the lock formats share: a locked version as an exact specifier, and the TOML ``[[package]]``
array of ``poetry.lock`` and ``uv.lock``.

An entry installed from a local path, file, URL or VCS checkout (poetry.lock ``[package.source]`` of
type ``directory`` / ``file`` / ``git`` / ``url``, uv.lock ``source = { path = ... }``) is a pin with
:attr:`Pin.source` and no registry version, even when the lock records the version its metadata
states (``cdktf 0.0.0`` built in a monorepo).
"""

from __future__ import annotations

from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from compat.errors import CompatError
from compat.project._toml import load_toml, read_text
from compat.project.formats.base import LockFormat
from compat.project.model import LockFile, LockKind, Pin, canonical, direct_source
from compat.project.textpos import array_table_lines

#: poetry.lock ``[package.source]`` types that are not a package index (``legacy`` is a private index)
_POETRY_DIRECT = ("directory", "file", "git", "url")


def exact_specifier(path: Path, name: str, version: object) -> SpecifierSet:
    if not isinstance(version, str):
        raise CompatError(f"{path}: {name} has no version string")
    text = version if version.startswith("==") else f"=={version}"
    try:
        return SpecifierSet(text)
    except InvalidSpecifier as error:
        raise CompatError(f"{path}: {name} has an invalid version {version!r}") from error


def locked_pin(
    path: Path, name: str, line: int, version: object, source: str | None, kind: LockKind, section: str
) -> Pin[SpecifierSet]:
    """One lock entry: its version as an exact specifier, or none for a package installed from ``source``."""
    return Pin(
        package=canonical(name),
        name_as_written=name,
        path=path,
        line=line,
        raw=str(version),
        specifier=SpecifierSet() if source else exact_specifier(path, name, version),
        kind=kind,
        section=section,
        source=source,
    )


def read_toml_lock(path: Path, kind: LockKind) -> LockFile[SpecifierSet]:
    text = read_text(path)
    document = load_toml(path, text)
    packages = document.get("package", [])
    if not isinstance(packages, list):
        raise CompatError(f"{path}: [[package]] is not an array of tables")
    lines = array_table_lines(text, "package", "name")
    pins: list[Pin[SpecifierSet]] = []
    for entry in packages:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CompatError(f"{path}: a [[package]] entry has no name")
        name = entry["name"]
        source = _toml_source(entry.get("source"))
        if source is None and "version" not in entry:
            continue
        pins.append(
            locked_pin(path, name, lines.get(name, 0), entry.get("version", ""), source, kind, "package")
        )
    return LockFile(path, kind, tuple(pins), frozenset(p.package for p in pins))


def _toml_source(table: object) -> str | None:
    """Where a poetry.lock / uv.lock package comes from when that is not a package index."""
    if not isinstance(table, dict):
        return None
    kind = table.get("type")
    if isinstance(kind, str):  # poetry.lock: type = "git", url = "..."
        return f"{kind} {table.get('url', '')}".strip() if kind in _POETRY_DIRECT else None
    return direct_source(table)  # uv.lock: { path = "..." }, { git = "..." }; { registry = ... } is None


class TomlLockFormat(LockFormat[SpecifierSet]):
    """A TOML lock of ``[[package]]`` tables (uv.lock, poetry.lock): only kind, file and command differ."""

    def read(self, path: Path) -> LockFile[SpecifierSet]:
        return read_toml_lock(path, self.kind)
