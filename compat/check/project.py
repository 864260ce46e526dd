"""What ``check`` needs to know of a project, adapted from :func:`compat.project.load_project`.

The rules read these small value objects (paths relative to the project root, 1-based lines),
so the project model can evolve without touching them. The installed set is the lock file's
when there is one, else the manifest pins; a range resolves to the newest release it admits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from compat.check.context import Resolved
from compat.check.model import Environment
from compat.check.provider_notes import unchecked_provider_notes
from compat.lines import LINES, Line
from compat.project.model import Pin as ModelPin
from compat.project.model import Project
from compat.providers import provider_package
from compat.snapshot import Snapshot
from compat.versions import HashiConstraint


@dataclass(frozen=True)
class Pin:
    """One package as a manifest or lock file states it."""

    name: str  # canonical PyPI name
    specifier: str  # PEP 440 ("==19.65.1", "", ">=0.20,<0.21")
    path: str  # file, relative to the project root
    line: int  # 1-based line of the entry (0 when unknown)
    locked: bool  # from a lock file
    exact: str | None  # the version when the specifier pins exactly one


@dataclass(frozen=True)
class ProviderEntry:
    """One ``terraformProviders`` entry of cdktf.json."""

    name: str  # "aws"
    source: str  # "registry.terraform.io/hashicorp/aws"
    constraint: HashiConstraint
    raw: str  # as written
    line: int


@dataclass(frozen=True)
class ProjectFacts:
    root: Path
    line: Line
    cdktf_json: str | None  # relative path, when present
    providers: tuple[ProviderEntry, ...]
    manifest_pins: tuple[Pin, ...]  # packages of both lines and constructs only
    lock_pins: tuple[Pin, ...]
    skip_dirs: tuple[str, ...] = ()  # cdktf.json codeMakerOutput, relative to the root
    prebuilt_pins: tuple[Pin, ...] = ()  # every prebuilt provider package: the lock's, else the manifests'



@dataclass(frozen=True)
class Loaded:
    facts: ProjectFacts
    environment: Environment
    bindings: Resolved | None
    core: Resolved | None
    notes: tuple[str, ...]


_INTERESTING: set[str] = {canonicalize_name(n) for line in LINES.values() for n in (line.core, line.bindings)}
_INTERESTING.add("constructs")


def _prebuilt_pins(root: Path, project: Project) -> tuple[Pin, ...]:
    """Every prebuilt provider package the lock installs, else the manifests pin (VER011)."""
    if project.lock is not None:
        return tuple(_pin(root, p, True) for p in project.lock.pins
                     if provider_package(p.package) is not None and p.section in ("default", "package"))
    return tuple(_pin(root, p, False) for m in project.manifests for p in m.pins
                 if provider_package(p.package) is not None)


def _rel(root: Path, path: Path | str) -> str:
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _source(root: Path, text: str) -> str:
    """``text`` with the project root taken off the paths it names (``/x/p/Pipfile:3`` -> ``Pipfile:3``)."""
    return text.replace(str(root) + "/", "")


def _pin(root: Path, pin: ModelPin, locked: bool) -> Pin:
    exact = str(pin.exact) if pin.exact else None
    return Pin(pin.package, str(pin.specifier), _rel(root, pin.path), pin.line, locked, exact)


def load_facts(root: Path, *, terraform: str | None = None, python: str | None = None,
               snapshot: Snapshot | None = None) -> Loaded:
    """Read cdktf.json, the manifests, the lock file and the Terraform / Python versions of ``root``."""
    from compat.project import load_project

    project = load_project(root, terraform=terraform, python=python, snapshot=snapshot,
                           use_snapshot=snapshot is not None)
    root = project.root.resolve()
    providers: list[ProviderEntry] = []
    cdktf_rel = None
    skip: tuple[str, ...] = ()
    if project.cdktf is not None:
        cdktf_rel = _rel(root, project.cdktf.path)
        for entry in project.cdktf.providers:
            raw = entry.raw if isinstance(entry.raw, str) else json.dumps(entry.raw)
            req = entry.requirement
            providers.append(ProviderEntry(req.name, req.source, req.constraint, raw, entry.line))
        if project.cdktf.code_maker_output:
            skip = (project.cdktf.code_maker_output.strip("./") or ".",)
    manifest_pins = tuple(_pin(root, p, False) for m in project.manifests for p in m.pins
                          if p.package in _INTERESTING)
    lock_pins: tuple[Pin, ...] = ()
    if project.lock is not None:
        lock_pins = tuple(_pin(root, p, True) for p in project.lock.pins
                          if p.package in _INTERESTING and p.section in ("default", "package"))
    facts = ProjectFacts(root, project.line, cdktf_rel, tuple(providers), manifest_pins, lock_pins, skip,
                         _prebuilt_pins(root, project))
    tf, py = project.terraform, project.python
    environment = Environment(
        str(tf.version) if tf else None, _source(root, tf.source) if tf else None,
        str(py.version), _source(root, py.source))
    notes = [_source(root, note) for note in project.notes]
    notes += unchecked_provider_notes(
        ((p.name, p.exact, f"{p.path}:{p.line}") for p in facts.prebuilt_pins), project.line)

    def resolved(package: str) -> Resolved | None:
        installed = project.installed.get(canonicalize_name(package))
        if installed is None:
            return None
        pin = installed.pin
        mine = _pin(root, pin, installed.how == "lock") if pin is not None else None
        note = _source(root, installed.note)
        if installed.version is None:
            notes.append(note)
        if installed.version is None:
            return None
        return Resolved(installed.package, str(installed.version), note, mine)

    return Loaded(facts, environment, resolved(project.line.bindings), resolved(project.line.core),
                  tuple(notes))
