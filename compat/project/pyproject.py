"""``pyproject.toml``: PEP 621 ``[project]`` dependencies (and PEP 735 groups) and Poetry's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from compat.errors import CompatError
from compat.project._toml import first_line, parse_toml, read_text
from compat.project.model import Manifest, Pin, canonical
from compat.project.textpos import string_line, toml_key_line, toml_table_line
from compat.versions.poetry import poetry_specifier


def _pep508(path: Path, text: str, section: str, item: Any) -> Pin:
    if not isinstance(item, str):
        raise CompatError(f"{path}: {section} holds {item!r}, not a requirement string")
    try:
        requirement = Requirement(item)
    except InvalidRequirement as error:
        raise CompatError(
            f"{path}: {section}: not a valid requirement {item!r} ({first_line(error)})"
        ) from error
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
    )


def _pep621(path: Path, text: str, document: dict[str, Any]) -> list[Pin]:
    project = document.get("project")
    pins: list[Pin] = []
    if not isinstance(project, dict):
        return pins
    deps = project.get("dependencies", [])
    if not isinstance(deps, list):
        raise CompatError(f"{path}: [project] dependencies is not an array")
    pins += [_pep508(path, text, "project.dependencies", item) for item in deps]
    optional = project.get("optional-dependencies") or {}
    if not isinstance(optional, dict):
        raise CompatError(f"{path}: [project.optional-dependencies] is not a table")
    for extra, items in optional.items():
        if not isinstance(items, list):
            raise CompatError(f"{path}: optional dependency group {extra!r} is not an array")
        pins += [_pep508(path, text, f"project.optional-dependencies.{extra}", i) for i in items]
    return pins


def _dependency_groups(path: Path, text: str, document: dict[str, Any]) -> list[Pin]:
    groups = document.get("dependency-groups") or {}
    pins: list[Pin] = []
    if not isinstance(groups, dict):
        raise CompatError(f"{path}: [dependency-groups] is not a table")
    for group, items in groups.items():
        if not isinstance(items, list):
            raise CompatError(f"{path}: dependency group {group!r} is not an array")
        pins += [
            _pep508(path, text, f"dependency-groups.{group}", i) for i in items if not isinstance(i, dict)
        ]
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


def poetry_version(value: Any, path: Path, name: str) -> str:
    """The constraint text of one Poetry dependency (string, table, or list of tables: the first)."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("version", "*")
    if not isinstance(value, str):
        raise CompatError(f"{path}: Poetry dependency {name} = {value!r} has no version string")
    return value


def _poetry(path: Path, text: str, document: dict[str, Any]) -> list[Pin]:
    pins: list[Pin] = []
    for table_name, table in poetry_tables(document):
        if not isinstance(table, dict):
            raise CompatError(f"{path}: [{table_name}] is not a table")
        for name, value in table.items():
            if name.lower() == "python":
                continue
            raw = poetry_version(value, path, name)
            try:
                specifier = poetry_specifier(raw)
            except CompatError as error:
                raise CompatError(f"{path}: {name}: {error}") from error
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
                )
            )
    return pins


def read_pyproject(path: Path) -> tuple[list[Manifest], dict[str, Any]]:
    """One manifest per dependency style present (PEP 621 and/or Poetry), and the plain document."""
    text = read_text(path)
    document = parse_toml(path, text).unwrap()
    tool = document.get("tool", {})
    if not isinstance(tool, dict) or not isinstance(tool.get("poetry", {}), dict):
        raise CompatError(f"{path}: [tool] and [tool.poetry] must be tables")
    manifests: list[Manifest] = []
    pep621 = _pep621(path, text, document) + _dependency_groups(path, text, document)
    if pep621 or isinstance(document.get("project"), dict):  # a [project] table can take dependencies
        manifests.append(Manifest(path, "pep621", tuple(pep621)))
    poetry = _poetry(path, text, document)
    if poetry_tables(document):
        manifests.append(Manifest(path, "poetry", tuple(poetry)))
    return manifests, document
