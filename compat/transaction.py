"""Writing a set of file changes as one transaction: every file or none, one writer at a time.

``pin``, ``migrate --write`` and ``check --fix`` change several files of one project. A write:

1. takes the project lock (``flock`` on the project directory: no file is left behind);
2. finishes an interrupted earlier transaction (:func:`recover`), then checks that every file
   still holds the text the plan was made from and that every target can be written;
3. records the plan in the journal (``.compat-journal.json`` in the project root, state
   ``prepare``) and writes each new text to a temporary file next to its target;
4. marks the journal ``commit``: from here on the transaction is completed, never undone;
5. renames every temporary file over its target, then deletes the journal.

A failure before step 4 removes the temporary files (nothing changed); a failure in step 5 puts
the files already replaced back. A run killed at any point is repaired by the next run of
``check``, ``pin`` or ``migrate`` before it reads the project: a ``prepare`` journal is undone,
a ``commit`` journal is completed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from compat.errors import CompatError
from compat.fileio import write_atomic

JOURNAL = ".compat-journal.json"
LOCK_TIMEOUT = 30.0  # seconds another writer may hold the project


class Write(NamedTuple):
    """Replace ``path``'s text ``before`` (as planned, any newlines) by ``after``."""

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
    """Refuse before writing anything when the journal or any target cannot be written."""
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


def _journal(root: Path, state: str, entries: list[dict[str, Any]]) -> None:
    write_atomic(root / JOURNAL, json.dumps({"state": state, "files": entries}, indent=1) + "\n")


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
        _run(root, planned)
    return [w.path for w in pending]


class _Planned(NamedTuple):
    path: Path
    temporary: Path
    before: bytes | None  # None: a new file
    after: bytes


def _plan(root: Path, write: Write, txid: str) -> _Planned:
    from compat.layout import keep_layout, normalise_newlines

    path = write.path.resolve()
    if not path.is_relative_to(root):
        raise CompatError(f"{write.path} is outside the project {root}: nothing written")
    current = _read_raw(path)
    if normalise_newlines(current or "") != normalise_newlines(write.before):
        raise CompatError(f"{write.path} changed since the plan was made: nothing written, run again")
    after = keep_layout(current, write.after) if current is not None else write.after
    before = None if current is None else current.encode("utf-8")
    return _Planned(path, path.with_name(f".{path.name}.compat-{txid}.tmp"), before, after.encode("utf-8"))


def _failed(error: OSError, outcome: str) -> CompatError:
    return CompatError(f"cannot write {error.filename}: {error.strerror or error}; {outcome}")


def _run(root: Path, planned: list[_Planned]) -> None:
    entries = [{"path": str(p.path), "temporary": str(p.temporary)} for p in planned]
    _journal(root, "prepare", entries)
    try:
        for item in planned:
            _write_temporary(item.temporary, item.after, item.path)
        _fsync_directories([p.path for p in planned])
        _journal(root, "commit", entries)
    except BaseException as error:
        _undo(root, entries)
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
            raise _failed(error, f"the next compat run in {root} completes the write") from error
        _undo(root, entries)
        raise _failed(error, "nothing written") from error
    _fsync_directories([p.path for p in planned])
    (root / JOURNAL).unlink()


def _rollback(done: list[_Planned]) -> None:
    """Put back the files a failed commit already replaced."""
    for item in reversed(done):
        if item.before is None:
            item.path.unlink(missing_ok=True)
        else:
            write_atomic(item.path, item.before.decode("utf-8"))


def _undo(root: Path, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        with contextlib.suppress(OSError):
            Path(entry["temporary"]).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        (root / JOURNAL).unlink(missing_ok=True)


def _stale_temporaries(root: Path) -> list[Path]:
    """Temporary files of journal writes a killed run left in the project root."""
    return [p for p in root.glob(f".{JOURNAL}.*.tmp") if p.is_file()]


def _recover_locked(root: Path) -> str | None:
    for stale in _stale_temporaries(root):
        with contextlib.suppress(OSError):
            stale.unlink()
    journal = root / JOURNAL
    if not journal.is_file():
        return None
    try:
        document = json.loads(journal.read_text(encoding="utf-8"))
        state = document["state"]
        entries = [{"path": str(e["path"]), "temporary": str(e["temporary"])} for e in document["files"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CompatError(f"{journal}: unreadable journal of an interrupted write ({error})") from error
    inside = [Path(e["path"]).resolve().is_relative_to(root) for e in entries]
    named = all(Path(e["temporary"]).name.startswith(f".{Path(e['path']).name}.compat-") for e in entries)
    if not all(inside) or not named:
        raise CompatError(f"{journal}: names files outside the project; remove it")
    if state != "commit":
        _undo(root, entries)
        return f"undid an interrupted write of {len(entries)} file(s) in {root} (nothing had changed)"
    try:
        for entry in entries:
            temporary = Path(entry["temporary"])
            if temporary.exists():
                os.replace(temporary, entry["path"])
    except OSError as error:
        raise CompatError(
            f"cannot complete the interrupted write in {root}: {error.strerror} ({error.filename})"
        ) from error
    _fsync_directories([Path(e["path"]) for e in entries])
    journal.unlink()
    return f"completed an interrupted write of {len(entries)} file(s) in {root}"


def recover(root: Path) -> str | None:
    """Finish (or undo) a transaction a killed run left in ``root``; None when there was none.

    Cheap when there is nothing to do: the lock is only taken when a journal exists.
    """
    root = root.resolve()
    if not (root / JOURNAL).is_file() and not _stale_temporaries(root):
        return None
    with project_lock(root):
        return _recover_locked(root)
