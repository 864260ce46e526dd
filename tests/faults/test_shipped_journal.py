"""Nothing a repository ships makes compat write: the journal of an interrupted write is compat's own.

The attack (issue 24): a repository commits a temporary file and a ``.compat-journal.json`` naming
``.git/config``; a read-only ``compat check`` in the clone used to move the file over the clone's git
configuration (``core.fsmonitor``: code execution on the next ``git status``). Every case here must
end with no write outside the project, no write by a read-only command, exit 0, 1 or 2 with one
clear line, and no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from compat.cli import main
from compat.errors import CompatError
from compat.journal import journal_path
from compat.paths import state_dir
from compat.transaction import Write, commit, recover
from tests.conftest import FIXTURES
from tests.faults.journals import killed_write, leftovers

HOSTILE_CONFIG = '[core]\n\tfsmonitor = "touch /tmp/owned-by-the-repository"\n'
READ_ONLY = [
    ["check", "{root}", "--offline"],
    ["check", "{root}", "--offline", "--diff"],
    ["pin", "{root}", "--dry-run", "--terraform", "1.9.0", "--python", "3.11"],
    ["migrate", "{root}", "--to", "21.22.1", "--offline"],
]
WRITING = [
    ["check", "{root}", "--offline", "--fix"],
    ["pin", "{root}", "--terraform", "1.9.0", "--python", "3.11"],
    ["migrate", "{root}", "--to", "21.22.1", "--offline", "--write"],
    ["repair", "{root}"],
]


def _snapshot(*folders: Path) -> dict[Path, tuple[bytes | str, int]]:
    """Every file and symlink below ``folders``: its bytes (or link target) and modification time."""
    seen: dict[Path, tuple[bytes | str, int]] = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            if path.is_symlink():
                seen[path] = (os.readlink(path), 0)
            elif path.is_file():
                seen[path] = (path.read_bytes(), path.stat().st_mtime_ns)
    return seen


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@b",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@b",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def _hostile_clone(tmp_path: Path) -> Path:
    """The issue's reproduction: a repository shipping a temporary file and a journal for .git/config."""
    upstream = tmp_path / "upstream"
    shutil.copytree(FIXTURES / "projects" / "requirements", upstream)
    (upstream / "lib").mkdir()
    (upstream / "lib" / ".config.compat-0.tmp").write_text(HOSTILE_CONFIG)
    (upstream / ".compat-journal.json").write_text(
        json.dumps(
            {"state": "commit", "files": [{"path": ".git/config", "temporary": "lib/.config.compat-0.tmp"}]}
        )
    )
    _git(upstream, "init", "-q")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-qm", "hostile")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(upstream), str(clone))
    return clone


def _run(command: list[str], root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([part.format(root=root) for part in command])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    assert code in (0, 1, 2)
    return code, captured.err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("command", READ_ONLY + WRITING, ids=lambda c: " ".join(c[:1] + c[2:3]))
def test_a_shipped_journal_never_moves_a_file_over_git_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    clone = _hostile_clone(tmp_path)
    config = (clone / ".git" / "config").read_bytes()
    monkeypatch.chdir(clone)  # the relative names of the journal resolve nowhere but in the project
    code, err = _run(command, clone, capsys)
    assert (clone / ".git" / "config").read_bytes() == config
    assert "fsmonitor" not in _git(clone, "config", "--list")
    assert (clone / "lib" / ".config.compat-0.tmp").read_text() == HOSTILE_CONFIG  # not deleted either
    assert (clone / ".compat-journal.json").is_file()
    shipped = clone / ".compat-journal.json"
    assert f"ignored {shipped}: compat never acts on a journal found in a project" in err
    assert "completed" not in err and "undid" not in err


@pytest.mark.parametrize("command", READ_ONLY)
def test_a_read_only_command_writes_nothing_even_with_a_genuine_interrupted_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "requirements", root)
    killed_write(root, "commit", {root / "main.py": "print('new')\n"})
    before = _snapshot(root, state_dir())
    code, err = _run(command, root, capsys)
    assert _snapshot(root, state_dir()) == before
    assert f"a write compat began in {root} was interrupted; `compat repair {root}` completes" in err
    assert code in (0, 1)


def test_a_temporary_outside_the_project_is_neither_moved_in_nor_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "main.py").write_text("x = 0\n")
    outside = tmp_path / "elsewhere" / ".main.py.compat-0.tmp"
    outside.parent.mkdir()
    outside.write_text("x = 'from outside'\n")
    for state in ("commit", "prepare"):  # commit used to move it in, prepare to delete it
        (root / ".compat-journal.json").write_text(
            json.dumps({"state": state, "files": [{"path": "main.py", "temporary": str(outside)}]})
        )
        for command in (["check", "{root}", "--offline"], ["repair", "{root}"]):
            _run(command, root, capsys)
            assert outside.read_text() == "x = 'from outside'\n"
            assert (root / "main.py").read_text() == "x = 0\n"


def test_relative_paths_are_the_projects_not_the_working_directorys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, elsewhere = tmp_path / "p", tmp_path / "cwd"
    for folder in (root, elsewhere):
        folder.mkdir()
        (folder / "main.py").write_text("x = 0\n")
    monkeypatch.chdir(elsewhere)
    commit(root, [Write(Path("main.py"), "x = 0\n", "x = 1\n")])
    assert (root / "main.py").read_text() == "x = 1\n" and (elsewhere / "main.py").read_text() == "x = 0\n"
    killed_write(root, "commit", {root / "main.py": "x = 2\n"})
    assert "completed" in (recover(Path(os.path.relpath(root))) or "")
    assert (root / "main.py").read_text() == "x = 2\n" and (elsewhere / "main.py").read_text() == "x = 0\n"


