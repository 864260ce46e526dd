"""Format-keeping edits of TOML manifests (Pipfile, pyproject.toml PEP 621 and Poetry) with tomlkit.

Only the values asked for change; comments, order, quoting style and other sections stay as they
are. Renaming a key keeps its position (tomlkit's container replace).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

from compat.errors import CompatError
from compat.project._toml import parse_toml
from compat.project.model import canonical
from compat.project.pyproject import poetry_tables
from compat.project.wanted import WantedPin


def _string_like(old: Any, value: str) -> Any:
    """A tomlkit string holding ``value`` with the quoting and trailing comment of ``old``."""
    import tomlkit
    from tomlkit.items import String, StringType

    literal = isinstance(old, String) and old.type in (StringType.SLL, StringType.MLL)
    new = tomlkit.string(value, literal=literal)
    trivia = getattr(old, "trivia", None)
    if trivia is not None:
        new.trivia.indent = trivia.indent
        new.trivia.comment_ws = trivia.comment_ws
        new.trivia.comment = trivia.comment
        new.trivia.trail = trivia.trail
    return new


def _rename_key(table: Any, old: str, new: str, value: Any, path: Path) -> None:
    container = getattr(table, "value", table)
    replace = getattr(container, "_replace", None)
    if replace is None:  # pragma: no cover - every tomlkit release since 0.5 has it
        raise CompatError(f"{path}: cannot rename {old} to {new} with this tomlkit")
    replace(old, new, value)


def _edit_key_table(
    table: Any,
    path: Path,
    wanted: Mapping[str, WantedPin],
    renames: Mapping[str, str],
    spell: str,
) -> set[str]:
    """Edit a ``name = "spec"`` / ``name = {version = ...}`` table in place; return the names it holds."""
    seen: set[str] = set()
    for key in list(table.keys()):
        value = table[key]
        new_name = renames.get(canonical(key), key)
        target = canonical(new_name)
        seen.add(target)
        pin = wanted.get(target)
        text = (pin.poetry_text() if spell == "poetry" else pin.text) if pin else None
        replacement: Any = None
        if isinstance(value, dict):  # {version = "...", extras = [...]}
            current = value.get("version")
            if (
                pin
                and text is not None
                and not (isinstance(current, str) and _satisfied(current, pin, spell))
            ):
                value["version"] = _string_like(current, text) if current is not None else text
        elif isinstance(value, str):
            if pin and text is not None and not _satisfied(value, pin, spell):
                replacement = _string_like(value, text)
        else:  # Poetry's list-of-constraints form: left as written
            continue
        if new_name != key:
            _rename_key(table, key, new_name, replacement if replacement is not None else value, path)
        elif replacement is not None:
            table[key] = replacement
    return seen


def _satisfied(current: str, pin: WantedPin, spell: str) -> bool:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from compat.versions.poetry import poetry_specifier

    try:
        existing = (
            poetry_specifier(current)
            if spell == "poetry"
            else SpecifierSet("" if current.strip() in ("*", "") else current)
        )
    except (CompatError, InvalidSpecifier):
        return False
    return pin.satisfied_by(existing)


def edit_pipfile(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin],
    renames: Mapping[str, str],
    add: Sequence[WantedPin],
) -> str:
    """``add`` go to ``[packages]``."""
    document = parse_toml(path, text)
    for section in ("packages", "dev-packages"):
        if section in document:
            _edit_key_table(document[section], path, wanted, renames, "pipfile")
    if add:
        import tomlkit

        if "packages" not in document:
            document["packages"] = tomlkit.table()
        for pin in add:
            document["packages"][pin.package] = pin.text
    return str(document.as_string())


def _edit_array(
    array: Any, wanted: Mapping[str, WantedPin], renames: Mapping[str, str], path: Path, section: str
) -> set[str]:
    from packaging.requirements import InvalidRequirement

    seen: set[str] = set()
    for index, item in enumerate(list(array)):
        if not isinstance(item, str):
            continue
        try:
            requirement = Requirement(str(item))
        except InvalidRequirement as error:
            raise CompatError(f"{path}: {section}: not a valid requirement {str(item)!r}") from error
        old = canonical(requirement.name)
        new_name = renames.get(old, requirement.name)
        target = canonical(new_name)
        seen.add(target)
        pin = wanted.get(target)
        if requirement.url:
            continue
        changed = new_name != requirement.name
        if pin and not pin.satisfied_by(requirement.specifier):
            requirement.specifier = pin.specifier
            changed = True
        if changed:
            array[index] = _string_like(item, _requirement_text(str(item), requirement, new_name, pin))
    return seen


def _requirement_text(original: str, requirement: Requirement, name: str, pin: WantedPin | None) -> str:
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    spec = pin.text if pin and requirement.specifier == pin.specifier else _ordered(requirement)
    marker = f"; {requirement.marker}" if requirement.marker else ""
    return f"{name}{extras}{spec}{marker}"


def _ordered(requirement: Requirement) -> str:
    return WantedPin(canonical(requirement.name), requirement.specifier).text


def edit_pep621(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin],
    renames: Mapping[str, str],
    add: Sequence[WantedPin],
) -> str:
    """``[project] dependencies``, optional dependencies and PEP 735 groups; ``add`` go to dependencies."""
    document = parse_toml(path, text)
    project = document.get("project")
    if project is None:
        return text
    if "dependencies" in project:
        _edit_array(project["dependencies"], wanted, renames, path, "project.dependencies")
    for extra, items in (project.get("optional-dependencies") or {}).items():
        _edit_array(items, wanted, renames, path, f"optional-dependencies.{extra}")
    for group, items in (document.get("dependency-groups") or {}).items():
        _edit_array(items, wanted, renames, path, f"dependency-groups.{group}")
    for pin in add:
        if "dependencies" not in project:
            import tomlkit

            project["dependencies"] = tomlkit.array().multiline(True)
        project["dependencies"].append(f"{pin.package}{pin.text}")
    return str(document.as_string())


def edit_poetry(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin],
    renames: Mapping[str, str],
    add: Sequence[WantedPin],
) -> str:
    """Poetry's dependency tables; ``add`` go to ``[tool.poetry.dependencies]``."""
    document = parse_toml(path, text)
    tables = dict(poetry_tables(document))
    for name in tables:
        table: Any = document
        for part in name.split("."):
            table = table[part]
        _edit_key_table(table, path, wanted, renames, "poetry")
    if add:
        main = document["tool"]["poetry"]["dependencies"]
        for pin in add:
            main[pin.package] = pin.poetry_text()
    return str(document.as_string())
