"""A project in a language compat does not read is never a silent pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main


def _project(root: Path, language: str | None) -> Path:
    root.mkdir(parents=True)
    document = {"app": "run"} if language is None else {"language": language, "app": "run"}
    (root / "cdktf.json").write_text(json.dumps(document))
    return root


@pytest.mark.parametrize("language", ["go", "java", "csharp", "GO"])
def test_unsupported_language_exits_2_naming_it(
    tmp_path: Path, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "app", language)
    (root / "main.py").write_text("import cdktf\n")  # not a reason to read it as Python
    assert main(["check", str(root), "--offline"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.strip().splitlines()
    assert f'"language": "{language.lower()}"' in line and "supported: python" in line


@pytest.mark.parametrize("language", ["go", "java", "csharp"])  # typescript: see test_pin.py
def test_pin_and_migrate_refuse_a_language_they_do_not_write(
    tmp_path: Path, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "app", language)
    assert main(["pin", str(root), "--terraform", "1.5.7", "--dry-run"]) == 2
    assert main(["migrate", str(root), "--to", "cdktn", "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.count(f'"language": "{language}"') == 2 and "compat pin does not read" in err
    assert "compat migrate does not read" in err and "nothing was changed" in err


def test_mixed_folder_checks_python_and_names_what_was_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path / "py", "python")
    _project(tmp_path / "go", "go")
    _project(tmp_path / "legacy", None)  # no "language": read as Python, as before
    code = main(["check", str(tmp_path), "--offline", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    checked = [Path(p["project"]).name for p in json.loads(captured.out)["projects"]]
    assert sorted(checked) == ["legacy", "py"]
    assert "checked 2 of 3 projects" in captured.err and "not checked: go (go)" in captured.err


def test_folder_of_only_unsupported_projects_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path / "a", "go")
    _project(tmp_path / "b", "csharp")
    assert main(["check", str(tmp_path), "--offline"]) == 2
    assert "2 projects in csharp, go" in capsys.readouterr().err


def test_malformed_language_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "app"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": 3}')
    assert main(["check", str(root), "--offline"]) == 2
    assert '"language" must be a non-empty string' in capsys.readouterr().err
