"""Writes are transactions: all files or none, one writer at a time, each file's own layout kept."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.version import Version

import compat.transaction as transaction
from compat.check.fix import FileChange as FixChange
from compat.check.fix import apply as apply_fixes
from compat.errors import CompatError
from compat.journal import journal_path
from compat.layout import keep_layout
from compat.project import load_project
from compat.project.changes import FileChange, apply
from compat.project.write import plan_changes
from compat.snapshot import Snapshot
from compat.transaction import Write, commit, project_lock, recover
from tests.faults.journals import killed_write, leftovers

PINS = {"cdktf": "==0.21.0", "cdktf-cdktf-provider-aws": "==21.22.1", "constructs": ">=10.4.2,<11.0.0"}
Copy = Callable[[str], Path]


def _files(root: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = root / f"f{n}.py"
        path.write_text(f"x = {n}\n")
        paths.append(path)
    return paths


_leftovers = leftovers


def test_a_failed_rename_puts_back_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _files(tmp_path, 3)
    real_replace = os.replace

    def flaky(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "f2.py":
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(CompatError, match="nothing written"):
        apply([FileChange(p, f"x = {n}\n", f"x = {n + 10}\n") for n, p in enumerate(paths)], tmp_path)
    assert [p.read_text() for p in paths] == ["x = 0\n", "x = 1\n", "x = 2\n"]
    assert _leftovers(tmp_path) == []


def test_every_target_is_checked_before_any_is_written(tmp_path: Path) -> None:
    (first,) = _files(tmp_path, 1)
    missing = tmp_path / "gone" / "g.py"
    with pytest.raises(CompatError, match="no such directory"):
        commit(tmp_path, [Write(first, "x = 0\n", "x = 9\n"), Write(missing, "", "y = 1\n")])
    assert first.read_text() == "x = 0\n" and _leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_a_read_only_manifest_stops_the_write_before_the_code_is_touched(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (code,) = _files(lib, 1)
    manifest = tmp_path / "Pipfile"
    manifest.write_text("[packages]\n")
    manifest.chmod(0o444)
    with pytest.raises(CompatError, match="permission denied"):
        commit(tmp_path, [Write(code, "x = 0\n", "x = 9\n"), Write(manifest, "[packages]\n", "[dev]\n")])
    assert code.read_text() == "x = 0\n"


def test_a_run_killed_after_commit_is_completed_by_the_next(tmp_path: Path) -> None:
    paths = _files(tmp_path, 3)
    killed_write(tmp_path, "commit", {paths[1]: "x = 11\n", paths[2]: "x = 12\n"})
    journal = journal_path(tmp_path.resolve())
    journal.with_name(f".{journal.name}.zz.tmp").write_text("{")  # a journal write itself cut short
    assert "completed" in (recover(tmp_path) or "")
    assert [p.read_text() for p in paths] == ["x = 0\n", "x = 11\n", "x = 12\n"]
    assert _leftovers(tmp_path) == [] and recover(tmp_path) is None
    assert list(journal.parent.iterdir()) == []


def test_a_run_killed_before_commit_is_undone_by_the_next(tmp_path: Path) -> None:
    paths = _files(tmp_path, 2)
    killed_write(tmp_path, "prepare", {paths[0]: "x = 10\n", paths[1]: "x = 11\n"})
    assert "undid" in (recover(tmp_path) or "")
    assert [p.read_text() for p in paths] == ["x = 0\n", "x = 1\n"] and _leftovers(tmp_path) == []


def test_the_journal_is_kept_outside_the_project_while_a_write_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = _files(tmp_path, 1)
    seen: list[list[str]] = []
    real_replace = os.replace

    def watching(source: str | Path, target: str | Path) -> None:
        if Path(target) == path.resolve():
            seen.append(sorted(p.name for p in tmp_path.iterdir()))
            assert journal_path(tmp_path.resolve()).is_file()
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching)
    commit(tmp_path, [Write(path, "x = 0\n", "x = 1\n")])
    (names,) = seen  # the project holds only the target and its temporary, beside it
    assert len(names) == 2 and names[0].startswith(".f0.py.compat-") and names[1] == "f0.py"
    assert not journal_path(tmp_path.resolve()).exists() and path.read_text() == "x = 1\n"


def test_a_second_writer_waits_for_the_lock_and_then_gives_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = _files(tmp_path, 1)
    monkeypatch.setattr(transaction, "LOCK_TIMEOUT", 0.2)
    other = os.open(tmp_path, os.O_RDONLY)  # another process's lock (this process's is re-entrant)
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        with pytest.raises(CompatError, match="another compat is writing"):
            commit(tmp_path, [Write(path, "x = 0\n", "x = 1\n")])
    finally:
        os.close(other)
    assert path.read_text() == "x = 0\n"
    with project_lock(tmp_path), project_lock(tmp_path):  # re-entrant within one process
        commit(tmp_path, [Write(path, "x = 0\n", "x = 1\n")])
    assert path.read_text() == "x = 1\n"


def test_check_fix_refuses_a_file_changed_since_the_fixes_were_planned(tmp_path: Path) -> None:
    (path,) = _files(tmp_path, 1)
    change = FixChange(path, "x = 0\n", "x = 1\n", edits=1)
    path.write_text("x = 5\n")  # another writer (migrate) got there first
    with pytest.raises(CompatError, match="changed since"):
        apply_fixes(tmp_path, [change])
    assert path.read_text() == "x = 5\n"


def test_pin_keeps_crlf_and_trailing_blanks_byte_for_byte(copy_project: Copy, snapshot: Snapshot) -> None:
    root = copy_project("local-bindings")
    config = root / "cdktf.json"
    raw = config.read_text().replace('"python",\n', '"python",   \n').replace("\n", "\r\n")
    config.write_bytes(raw.encode())
    requirements = root / "requirements.txt"
    requirements.write_bytes(b"# infra  \r\ncdktf>=0.20\r\nboto3\t\r\n")
    pins = {"cdktf": "==0.21.0"}  # bindings generated locally: cdktf.json gets the provider version
    changes = plan_changes(load_project(root, snapshot=snapshot), pins, provider_version=Version("6.25.0"))
    assert len(changes) == 2
    apply(changes, root)
    assert config.read_bytes() == raw.replace('"hashicorp/aws@~> 5.40"', '"hashicorp/aws@~> 6.25"').encode()
    written = requirements.read_bytes()
    assert written == b"# infra  \r\ncdktf==0.21.0\r\nboto3\t\r\n"


def test_check_fix_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "stack.py"
    path.write_bytes(b"import a  \r\nb = 1\r\nc = 2\r\n")
    change = FixChange(path, "import a  \nb = 1\nc = 2\n", "import a  \nb = 10\nc = 2\n", edits=1)
    apply_fixes(tmp_path, [change])
    assert path.read_bytes() == b"import a  \r\nb = 10\r\nc = 2\r\n"


@pytest.mark.parametrize(
    ("raw", "edited", "expected"),
    [
        ("a\r\nb\r\n", "a\nb\nc\n", "a\r\nb\r\nc\r\n"),
        ("a\nb", "a\nb\nc", "a\nb\nc"),
        ("a \t\r\nb\r\n", "a\nB\n", "a \t\r\nB\r\n"),
        ("a\rb\r", "a\nb\n", "a\rb\r"),
        ("x\r\ny\n", "x\n", "x\r\n"),
    ],
)
def test_keep_layout(raw: str, edited: str, expected: str) -> None:
    assert keep_layout(raw, edited) == expected
