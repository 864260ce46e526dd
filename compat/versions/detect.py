"""Which Python the project runs on, with where that came from, and the helpers every detector shares.

The CLI (Terraform or OpenTofu) is detected in :mod:`compat.versions.cli`, Node.js in
:mod:`compat.versions.node`. Python (a :class:`ProjectPython`, read the way the tool that
owns each file reads it): ``--python``, Pipfile ``[requires]``, Pipfile.lock ``_meta.requires``,
pyproject ``requires-python`` (or Poetry's ``python`` dependency), ``.python-version``; else the
running interpreter, which is only a guess.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.record import Record
from compat.versions.cli_names import CLI_LABELS, Cli
from compat.versions.hashicorp import parse_version
from compat.versions.poetry import poetry_specifier
from compat.versions.python import ProjectPython, PythonResolution, minors_in

_EXACT = re.compile(r"^v?[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.\-]+)?$")
_PY = LazyPattern(r"^(?:cpython-|python)?([0-9]+\.[0-9]+(?:\.[0-9]+)?)")


class Detected(Record):
    """A version and its source (``--terraform``, ``env TF_VERSION``, a file path, ...)."""

    version: Version
    source: str
    raw: str
    notes: tuple[str, ...] = ()
    cli: Cli = "terraform"  # which CLI the version is of (Terraform detection only)

    @property
    def label(self) -> str:
        """``Terraform`` or ``OpenTofu``: how messages name the CLI."""
        return CLI_LABELS[self.cli]

    def __str__(self) -> str:
        return f"{self.version} (from {self.source})"


class FolderNames:
    """The folders from a project up to ``/`` and what each holds, listed once for every search of one run
    that asks them: the CLI's, Node.js's and mise's searches (and direnv's ``.envrc``) each ask every
    folder for a few names (a version file, mise's ~20 config paths). A name a folder does not list is
    no file there; a folder that cannot be listed answers None, and each name is then asked of the file
    system. A plain class: it is filled as the searches go."""

    __slots__ = ("_above", "_listed")

    def __init__(self) -> None:
        self._listed: dict[Path, frozenset[str] | None] = {}
        self._above: dict[Path, tuple[Path, ...]] = {}

    def up(self, start: Path) -> tuple[Path, ...]:
        """``start`` resolved, then every folder above it: where a version manager looks, nearest first."""
        found = self._above.get(start)
        if found is None:
            here = start.resolve()
            found = self._above[start] = (here, *here.parents)
        return found

    def names(self, directory: Path) -> frozenset[str] | None:
        """The names in ``directory``; None when it cannot be listed."""
        if directory in self._listed:
            return self._listed[directory]
        try:
            found: frozenset[str] | None = frozenset(os.listdir(directory))
        except OSError:
            found = None
        self._listed[directory] = found
        return found

    def is_file(self, directory: Path, name: str) -> bool:
        """Whether ``directory / name`` is a file (links followed), asked of the file system only when
        the folder lists ``name`` or cannot be listed."""
        names = self.names(directory)
        return (names is None or name in names) and (directory / name).is_file()


def nearest_envrc(start: Path, folders: FolderNames | None = None) -> Path | None:
    """The ``.envrc`` direnv loads for ``start``: the nearest at or above it (:mod:`compat.versions.direnv`
    reads it; found here so a check of a repository without one never imports that reader). ``folders``:
    the listings the run's other searches share (else listed here)."""
    folders = folders or FolderNames()
    for directory in folders.up(start):
        if folders.is_file(directory, ".envrc"):
            return directory / ".envrc"
    return None


def _version_file_text(path: Path) -> str:
    """A version manager's file (``.nvmrc``, ``.terraform-version``, ``.tool-versions``) as its shell
    reader sees it: bytes, a UTF-8 byte order mark passed over, anything else not UTF-8 kept as a
    replacement character (so it names no version and is skipped with a note, never fatal)."""
    try:
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as error:
        raise CompatError(f"cannot read {path}: {error.strerror or error}") from error


def _first_line(path: Path) -> str:
    text = _version_file_text(path)
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            return line
    return ""


def _exact(text: str, source: str, what: str) -> Version:
    try:
        return parse_version(text, what=what)
    except CompatError as error:
        raise CompatError(f"{source}: {what} {text!r} is not a version") from error


def _tool_versions(path: Path, tool: str) -> str | None:
    for line in _version_file_text(path).splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] == tool:
            return fields[1]
    return None


def _named(text: str) -> tuple[Version, ...]:
    """The interpreters one version names: ``3.8`` -> (3.8,); a bare major ``3`` -> every known 3.x."""
    version = Version(text)
    if len(version.release) == 1:
        return minors_in(SpecifierSet(f"=={version.major}.*"))
    return (version,)


def _running(interpreter: tuple[int, int, int] | None) -> Version:
    return Version(".".join(str(p) for p in (interpreter or sys.version_info[:3])))


def _one_of(interpreters: tuple[Version, ...], running: Version) -> Version:
    """The interpreter one-interpreter tools will most likely use: the running one when admitted."""
    same = [p for p in interpreters if p.release[:2] == running.release[:2]]
    return running if same and len(interpreters) > 1 else interpreters[0]


