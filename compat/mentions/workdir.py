"""Which folder a CI command runs in, when the CI file states it literally.

A GitHub Actions ``run:`` step runs in its ``working-directory:`` (else the job's, else the workflow's
``defaults.run.working-directory``), relative to the checkout; a ``cd DIR`` (or ``pushd DIR``) at the
start of a command moves the rest of that line and the later lines of the same script (a GitLab
``script:`` list is one shell, so its later items too, and a job's ``before_script:`` runs in the same
shell before it). ``if cd DIR; then`` moves the shell as ``cd DIR &&`` does (the folder is assumed to
exist, as for every ``cd``); what follows an ``else``, and a ``cd`` that runs only when the command
before it failed (``|| cd DIR``), is in an unknown folder. A package manager's own folder flag (npm
``--prefix`` / ``-C``, pnpm ``--dir`` / ``-C``, yarn and bun ``--cwd``) moves that one command. A folder
built at run time (``${{ matrix.dir }}``, ``$DIR``, ``~``, ``-``, an absolute path, ``..`` above the
repository) is unknown, and so is every folder of a workflow that checks the repository out elsewhere
(``actions/checkout`` with ``path:``): the command may run anywhere, so what it mentions applies to
every project of the repository, as one with no folder stated.

A global install (``npm i -g``, ``npm install --global`` / ``--location=global``, ``yarn global add``,
``pnpm add -g``, ``bun add -g``) puts the tool on the runner for every later step of the job, whatever
the folder: :func:`package_scope` says which commands are one, and the scanner gives their mentions the
folders of the job's later commands (:mod:`compat.mentions.scan`).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path, PurePosixPath

from compat.record import Record

#: where the shell is: a folder relative to the file's base folder (``.`` the base itself), else None
#: when the folder is not stated literally
Cwd = PurePosixPath | None

ROOT: Cwd = PurePosixPath(".")

#: a folder as written: no variable, expression, glob, home, quote or escape inside
_LITERAL = re.compile(r"[\w.@+/-]+")
#: the commands of a line: split at ``&&``, ``||``, ``;`` and ``|``
_SEPARATOR = re.compile(r"&&|\|\||;|\|")
_CHANGE_DIR = re.compile(r"(?:cd|pushd|popd)(?=\s|$)")
#: shell words that open or continue a compound command before the command itself
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done"})
#: these open a block whose commands run only on some paths (a branch, a loop body): a ``cd`` in one makes
#: the folder unknown from it on; ``fi`` / ``done`` close it
_OPENS = frozenset({"then", "do"})
_CLOSES = frozenset({"fi", "done"})
#: the branch a script takes is unknown: the folder is unknown from here on
_BRANCH = frozenset({"else", "elif"})
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")
#: words run before the real command (``sudo npm i -g``, ``env CI=1 npm ...``, ``corepack pnpm``)
_WRAPPERS = frozenset({"sudo", "env", "exec", "command", "time", "nohup", "corepack"})
_MANAGERS = frozenset({"npm", "pnpm", "yarn", "bun"})
_MANAGER_WORD = re.compile(r"(?<![\w.-])(?:npm|pnpm|yarn|bun)(?![\w.-])")
#: each package manager's flag that runs the command in another folder (npm: ``-C`` is ``--prefix``)
_FOLDER_FLAGS = {
    "npm": ("--prefix", "-C"),
    "pnpm": ("--dir", "-C"),
    "yarn": ("--cwd",),
    "bun": ("--cwd",),
}
_GLOBAL_FLAGS = frozenset({"-g", "--global", "--global=true", "--location=global"})


def literal_folder(written: object, base: Cwd = ROOT) -> Cwd:
    """``written`` (a ``working-directory:`` value, a ``cd`` argument) joined to ``base``; None unless
    both are literal and the result stays inside the base's tree."""
    if base is None or not isinstance(written, str):
        return None
    value = written.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if not value or not _LITERAL.fullmatch(value) or value.startswith(("/", "-")):
        return None
    joined = posixpath.normpath(posixpath.join(base.as_posix(), value))
    if joined == ".." or joined.startswith("../"):
        return None
    return PurePosixPath(joined)


class Command(Record):
    """One command of a line, between separators: its columns, its text and the shell's folder there."""

    start: int
    end: int
    text: str  # keywords (``if``, ``then``) and a subshell's ``(`` removed
    cwd: Cwd
    moves: bool  # a ``cd`` / ``pushd`` / ``popd``: it runs nothing


def _command_text(text: str) -> tuple[str, list[str]]:
    """The text of a command without its leading ``(`` and compound keywords, and those keywords."""
    rest = text.lstrip(" \t(")
    keywords: list[str] = []
    while True:
        word = rest.split(None, 1)
        if not word or word[0] not in _KEYWORDS:
            return rest, keywords
        keywords.append(word[0])
        rest = word[1].lstrip(" \t(") if len(word) > 1 else ""


