"""The journal of a write in progress: where it lives, what it proves, how it is read back.

A journal tells the next run how to finish a write a killed run left half done, so it is an
instruction to write files: it must come from this user's own compat, never from the project. It
therefore lives in the user's state folder (:func:`compat.paths.state_dir`), one file per project
keyed by the project's real path, where nothing a repository ships can land; it must be a regular
file owned by this user and writable by nobody else; and it carries the proof that it describes this
project as it was planned: the project root's identity (device, inode), each target's path relative
to the root, the target's identity and the SHA-256 of its planned "before" and "after" bytes. A
journal failing any of these is ignored, never acted on.

A ``.compat-journal.json`` in a project (where earlier versions kept the journal) is never read.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath
from typing import Literal

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.record import Record

FORMAT = 1
PROJECT_JOURNAL = ".compat-journal.json"  # the old place, inside the project: never acted on
FORBIDDEN_PARTS = frozenset({".git", ".hg", ".svn"})  # compat never writes a version-control folder
_TXID = LazyPattern(r"[0-9a-f]{12}")
_DIGEST = LazyPattern(r"[0-9a-f]{64}")
_MAX_JOURNAL_BYTES = 16 * 1024 * 1024

State = Literal["prepare", "commit"]


class FileIdentity(Record):
    """Which file a path named when it was planned (a rename over it gives another inode)."""

    device: int
    inode: int


class JournalEntry(Record):
    """One planned file change: the target, relative to the project root, and its bytes' hashes."""

    path: PurePosixPath
    before: str | None  # SHA-256 of the planned before bytes; None: a new file
    before_identity: FileIdentity | None
    after: str  # SHA-256 of the after bytes


class Journal(Record):
    """A write in progress: ``prepare`` until every new text is on disk, then ``commit``."""

    root: Path  # the project's real path
    root_identity: FileIdentity
    txid: str
    state: State
    entries: tuple[JournalEntry, ...]


class IgnoredJournal(Record):
    """A journal that is not acted on, and why."""

    path: Path
    reason: str


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def identity_of(path: Path) -> FileIdentity:
    info = os.lstat(path)
    return FileIdentity(device=info.st_dev, inode=info.st_ino)


def temporary_for(target: Path, txid: str) -> Path:
    """The temporary file of ``target`` in transaction ``txid``: always beside the target."""
    return target.with_name(f".{target.name}.compat-{txid}.tmp")


def journals_folder() -> Path:
    """The folder of every project's journal, in the user's state folder."""
    from compat.paths import state_dir

    return state_dir() / "journals"


def journal_path(root: Path) -> Path:
    """The journal of the project at ``root`` (a real path) in the user's state folder."""
    import hashlib  # OpenSSL: loaded only when a journal is looked for (see no_journal_anywhere)

    key = hashlib.sha256(os.fsencode(str(root))).hexdigest()[:32]
    return journals_folder() / f"{key}.json"


def no_journal_anywhere() -> bool:
    """True when no project has a journal (the usual case): a read-only command then has nothing
    to say about an interrupted write, without importing the write machinery (a tenth of a small
    check). False when there may be one, or the folder cannot be listed (then the full reading)."""
    try:
        with os.scandir(journals_folder()) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def state_inside(root: Path) -> bool:
    """Whether the journal folder is inside the project (a ``COMPAT_STATE_DIR`` pointing there)."""
    return journal_path(root).parent.resolve().is_relative_to(root)


def safe_relative(root: Path, path: Path) -> PurePosixPath | None:
    """``path`` (already real) relative to ``root``; None when outside it or in a VCS folder."""
    if not path.is_relative_to(root) or path == root:
        return None
    relative = PurePosixPath(path.relative_to(root).as_posix())
    if FORBIDDEN_PARTS.intersection(relative.parts):
        return None
    return relative


