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
    assert "--sarif" in run and "--format github" in run
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)


#: pre-commit matches ``files`` with Python's ``re.search`` against the path relative to the repository
_TRIGGERS = [
    ".opentofu-version",
    ".terraform-version",
    ".nvmrc",
    ".node-version",
    ".python-version",
    "infra/.tool-versions",
    "Pipfile.lock",
    "poetry.lock",
    "uv.lock",
    "infra/package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "package.json",
    "cdktf.json",
    "requirements-dev.txt",
    ".github/workflows/ci.yml",
    ".github/workflows/deploy.yaml",
    "app/main.py",
    "main.ts",
    ".terraform.lock.hcl",
    "infra/cdktf.out/stacks/dev/.terraform.lock.hcl",
    "Makefile",
    "infra/justfile",
    "Dockerfile",
    "docker/Dockerfile.ci",
    "ci.Dockerfile",
    ".gitlab-ci.yml",
    "azure-pipelines.yml",
    ".circleci/config.yml",
    ".github/actions/setup/action.yml",
    "scripts/deploy.sh",
]


def test_the_triggers_cover_every_file_the_repository_scanner_reads() -> None:
    """A name compat/mentions reads (its tables) is a trigger of the hook, wherever it lies."""
    import re

    from compat.mentions.scan import _MAKEFILES, _YAML_FILES
    from compat.mentions.version_files import NODE_FILES

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    check = next(h for h in hooks if h["id"] == "compat-check")
    for name in sorted({*_MAKEFILES, *_YAML_FILES, *NODE_FILES}):
        for path in (name, f"infra/{name}"):
            assert re.search(check["files"], path), path


@pytest.mark.parametrize("path", _TRIGGERS)
def test_pre_commit_check_runs_when_a_fact_it_reads_changes(path: str) -> None:
    import re

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    check = next(h for h in hooks if h["id"] == "compat-check")
    assert re.search(check["files"], path), path


@pytest.mark.parametrize(
    "path", ["README.md", "docs/workflows/ci.yml", "notes.txt", "main.pyc", "src/mymakefile.txt", "ci.yml"]
)
def test_pre_commit_check_skips_unrelated_files(path: str) -> None:
    import re

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    check = next(h for h in hooks if h["id"] == "compat-check")
    assert not re.search(check["files"], path), path


def test_action_runs_the_check_once_on_an_isolated_python() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    steps = action["runs"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["update-environment"] is False  # the user's `python` stays theirs
    run = next(s for s in steps if s.get("id") == "check")["run"]
    assert run.count(" check ") == 1 and "--sarif" in run and "--output" not in run
    assert "$RUNNER_TEMP/compat-venv/bin/compat" in run


def test_check_writes_sarif_beside_its_own_format(
    tmp_path: Path,
    fake_data: None,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    root = make_project(tmp_path / "p", BROKEN)
    sarif = tmp_path / "out.sarif"
    assert main(["check", str(root), "--format", "github", "--sarif", str(sarif), "-f", "concise"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("stack.py:") or "stack.py:1:" in out  # the user's --format wins on stdout
    document = json.loads(sarif.read_text())
    assert document["runs"][0]["results"]
