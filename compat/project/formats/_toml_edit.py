"""Format-keeping edits shared by the TOML manifest formats (Pipfile, PEP 621, Poetry), with tomlkit.

Only the values asked for change; comments, order, quoting style and other sections stay as they
are. Renaming a key keeps its position (tomlkit's container replace).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.project.model import canonical

if TYPE_CHECKING:
    from compat.project.wanted import WantedPin


def string_like(old: object, value: str) -> object:
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


def _rename_key(table: object, old: str, new: str, value: object, path: Path) -> None:
    container = getattr(table, "value", table)
    replace = getattr(container, "_replace", None)
    if replace is None:  # pragma: no cover - every tomlkit release since 0.5 has it
        raise CompatError(f"{path}: cannot rename {old} to {new} with this tomlkit")
    replace(old, new, value)


def edit_key_table(
    table: Any,
    path: Path,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
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
                value["version"] = string_like(current, text) if current is not None else text
        elif isinstance(value, str):
            if pin and text is not None and not _satisfied(value, pin, spell):
                replacement = string_like(value, text)
        else:  # Poetry's list-of-constraints form: left as written
            continue
        if new_name != key:
            _rename_key(table, key, new_name, replacement if replacement is not None else value, path)
        elif replacement is not None:
            table[key] = replacement
    return seen


def _satisfied(current: str, pin: WantedPin[SpecifierSet], spell: str) -> bool:
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
