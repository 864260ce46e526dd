"""Which files are a cdktf project's own: the one definition ``check``, ``migrate`` and family detection use.

A project is a folder holding ``cdktf.json``. Its Python files are every regular ``*.py`` file under
it except generated and vendored code: ``imports/`` (the default ``codeMakerOutput``) and the
project's own ``codeMakerOutput``, ``cdktf.out/``, virtualenvs (a ``pyvenv.cfg``), folders of
installed packages (Lambda bundles made with ``pip install -t``: ``*.dist-info`` folders beside
the packages), hidden folders, tool caches, paths a ``.gitignore`` ignores, and nested projects
(a folder with its own ``cdktf.json`` is that project's).

The walk is safe on any tree: each real directory is entered once (by device and inode, so symlink
loops end), only regular files are listed (a FIFO or a link to a device is never opened), and a file
larger than :data:`MAX_BYTES` is reported as oversized instead of being read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from compat.project.gitignore import GitIgnore
from compat.record import Record

CDKTF_JSON = "cdktf.json"
#: larger Python files are not hand-written cdktf code; they are listed as oversized, never read
MAX_BYTES = 5_000_000
#: folders that never hold the project's own code: generated, synth output, installed packages, builds
#: (a virtualenv of any name is known by its pyvenv.cfg, a template's folder by a Jinja placeholder in
#: its name; hidden folders are skipped too)
SKIP_NAMES = frozenset(
    {
        "imports",
        "cdktf.out",
        "node_modules",
        "__pycache__",
        "venv",
        "site-packages",
        "__pypackages__",
        "build",
        "dist",
    }
)
_MAX_GITIGNORE_BYTES = 1_000_000
#: the ``.gitignore`` files read in this process, by path and (device, inode, size, mtime): a check walks
#: a project two or three times (projects, line, files), and compiles each file's patterns once
_GITIGNORES: dict[tuple[str, int, int, int, int], GitIgnore] = {}
_GITIGNORES_KEPT = 256


class CodeFile(Record):
    """One source file of a project in the language being read (``*.py`` from :func:`python_files`, the
    TypeScript files from ``compat.typescript.code``), a regular file named as walked (``path`` lies
    under the walk root).

    Or, with ``outside`` set, a symlinked folder of the project that leads out of it (to
    ``outside``): its files are neither read nor written (a repository could link to any folder of
    the machine that runs compat), and check and migrate say so.
    """

    path: Path
    rel: str  # relative to the walk root, POSIX separators
    size: int
    outside: Path | None = None  # the real folder a link out of the project leads to
    unread: str | None = None  # why a listed entry (a link out, a .gitignore too large) is not read

    @property
    def oversized(self) -> bool:
        return self.size > MAX_BYTES

    @property
    def readable(self) -> bool:
        """A Python file of the project compat reads: not oversized, not a link out of the project,
        not a ``.gitignore`` listed because it was too large to apply."""
        return self.unread is None and not self.oversized


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git`` (a folder, or a file in a worktree)."""
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def folders_above(root: Path) -> list[Path]:
    """The folders above ``root`` up to its repository root, where its manifests may be."""
    repository = repository_root(root)
    if repository is None:
        return []
    return [p for p in root.parents if p == repository or repository in p.parents]


def relative_source(root: Path, text: str) -> str:
    """``text`` with the paths it names made relative to the project root (how a check words where a
    version came from, whatever the language).

    ``/x/p/Pipfile:3`` -> ``Pipfile:3``; ``/x/Pipfile:3`` -> ``../Pipfile:3`` (``/x`` the repository root).
    """
    text = text.replace(str(root) + "/", "")
    for folder in folders_above(root):
        text = text.replace(str(folder) + "/", Path(os.path.relpath(folder, root)).as_posix() + "/")
    return text


class _Ignore(Record):
    base: Path
    spec: GitIgnore


def _read_gitignore(directory: Path, dropped: list[tuple[Path, int]] | None = None) -> _Ignore | None:
    """The patterns of ``directory``'s ``.gitignore``; one over the size limit goes to ``dropped``."""
    path = directory / ".gitignore"
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and info.st_size > _MAX_GITIGNORE_BYTES and dropped is not None:
            dropped.append((path, info.st_size))
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_GITIGNORE_BYTES:
            return None
        key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if (known := _GITIGNORES.get(key)) is None:
            known = GitIgnore(path.read_text(encoding="utf-8", errors="replace").splitlines())
            if len(_GITIGNORES) >= _GITIGNORES_KEPT:
                _GITIGNORES.clear()
            _GITIGNORES[key] = known
    except OSError:
        return None
    return _Ignore(directory, known)


def _ignored(ignores: Sequence[_Ignore], path: Path, is_dir: bool) -> bool:
    """Git's rule: the deepest ``.gitignore`` with a pattern that decides wins."""
    for ignore in reversed(ignores):
        rel = path.relative_to(ignore.base).as_posix() + ("/" if is_dir else "")
        decided = ignore.spec.decides(rel)
        if decided is not None:
            return decided
    return False


