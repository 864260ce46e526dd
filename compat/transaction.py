"""Writing a set of file changes as one transaction: every file or none, one writer at a time.

``pin``, ``migrate --write`` and ``check --fix`` change several files of one project. A write:

1. takes the project lock (``flock`` on the project directory: no file is left behind);
2. finishes an interrupted earlier transaction (:func:`recover`), then checks that every file
   still holds the text the plan was made from and that every target can be written;
3. records the plan in the journal (:mod:`compat.journal`: in the user's state folder, never in
   the project; state ``prepare``) and writes each new text to a temporary file beside its target;
4. marks the journal ``commit``: from here on the transaction is completed, never undone;
5. renames every temporary file over its target, then deletes the journal.

A failure before step 4 removes the temporary files (nothing changed); a failure in step 5 puts
the files already replaced back. A run killed at any point is repaired by the next writing run
(``pin``, ``migrate --write``, ``check --fix``, ``repair``) before it reads the project: a
``prepare`` journal is undone, a ``commit`` journal is completed, file by file, only where the
target still holds its planned "before" bytes (or already the "after" bytes); any other target is
left alone and reported. A read-only run never completes or undoes anything: it says that a write
was interrupted and which command repairs it (:func:`interrupted`).

Every path is resolved against the project root (never the working directory) and must stay
inside it after symlinks, outside any version-control folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from compat.errors import CompatError
from compat.fileio import write_atomic
from compat.journal import (
    FORBIDDEN_PARTS,
    PROJECT_JOURNAL,
    FileIdentity,
    IgnoredJournal,
    Journal,
    JournalEntry,
    digest,
    identity_of,
    read_journal,
    remove_journal,
    safe_relative,
    stale_journal_temporaries,
    temporary_for,
    write_journal,
)
from compat.record import Record

LOCK_TIMEOUT = 30.0  # seconds another writer may hold the project


class Write(Record):
    """Replace ``path``'s text ``before`` (as planned, any newlines) by ``after``.

    A relative ``path`` is relative to the project root, not to the working directory.
    """

    path: Path
    before: str
    after: str


_held: set[Path] = set()  # project locks this process holds (a second flock would wait for itself)


@contextlib.contextmanager
def project_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of ``root`` (an advisory ``flock`` on the directory itself); re-entrant."""
    root = root.resolve()
    if root in _held:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks on directories
        yield
        return
    try:
        descriptor = os.open(root, os.O_RDONLY)
    except OSError as error:
        raise CompatError(f"cannot lock {root}: {error.strerror or error}") from error
    try:
        deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CompatError(
                        f"{root}: another compat is writing to this project; try again when it is done"
                    ) from None
                time.sleep(0.05)
        _held.add(root)
        try:
            yield
        finally:
            _held.discard(root)
    finally:
        os.close(descriptor)  # releases the lock


