"""What ``check`` needs to know of a project: cdktf.json providers and the installed pins.

A small reader of its own, so the rules depend on these value objects only; once
``compat.project.load_project`` lands this module becomes an adapter over it.
The installed set is the lock file's when there is one, else the manifest pins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from compat.errors import CompatError
from compat.lines import CDKTF, LINES, Line


@dataclass(frozen=True)
class Pin:
    """One package as a manifest or lock file states it."""

    name: str  # canonical PyPI name
    specifier: str  # as written ("==19.65.1", "*", ">=0.20,<0.21")
    path: str  # file, relative to the project root
    line: int  # 1-based line of the entry (0 when unknown)
    locked: bool  # from a lock file

    @property
    def exact(self) -> str | None:
        """The version when the specifier pins exactly one (``==1.2.3``), else None."""
        try:
            specs = list(SpecifierSet(self.specifier))
        except InvalidSpecifier:
            return None
        if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
            return specs[0].version
        return None


@dataclass(frozen=True)
class ProviderEntry:
    """One ``terraformProviders`` entry of cdktf.json: ``"aws@~> 6.0"`` or ``{"name", "version"}``."""

    name: str  # "aws"
    source: str | None  # "hashicorp/aws" when given
    constraint: str | None  # "~> 6.0"
    raw: str
    line: int


@dataclass(frozen=True)
class ProjectFacts:
    root: Path
    line: Line
    cdktf_json: str | None  # relative path, when present
    providers: tuple[ProviderEntry, ...]
    target_terraform: str | None  # cdktf.json targetVersions (cdktn)
    manifest_pins: tuple[Pin, ...]
    lock_pins: tuple[Pin, ...]
    python_requires: tuple[str, str, int] | None  # (version or range, file, line)

    def pin(self, name: str) -> Pin | None:
        """The installed pin of ``name``: the lock file's when there is one, else the manifest's."""
        key = canonicalize_name(name)
        for pins in (self.lock_pins, self.manifest_pins):
            for pin in pins:
                if pin.name == key:
                    return pin
        return None

    def manifest_pin(self, name: str) -> Pin | None:
        key = canonicalize_name(name)
        return next((p for p in self.manifest_pins if p.name == key), None)


_INTERESTING: set[str] = {canonicalize_name(n) for line in LINES.values() for n in (line.core, line.bindings)}
_INTERESTING.add("constructs")


def _line_of(text: str, pattern: str) -> int:
    match = re.search(pattern, text, flags=re.IGNORECASE | re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _name_pattern(name: str) -> str:
    parts = re.split(r"[-_.]+", name)
    return r"[-_.]".join(re.escape(p) for p in parts)


def _toml(path: Path) -> dict[str, Any]:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        value = tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
    except (TOMLKitError, UnicodeDecodeError) as error:
        raise CompatError(f"{path.name}: not valid TOML: {str(error).splitlines()[0]}") from error
    return dict(value)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise CompatError(f"{path.name}: not valid JSON: {error}") from error


def _spec_of(value: Any) -> str | None:
    if isinstance(value, str):
        return "" if value.strip() == "*" else value.strip()
    if isinstance(value, dict) and isinstance(value.get("version"), str):
        return _spec_of(value["version"])
    return None


def _pipfile(root: Path, path: Path) -> Iterator[Pin]:
    data = _toml(path)
    text = path.read_text(encoding="utf-8")
    for section in ("packages", "dev-packages"):
        for name, value in (data.get(section) or {}).items():
            spec = _spec_of(value)
            key = canonicalize_name(name)
            if spec is not None and key in _INTERESTING:
                line = _line_of(text, rf"^\s*\"?{_name_pattern(name)}\"?\s*=")
                yield Pin(key, spec, path.name, line, False)


def _poetry_spec(value: str) -> str:
    """Poetry's ``^``/``~`` shorthands as PEP 440 (only what pins need: exact and plain ranges)."""
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)*", value):
        return "==" + value
    return value


