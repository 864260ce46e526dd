"""What ``check`` needs to know of a project, adapted from :func:`compat.project.load_project`.

The rules read these small value objects (paths relative to the project root, 1-based lines),
so the project model can evolve without touching them. The installed set is the lock file's
when there is one, else the manifest pins; a range resolves to the newest release it admits
(:attr:`Resolved.assumed`). A package installed from a path, file, URL or VCS has no version here.
"""

from __future__ import annotations

import os
from pathlib import Path

from packaging.specifiers import SpecifierSet

from compat.check.model import Environment, PinFact, Resolved
from compat.families import FAMILIES, Family
from compat.pep503 import canonical
from compat.project.files import folders_above, relative_source
from compat.project.model import Pin as ModelPin
from compat.project.model import Project, ProviderEntry, StaleLock
from compat.providers import looks_prebuilt, provider_package
from compat.record import Record
from compat.snapshot import Snapshot


class ProjectFacts(Record):
    project: Project  # the model it is adapted from (what no field below carries)
    root: Path
    family: Family
    cdktf_json: str | None  # relative path, when present
    providers: tuple[ProviderEntry, ...]  # cdktf.json terraformProviders
    manifest_pins: tuple[PinFact, ...]  # packages of both families and constructs only
    lock_pins: tuple[PinFact, ...]  # the lock file's, also when it is stale (VER006)
    skip_dirs: tuple[str, ...] = ()  # cdktf.json codeMakerOutput, relative to the root
    manifests: tuple[str, ...] = ()  # every dependency manifest read, relative to the root
    declared: frozenset[str] = frozenset()  # every package a manifest or the lock names (canonical)
    prebuilt_pins: tuple[PinFact, ...] = ()  # every prebuilt provider: the lock's, else the manifests'
    #: (requirements file, a file it includes as written), relative to the root
    included: tuple[tuple[str, str], ...] = ()
    #: every manifest's pins of packages of either family, constructs and every prebuilt package
    every_manifest_pin: tuple[PinFact, ...] = ()
    locked_manifest: str | None = None  # the manifest the lock in force was written from (relative)
    stale_lock: StaleLock | None = None  # the lock its manifest no longer produces (paths relative)
    #: packages of either family the stale lock installs that relocking drops, each with how it installs them
    stale_only: tuple[tuple[PinFact, str], ...] = ()


class Loaded(Record):
    facts: ProjectFacts
    environment: Environment
    bindings: Resolved | None
    core: Resolved | None
    notes: tuple[str, ...]
    #: every other prebuilt package the project installs whose version is known (their imports are checked)
    providers: tuple[Resolved, ...] = ()


_INTERESTING: set[str] = {
    canonical(n) for family in FAMILIES.values() for n in (family.core, family.bindings)
}
_INTERESTING.add("constructs")


def _prebuilt_pins(root: Path, project: Project) -> tuple[PinFact, ...]:
    """Every prebuilt provider package the lock installs, else the manifests pin (VER015)."""
    if project.lock_in_force is not None:
        return tuple(
            _pin(root, p, True)
            for p in project.lock_in_force.installed().values()
            if provider_package(p.package) is not None
        )
    return tuple(
        _pin(root, p, False)
        for m in project.manifests
        for p in m.pins
        if provider_package(p.package) is not None
    )


def _rel(root: Path, path: Path | str) -> str:
    """``path`` relative to the project root (``../Pipfile`` for a manifest above it in the repository)."""
    candidate = Path(path).resolve()
    if candidate == root or root in candidate.parents:
        return candidate.relative_to(root).as_posix()
    if any(folder in candidate.parents for folder in folders_above(root)):
        return Path(os.path.relpath(candidate, root)).as_posix()
    return str(path)


def _pin(root: Path, pin: ModelPin[SpecifierSet], locked: bool) -> PinFact:
    return PinFact(
        name=pin.package,
        specifier=pin.specifier,
        path=_rel(root, pin.path),
        line=pin.line,
        locked=locked,
        exact=pin.exact,
    )


#: the manifest each lock file is written from
LOCKED_MANIFEST = {"Pipfile.lock": "Pipfile", "poetry.lock": "pyproject.toml", "uv.lock": "pyproject.toml"}


def _locked_manifest(root: Path, project: Project) -> str | None:
    lock = project.lock_in_force
    if lock is None or lock.path.name not in LOCKED_MANIFEST:
        return None
    return _rel(root, lock.path.with_name(LOCKED_MANIFEST[lock.path.name]))


def _stale_lock_only(root: Path, project: Project) -> tuple[tuple[PinFact, str], ...]:
    """The cdktf packages a stale lock installs that relocking drops, each with how the lock installs it
    (``==3.0.4``, ``path ../../dist/cdktf-0.0.0-py3-none-any.whl``).

    A package no manifest declares is still installed as a dependency of one that is: ``constructs``
    of any core or prebuilt package, the core of any prebuilt package of its family. Only what nothing
    declared pulls in is dropped.
    """
    if project.stale_lock is None or project.lock is None:
        return ()
    declared = {p.package for m in project.manifests for p in m.pins}

    def pulled_in(package: str) -> bool:
        if package == "constructs":
            return any(name in ("cdktf", "cdktn") or provider_package(name) is not None for name in declared)
        family = next((family for family in FAMILIES.values() if family.core == package), None)
        return family is not None and any(
            (found := provider_package(name)) is not None and found.family == family for name in declared
        )

    return tuple(
        (_pin(root, p, True), p.source or f"=={p.exact}")
        for p in project.lock.installed().values()
        if p.package in _INTERESTING and p.package not in declared and not pulled_in(p.package)
    )


