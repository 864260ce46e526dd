"""``load_project(path)``: read every manifest, lock and cdktf.json of a project into a :class:`Project`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compat.errors import CompatError
from compat.lines import LINES
from compat.project.cdktf_json import FILENAME, read_cdktf_json
from compat.project.files import repository_root
from compat.project.installed import resolve_installed
from compat.project.line import detect_line
from compat.project.locks import read_lock
from compat.project.model import LockFile, LockKind, Manifest, Project, StaleLock
from compat.versions.cli import detect_terraform
from compat.versions.detect import detect_python

if TYPE_CHECKING:
    from compat.snapshot import Snapshot


def project_root(path: Path) -> Path:
    """``path`` itself, or its directory when it names a file (``cdktf.json``, ``Pipfile``)."""
    if not path.exists():
        raise CompatError(f"{path}: no such file or directory")
    return path.parent if path.is_file() else path


def _manifests_in(folder: Path) -> tuple[list[Manifest], dict[str, Any] | None, dict[str, Any] | None]:
    """The manifests in ``folder``; each reader (and its parser) is imported only for a file it reads."""
    manifests: list[Manifest] = []
    pipfile_doc = pyproject_doc = None
    if (folder / "Pipfile").is_file():
        from compat.project.pipfile import read_pipfile

        manifest, pipfile_doc = read_pipfile(folder / "Pipfile")
        manifests.append(manifest)
    if (folder / "pyproject.toml").is_file():
        from compat.project.pyproject import read_pyproject

        found, pyproject_doc = read_pyproject(folder / "pyproject.toml")
        manifests += found
    for path in sorted(folder.glob("requirements*.txt")):
        if path.is_file():
            from compat.project.requirements import read_requirements

            manifests.append(read_requirements(path))
    return manifests, pipfile_doc, pyproject_doc


def read_manifests(
    root: Path,
) -> tuple[Path, list[Manifest], dict[str, Any] | None, dict[str, Any] | None]:
    """The folder of the manifests that install the app at ``root``, the manifests, Pipfile and pyproject.

    The nearest folder at or above ``root`` with a Pipfile, a requirements file or a pyproject.toml
    that declares dependencies (the app in ``infra/``, the Pipfile at the repository root), never
    above the repository root (nor above ``root`` outside a repository). A tool-only pyproject.toml
    installs nothing, so the search goes on past it.
    """
    repository = repository_root(root.resolve())
    folders = [root]
    if repository is not None:
        folders += [p for p in root.resolve().parents if p == repository or repository in p.parents]
    here = _manifests_in(root)
    for folder in folders:
        found = here if folder is root else _manifests_in(folder)
        if found[0]:
            return folder, *found
    return root, *here


def _lock_preference(manifests: list[Manifest]) -> LockKind | None:
    kinds = {m.kind for m in manifests}
    if "pipfile" in kinds:
        return "pipfile.lock"
    if "poetry" in kinds:
        return "poetry.lock"
    if "pep621" in kinds:
        return "uv.lock"
    return None


def load_project(
    path: Path | str,
    *,
    terraform: str | None = None,
    python: str | None = None,
    line: str | None = None,
    opentofu: str | None = None,
    snapshot: Snapshot | None = None,
    environ: Mapping[str, str] | None = None,
    use_snapshot: bool = True,
    relock_stale: bool = False,
) -> Project:
    """Read the project at ``path`` (a directory, or a file inside it).

    ``terraform`` / ``opentofu`` / ``python`` are the ``--terraform`` / ``--opentofu`` / ``--python``
    flags, ``line`` the ``--line`` override. ``snapshot`` resolves ranges to versions (the embedded
    snapshot when None and ``use_snapshot``; ranges stay unresolved when no snapshot can be read).
    ``relock_stale``: a lock its manifest no longer produces (:attr:`Project.stale_lock`) is left out of
    ``installed``, as the installer relocks it (``check``); else its versions stand for what was
    installed last (``migrate`` starts from the release the code was written against).
    """
    root = project_root(Path(path))
    config = read_cdktf_json(root / FILENAME) if (root / FILENAME).is_file() else None
    folder, manifests, pipfile_doc, pyproject_doc = read_manifests(root)
    lock = read_lock(folder, _lock_preference(manifests))
    stale = _stale(lock, folder, pipfile_doc, pyproject_doc) if lock is not None else None
    notes: list[str] = []
    if snapshot is None and use_snapshot:
        from compat.snapshot import load_snapshot

        try:
            snapshot = load_snapshot()
        except CompatError as error:
            notes.append(f"version ranges not resolved: {error}")
    skip = [config.code_maker_output] if config and config.code_maker_output else []
    if line:
        if line not in LINES:
            raise CompatError(f"--line must be cdktf or cdktn, not {line!r}")
        chosen, line_source = LINES[line], "--line"
    else:
        chosen, line_source = detect_line(root, manifests, lock, skip)
    detected_tf = detect_terraform(
        root, terraform, opentofu=opentofu, cdktf_json=config.document if config else {}, environ=environ
    )
    detected_py = detect_python(root, python, pipfile=pipfile_doc or {}, pyproject=pyproject_doc or {})
    return Project(
        root=root,
        line=chosen,
        line_source=line_source,
        cdktf=config,
        manifests=tuple(manifests),
        lock=lock,
        installed=resolve_installed(manifests, None if stale and relock_stale else lock, snapshot,
                                    detected_py),
        terraform=detected_tf,
        python=detected_py,
        notes=tuple(notes),
        stale_lock=stale,
    )


def _stale(lock: LockFile, folder: Path, pipfile_doc: dict[str, Any] | None,
           pyproject_doc: dict[str, Any] | None) -> StaleLock | None:
    """``lock`` when the manifest it was written from no longer produces it (see lock_freshness)."""
    from compat.project.lock_freshness import stale_lock

    if lock.kind == "pipfile.lock":
        return stale_lock(lock.path, lock.kind, folder / "Pipfile", pipfile_doc)
    return stale_lock(lock.path, lock.kind, folder / "pyproject.toml", pyproject_doc)