def write_journal(journal: Journal) -> None:
    """Record ``journal`` (atomically) where the project cannot reach; refuse if it could."""
    from compat.fileio import write_atomic

    target = journal_path(journal.root)
    if state_inside(journal.root):
        raise CompatError(
            f"the state folder {target.parent.parent} is inside the project {journal.root}: compat will "
            "not keep its journal where the repository can put one; set COMPAT_STATE_DIR elsewhere; "
            "nothing written"
        )
    document = {
        "format": FORMAT,
        "root": str(journal.root),
        "root_identity": list(journal.root_identity),
        "txid": journal.txid,
        "state": journal.state,
        "files": [
            {
                "path": str(entry.path),
                "before": entry.before,
                "before_identity": None if entry.before_identity is None else list(entry.before_identity),
                "after": entry.after,
            }
            for entry in journal.entries
        ],
    }
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(target, json.dumps(document, indent=1) + "\n")
    except OSError as error:
        raise CompatError(
            f"cannot record the write in {target.parent}: {error.strerror or error}; nothing written "
            "(set COMPAT_STATE_DIR to a folder you can write)"
        ) from error


def remove_journal(root: Path) -> None:
    journal_path(root).unlink(missing_ok=True)


def stale_journal_temporaries(root: Path) -> list[Path]:
    """Temporary files of journal writes a killed run left in the state folder."""
    target = journal_path(root)
    try:
        return [p for p in target.parent.glob(f".{target.name}.*.tmp") if p.is_file()]
    except OSError:
        return []


def read_journal(root: Path) -> Journal | IgnoredJournal | None:
    """The journal of the write in progress in ``root``; None when there is none.

    Reads only. A journal this user's compat cannot have written for this project is returned as
    :class:`IgnoredJournal` with the reason.
    """
    path = journal_path(root)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return IgnoredJournal(path, f"cannot be read ({error.strerror or error})")
    if state_inside(root):
        return IgnoredJournal(path, "the state folder is inside the project (COMPAT_STATE_DIR)")
    if not stat.S_ISREG(info.st_mode):
        return IgnoredJournal(path, "not a regular file")
    if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
        return IgnoredJournal(path, "not written by this user, or writable by others")
    if info.st_size > _MAX_JOURNAL_BYTES:
        return IgnoredJournal(path, "too large to be a journal")
    try:
        document = json.loads(path.read_bytes())
        journal = _parse(document)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        return IgnoredJournal(path, f"unreadable ({type(error).__name__})")
    if journal.root != root:
        return IgnoredJournal(path, f"written for another folder ({journal.root})")
    try:
        if identity_of(root) != journal.root_identity:
            return IgnoredJournal(path, "written for another folder at the same path")
    except OSError as error:
        return IgnoredJournal(path, f"the project cannot be read ({error.strerror or error})")
    return journal


def _identity(value: object) -> FileIdentity | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise ValueError("identity")
    return FileIdentity(device=value[0], inode=value[1])


def _hash(value: object, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not (isinstance(value, str) and _DIGEST.fullmatch(value)):
        raise ValueError("hash")
    return value


def _parse(document: object) -> Journal:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("format")
    state = document["state"]
    txid = document["txid"]
    if state not in ("prepare", "commit") or not (isinstance(txid, str) and _TXID.fullmatch(txid)):
        raise ValueError("state")
    root_identity = _identity(document["root_identity"])
    if root_identity is None or not isinstance(document["root"], str):
        raise ValueError("root")
    entries = []
    for item in document["files"]:
        relative = PurePosixPath(item["path"])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError("path")
        if FORBIDDEN_PARTS.intersection(relative.parts):
            raise ValueError("path")
        before = _hash(item["before"], optional=True)
        before_identity = _identity(item["before_identity"])
        after = _hash(item["after"])
        assert after is not None
        if (before is None) != (before_identity is None):
            raise ValueError("before")
        entries.append(
            JournalEntry(path=relative, before=before, before_identity=before_identity, after=after)
        )
    return Journal(
        root=Path(document["root"]),
        root_identity=root_identity,
        txid=txid,
        state=state,
        entries=tuple(entries),
    )