def line_commands(line: str, cwd: Cwd, depth: int = 0) -> tuple[list[Command], Cwd, int]:
    """The commands of ``line``, each with the folder the shell is in when it starts, the folder the
    next line starts in and how many ``then`` / ``do`` blocks are open after it (``depth``: before it). A
    ``cd`` inside a subshell ``( ... )`` is not carried past the line; one inside a block (``then cd
    app``, on the same line or a later one) or after an ``else`` makes the folder unknown."""
    commands: list[Command] = []
    current = cwd
    start = 0
    separator = ""
    bounds = [(m.start(), m.end()) for m in _SEPARATOR.finditer(line)]
    for cut, end in [*bounds, (len(line), len(line))]:
        text, keywords = _command_text(line[start:cut])
        for keyword in keywords:
            depth += keyword in _OPENS
            depth = max(depth - (keyword in _CLOSES), 0)
            if keyword in _BRANCH:
                current = None
        moves = bool(_CHANGE_DIR.match(text))
        commands.append(Command(start=start, end=cut, text=text.rstrip(), cwd=current, moves=moves))
        if moves:
            words = text.split()
            # popd, a bare cd (home), one with options, one run only if the last command failed or only
            # on some paths
            followed = words[0] != "popd" and len(words) == 2 and separator != "||" and not depth
            current = literal_folder(words[1], current) if followed and current is not None else None
        separator = line[cut:end]
        start = end
    after = cwd if line.lstrip().startswith("(") else current
    return commands, after, depth


def command_at(commands: list[Command], column: int) -> Command | None:
    """The command of a line read by :func:`line_commands` holding 0-based ``column``."""
    found = None
    for command in commands:
        if command.start <= column:
            found = command
    return found


class Scope(Record):
    """Where a command acts: its folder (a package manager's folder flag followed) and whether it
    installs globally (for the job's later steps, whatever their folder)."""

    folder: Cwd
    job_wide: bool


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote (a command continued on the next line)
        return text.split()


def package_scope(text: str, cwd: Cwd) -> Scope:
    """The :class:`Scope` of one command as npm, pnpm, yarn or bun read it; any other command acts where
    the shell is. A folder flag whose value is not literal gives an unknown folder."""
    if not _MANAGER_WORD.search(text):  # most commands: no shell-word split needed
        return Scope(folder=cwd, job_wide=False)
    words = _words(text)
    if len(words) == 1 and " " in words[0]:  # a quoted YAML scalar: "npm i -g cdktf-cli"
        words = _words(words[0])
    while words and (words[0] in _WRAPPERS or _ASSIGNMENT.match(words[0]) or words[0].startswith("-")):
        words = words[1:]  # sudo -E npm ..., env CI=1 npm ...
    tool = posixpath.basename(words[0]) if words else ""
    if tool not in _MANAGERS:
        return Scope(folder=cwd, job_wide=False)
    flags = _FOLDER_FLAGS[tool]
    folder = cwd
    job_wide = False
    subcommand: str | None = None
    rest = words[1:]
    position = 0
    while position < len(rest):
        word = rest[position]
        value: str | None = None
        if word in flags:
            position += 1
            value = rest[position] if position < len(rest) else ""
        else:
            value = next((word[len(f) + 1 :] for f in flags if word.startswith(f + "=")), None)
        if value is not None:
            folder = literal_folder(value, cwd)
        elif word in _GLOBAL_FLAGS and tool != "yarn":
            job_wide = True
        elif word in ("--location", "-L") and tool == "npm":
            position += 1
            job_wide = job_wide or (position < len(rest) and rest[position] == "global")
        elif subcommand is None and not word.startswith("-"):
            subcommand = word
            job_wide = job_wide or (tool == "yarn" and word == "global")
        position += 1
    return Scope(folder=folder, job_wide=job_wide)


class ScriptFolder:
    """The folder of one shell session as its lines are read: ``base`` (absolute) is where ``.`` is.

    ``ran`` records the offset and folder of every command the session runs (a ``cd`` runs nothing),
    for the job-wide reach of a global install."""

    def __init__(
        self, base: Path, cwd: Cwd = ROOT, resolved: dict[PurePosixPath, Path | None] | None = None
    ) -> None:
        self.base = base
        self.cwd = cwd
        self.depth = 0  # ``then`` / ``do`` blocks open (:func:`line_commands`)
        self.ran: list[tuple[int, Cwd]] = []
        #: the command the last line ended with a ``\`` in (its words go on on the next line)
        self.carry: Command | None = None
        #: each folder resolved once (shared by the sessions of one file)
        self._absolute: dict[PurePosixPath, Path | None] = {} if resolved is None else resolved

    def absolute(self, cwd: Cwd) -> Path | None:
        """The folder ``cwd`` names, if stated and below the base; else None (repository-wide). The folder
        need not exist: a job may make it, and a command stated to run there does not run elsewhere."""
        if cwd is None or cwd == ROOT:
            return None
        if cwd in self._absolute:
            return self._absolute[cwd]
        try:
            found: Path | None = (self.base / cwd).resolve()
        except (OSError, RuntimeError):
            found = None
        self._absolute[cwd] = found
        return found
