"""Hostile input ends in one specific line and exit 2, never an internal error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from compat.check.config import load_settings
from compat.cli import main
from compat.errors import CompatError
from tests.conftest import FIXTURES

HUGE = "1" * 5000


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "requirements", root)
    return root


def _fails_cleanly(argv: list[str], capsys: pytest.CaptureFixture[str], expected: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "internal error" not in err, err
    assert expected in err, err


DEEP = "[" * 100_000 + "]" * 100_000
CASES = {
    "deep json": ({"cdktf.json": DEEP}, ["check"], "nested too deeply"),
    "huge pin": ({"requirements.txt": f"cdktf=={HUGE}\n"}, ["check"], "4,300 digits"),
    "huge pin (pin)": ({"requirements.txt": f"cdktf=={HUGE}\n"}, ["pin", "--dry-run"], "4,300 digits"),
    "huge --terraform": ({}, ["check", "--terraform", f"1.{HUGE}"], "4,300 digits"),
    "huge --python": ({}, ["check", "--python", f"3.{HUGE}"], "4,300 digits"),
    "tool string": ({"pyproject.toml": 'tool = "x"\n'}, ["check"], "'tool' is not a table"),
    "tool string (pin)": ({"pyproject.toml": 'tool = "x"\n'}, ["pin", "--dry-run"], "must be tables"),
    "poetry number": ({"pyproject.toml": "[tool]\npoetry = 1\n"}, ["pin", "--dry-run"], "must be tables"),
    "-o missing dir": ({}, ["check", "-o", "missing/report.txt"], "no such directory"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_one_clear_line(
    project: Path, capsys: pytest.CaptureFixture[str], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, (command, *rest), expected = CASES[case]
    monkeypatch.chdir(project.parent)
    for name, text in files.items():
        (project / name).write_text(text)
    offline = ["--offline"] if command == "check" else []
    _fails_cleanly([command, str(project), *rest, *offline], capsys, expected)
    assert not (project.parent / "missing").exists()


def test_an_over_long_path_is_named_short(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _fails_cleanly(["check", str(tmp_path / ("a" * 5000)), "--offline"], capsys, "path too long")


def test_an_unreadable_compat_toml(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "compat.toml").write_text("strict = true\n")
    real = Path.read_text

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "compat.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(CompatError, match="cannot read .*compat.toml: Permission denied"):
        load_settings(project)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads through permissions")
def test_an_unreadable_sub_directory(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = project / "lib"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert main(["check", str(project), "--offline"]) in (0, 1, 2)
        assert "internal error" not in capsys.readouterr().err
    finally:
        locked.chmod(0o755)