def _read_raw(path: Path) -> str | None:
    """The file's text with its own newlines; None when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CompatError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CompatError(f"{path}: not UTF-8 text") from error


def _check_writable(root: Path, paths: Sequence[Path]) -> None:
    """Refuse before writing anything when any target cannot be written."""
    for directory in [root, *{p.parent for p in paths}]:
        if not directory.is_dir():
            raise CompatError(f"cannot write into {directory}: no such directory; nothing written")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise CompatError(f"cannot write into {directory}: permission denied; nothing written")
    for path in paths:
        if path.exists() and not os.access(path, os.W_OK):
            raise CompatError(f"cannot write {path}: permission denied; nothing written")


def _write_temporary(temporary: Path, data: bytes, like: Path) -> None:
    mode = like.stat().st_mode & 0o777 if like.exists() else None
    with open(temporary, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if mode is not None:
        os.chmod(temporary, mode)


def _fsync_directories(paths: Sequence[Path]) -> None:
    for directory in {p.parent for p in paths}:
        with contextlib.suppress(OSError):
            descriptor = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def commit(root: Path, writes: Sequence[Write]) -> list[Path]:
    """Write every change of ``writes`` or none; refuse if a file changed since it was planned."""
    from compat.layout import normalise_newlines  # here, not at the top: a run that writes nothing skips it

    pending = [w for w in writes if normalise_newlines(w.before) != normalise_newlines(w.after)]
    if not pending:
        return []
    root = root.resolve()
    txid = uuid.uuid4().hex[:12]
    with project_lock(root):
        _recover_locked(root)
        planned = [_plan(root, write, txid) for write in pending]
        _check_writable(root, [p.path for p in planned])
        _run(root, txid, planned)
    return [w.path for w in pending]


class _Planned(Record):
    path: Path  # real, inside the root
    relative: PurePosixPath
    temporary: Path
    before: bytes | None  # None: a new file
    before_identity: FileIdentity | None
    after: bytes

    def entry(self) -> JournalEntry:
        return JournalEntry(
            path=self.relative,
            before=None if self.before is None else digest(self.before),
            before_identity=self.before_identity,
            after=digest(self.after),
        )


def _plan(root: Path, write: Write, txid: str) -> _Planned:
    from compat.layout import keep_layout, normalise_newlines

    given = write.path if write.path.is_absolute() else root / write.path
    path = given.resolve()
    relative = safe_relative(root, path)
    lexical = Path(os.path.normpath(given))
    named = lexical.relative_to(root).parts if lexical.is_relative_to(root) else ()  # before symlinks
    if relative is None or FORBIDDEN_PARTS.intersection(named):
        raise CompatError(f"{write.path} is outside the project {root} (after symlinks): nothing written")
    current = _read_raw(path)
    if normalise_newlines(current or "") != normalise_newlines(write.before):
        raise CompatError(f"{write.path} changed since the plan was made: nothing written, run again")
    after = keep_layout(current, write.after) if current is not None else write.after
    before = None if current is None else current.encode("utf-8")
    return _Planned(
        path=path,
        relative=relative,
        temporary=temporary_for(path, txid),
        before=before,
        before_identity=None if current is None else identity_of(path),
        after=after.encode("utf-8"),
    )


def _failed(error: OSError, outcome: str) -> CompatError:
    return CompatError(f"cannot write {error.filename}: {error.strerror or error}; {outcome}")


def _run(root: Path, txid: str, planned: list[_Planned]) -> None:
    journal = Journal(
        root=root,
        root_identity=identity_of(root),
        txid=txid,
        state="prepare",
        entries=tuple(p.entry() for p in planned),
    )
    write_journal(journal)
    try:
        for item in planned:
            _write_temporary(item.temporary, item.after, item.path)
        _fsync_directories([p.path for p in planned])
        write_journal(journal._replace(state="commit"))
    except BaseException as error:
        _discard(planned, root)
        if isinstance(error, OSError):
            raise _failed(error, "nothing written") from error
        raise
    done: list[_Planned] = []
    try:
        for item in planned:
            os.replace(item.temporary, item.path)
            done.append(item)
    except OSError as error:
        try:
            _rollback(done)
        except OSError:
            raise _failed(error, f"`compat repair {root}` completes the write") from error
        _discard(planned, root)
        raise _failed(error, "nothing written") from error
    _fsync_directories([p.path for p in planned])
    remove_journal(root)


def _rollback(done: list[_Planned]) -> None:
    """Put back the files a failed commit already replaced."""
    for item in reversed(done):
        if item.before is None:
            item.path.unlink(missing_ok=True)
        else:
            write_atomic(item.path, item.before.decode("utf-8"))


def _discard(planned: list[_Planned], root: Path) -> None:
    for item in planned:
        with contextlib.suppress(OSError):
            item.temporary.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        remove_journal(root)


class Recovery(Record):
    """What the repair of an interrupted write did."""

    root: Path
    state: str  # the journal's state: "commit" (completed) or "prepare" (undone)
    files: int  # files the journal planned
    left_alone: tuple[tuple[PurePosixPath, str], ...]  # targets not touched, and why
    ignored: str | None = None  # a journal not acted on, and why

    def note(self) -> str:
        if self.ignored is not None:
            return self.ignored
        if self.state == "commit":
            text = f"completed an interrupted write of {self.files} file(s) in {self.root}"
        else:
            text = f"undid an interrupted write of {self.files} file(s) in {self.root} (nothing had changed)"
        if self.left_alone:
            alone = "; ".join(f"{path}: {reason}" for path, reason in self.left_alone)
            text += f"; left {len(self.left_alone)} alone, check them by hand: {alone}"
        return text


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _target(root: Path, relative: PurePosixPath) -> Path | None:
    """The journal's ``relative`` path in ``root``, if its folder is still inside the project."""
    path = root.joinpath(*relative.parts)
    folder = path.parent.resolve()
    if safe_relative(root, folder / path.name) is None or folder != path.parent:
        return None  # a folder on the way became a symlink: leave it alone
    return path