def _excluded(rel: str, exclude: Sequence[str]) -> bool:
    return any(rel == e or rel.startswith(e + "/") for e in exclude)


def _normalise(exclude: Sequence[str]) -> tuple[str, ...]:
    cleaned = (Path(e.strip()).as_posix().strip("/") for e in exclude if e and e.strip())
    return tuple(e.removeprefix("./") for e in cleaned if e not in ("", "."))


def _skipped_dir(entries: Sequence[os.DirEntry[str]], nested_projects: bool) -> bool:
    """A virtualenv, a folder of installed packages, or (when asked) another cdktf project."""
    names = {e.name for e in entries}
    if "pyvenv.cfg" in names or any(n.endswith(".dist-info") for n in names):
        return True
    return nested_projects and CDKTF_JSON in names


class _Walk:
    """One walk's settings and the folders it has entered (a plain class: every command that reads
    a project imports this module, and a dataclass is compiled from text at import)."""

    def __init__(
        self,
        root: Path,
        exclude: tuple[str, ...],
        nested_projects: bool,  # True: a sub-folder with cdktf.json is skipped (it is its own project)
        ceiling: Path,
        seen: set[tuple[int, int]],
        dropped: list[tuple[Path, int]] | None = None,
    ) -> None:
        self.root = root
        base = str(root)
        self.prefix = base + "/" if os.sep == "/" and base != "/" else None
        self.exclude = exclude
        self.nested_projects = nested_projects
        self.ceiling = ceiling
        self.seen = seen
        self.dropped = dropped

    def relative(self, entry: os.DirEntry[str]) -> str:
        """The entry's path relative to the root, POSIX separators: on POSIX, the rest of its path string
        below the root (an entry's path is its folder's joined with its name), without three ``Path``s."""
        path, prefix = entry.path, self.prefix
        if prefix is not None and path.startswith(prefix):
            return path[len(prefix) :]
        return Path(path).relative_to(self.root).as_posix()

    def entries(self, directory: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(directory) as listing:
                return sorted(listing, key=lambda e: e.name)
        except OSError:
            return []

    def keeps(self, entry: os.DirEntry[str], ignores: Sequence[_Ignore]) -> bool:
        """Whether an entry may be the project's: not hidden, excluded, skipped by name or git-ignored."""
        if entry.name.startswith(".") or (self.exclude and _excluded(self.relative(entry), self.exclude)):
            return False
        is_dir = entry.is_dir()
        name = entry.name
        if is_dir and (name in SKIP_NAMES or name.endswith(".egg-info") or _templated(name)):
            return False
        return not ignores or not _ignored(ignores, Path(entry.path), is_dir)

    def enter(self, entry: os.DirEntry[str]) -> bool:
        """Whether an entry is a real directory not walked yet, inside the ceiling (symlinks included)."""
        try:
            info = entry.stat()
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode) or (info.st_dev, info.st_ino) in self.seen:
            return False
        if entry.is_symlink() and _outside(entry, self.ceiling) is not None:
            return False
        self.seen.add((info.st_dev, info.st_ino))
        return True


def _ceiling(root: Path) -> Path:
    """The folder no walk leaves, links included: the repository root, else the project's own."""
    return Path(os.path.realpath(repository_root(root) or root))


def _outside(entry: os.DirEntry[str], ceiling: Path) -> Path | None:
    """The real path of a link that leads out of ``ceiling``, None when it stays inside."""
    real = Path(os.path.realpath(entry.path))
    return None if real == ceiling or ceiling in real.parents else real


def _ancestor_ignores(root: Path) -> list[_Ignore]:
    """``.gitignore`` files of the folders above ``root`` up to its repository root.

    None when they ignore ``root`` itself: a folder the user points at explicitly is checked.
    """
    repository = repository_root(root)
    if repository is None or repository == root:
        return []
    chain = [p for p in reversed(root.parents) if p == repository or repository in p.parents]
    ignores = [found for p in chain if (found := _read_gitignore(p)) is not None]
    return [] if _ignored(ignores, root, True) else ignores


def walk(
    root: Path,
    exclude: Sequence[str] = (),
    *,
    nested_projects: bool = True,
    dropped: list[tuple[Path, int]] | None = None,
) -> Iterator[tuple[Path, list[os.DirEntry[str]]]]:
    """Every folder of the project at ``root`` with its kept entries, top-down, each sorted by name.

    ``exclude`` are paths relative to ``root`` (settings, ``codeMakerOutput``). A folder's
    ``.gitignore`` too large to apply goes to ``dropped`` (path, size) before the folder is yielded.
    """
    root = Path(os.path.abspath(root))
    try:
        top = root.stat()
    except OSError:
        return
    ceiling = _ceiling(root)
    state = _Walk(root, _normalise(exclude), nested_projects, ceiling, {(top.st_dev, top.st_ino)}, dropped)
    yield from _walk_dir(state, root, _ancestor_ignores(root))