def _pipenv(requires: object, source: str, running: Version, notes: list[str]) -> ProjectPython | None:
    """pipenv's ``[requires]``: ``python_full_version`` wins over ``python_version``; one interpreter."""
    if not isinstance(requires, Mapping):
        return None
    for key in ("python_full_version", "python_version"):
        value = requires.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            interpreters = _named(value.strip())
        except InvalidVersion:
            notes.append(f"{source} {key} = {value!r} is not a Python version: skipped")
            continue
        if interpreters:
            version = _one_of(interpreters, running)
            return ProjectPython(interpreters, "one", "pipenv", f"{source} {key}", value.strip(), version)
    return None


def _pipfile_lock_requires(project_dir: Path) -> object:
    path = project_dir / "Pipfile.lock"
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # the lock reader reports a broken lock
    meta = document.get("_meta") if isinstance(document, dict) else None
    return meta.get("requires") if isinstance(meta, dict) else None


def _pyproject_tool(project_dir: Path, pyproject: Mapping[str, object]) -> tuple[str, PythonResolution]:
    """Who reads ``requires-python``: uv / PDM / Poetry lock for every admitted Python, pip uses one."""
    tools = pyproject.get("tool") or {}
    tools = tools if isinstance(tools, Mapping) else {}
    if (project_dir / "uv.lock").is_file() or "uv" in tools:
        return "uv", "lowest"
    if (project_dir / "poetry.lock").is_file() or "poetry" in tools:
        return "Poetry", "every"
    if (project_dir / "pdm.lock").is_file() or "pdm" in tools:
        return "PDM", "lowest"
    return "pip", "one"


def _pyproject(project_dir: Path, pyproject: Mapping[str, Any], notes: list[str]) -> ProjectPython | None:
    project = pyproject.get("project") or {}
    value = project.get("requires-python") if isinstance(project, Mapping) else None
    tool, resolution = _pyproject_tool(project_dir, pyproject)
    where, poetry_syntax = "pyproject.toml requires-python", False
    if not (isinstance(value, str) and value.strip()):
        poetry = ((pyproject.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
        value = poetry.get("python") if isinstance(poetry, Mapping) else None
        if not (isinstance(value, str) and value.strip()):
            return None
        tool, resolution, where = "Poetry", "every", "pyproject.toml [tool.poetry.dependencies] python"
        poetry_syntax = True
    text = value.strip()
    try:
        specifier = poetry_specifier(text) if poetry_syntax else SpecifierSet(text)
    except (InvalidSpecifier, CompatError):
        notes.append(f"{where} {text!r} is not a Python requirement: skipped")
        return None
    interpreters = minors_in(specifier)
    if not interpreters:
        notes.append(f"{where} {text!r} admits no known Python 3 release: skipped")
        return None
    # a declared floor of support: choose releases that work on the lowest Python it admits
    return ProjectPython(interpreters, resolution, tool, where, text, interpreters[0])


def detect_python(
    project_dir: Path,
    flag: str | None = None,
    *,
    pipfile: Mapping[str, object] | None = None,
    pyproject: Mapping[str, object] | None = None,
    interpreter: tuple[int, int, int] | None = None,
) -> ProjectPython:
    """The project's Python: ``--python``, Pipfile ``[requires]``, Pipfile.lock ``_meta.requires``,
    pyproject ``requires-python`` (or Poetry's ``python``), ``.python-version``; else the running
    interpreter as an undeclared guess. Never None.

    ``pipfile`` / ``pyproject`` are the parsed documents when the caller has them (else read here).
    A value the owning tool would not read either is skipped with a note, never an abort.
    """
    running = _running(interpreter)
    notes: list[str] = []
    if flag:
        try:
            named = _named(flag.strip())
        except InvalidVersion as error:
            raise CompatError(f"--python: {flag!r} is not a Python version") from error
        return ProjectPython(named, "one", "the project", "--python", flag.strip(), _one_of(named, running))
    if pipfile is None:
        pipfile = _read_toml(project_dir / "Pipfile")
    found = _pipenv((pipfile or {}).get("requires"), "Pipfile [requires]", running, notes) or _pipenv(
        _pipfile_lock_requires(project_dir), "Pipfile.lock _meta.requires", running, notes
    )
    if pyproject is None:
        pyproject = _read_toml(project_dir / "pyproject.toml")
    found = found or (_pyproject(project_dir, pyproject, notes) if pyproject else None)
    if found:
        return found._replace(notes=tuple(notes))
    candidate = project_dir / ".python-version"
    if candidate.is_file():
        raw = _first_line(candidate)
        match = _PY.match(raw)
        if match:
            named = _named(match.group(1))
            return ProjectPython(named, "one", "the project", ".python-version", raw, named[0], tuple(notes))
        notes.append(f"{candidate.name} says {raw!r}, not a Python version: skipped")
    return ProjectPython((), "one", "", "the running interpreter", str(running), running, tuple(notes))


def _read_toml(path: Path) -> Mapping[str, Any] | None:
    if not path.is_file():
        return None
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
    except (OSError, UnicodeDecodeError, TOMLKitError) as error:
        raise CompatError(f"{path}: not valid TOML ({error})") from error
