"""The pre-commit hooks and the GitHub Action call the CLI with arguments it accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from compat.cli import main
from tests.check.helpers import make_project
from tests.check.test_cli import BROKEN, fake_data  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]
yaml = pytest.importorskip("yaml")


def test_pre_commit_hooks_run_the_cli(tmp_path: Path, fake_data: None) -> None:  # noqa: F811
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"compat-check", "compat-check-fix"}
    root = make_project(tmp_path / "p", BROKEN)
    check = next(h for h in hooks if h["id"] == "compat-check")
    argv = shlex.split(check["entry"])
    assert argv[0] == "compat" and check["pass_filenames"] is False
    assert main([*argv[1:], str(root)]) == 1


def test_action_is_composite_and_uploads_sarif() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    run = next(s for s in steps if s.get("id") == "check")["run"]
    assert "--format sarif" in run and "--output" in run and "--format github" in run
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