def _pyproject(root: Path, path: Path) -> tuple[list[Pin], tuple[str, str, int] | None]:
    data = _toml(path)
    text = path.read_text(encoding="utf-8")
    pins: list[Pin] = []
    project = data.get("project") or {}
    for entry in project.get("dependencies") or []:
        pin = _requirement_pin(str(entry), path.name, text)
        if pin:
            pins.append(pin)
    poetry = ((data.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    python: tuple[str, str, int] | None = None
    for name, value in poetry.items():
        if name == "python":
            spec = _spec_of(value)
            if spec:
                python = (spec, path.name, _line_of(text, r"^\s*python\s*="))
            continue
        spec = _spec_of(value)
        key = canonicalize_name(name)
        if spec is not None and key in _INTERESTING:
            line = _line_of(text, rf"^\s*\"?{_name_pattern(name)}\"?\s*=")
            pins.append(Pin(key, _poetry_spec(spec), path.name, line, False))
    if isinstance(project.get("requires-python"), str):
        python = (project["requires-python"], path.name, _line_of(text, r"^\s*requires-python\s*="))
    return pins, python


def _requirement_pin(entry: str, rel: str, text: str, line: int = 0) -> Pin | None:
    try:
        requirement = Requirement(entry)
    except InvalidRequirement:
        return None
    key = canonicalize_name(requirement.name)
    if key not in _INTERESTING:
        return None
    if not line:
        line = _line_of(text, _name_pattern(requirement.name))
    return Pin(key, str(requirement.specifier), rel, line, False)


def _requirements(root: Path, path: Path) -> Iterator[Pin]:
    text = path.read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = raw.split(" #", 1)[0].strip()
        if not entry or entry.startswith(("#", "-")):
            continue
        pin = _requirement_pin(entry, path.relative_to(root).as_posix(), text, number)
        if pin:
            yield pin


def _pipfile_lock(path: Path) -> Iterator[Pin]:
    data = _json(path)
    text = path.read_text(encoding="utf-8")
    if not isinstance(data, dict):
        raise CompatError(f"{path.name}: not a Pipfile.lock")
    for section in ("default", "develop"):
        for name, value in (data.get(section) or {}).items():
            key = canonicalize_name(name)
            if key in _INTERESTING and isinstance(value, dict) and isinstance(value.get("version"), str):
                line = _line_of(text, rf"^\s*\"{_name_pattern(name)}\"\s*:")
                yield Pin(key, value["version"], path.name, line, True)


def _toml_lock(path: Path) -> Iterator[Pin]:
    """poetry.lock and uv.lock: ``[[package]]`` tables with ``name`` and ``version``."""
    data = _toml(path)
    text = path.read_text(encoding="utf-8")
    for package in data.get("package") or []:
        name, version = package.get("name"), package.get("version")
        if isinstance(name, str) and isinstance(version, str) and canonicalize_name(name) in _INTERESTING:
            line = _line_of(text, rf"^name\s*=\s*\"{_name_pattern(name)}\"")
            yield Pin(canonicalize_name(name), "==" + version, path.name, line, True)


def _providers(cdktf: dict[str, Any], text: str) -> list[ProviderEntry]:
    entries: list[ProviderEntry] = []
    raw_list = cdktf.get("terraformProviders") or []
    if not isinstance(raw_list, list):
        raise CompatError("cdktf.json: terraformProviders is not a list")
    for item in raw_list:
        if isinstance(item, str):
            raw = item
            name_part, _, constraint = item.partition("@")
            constraint_or_none: str | None = constraint.strip() or None
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            name_part = item.get("source") or item["name"]
            constraint_or_none = item.get("version") if isinstance(item.get("version"), str) else None
            raw = json.dumps(item)
        else:
            raise CompatError(f"cdktf.json: terraformProviders entry {item!r} is not a string or an object")
        source = name_part.strip()
        name = source.rsplit("/", 1)[-1]
        needle = item if isinstance(item, str) else str(item.get("name"))
        line = _line_of(text, re.escape(json.dumps(needle)) if isinstance(item, str) else re.escape(needle))
        entries.append(ProviderEntry(name, source if "/" in source else None, constraint_or_none, raw, line))
    return entries


def load_facts(root: Path) -> ProjectFacts:
    """Read cdktf.json, the manifests and the lock files of the project at ``root``."""
    if not root.is_dir():
        raise CompatError(f"{root}: not a directory")
    providers: list[ProviderEntry] = []
    target_terraform: str | None = None
    cdktf_rel: str | None = None
    cdktf_path = root / "cdktf.json"
    if cdktf_path.is_file():
        cdktf_rel = "cdktf.json"
        data = _json(cdktf_path)
        if not isinstance(data, dict):
            raise CompatError("cdktf.json: not a JSON object")
        providers = _providers(data, cdktf_path.read_text(encoding="utf-8"))
        targets = data.get("targetVersions")
        if isinstance(targets, dict) and isinstance(targets.get("terraform"), str):
            target_terraform = targets["terraform"]
    manifest: list[Pin] = []
    locks: list[Pin] = []
    python: tuple[str, str, int] | None = None
    if (root / "Pipfile").is_file():
        manifest += _pipfile(root, root / "Pipfile")
        data = _toml(root / "Pipfile")
        requires = data.get("requires") or {}
        for key in ("python_full_version", "python_version"):
            if isinstance(requires.get(key), str):
                text = (root / "Pipfile").read_text(encoding="utf-8")
                python = (requires[key], "Pipfile", _line_of(text, rf"^\s*{key}\s*="))
                break
    if (root / "pyproject.toml").is_file():
        pins, py = _pyproject(root, root / "pyproject.toml")
        manifest += pins
        python = python or py
    for path in sorted(root.glob("requirements*.txt")):
        manifest += _requirements(root, path)
    if (root / "Pipfile.lock").is_file():
        locks += _pipfile_lock(root / "Pipfile.lock")
    for name in ("poetry.lock", "uv.lock"):
        if (root / name).is_file():
            locks += _toml_lock(root / name)
    line = _detect_line(manifest + locks)
    return ProjectFacts(root, line, cdktf_rel, tuple(providers), target_terraform,
                        tuple(manifest), tuple(locks), python)


def _detect_line(pins: list[Pin]) -> Line:
    names = {p.name for p in pins}
    for line in LINES.values():
        if canonicalize_name(line.bindings) in names:
            return line
    for line in LINES.values():
        if canonicalize_name(line.core) in names:
            return line
    return CDKTF
