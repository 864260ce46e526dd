"""The manifest step of a migration: move the bindings and core pins to the target (and line).

Minimal line edits on the pins the project model found (file and line): the package name when the
line changes, the version text otherwise kept as written (``==9.0.52`` -> ``==21.22.1``). Lock
files are not edited; the report says to re-lock. This is the one place to swap for the shared
manifest writers when they exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.lines import Line
from compat.migrations.files import FileChange


@dataclass(frozen=True)
class PinMove:
    package: str  # canonical name in the project now
    new_name: str  # PyPI name after the migration
    version: str  # exact version to pin


@dataclass(frozen=True)
class ManifestPlan:
    changes: tuple[FileChange, ...]
    notes: tuple[str, ...]


def choose_core(snapshot: Any, bindings: str, version: str) -> tuple[str, str] | None:
    """``(core package, newest stable core version)`` the target bindings release admits."""
    if snapshot is None:
        return None
    release = snapshot.binding(bindings, version)
    if release is None or release.core is None:
        return None
    name = release.core_name
    admitted = [
        c.version
        for c in snapshot.cores(name)
        if not c.yanked and not c.version.is_prerelease and release.core_specifier.contains(c.version)
    ]
    return (name, str(max(admitted))) if admitted else None


def moves_for(
    source: Line, target: Line, bindings_version: str, core: tuple[str, str] | None
) -> list[PinMove]:
    moves = [PinMove(source.bindings, target.bindings, bindings_version)]
    if core is not None:
        moves.append(PinMove(source.core, core[0], core[1]))
    return moves


def _edit_line(line: str, pin: Any, move: PinMove) -> str:
    new = line
    if (
        pin.name_as_written
        and move.new_name.replace("-", "_").lower() != pin.name_as_written.replace("-", "_").lower()
    ):
        new = new.replace(pin.name_as_written, move.new_name, 1)
    start = max(new.find(move.new_name), 0)
    specs = list(pin.specifier)
    if specs and pin.specifier.contains(Version(move.version)):
        return new
    exact = pin.exact
    if exact is not None:
        written = specs[0].version
        at = new.find(written, start)
        if at >= 0:
            return new[:at] + move.version + new[at + len(written) :]
        return new
    texts = [_spec_text(s) for s in specs]
    spans = [m.span() for t in texts for m in [re.search(t, new[start:])] if m]
    if spans and len(spans) == len(texts):
        lo = start + min(a for a, _ in spans)
        hi = start + max(b for _, b in spans)
        return new[:lo] + f"=={move.version}" + new[hi:]
    if not specs and pin.kind == "requirements":  # "cdktf" with no specifier
        at = new.find(move.new_name) + len(move.new_name)
        return new[:at] + f"=={move.version}" + new[at:]
    return new


def _spec_text(spec: Any) -> str:
    return re.escape(str(spec.operator)) + r"\s*" + re.escape(str(spec.version))


def plan_manifests(pins: Iterable[Any], moves: list[PinMove]) -> ManifestPlan:
    """Line edits for ``pins`` (project-model :class:`Pin` objects of manifests, not locks)."""
    by_file: dict[Path, list[str]] = {}
    originals: dict[Path, str] = {}
    by_package = {m.package: m for m in moves}
    notes: list[str] = []
    for pin in pins:
        move = by_package.get(pin.package)
        if move is None:
            continue
        if pin.path not in originals:
            originals[pin.path] = pin.path.read_text(encoding="utf-8")
            by_file[pin.path] = originals[pin.path].splitlines(keepends=True)
        lines = by_file[pin.path]
        if not 1 <= pin.line <= len(lines):
            notes.append(
                f"{pin.location}: pin of {pin.package} not found; set {move.new_name}=={move.version}"
            )
            continue
        edited = _edit_line(lines[pin.line - 1], pin, move)
        if edited == lines[pin.line - 1] and not pin.specifier.contains(Version(move.version)):
            notes.append(
                f"{pin.location}: could not rewrite {pin.raw!r}; set {move.new_name}=={move.version}"
            )
        lines[pin.line - 1] = edited
    changes = tuple(
        FileChange(path, originals[path], "".join(lines))
        for path, lines in by_file.items()
        if "".join(lines) != originals[path]
    )
    return ManifestPlan(changes, tuple(notes))
