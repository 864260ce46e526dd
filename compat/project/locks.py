"""Lock files: ``Pipfile.lock`` (JSON), ``poetry.lock`` and ``uv.lock`` (TOML ``[[package]]``).

An entry installed from a local path, file, URL or VCS checkout (Pipfile.lock ``"path"`` / ``"file"``
/ ``"git"``, poetry.lock ``[package.source]`` of type ``directory`` / ``file`` / ``git`` / ``url``,
uv.lock ``source = { path = ... }``) is a pin with :attr:`Pin.source` and no registry version, even
when the lock records the version its metadata states (``cdktf 0.0.0`` built in a monorepo).
"""

from __future__ import annotations

from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from compat.errors import CompatError
from compat.project._json import parse_json_object
from compat.project._toml import load_toml, read_text
from compat.project.model import LockFile, LockKind, Pin, canonical, direct_source
from compat.project.textpos import array_table_lines, json_key_line

LOCK_FILES: tuple[tuple[str, LockKind], ...] = (
    ("Pipfile.lock", "pipfile.lock"),
    ("poetry.lock", "poetry.lock"),
    ("uv.lock", "uv.lock"),
)


#: poetry.lock ``[package.source]`` types that are not a package index (``legacy`` is a private index)
_POETRY_DIRECT = ("directory", "file", "git", "url")


def _exact(path: Path, name: str, version: object) -> SpecifierSet:
    if not isinstance(version, str):
        raise CompatError(f"{path}: {name} has no version string")
    text = version if version.startswith("==") else f"=={version}"
    try:
        return SpecifierSet(text)
    except InvalidSpecifier as error:
        raise CompatError(f"{path}: {name} has an invalid version {version!r}") from error


def read_pipfile_lock(path: Path) -> LockFile:
    text = read_text(path)
    document = parse_json_object(path, text, "a Pipfile.lock")
    pins: list[Pin] = []
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
            version = entry.get("version", "")
            pins.append(
                Pin(
                    canonical(name),
                    name,
                    path,
                    json_key_line(text, name, start),
                    str(version),
                    SpecifierSet() if source else _exact(path, name, version),
                    "pipfile.lock",
                    section,
                    source,
                )
            )
    return LockFile(path, "pipfile.lock", tuple(pins))


def read_toml_lock(path: Path, kind: LockKind) -> LockFile:
    text = read_text(path)
    document = load_toml(path, text)
    packages = document.get("package", [])
    if not isinstance(packages, list):
        raise CompatError(f"{path}: [[package]] is not an array of tables")
    lines = array_table_lines(text, "package", "name")
    pins: list[Pin] = []
    for entry in packages:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CompatError(f"{path}: a [[package]] entry has no name")
        name = entry["name"]
        source = _toml_source(entry.get("source"))
        if source is None and "version" not in entry:
            continue
        version = entry.get("version", "")
        pins.append(
            Pin(
                canonical(name),
                name,
                path,
                lines.get(name, 0),
                str(version),
                SpecifierSet() if source else _exact(path, name, version),
                kind,
                "package",
                source,
            )
        )
    return LockFile(path, kind, tuple(pins))


def _toml_source(table: object) -> str | None:
    """Where a poetry.lock / uv.lock package comes from when that is not a package index."""
    if not isinstance(table, dict):
        return None
    kind = table.get("type")
    if isinstance(kind, str):  # poetry.lock: type = "git", url = "..."
        return f"{kind} {table.get('url', '')}".strip() if kind in _POETRY_DIRECT else None
    return direct_source(table)  # uv.lock: { path = "..." }, { git = "..." }; { registry = ... } is None


def read_lock(root: Path, prefer: LockKind | None = None) -> LockFile | None:
    """The lock file: ``prefer`` when present, else the first of Pipfile.lock, poetry.lock, uv.lock."""
    present = [(root / name, kind) for name, kind in LOCK_FILES if (root / name).is_file()]
    present.sort(key=lambda item: item[1] != prefer)
    if not present:
        return None
    path, kind = present[0]
    return read_pipfile_lock(path) if kind == "pipfile.lock" else read_toml_lock(path, kind)
