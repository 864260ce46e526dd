"""``compat pin`` on a folder of several projects: each planned, all written in one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main

PIPFILE = (
    '[packages]\ncdktf = "*"\ncdktf-cdktf-provider-aws = "*"\nconstructs = "*"\n\n'
    '[requires]\npython_version = "3.11"\n'
)


def _projects(root: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        project = root / name
        project.mkdir(parents=True)
        (project / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
        (project / "Pipfile").write_text(PIPFILE)
        (project / ".terraform-version").write_text("1.9.8\n")
        out.append(project)
    return out


def test_pin_pins_every_project_of_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    projects = _projects(tmp_path / "repo", "infra/a", "infra/b")
    assert main(["pin", str(tmp_path / "repo"), "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [p["project"] for p in document["projects"]] == ["infra/a", "infra/b"]
    assert document["written"] is True
    for project in projects:
        text = (project / "Pipfile").read_text()
        assert 'cdktf-cdktf-provider-aws = "==' in text and 'cdktf = "==' in text


def test_pin_dry_run_on_a_folder_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    projects = _projects(tmp_path / "repo", "a", "b")
    assert main(["pin", str(tmp_path / "repo"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "== a ==" in out and "== b ==" in out
    assert all((p / "Pipfile").read_text() == PIPFILE for p in projects)


def test_one_impossible_project_writes_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = _projects(tmp_path / "repo", "a", "b")
    (bad / "Pipfile").write_text(PIPFILE.replace('python_version = "3.11"', 'python_version = "2.7"'))
    code = main(["pin", str(tmp_path / "repo")])
    assert code == 1
    assert (good / "Pipfile").read_text() == PIPFILE  # all or nothing
    err = capsys.readouterr().err
    assert "Traceback" not in err