def test_a_symlinked_target_leading_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "p", tmp_path / "outside.py"
    root.mkdir()
    outside.write_text("x = 0\n")
    (root / "link.py").symlink_to(outside)
    with pytest.raises(CompatError, match=r"outside the project .* \(after symlinks\): nothing written"):
        commit(root, [Write(root / "link.py", "x = 0\n", "x = 1\n")])
    (root / "git").mkdir()
    (root / ".git").symlink_to(root / "git")
    (root / "git" / "config").write_text("[core]\n")
    with pytest.raises(CompatError, match="outside the project"):  # nor into a VCS folder, however named
        commit(root, [Write(root / ".git" / "config", "[core]\n", HOSTILE_CONFIG)])
    assert outside.read_text() == "x = 0\n" and (root / "git" / "config").read_text() == "[core]\n"
    assert leftovers(root) == []


def test_a_folder_turned_into_a_symlink_after_the_write_began_is_left_alone(tmp_path: Path) -> None:
    root, outside = tmp_path / "p", tmp_path / "outside"
    (root / "lib").mkdir(parents=True)
    (root / "lib" / "a.py").write_text("x = 0\n")
    killed_write(root, "commit", {root / "lib" / "a.py": "x = 1\n"})
    shutil.move(root / "lib", outside)  # the folder now lives outside and a symlink points at it
    (root / "lib").symlink_to(outside)
    note = recover(root) or ""
    assert "left 1 alone" in note and "lib/a.py: its folder is no longer inside the project" in note
    assert (outside / "a.py").read_text() == "x = 0\n"
    # outside the project now: not compat's to delete
    assert sorted(p.name for p in outside.iterdir()) == [".a.py.compat-0123456789ab.tmp", "a.py"]


def test_a_target_changed_since_the_write_began_is_left_alone_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    paths = [root / "a.py", root / "b.py", root / "c.py"]
    for path in paths:
        path.write_text("x = 0\n")
    killed_write(root, "commit", {paths[0]: "x = 1\n", paths[1]: "x = 1\n", paths[2]: "x = 1\n"})
    paths[1].write_text("x = 'the user edited this'\n")  # a hand edit (or git checkout) since
    paths[2].write_text("x = 1\n")  # already the planned text: nothing to do for it
    assert main(["repair", str(root)]) == 1
    assert "completed an interrupted write of 3 file(s)" in capsys.readouterr().out.lower()
    assert [p.read_text() for p in paths] == ["x = 1\n", "x = 'the user edited this'\n", "x = 1\n"]
    assert leftovers(root) == []


def test_repair_reports_a_changed_target_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.py").write_text("x = 0\n")
    killed_write(root, "commit", {root / "a.py": "x = 1\n"})
    (root / "a.py").write_text("x = 2\n")
    assert main(["repair", str(root)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.endswith("left 1 alone, check them by hand: a.py: changed since the write began.")
    assert (root / "a.py").read_text() == "x = 2\n"


def test_a_forged_journal_in_the_state_folder_is_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "main.py").write_text("x = 0\n")
    (root / ".main.py.compat-0123456789ab.tmp").write_text("x = 9\n")
    journal = journal_path(root.resolve())
    journal.parent.mkdir(parents=True)
    forged = {
        "format": 1,
        "root": str(root.resolve()),
        "root_identity": [0, 0],
        "txid": "0123456789ab",
        "state": "commit",
        "files": [{"path": "main.py", "before": None, "before_identity": None, "after": "0" * 64}],
    }
    journal.write_text(json.dumps(forged))  # written for another folder that once had this path
    _, err = _run(["check", "{root}", "--offline"], root, capsys)
    assert "ignored the journal" in err and journal.exists()  # a read-only run does not even delete it
    assert main(["repair", str(root)]) == 1
    assert "written for another folder at the same path" in capsys.readouterr().out
    assert (root / "main.py").read_text() == "x = 0\n" and not journal.exists()
    for name in (".git/config", "../outside.py", "/etc/passwd"):  # names a journal can never carry
        forged["root_identity"] = list(os.stat(root)[1:3][::-1])
        forged["files"] = [{"path": name, "before": None, "before_identity": None, "after": "0" * 64}]
        journal.write_text(json.dumps(forged))
        assert main(["repair", str(root)]) == 1
        assert "unreadable" in capsys.readouterr().out


def test_a_state_folder_inside_the_project_is_never_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "main.py").write_text("x = 0\n")
    monkeypatch.setenv("COMPAT_STATE_DIR", str(root / ".state"))
    with pytest.raises(CompatError, match="inside the project .* elsewhere; nothing written"):
        commit(root, [Write(root / "main.py", "x = 0\n", "x = 1\n")])
    assert (root / "main.py").read_text() == "x = 0\n" and leftovers(root) == []
    journal = journal_path(root.resolve())  # a journal the repository ships there is not read
    journal.parent.mkdir(parents=True)
    journal.write_text("{}")
    _, err = _run(["check", "{root}", "--offline"], root, capsys)
    assert "the state folder is inside the project" in err and journal.read_text() == "{}"
