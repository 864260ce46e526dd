"""Which Node.js runs jsii for the project, and where that came from.

First hit wins: ``--node``, ``.nvmrc`` (nvm), ``.node-version`` (nodenv, fnm, volta's readers),
then per folder mise's config files (``mise.toml`` ``[tools] node``, :mod:`compat.versions.mise`) and
``.tool-versions`` ``nodejs`` (asdf; ``node`` for mise), each nearest directory first; then ``node
--version`` on PATH.
A version file may name only a major (``16``): nvm installs the newest release of it, so rules
compare the whole range it names (:func:`newest_in`). Aliases (``lts/*``, ``node``, ``system``) name no
version: skipped with a note.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.versions.binary_version import binary_answer
from compat.versions.detect import Detected, FolderNames, _first_line
from compat.versions.mise import NODE_TOOLS, nearest_pin

_NODE = re.compile(r"^v?([0-9]+(?:\.[0-9]+){0,2})$")


def _parse(raw: str, source: str, notes: list[str]) -> Detected | None:
    match = _NODE.match(raw.strip())
    if match is None:
        notes.append(f"{source} says {raw!r}, not a Node.js version: skipped")
        return None
    return Detected(Version(match.group(1)), source, raw.strip(), tuple(notes))


def newest_in(version: Version) -> Version:
    """The first version past the range a partial version names: ``16`` -> 17, ``20.9`` -> 20.10."""
    release = list(version.release)
    if len(release) >= 3:
        return version
    release[-1] += 1
    return Version(".".join(str(part) for part in release))


def detect_node(
    project_dir: Path,
    flag: str | None = None,
    *,
    run: Callable[..., Any] | None = None,
    which: Callable[[str], str | None] | None = None,
    on_path: bool = True,
    folders: FolderNames | None = None,
) -> tuple[Detected | None, tuple[str, ...]]:
    """The project's Node.js (or None) and the notes of sources that were skipped; ``on_path=False``: the
    one the project names only (the ``node`` on PATH is not asked); ``folders``: the folder listings
    shared with the run's other searches (the CLI's), else listed here."""
    which = which or shutil.which
    notes: list[str] = []
    if flag:
        found = _parse(flag, "--node", [])
        if found is None:
            raise CompatError(f"--node: {flag!r} is not a Node.js version")
        return found, ()
    folders = folders or FolderNames()
    for directory in folders.up(project_dir):
        for name in (".nvmrc", ".node-version"):
            candidate = directory / name
            if folders.is_file(directory, name):
                found = _parse(_first_line(candidate), str(candidate), notes)
                return found, tuple(notes) if found is None else ()
    # mise's files, then .tool-versions, per folder
    pin = nearest_pin(project_dir, NODE_TOOLS, notes, folders=folders)
    platform = pin.platform_note() if pin is not None else None
    notes += [platform] if platform is not None else []
    if pin is not None and pin.applies:
        if pin.request is None:
            notes.append(f"{pin.source} [tools] {pin.tool} names no version: skipped")
            return None, tuple(notes)
        found = _parse(pin.request.removeprefix("prefix:"), pin.source, notes)
        return found, tuple(notes) if found is None else found.notes
    binary = which("node") if on_path else None
    if binary:
        try:
            answer = binary_answer(binary, ("--version",), run, str.strip)
        except (OSError, subprocess.SubprocessError):
            return None, ()
        return _parse(answer, f"'{binary} --version'", notes), tuple(notes)
    return None, tuple(notes)


#: a plain ``engines.node`` lower bound (``>= 20.9.0``)
_ENGINES = re.compile(r"^\s*>=?\s*v?([0-9]+(?:\.[0-9]+){0,2})\s*$")


def engines_floor(text: str) -> Version | None:
    """The lower bound of a plain ``engines.node`` range (``>= 20.9.0``); None for anything else."""
    match = _ENGINES.match(text)
    try:
        return Version(match.group(1)) if match else None
    except InvalidVersion:
        return None


def written_node(text: str) -> Version | None:
    """The Node.js a file writes (``22``, ``v22.18.0``); None for an alias or a range (``22.x``)."""
    match = _NODE.match(text.strip())
    try:
        return Version(match.group(1)) if match else None
    except InvalidVersion:
        return None


def exact_npm_version(text: str | None) -> str | None:
    """An exact npm version as written (``0.24.0``, ``v0.24.0``, ``0.24.0-pre.89``); None for a range, a
    tag or a partial version."""
    raw = (text or "").strip().removeprefix("v").removeprefix("=")
    if not raw[:1].isdigit():
        return None
    try:
        version = Version(raw)
    except InvalidVersion:
        return None
    return raw if len(version.release) == 3 else None