def _walk_dir(
    state: _Walk, directory: Path, ignores: list[_Ignore]
) -> Iterator[tuple[Path, list[os.DirEntry[str]]]]:
    stack: list[tuple[Path, list[_Ignore]]] = [(directory, ignores)]
    while stack:
        current, inherited = stack.pop()
        entries = state.entries(current)
        if current != state.root and _skipped_dir(entries, state.nested_projects):
            continue
        has_rules = any(e.name == ".gitignore" for e in entries)
        own = _read_gitignore(current, state.dropped) if has_rules else None
        chain = [*inherited, own] if own else inherited
        kept = [e for e in entries if state.keeps(e, chain)]
        yield current, kept
        below = [(Path(e.path), chain) for e in kept if state.enter(e)]
        stack.extend(reversed(below))


def _templated(name: str) -> bool:
    """A folder named with a Jinja placeholder (``{{ cookiecutter.name }}``, copier's ``{% if %}``): a
    template's, whose files are not code until rendered."""
    return ("{{" in name and "}}" in name) or ("{%" in name and "%}" in name)


def _regular_size(entry: os.DirEntry[str]) -> int | None:
    """The size of a regular file (following a symlink); None for FIFOs, devices, sockets, folders."""
    try:
        info = entry.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def python_files(root: Path, exclude: Sequence[str] = ()) -> Iterator[CodeFile]:
    """The project's own Python files under ``root``, oversized ones included (check ``oversized``).

    Each ``path`` is ``root / rel``, relative when ``root`` is.
    """
    absolute = Path(os.path.abspath(root))
    ceiling = _ceiling(absolute)
    dropped: list[tuple[Path, int]] = []
    # an entry's path is its folder's joined with its name, so below the root its relative path is the
    # rest of the string (on POSIX): one ``Path`` a file instead of four
    prefix = str(absolute) + "/" if os.sep == "/" and str(absolute) != "/" else None
    same = root == absolute
    for directory, entries in walk(absolute, exclude, dropped=dropped):
        for path, length in dropped:
            rel = path.relative_to(absolute)
            yield CodeFile(
                root / rel,
                rel.as_posix(),
                length,
                unread=(
                    f"{length:,} bytes, over the {_MAX_GITIGNORE_BYTES:,}-byte limit for a .gitignore: its "
                    "patterns were not applied (files it may ignore were read)"
                ),
            )
        dropped.clear()
        for entry in entries:
            if entry.is_symlink() and entry.is_dir() and (real := _outside(entry, ceiling)) is not None:
                rel = (directory / entry.name).relative_to(absolute)
                yield CodeFile(
                    root / rel,
                    rel.as_posix(),
                    0,
                    real,
                    unread=(
                        f"links to {real}, outside the project: its files are not read or written (compat "
                        "reads and writes only inside the project or its repository)"
                    ),
                )
                continue
            size = _regular_size(entry) if entry.name.endswith(".py") else None
            if size is None:
                continue
            if prefix is not None and entry.path.startswith(prefix):
                posix = entry.path[len(prefix) :]
                yield CodeFile(Path(entry.path) if same else root / posix, posix, size)
            else:
                rel = (directory / entry.name).relative_to(absolute)
                yield CodeFile(root / rel, rel.as_posix(), size)


def source_paths(root: Path, exclude: Sequence[str] = ()) -> Iterator[Path]:
    """The paths of the project's Python files that may be read (oversized ones and links out of
    the project left out: :func:`unread_note` says why)."""
    return (f.path for f in python_files(root, exclude) if f.readable)


def unread_reason(file: CodeFile) -> str:
    """Why a file (or a linked folder) :func:`python_files` lists is not read."""
    if file.unread is not None:
        return file.unread
    return f"{file.size:,} bytes, over the {MAX_BYTES:,}-byte limit for a source file: not read"


def unread_name(file: CodeFile) -> str:
    """``lib/`` for a linked folder, ``huge.py`` for a file."""
    return file.rel + ("/" if file.outside is not None else "")


def unread_note(file: CodeFile) -> str:
    return f"{unread_name(file)}: {unread_reason(file)}"


def unread(root: Path, exclude: Sequence[str] = ()) -> Iterator[CodeFile]:
    """The files (and linked folders) of the project that :func:`source_paths` leaves out."""
    return (f for f in python_files(root, exclude) if not f.readable)


def find_projects(path: Path) -> list[Path]:
    """Every folder at or under ``path`` holding a ``cdktf.json``, outside generated and vendored code.

    The ``cdktf.json`` of ``path`` itself counts even when a ``.gitignore`` ignores it: the user
    pointed at that project (as a folder above that is ignored is walked when pointed at)."""
    found = []
    top = Path(os.path.abspath(path))
    for directory, entries in walk(path, nested_projects=False):
        if any(e.name == CDKTF_JSON and _regular_size(e) is not None for e in entries) or (
            directory == top and _is_regular(directory / CDKTF_JSON)
        ):
            found.append(directory)
    return found


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