def load_facts(
    root: Path,
    *,
    terraform: str | None = None,
    python: str | None = None,
    snapshot: Snapshot | None = None,
    opentofu: str | None = None,
    node: str | None = None,
    project: Project | None = None,
) -> Loaded:
    """Read cdktf.json, the manifests, the lock file and the CLI / Python / Node.js versions of ``root``
    (``project``: the model a caller read already, ``migrate``'s)."""
    from compat.project import load_project

    project = project or load_project(
        root,
        terraform=terraform,
        python=python,
        snapshot=snapshot,
        use_snapshot=snapshot is not None,
        opentofu=opentofu,
        node=node,
        with_node=True,
        relock_stale=True,
    )
    root = project.root.resolve()
    cdktf_rel = None
    skip: tuple[str, ...] = ()
    if project.cdktf is not None:
        cdktf_rel = _rel(root, project.cdktf.path)
        if project.cdktf.code_maker_output:
            skip = (project.cdktf.code_maker_output.strip("./") or ".",)
    manifest_pins = tuple(
        _pin(root, p, False) for m in project.manifests for p in m.pins if p.package in _INTERESTING
    )
    lock_pins: tuple[PinFact, ...] = ()
    if project.lock is not None:
        lock_pins = tuple(
            _pin(root, p, True) for p in project.lock.installed().values() if p.package in _INTERESTING
        )
    declared = {p.package for m in project.manifests for p in m.pins}
    declared |= project.lock_in_force.names if project.lock_in_force is not None else frozenset()
    manifests = tuple(dict.fromkeys(_rel(root, m.path) for m in project.manifests))
    included = tuple((_rel(root, m.path), name) for m in project.manifests for name in m.includes)
    stale = project.stale_lock
    stale_notes: list[str] = []
    if stale is not None:
        stale = stale._replace(lock=Path(_rel(root, stale.lock)), manifest=Path(_rel(root, stale.manifest)))
        stale_notes.append(
            f"{stale.lock} is stale ({stale.reason}): the installed versions were taken from "
            f"{stale.manifest}, as the installer relocks"
        )
    facts = ProjectFacts(
        project=project,
        root=root,
        family=project.family,
        cdktf_json=cdktf_rel,
        providers=project.cdktf.providers if project.cdktf is not None else (),
        manifest_pins=manifest_pins,
        lock_pins=lock_pins,
        skip_dirs=skip,
        manifests=manifests,
        declared=frozenset(declared),
        prebuilt_pins=_prebuilt_pins(root, project),
        included=included,
        stale_lock=stale,
        stale_only=_stale_lock_only(root, project),
        every_manifest_pin=tuple(
            _pin(root, p, False)
            for m in project.manifests
            for p in m.pins
            if p.package in _INTERESTING or looks_prebuilt(p.package)
        ),
        locked_manifest=_locked_manifest(root, project),
    )
    tf = project.terraform
    environment = Environment(
        terraform=tf.version if tf else None,
        terraform_source=relative_source(root, tf.source) if tf else None,
        python=project.python,
    )
    found_node, node_notes = project.node, project.node_notes
    if found_node is None and not node_notes:
        node_notes = (
            "no Node.js version found (--node, .nvmrc, .node-version, mise.toml, .tool-versions, node on "
            "PATH): Node.js rules were skipped",
        )
    if found_node is not None:
        found_node = found_node._replace(source=relative_source(root, found_node.source))
    environment = environment._replace(cli=tf.cli if tf else "terraform", node=found_node)
    notes = [
        relative_source(root, note)
        for note in (
            *stale_notes,
            *project.notes,
            *project.python.notes,
            *node_notes,
            *(tf.notes if tf else ()),
            *(n for m in project.manifests for n in m.notes),
        )
    ]

    def resolved(package: str) -> Resolved | None:
        installed = project.installed.get(canonical(package))
        if installed is None:
            return None
        pin = installed.pin
        mine = _pin(root, pin, installed.how == "lock") if pin is not None else None
        note = relative_source(root, installed.note)
        if installed.how in ("range", "source", "unresolved"):  # an assumption (or a gap): say it
            notes.append(note)
        if installed.version is None:
            return None
        return Resolved(
            name=installed.package,
            version=installed.version,
            how=note,
            pin=mine,
            assumed=installed.how == "range",
            admitted=installed.admitted,
        )

    bindings, core = resolved(project.family.bindings), resolved(project.family.core)
    others = dict.fromkeys(p.name for p in facts.prebuilt_pins if p.name != project.family.bindings)
    installed = tuple(filter(None, (resolved(name) for name in others)))
    return Loaded(facts, environment, bindings, core, tuple(notes), installed)
