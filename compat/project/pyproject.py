"""``pyproject.toml``: PEP 621 ``[project]`` dependencies (and PEP 735 groups) and Poetry's tables.

A dependency compat cannot read (not a string, no name, a bad specifier) aborts only when it names a
cdktf package; any other is skipped with a note in :attr:`Manifest.notes`. A direct reference
(``cdktf @ file:///...``, Poetry's ``path`` / ``git`` / ``url``) installs the package from there,
not as a registry release (:attr:`Pin.source`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from compat.errors import CompatError
from compat.project._toml import first_line, load_toml, read_text
from compat.project.model import Manifest, Pin, canonical, direct_source, is_cdktf_package
from compat.project.textpos import string_line, toml_key_line, toml_table_line
from compat.versions.poetry import poetry_specifier

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _skip_or_raise(error: CompatError, name: str, notes: list[str]) -> None:
    """Re-raise ``error`` for a cdktf package; note any other unreadable entry and go on."""
    if is_cdktf_package(name):
        raise error
    notes.append(f"{error}: skipped (not a cdktf package)")


def _cdktf_named(value: Any) -> str:
    """A cdktf package that an unreadable value mentions (so that it must not be skipped), else ``""``."""
    return next((w for w in _WORD.findall(repr(value)) if is_cdktf_package(w)), "")


def _pep508(path: Path, text: str, section: str, item: Any, notes: list[str]) -> Pin | None:
    if not isinstance(item, str):
        problem = CompatError(f"{path}: {section} holds {item!r}, not a requirement string")
        _skip_or_raise(problem, _cdktf_named(item), notes)
        return None
    try:
        requirement = Requirement(item)
    except InvalidRequirement as error:
        problem = CompatError(f"{path}: {section}: not a valid requirement {item!r} ({first_line(error)})")
        name = _NAME.match(item)
        _skip_or_raise(problem, name.group(1) if name else "", notes)
        return None
    table = (
        section.rsplit(".", 1)[0]
        if section.startswith(("project.optional", "dependency-groups"))
        else "project"
    )
    after = toml_table_line(text, table)
    return Pin(
        canonical(requirement.name),
        requirement.name,
        path,
        string_line(text, item, after) or after,
        item,
        requirement.specifier,
        "pep621",
        section,
        requirement.url,
    )


def _pep508_list(path: Path, text: str, section: str, items: list[Any], notes: list[str]) -> list[Pin]:
    """The readable requirements of one array (PEP 735 ``{include-group = ...}`` tables are not pins)."""
    found = (_pep508(path, text, section, i, notes) for i in items if not isinstance(i, dict))
    return [pin for pin in found if pin is not None]


def _pep621(path: Path, text: str, document: dict[str, Any], notes: list[str]) -> list[Pin]:
    project = document.get("project")
    pins: list[Pin] = []
    if not isinstance(project, dict):
        return pins
    deps = project.get("dependencies", [])
    if isinstance(deps, list):
        pins += _pep508_list(path, text, "project.dependencies", deps, notes)
    else:
        problem = CompatError(f"{path}: [project] dependencies is not an array")
        _skip_or_raise(problem, _cdktf_named(deps), notes)
    optional = project.get("optional-dependencies") or {}
    if not isinstance(optional, dict):
        problem = CompatError(f"{path}: [project.optional-dependencies] is not a table")
        _skip_or_raise(problem, _cdktf_named(optional), notes)
        return pins
    for extra, items in optional.items():
        if isinstance(items, list):
            pins += _pep508_list(path, text, f"project.optional-dependencies.{extra}", items, notes)
        else:
            problem = CompatError(f"{path}: optional dependency group {extra!r} is not an array")
            _skip_or_raise(problem, _cdktf_named(items), notes)
    return pins


def _dependency_groups(path: Path, text: str, document: dict[str, Any], notes: list[str]) -> list[Pin]:
    groups = document.get("dependency-groups") or {}
    pins: list[Pin] = []
    if not isinstance(groups, dict):
        raise CompatError(f"{path}: [dependency-groups] is not a table")
    for group, items in groups.items():
        if isinstance(items, list):
            pins += _pep508_list(path, text, f"dependency-groups.{group}", items, notes)
        else:
            problem = CompatError(f"{path}: dependency group {group!r} is not an array")
            _skip_or_raise(problem, _cdktf_named(items), notes)
    return pins


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


def _poetry_source(value: Any) -> str | None:
    """Where a Poetry dependency table installs from when that is a path, file, URL or VCS checkout."""
    if isinstance(value, list) and value:
        value = value[0]
    return direct_source(value) if isinstance(value, dict) else None


def poetry_version(value: Any, path: Path, name: str) -> str:
    """The constraint text of one Poetry dependency (string, table, or list of tables: the first)."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("version", "*")
    if not isinstance(value, str):
        raise CompatError(f"{path}: Poetry dependency {name} = {value!r} has no version string")
    return value


def _poetry(path: Path, text: str, document: dict[str, Any], notes: list[str]) -> list[Pin]:
    pins: list[Pin] = []
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
                _skip_or_raise(CompatError(message), name, notes)
                continue
            pins.append(
                Pin(
                    canonical(name),
                    name,
                    path,
                    toml_key_line(text, table_name, name),
                    raw,
                    specifier,
                    "poetry",
                    table_name,
                    _poetry_source(value),
                )
            )
    return pins


def read_pyproject(path: Path) -> tuple[list[Manifest], dict[str, Any]]:
    """One manifest per dependency style present (PEP 621 and/or Poetry), and the plain document."""
    text = read_text(path)
    document = load_toml(path, text)
    tool = document.get("tool", {})
    if not isinstance(tool, dict) or not isinstance(tool.get("poetry", {}), dict):
        raise CompatError(f"{path}: [tool] and [tool.poetry] must be tables")
    manifests: list[Manifest] = []
    pep621_notes: list[str] = []
    pep621 = _pep621(path, text, document, pep621_notes)
    pep621 += _dependency_groups(path, text, document, pep621_notes)
    if pep621 or isinstance(document.get("project"), dict):  # a [project] table can take dependencies
        manifests.append(Manifest(path, "pep621", tuple(pep621), tuple(pep621_notes)))
    poetry_notes: list[str] = []
    poetry = _poetry(path, text, document, poetry_notes)
    if poetry_tables(document):
        manifests.append(Manifest(path, "poetry", tuple(poetry), tuple(poetry_notes)))
    return manifests, document
