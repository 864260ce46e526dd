"""What ``compat check PATH`` checks: no cdktf.json, one project, several projects, hostile trees."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from compat.cli import main
from tests.check import fakes
from tests.check.helpers import make_project
from tests.project.test_files import hostile, within

BROKEN = {"stack.py": "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"}


@pytest.fixture
def fake_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import compat.check.engine as engine

    monkeypatch.setattr(engine, "default_snapshot", fakes.snapshot)
    monkeypatch.setattr(engine, "default_index_loader", fakes.loader(fakes.index_19_65_1()))


def test_no_cdktf_json_under_path_exits_2_with_one_line(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped ``path:`` in CI must not go green with 'no problems found in 0 Python files'."""
    (tmp_path / "main.py").write_text("import cdktf\n")
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "cdktf.json").write_text("{}")  # generated code is not a project
    assert main(["check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == [
        f"compat: error: no cdktf.json under {tmp_path}: point PATH at a cdktf project (the folder of its "
        "cdktf.json) or a folder above it"
    ]


def test_one_project_below_path_keeps_the_single_project_shape(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(tmp_path / "infra", BROKEN)
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["project"] == str(tmp_path / "infra") and "projects" not in doc
    assert [f["code"] for f in doc["findings"]] == ["IMP002"]


def _two_apps(root: Path) -> tuple[Path, Path]:
    clean = make_project(
        root / "apps" / "clean", {"main.py": "import cdktf\n"}, python="3.12", terraform="1.9.0"
    )
    broken = make_project(root / "apps" / "broken", BROKEN, python="3.11", terraform="1.5.7")
    return clean, broken


def test_several_projects_are_checked_one_by_one_in_text(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    clean, broken = _two_apps(tmp_path)
    assert main(["check", str(tmp_path)]) == 1  # the worst of the projects
    out = capsys.readouterr().out
    first, second = out.split(f"project: {clean}")
    assert f"project: {broken}" in first and "terraform: 1.5.7" in first and "python: 3.11" in first
    assert "IMP002" in first
    assert "terraform: 1.9.0" in second and "python: 3.12" in second and "no problems found in 1" in second
    assert out.rstrip().endswith("2 projects: 1 error, 0 warnings (2 Python files)")


def test_several_projects_in_json_sarif_github_markdown(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, broken = _two_apps(tmp_path)
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [p["project"] for p in doc["projects"]] == [str(broken), str(clean)]
    assert [p["environment"]["python"] for p in doc["projects"]] == ["3.11", "3.12"]
    assert [p["summary"]["errors"] for p in doc["projects"]] == [1, 0]
    assert doc["summary"] == {
        "projects": 2,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "fixable": 1,
        "files": 2,
        "by_category": {"import": 1},
    }
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--format", "sarif"]) == 1
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert len(runs) == 1
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in runs[0]["results"]] == [
        "apps/broken/stack.py"
    ]
    assert main(["check", ".", "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=apps/broken/stack.py,line=1,")
    assert main(["check", ".", "--format", "markdown"]) == 1
    titles = [line for line in capsys.readouterr().out.splitlines() if line.startswith("###")]
    assert titles == [
        "### compat check `apps/broken`: 1 error, 0 warnings",
        "### compat check `apps/clean`: passed",
    ]


def test_app_in_infra_uses_the_pipfile_at_the_repository_root(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(tmp_path / "infra", BROKEN, python="3.7")
    (tmp_path / "infra" / "Pipfile").rename(tmp_path / "Pipfile")
    (tmp_path / ".git").mkdir()
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["resolved"]["bindings"]["version"] == "19.65.1"
    assert doc["environment"]["python_source"] == "Pipfile [requires] python_version"
    assert ("VER003", "../Pipfile") in {(f["code"], f["path"]) for f in doc["findings"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_check_finishes_on_symlink_loops_fifos_and_devices(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hostile(tmp_path / "app")
    (root / "cdktf.json").unlink()
    make_project(root, {})
    assert within(20, lambda: main(["check", str(root), "--format", "json"])) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["files"] == 2


def test_diff_and_fix_of_several_projects_name_files_from_path(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _, broken = _two_apps(tmp_path)
    assert main(["check", str(tmp_path), "--diff"]) == 1
    assert capsys.readouterr().out.startswith("--- a/apps/broken/stack.py\n+++ b/apps/broken/stack.py\n")
    assert main(["check", str(tmp_path), "--fix"]) == 0
    assert "fixed 1 in apps/broken/stack.py" in capsys.readouterr().err
    assert "S3BucketVersioningA" in (broken / "stack.py").read_text()
