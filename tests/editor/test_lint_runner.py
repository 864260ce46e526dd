"""Lint-runner formats: ``--format concise`` and ``--stdin-filename`` (nvim-lint, efm, flycheck)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from compat.cli import main
from tests.check.helpers import make_project
from tests.check.test_cli import BROKEN, fake_data  # noqa: F401  (fixture)

#: the shape ruff/flake8 print and every lint runner's default pattern parses
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) (?P<message>.+)$")


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_concise_prints_one_parsable_line_per_finding(
    tmp_path: Path,
    fake_data: None,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "p", "--select", "IMP,API", "--format", "concise"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    parsed = [CONCISE.match(line) for line in lines]
    assert all(parsed), lines
    assert parsed[0] is not None and parsed[0]["path"] == "p/stack.py"
    first = parsed[0]
    assert (first["line"], first["col"], first["code"]) == ("1", "59", "IMP002")
    assert "S3BucketVersioningA" in first["message"]
    assert root.is_dir()


def test_stdin_filename_checks_the_buffer_not_the_file(
    tmp_path: Path,
    fake_data: None,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project(tmp_path / "p", {"stack.py": "x = 1\n", "other.py": BROKEN["stack.py"]})
    before = {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()}
    _stdin(monkeypatch, BROKEN["stack.py"])
    monkeypatch.chdir(root)
    assert main(["check", "--select", "IMP,API", "-f", "concise", "--stdin-filename", "stack.py"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("stack.py:") for line in lines)  # only the buffer's findings
    assert len(lines) == 5
    assert {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()} == before

    _stdin(monkeypatch, "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA\n")
    assert (
        main(["check", "--select", "IMP,API", "-f", "concise", "--stdin-filename", str(root / "other.py")])
        == 0
    )  # the broken file on disk is not what is checked
    assert capsys.readouterr().out.strip() == ""


@pytest.mark.parametrize("extra", [["--fix"], ["--diff"], ["-o", "out.txt"]])
def test_stdin_filename_never_writes(
    tmp_path: Path,
    fake_data: None,  # noqa: F811
    extra: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    _stdin(monkeypatch, BROKEN["stack.py"])
    monkeypatch.chdir(root)
    assert main(["check", "--stdin-filename", "stack.py", *extra]) == 2
    assert "writes nothing" in capsys.readouterr().err
    assert not (root / "out.txt").exists()


def test_stdin_filename_outside_a_project_or_not_source(
    tmp_path: Path,
    fake_data: None,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _stdin(monkeypatch, "x = 1\n")
    assert main(["check", "--stdin-filename", str(tmp_path / "loose.py")]) == 2
    assert "no cdktf.json" in capsys.readouterr().err
    root = make_project(tmp_path / "p", BROKEN)
    _stdin(monkeypatch, "x = 1\n")
    assert main(["check", "--stdin-filename", str(root / "notes.txt")]) == 2
    err = capsys.readouterr().err
    assert "not a python source file" in err and "Traceback" not in err
