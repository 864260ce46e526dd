"""Fault injection on the write path: SIGKILL at random points, two writers at once.

Each run must leave the project with every file before or every file after, never a mix, and
no temporary file or journal once the next run has looked at the project.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from compat.cli import main
from compat.transaction import recover
from tests.conftest import FIXTURES
from tests.faults.journals import killed_write, leftovers

REPO = Path(__file__).resolve().parents[2]
FILES = 40

# a writer that applies one transaction over FILES files; fsync is slowed down so that a kill
# lands inside the write phase, and a marker file says the transaction is about to start
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from compat.project.changes import FileChange, apply
    root, marker, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    real_fsync = os.fsync
    def slow_fsync(fd):
        time.sleep(0.002)
        real_fsync(fd)
    os.fsync = slow_fsync
    paths = sorted(root.glob("f*.py"))
    changes = [FileChange(p, p.read_text(), p.read_text() + f"# {tag}\\n") for p in paths]
    marker.touch()
    while Path(str(marker) + ".go").exists() is False and tag != "solo":
        time.sleep(0.001)
    try:
        apply(changes, root)
    except Exception as error:
        print(f"refused: {error}")
        sys.exit(3)
    print("written")
    """
)


def _project(root: Path) -> list[Path]:
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    paths = [root / f"f{n:02}.py" for n in range(FILES)]
    for n, path in enumerate(paths):
        path.write_bytes(f"x = {n}\r\n".encode())
    return paths


def _spawn(root: Path, marker: Path, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), str(marker), tag],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while not path.exists():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline
        time.sleep(0.002)


def test_sigkill_during_the_write_leaves_all_or_nothing(tmp_path: Path) -> None:
    rng = random.Random(14)
    interrupted = 0
    for attempt in range(10):
        root = tmp_path / f"p{attempt}"
        paths = _project(root)
        before = [p.read_bytes() for p in paths]
        after = [b + b"# solo\r\n" for b in before]
        marker = tmp_path / f"m{attempt}"
        process = _spawn(root, marker, "solo")
        _wait_for(marker, process)
        time.sleep(rng.uniform(0.0, 0.2))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if recover(root) is not None:
            interrupted += 1
        state = [p.read_bytes() for p in paths]
        assert state in (before, after), f"attempt {attempt}: a mix of old and new files"
        assert leftovers(root) == []
    assert interrupted >= 1, "no kill landed inside a transaction: the loop tested nothing"


def test_two_writers_at_once_never_lose_an_update(tmp_path: Path) -> None:
    for attempt in range(3):
        root = tmp_path / f"p{attempt}"
        paths = _project(root)
        markers = [tmp_path / f"m{attempt}{w}" for w in "ab"]
        writers = [_spawn(root, m, f"writer {w}") for m, w in zip(markers, "ab", strict=True)]
        for marker, writer in zip(markers, writers, strict=True):
            _wait_for(marker, writer)
        for marker in markers:
            Path(str(marker) + ".go").touch()
        outcomes = [w.communicate()[0].strip().splitlines()[-1] for w in writers]
        assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "written"], outcomes
        assert "changed since the plan was made" in next(o for o in outcomes if o.startswith("refused"))
        winner = "ab"[outcomes.index("written")]
        assert all(p.read_text().endswith(f"# writer {winner}\n") for p in paths)


def test_two_pins_at_once_serialise(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "requirements", root)
    command = [
        sys.executable,
        "-c",
        "import sys; from compat.cli import run; run()",
        "pin",
        str(root),
        "--terraform",
        "1.9.0",
        "--python",
        "3.11",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert sum("Changed " in o for o in outputs) == 1
    assert sum("Nothing to change" in o for o in outputs) == 1  # the second planned on the first's result


def test_a_read_only_check_reports_an_interrupted_write_and_repair_completes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    paths = _project(root)
    killed_write(root, "commit", {paths[0]: "x = 100\n"})
    main(["check", str(root), "--offline"])
    err = capsys.readouterr().err
    assert f"`compat repair {root}` completes or undoes it (this run changed nothing)" in err
    assert paths[0].read_bytes() == b"x = 0\r\n" and leftovers(root) != []  # the check wrote nothing
    assert main(["repair", str(root)]) == 0
    assert "Completed an interrupted write of 1 file(s)" in capsys.readouterr().out
    assert paths[0].read_text() == "x = 100\n" and leftovers(root) == []
    assert main(["repair", str(root)]) == 0
    assert "No interrupted write" in capsys.readouterr().out


def test_migrate_write_keeps_crlf_and_trailing_blanks(tmp_path: Path) -> None:
    root = tmp_path / "aws20"
    shutil.copytree(FIXTURES / "migrations" / "aws20", root)
    manifest = root / "Pipfile"
    original = manifest.read_text().replace("[packages]\n", "[packages]  \n").replace("\n", "\r\n").encode()
    manifest.write_bytes(original)
    main(["migrate", str(root), "--to", "21.22.1", "--write", "--offline"])
    written = manifest.read_bytes()
    assert b'cdktf-cdktf-provider-aws = "==21.22.1"\r\n' in written  # the migration changed the pin ...
    assert b"\n" not in written.replace(b"\r\n", b"")  # ... every line still ends in CRLF
    assert b"[packages]  \r\n" in written  # ... and an untouched line keeps its trailing blanks
