"""``package.json``: the dependencies npm, yarn and pnpm install, engines, overrides, workspaces.

Each dependency keeps the line of its key, so a finding points at ``package.json:24``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from compat.errors import CompatError
from compat.versions.npm_semver import NpmRange

FILENAME = "package.json"
Section = Literal["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
#: the order a package.json is read in: what installs first (npm installs dev dependencies too)
SECTIONS: tuple[Section, ...] = (
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
)
_KEY = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*:')


class NpmDependency(NamedTuple):
    """One entry of a dependency section: ``"cdktf": "^0.20.0"``."""

    name: str
    spec: str  # as written: a range, a dist-tag, ``workspace:*``, ``file:..``, a URL
    section: Section
    line: int  # 1-based line of the key in package.json

    @property
    def range(self) -> NpmRange | None:
        """The registry range ``spec`` is, or None (dist-tag, workspace, file, git, alias)."""
        return NpmRange.parse(self.spec)

    @property
    def installs(self) -> bool:
        """Whether ``npm install`` installs it for this package (peer dependencies only via the others)."""
        return self.section != "peerDependencies"


class KeyLines:
    """The line of every ``"key":`` of a JSON text, read once (a lookup is a bisect, not a scan)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, list[int]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _KEY.finditer(line):
                self._lines.setdefault(match.group(1), []).append(number)

    def first(self, key: str, after: int = 0) -> int:
        """The first line at or after ``after`` holding ``key``; 0 when there is none."""
        lines = self._lines.get(key) or []
        at = bisect_left(lines, after)
        return lines[at] if at < len(lines) else 0


class PackageJson(NamedTuple):
    path: Path
    name: str | None
    dependencies: tuple[NpmDependency, ...]
    engines_node: str | None
    engines_line: int
    overrides: Mapping[str, str]  # npm ``overrides`` / yarn ``resolutions`` / pnpm ``pnpm.overrides`` (flat)
    workspaces: tuple[str, ...]
    package_manager: str | None  # ``packageManager``: "pnpm@9.1.0", "yarn@4.1.0"

    def find(self, name: str) -> list[NpmDependency]:
        return [d for d in self.dependencies if d.name == name]

    def declared(self, name: str) -> NpmDependency | None:
        """The entry that decides what installs: dependencies, then dev, optional, then peer."""
        entries = self.find(name)
        return entries[0] if entries else None


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _workspaces(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):  # yarn v1: {"packages": [...], "nohoist": [...]}
        value = value.get("packages")
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def parse_package_json(path: Path, text: str) -> PackageJson:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise CompatError(f"{path}: not valid JSON ({error})") from error
    except RecursionError as error:
        raise CompatError(f"{path}: JSON nested too deeply to read") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not a package.json (no JSON object)")
    keys = KeyLines(text)
    dependencies = []
    for section in SECTIONS:
        entries = document.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise CompatError(f'{path}: "{section}" must be an object of package names and versions')
        start = keys.first(section)
        for name, spec in entries.items():
            if not isinstance(spec, str):
                raise CompatError(f'{path}: "{section}" entry "{name}" must be a string')
            dependencies.append(
                NpmDependency(name=name, spec=spec, section=section, line=keys.first(name, start) or start)
            )
    engines = document.get("engines")
    engines_node = engines.get("node") if isinstance(engines, dict) else None
    pnpm = document.get("pnpm")
    overrides = {
        **_strings(document.get("resolutions")),
        **_strings(document.get("overrides")),
        **_strings(pnpm.get("overrides") if isinstance(pnpm, dict) else None),
    }
    name = document.get("name")
    manager = document.get("packageManager")
    return PackageJson(
        path=path,
        name=name if isinstance(name, str) else None,
        dependencies=tuple(dependencies),
        engines_node=engines_node if isinstance(engines_node, str) else None,
        engines_line=keys.first("node", keys.first("engines")) if engines_node else 0,
        overrides=MappingProxyType(overrides),
        workspaces=_workspaces(document.get("workspaces")),
        package_manager=manager if isinstance(manager, str) else None,
    )


def read_package_json(path: Path) -> PackageJson:
    from compat.project._toml import read_text

    return parse_package_json(path, read_text(path))
