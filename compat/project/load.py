"""``load_project(path)``: read every manifest, lock and cdktf.json of a project into a :class:`Project`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.families import FAMILIES
from compat.languages import language_name
from compat.project.cdktf_json import FILENAME, read_cdktf_json
from compat.project.family import detect_family
from compat.project.files import repository_root
from compat.project.formats import read_lock, read_manifests_in
from compat.project.installed import resolve_installed
from compat.project.local_bindings import local_bindings
from compat.project.model import LockFile, Manifest, Project, ResolutionSettings, StaleLock
from compat.project.runtimes import detect_runtimes
from compat.project.terraform_lock import read_terraform_locks
from compat.versions.python import ProjectPython

if TYPE_CHECKING:
    from compat.snapshot import Snapshot


def project_root(path: Path) -> Path:
    """``path`` itself, or its directory when it names a file (``cdktf.json``, ``Pipfile``)."""
    if not path.exists():
        raise CompatError(f"{path}: no such file or directory")
    return path.parent if path.is_file() else path


def read_manifests(root: Path) -> tuple[Path, list[Manifest[SpecifierSet]], dict[str, Any]]:
    """The folder of the manifests that install the app at ``root``, the manifests, and the plain
    document of each manifest file there by name (``Pipfile``, ``pyproject.toml``).

    The nearest folder at or above ``root`` with a Pipfile, a requirements file or a pyproject.toml
    that declares dependencies (the app in ``infra/``, the Pipfile at the repository root), never
    above the repository root (nor above ``root`` outside a repository). A tool-only pyproject.toml
    installs nothing, so the search goes on past it.
    """
    repository = repository_root(root.resolve())
    folders = [root]
    if repository is not None:
        folders += [p for p in root.resolve().parents if p == repository or repository in p.parents]
    here = read_manifests_in(root)
    for folder in folders:
        found = here if folder is root else read_manifests_in(folder)
        if found[0]:
            return folder, *found
    return root, *here


def load_project(
    path: Path | str,
    *,
    terraform: str | None = None,
    python: str | None = None,
    family: str | None = None,
    opentofu: str | None = None,
    snapshot: Snapshot | None = None,
    environ: Mapping[str, str] | None = None,
    use_snapshot: bool = True,
    node: str | None = None,
    with_node: bool = False,
    relock_stale: bool = False,
) -> Project:
    """Read the project at ``path`` (a directory, or a file inside it).

    ``terraform`` / ``opentofu`` / ``python`` are the ``--terraform`` / ``--opentofu`` / ``--python``
    flags, ``line`` the ``--line`` override; ``node`` the ``--node`` flag (Node.js is detected only
    ``with_node``: finding it may ask the ``node`` binary). ``snapshot`` resolves ranges to versions
    (the embedded snapshot when None and ``use_snapshot``; ranges stay unresolved when no snapshot
    can be read). ``relock_stale``: a lock its manifest no longer produces (:attr:`Project.stale_lock`)
    is left out of ``installed``, as the installer relocks it (``check``); else its versions stand for
    what was installed last (``migrate`` starts from the release the code was written against).
    """
    root = project_root(Path(path))
    config = read_cdktf_json(root / FILENAME) if (root / FILENAME).is_file() else None
    folder, manifests, documents = read_manifests(root)
    lock = read_lock(folder, manifests)
    stale = _stale(lock, folder, documents) if lock is not None else None
    notes: list[str] = []
    if snapshot is None and use_snapshot:
        from compat.snapshot import load_snapshot

        try:
            snapshot = load_snapshot()
        except CompatError as error:
            notes.append(f"version ranges not resolved: {error}")
    skip = [config.code_maker_output] if config and config.code_maker_output else []
    if family:
        if family not in FAMILIES:
            raise CompatError(f"--line must be cdktf or cdktn, not {family!r}")
        chosen, family_source = FAMILIES[family], "--line"
    else:
        chosen, family_source = detect_family(root, manifests, lock, skip)
    runtimes = detect_runtimes(
        root,
        terraform=terraform,
        opentofu=opentofu,
        python=python,
        cdktf_json=config.document if config else {},
        pipfile=documents.get("Pipfile") or {},
        pyproject=documents.get("pyproject.toml") or {},
        environ=environ,
        node=node,
        with_node=with_node,
    )
    detected_py = runtimes.python
    assert detected_py is not None  # asked for
    return Project(
        root=root,
        family=chosen,
        family_source=family_source,
        cdktf=config,
        manifests=tuple(manifests),
        lock=lock,
        installed=resolve_installed(
            manifests, None if stale and relock_stale else lock, snapshot, detected_py
        ),
        terraform=runtimes.cli,
        python=detected_py,
        notes=(*(config.notes if config else ()), *notes, *runtimes.cli_notes),
        language=language_name(config.language if config else None),
        settings=resolution_settings(root, manifests, detected_py),
        node=runtimes.node,
        node_notes=runtimes.node_notes,
        generated=local_bindings(config) if config is not None else None,
        stale_lock=stale,
        terraform_locks=read_terraform_locks(root),
    )


def _stale(lock: LockFile[SpecifierSet], folder: Path, documents: Mapping[str, Any]) -> StaleLock | None:
    """``lock`` when the manifest it was written from no longer produces it (see lock_freshness)."""
    from compat.project.lock_freshness import stale_lock

    manifest = "Pipfile" if lock.kind == "pipfile.lock" else "pyproject.toml"
    return stale_lock(lock.path, lock.kind, folder / manifest, documents.get(manifest))


#: files whose presence names the tool that installs a project, checked in this order
_INSTALLER_FILES = (("poetry.lock", "Poetry"), ("pdm.lock", "PDM"), ("uv.lock", "uv"), ("Pipfile", "pipenv"))


def resolution_settings(
    root: Path, manifests: Sequence[Manifest[SpecifierSet]], python: ProjectPython
) -> ResolutionSettings:
    """The installer (from the files it owns at ``root``; pip when nothing else says) and whether the
    project's ``requirements.txt`` or ``Pipfile`` lets it pick pre-releases."""
    installer = next((tool for name, tool in _INSTALLER_FILES if (root / name).is_file()), None)
    if installer is None:
        installer = python.tool if python.tool in ("Poetry", "PDM", "uv") else "pip"
    own = {(root / "requirements.txt").resolve(), (root / "Pipfile").resolve()}
    prereleases = any(m.allows_prereleases for m in manifests if m.path.resolve() in own)
    return ResolutionSettings(installer=installer, prereleases=prereleases)