def _hash_of(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes; None when it is missing or not a regular file."""
    if not _regular_file(path):
        return None
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _complete(root: Path, journal: Journal, entry: JournalEntry) -> str | None:
    """Complete one file of a ``commit`` journal; the reason it was left alone, or None."""
    path = _target(root, entry.path)
    if path is None:
        return "its folder is no longer inside the project"
    temporary = temporary_for(path, journal.txid)
    current = _hash_of(path)
    if current == entry.after:
        with contextlib.suppress(OSError):
            if _regular_file(temporary):
                temporary.unlink()
        return None
    if entry.before is None:
        unchanged = not os.path.lexists(path)
    else:
        unchanged = current == entry.before and _identity_or_none(path) == entry.before_identity
    if not unchanged:
        _remove_temporary(temporary)
        return "changed since the write began"
    if _hash_of(temporary) != entry.after:
        _remove_temporary(temporary)
        return "its new text is missing or damaged"
    try:
        os.replace(temporary, path)
    except OSError as error:
        return f"cannot be written ({error.strerror or error})"
    return None


def _identity_or_none(path: Path) -> FileIdentity | None:
    try:
        return identity_of(path)
    except OSError:
        return None


def _remove_temporary(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        if _regular_file(temporary):
            temporary.unlink()


def _recover_locked(root: Path) -> Recovery | None:
    for stale in stale_journal_temporaries(root):
        with contextlib.suppress(OSError):
            stale.unlink()
    journal = read_journal(root)
    if journal is None:
        return None
    if isinstance(journal, IgnoredJournal):
        with contextlib.suppress(OSError):
            if _regular_file(journal.path) and not journal.path.resolve().is_relative_to(root):
                journal.path.unlink()  # the user's own state folder: a journal compat cannot use goes
        return Recovery(root, "", 0, (), ignored=f"ignored the journal {journal.path}: {journal.reason}")
    left_alone: list[tuple[PurePosixPath, str]] = []
    for entry in journal.entries:
        if journal.state == "commit":
            reason = _complete(root, journal, entry)
            if reason is not None:
                left_alone.append((entry.path, reason))
        else:
            path = _target(root, entry.path)
            if path is not None:
                _remove_temporary(temporary_for(path, journal.txid))
    _fsync_directories([root.joinpath(*e.path.parts) for e in journal.entries])
    remove_journal(root)
    return Recovery(root, journal.state, len(journal.entries), tuple(left_alone))


def repair(root: Path) -> Recovery | None:
    """Finish (or undo) a transaction a killed run left in ``root``; None when there was none."""
    root = root.resolve()
    if read_journal(root) is None and not stale_journal_temporaries(root):
        return None
    with project_lock(root):
        return _recover_locked(root)


def recover(root: Path) -> str | None:
    """:func:`repair`, as the note a writing command prints; None when there was nothing to do."""
    recovery = repair(root)
    return None if recovery is None else recovery.note()


def shipped_journal(root: Path) -> str | None:
    """The note for a ``.compat-journal.json`` the project holds: it is never acted on."""
    if os.path.lexists(root / PROJECT_JOURNAL):
        return f"ignored {root / PROJECT_JOURNAL}: compat never acts on a journal found in a project"
    return None


def interrupted(root: Path) -> list[str]:
    """Notes for a read-only run: an interrupted write, a journal the project ships; writes nothing."""
    root = root.resolve()
    shipped = shipped_journal(root)
    notes = [] if shipped is None else [shipped]
    journal = read_journal(root)
    if isinstance(journal, Journal):
        notes.append(
            f"a write compat began in {root} was interrupted; `compat repair {root}` completes "
            "or undoes it (this run changed nothing)"
        )
    elif isinstance(journal, IgnoredJournal):
        notes.append(f"ignored the journal {journal.path}: {journal.reason}")
    return notes
