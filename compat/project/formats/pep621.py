"""PEP 621 ``[project]`` dependencies (with optional dependencies and PEP 735 groups) in
``pyproject.toml``, read and edited; ``uv.lock`` locks them.

A direct reference (``cdktf @ file:///...``) installs the package from there, not as a registry
release (:attr:`Pin.source`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.project._toml import first_line, parse_toml
from compat.project.formats._locked import TomlLockFormat
from compat.project.formats._pyproject import NAME, PyprojectFormat, cdktf_named, skip_or_raise
from compat.project.formats._toml_edit import string_like
from compat.project.formats.base import Edited, ManifestSource
from compat.project.model import Manifest, Pin, canonical
from compat.project.textpos import string_line, toml_table_line

if TYPE_CHECKING:
    from packaging.requirements import Requirement

    from compat.project.wanted import WantedPin


def _pep508(path: Path, text: str, section: str, item: object, notes: list[str]) -> Pin[SpecifierSet] | None:
    if not isinstance(item, str):
        problem = CompatError(f"{path}: {section} holds {item!r}, not a requirement string")
        skip_or_raise(problem, cdktf_named(item), notes)
        return None
    from packaging.requirements import (  # PEP 508 parser: only where one is read
        InvalidRequirement,
        Requirement,
    )

    try:
        requirement = Requirement(item)
    except InvalidRequirement as error:
        problem = CompatError(f"{path}: {section}: not a valid requirement {item!r} ({first_line(error)})")
        name = NAME.match(item)
        skip_or_raise(problem, name.group(1) if name else "", notes)
        return None
    table = (
        section.rsplit(".", 1)[0]
        if section.startswith(("project.optional", "dependency-groups"))
        else "project"
    )
    after = toml_table_line(text, table)
    return Pin(
        package=canonical(requirement.name),
        name_as_written=requirement.name,
        path=path,
        line=string_line(text, item, after) or after,
        raw=item,
        specifier=requirement.specifier,
        kind="pep621",
        section=section,
        source=requirement.url,
    )


def _pep508_list(
    path: Path, text: str, section: str, items: list[Any], notes: list[str]
) -> list[Pin[SpecifierSet]]:
    """The readable requirements of one array (PEP 735 ``{include-group = ...}`` tables are not pins)."""
    found = (_pep508(path, text, section, i, notes) for i in items if not isinstance(i, dict))
    return [pin for pin in found if pin is not None]


def _pep621(path: Path, text: str, document: dict[str, object], notes: list[str]) -> list[Pin[SpecifierSet]]:
    project = document.get("project")
    pins: list[Pin[SpecifierSet]] = []
    if not isinstance(project, dict):
        return pins
    deps = project.get("dependencies", [])
    if isinstance(deps, list):
        pins += _pep508_list(path, text, "project.dependencies", deps, notes)
    else:
        problem = CompatError(f"{path}: [project] dependencies is not an array")
        skip_or_raise(problem, cdktf_named(deps), notes)
    optional = project.get("optional-dependencies") or {}
    if not isinstance(optional, dict):
        problem = CompatError(f"{path}: [project.optional-dependencies] is not a table")
        skip_or_raise(problem, cdktf_named(optional), notes)
        return pins
    for extra, items in optional.items():
        if isinstance(items, list):
            pins += _pep508_list(path, text, f"project.optional-dependencies.{extra}", items, notes)
        else:
            problem = CompatError(f"{path}: optional dependency group {extra!r} is not an array")
            skip_or_raise(problem, cdktf_named(items), notes)
    return pins


def _dependency_groups(
    path: Path, text: str, document: dict[str, Any], notes: list[str]
) -> list[Pin[SpecifierSet]]:
    groups = document.get("dependency-groups") or {}
    pins: list[Pin[SpecifierSet]] = []
    if not isinstance(groups, dict):
        raise CompatError(f"{path}: [dependency-groups] is not a table")
    for group, items in groups.items():
        if isinstance(items, list):
            pins += _pep508_list(path, text, f"dependency-groups.{group}", items, notes)
        else:
            problem = CompatError(f"{path}: dependency group {group!r} is not an array")
            skip_or_raise(problem, cdktf_named(items), notes)
    return pins


def _edit_array(
    array: Any,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
    renames: Mapping[str, str],
    path: Path,
    section: str,
) -> set[str]:
    from packaging.requirements import InvalidRequirement, Requirement

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
            array[index] = string_like(item, _requirement_text(str(item), requirement, new_name, pin))
    return seen


def _requirement_text(
    original: str, requirement: Requirement, name: str, pin: WantedPin[SpecifierSet] | None
) -> str:
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    spec = pin.text if pin and requirement.specifier == pin.specifier else _ordered(requirement)
    marker = f"; {requirement.marker}" if requirement.marker else ""
    return f"{name}{extras}{spec}{marker}"


def _ordered(requirement: Requirement) -> str:
    from compat.project.wanted import WantedPin

    return WantedPin(canonical(requirement.name), requirement.specifier).text


def edit_pep621(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
    renames: Mapping[str, str],
    add: Sequence[WantedPin[SpecifierSet]],
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


class UvLockFormat(TomlLockFormat):
    kind = "uv.lock"
    filename = "uv.lock"
    command = "uv lock"


class Pep621Format(PyprojectFormat):
    kind = "pep621"
    rank = 2
    locks = (UvLockFormat(),)

    def read(self, source: ManifestSource) -> Manifest[SpecifierSet] | None:
        """The ``[project]`` manifest; None without a ``[project]`` table or dependency groups."""
        path, text, document = source
        notes: list[str] = []
        pins = _pep621(path, text, document, notes)
        pins += _dependency_groups(path, text, document, notes)
        if pins or isinstance(document.get("project"), dict):  # a [project] table can take dependencies
            return Manifest(path, "pep621", tuple(pins), tuple(notes))
        return None

    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[SpecifierSet]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[SpecifierSet]],
    ) -> Edited:
        return Edited(edit_pep621(path, text, wanted, renames, add))
