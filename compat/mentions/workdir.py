"""Which folder a CI command runs in, when the CI file states it literally.

A GitHub Actions ``run:`` step runs in its ``working-directory:`` (else the job's, else the workflow's
``defaults.run.working-directory``), relative to the checkout; a ``cd DIR`` (or ``pushd DIR``) at the
start of a command moves the rest of that line and the later lines of the same script (a GitLab
``script:`` list is one shell, so its later items too). A folder built at run time (``${{ matrix.dir }}``,
``$DIR``, ``~``, an absolute path, ``..`` above the repository) is unknown, and so is every folder of a
workflow that checks the repository out elsewhere (``actions/checkout`` with ``path:``): the command may
run anywhere, so what it mentions applies to every project of the repository, as one with no folder stated.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

#: where the shell is: a folder relative to the file's base folder (``.`` the base itself), else None
#: when the folder is not stated literally
Cwd = PurePosixPath | None

ROOT: Cwd = PurePosixPath(".")

#: a folder as written: no variable, expression, glob, home, quote or escape inside
_LITERAL = re.compile(r"[\w.@+/-]+")
#: the commands of a line: split at ``&&``, ``||``, ``;`` and ``|``
_SEPARATOR = re.compile(r"&&|\|\||;|\|")
_CHANGE_DIR = re.compile(r"(?:cd|pushd|popd)(?=\s|$)")


def literal_folder(written: object, base: Cwd = ROOT) -> Cwd:
    """``written`` (a ``working-directory:`` value, a ``cd`` argument) joined to ``base``; None unless
    both are literal and the result stays inside the base's tree."""
    if base is None or not isinstance(written, str):
        return None
    value = written.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if not value or not _LITERAL.fullmatch(value) or value.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(base.as_posix(), value))
    if joined == ".." or joined.startswith("../"):
        return None
    return PurePosixPath(joined)


def line_folders(line: str, cwd: Cwd) -> tuple[list[tuple[int, Cwd]], Cwd]:
    """The folder in effect from each command of ``line`` on (``(column, folder)``, first at 0) and the
    folder the next line starts in. A ``cd`` inside a subshell ``( ... )`` is not carried past the line."""
    segments: list[tuple[int, Cwd]] = [(0, cwd)]
    current = cwd
    start = 0
    bounds = [m.end() for m in _SEPARATOR.finditer(line)]
    for end in [*bounds, len(line)]:
        command = line[start:end]
        stripped = command.lstrip(" \t(")
        if _CHANGE_DIR.match(stripped):
            words = _SEPARATOR.sub(" ", stripped).split()
            # popd, a bare cd (home) or one with options is not followed
            followed = words[0] != "popd" and len(words) == 2
            current = literal_folder(words[1], current) if followed else None
            segments.append((end, current))
        start = end
    after = cwd if line.lstrip().startswith("(") else current
    return segments, after


def folder_at(segments: list[tuple[int, Cwd]], column: int) -> Cwd:
    """The folder in effect at 0-based ``column`` of a line read by :func:`line_folders`."""
    found = segments[0][1]
    for start, folder in segments:
        if start <= column:
            found = folder
    return found


class ScriptFolder:
    """The folder of one shell session as its lines are read: ``base`` (absolute) is where ``.`` is."""

    def __init__(self, base: Path, cwd: Cwd = ROOT) -> None:
        self.base = base
        self.cwd = cwd

    def absolute(self, cwd: Cwd) -> Path | None:
        """The folder ``cwd`` names, if stated and below the base; else None (repository-wide). The folder
        need not exist: a job may make it, and a command stated to run there does not run elsewhere."""
        if cwd is None or cwd == ROOT:
            return None
        try:
            return (self.base / cwd).resolve()
        except (OSError, RuntimeError):
            return None
