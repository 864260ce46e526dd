"""VER021: CI and container pins as CLI and cdktf-cli version sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.versions import cli_releases
from tests.check.helpers import check, make_project

GIT = "https://github.com/hashicorp/terraform/tags"
DOCUMENT = {
    "schema": 1,
    "built_at": "2026-12-01T00:00:00Z",
    "clis": {
        "terraform": {
            "releases": {"1.1.9": GIT, "1.2.0": GIT, "1.5.7": GIT, "1.6.0": GIT},
            "complete_until": "2026-08-22T16:45:57Z",
            "sources": [{"url": GIT, "complete": True}],
        }
    },
}

WORKFLOW = """\
on: push
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: {terraform}
      - run: npm i -g cdktf-cli@{cli}
      - run: npm i -g cdktf-cli@${{{{ env.CDKTF_CLI }}}}
"""


@pytest.fixture(autouse=True)
def _table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cli_releases, "load_cli_releases", lambda cli: cli_releases.parse_cli_releases(DOCUMENT, cli)
    )


def _findings(tmp_path: Path, terraform: str, cli: str) -> list[tuple[str, str, int, str]]:
    root = make_project(
        tmp_path / "p",
        {
            "main.py": "from cdktf import App\n",
            ".github/workflows/ci.yml": WORKFLOW.format(terraform=terraform, cli=cli),
        },
    )
    (root / ".git").mkdir()
    return [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER021",)).findings]


def test_pins_that_agree_with_the_project_are_clean(tmp_path: Path) -> None:
    assert _findings(tmp_path, "1.5.7", "0.20.0") == []


def test_a_cli_below_the_cores_minimum_and_a_cdktf_cli_of_another_minor(tmp_path: Path) -> None:
    (terraform, cli) = _findings(tmp_path, "1.1.9", "0.19.2")
    assert terraform[:3] == ("error", ".github/workflows/ci.yml", 8)
    assert "Terraform 1.1.9" in terraform[3] and "expects Terraform >= 1.2.0" in terraform[3]
    assert cli[:3] == ("warning", ".github/workflows/ci.yml", 9)
    assert "cdktf-cli 0.19.2" in cli[3] and "cdktf 0.20.12" in cli[3]


def test_a_pinned_version_that_is_no_release(tmp_path: Path) -> None:
    [(severity, _, _, message)] = _findings(tmp_path, "1.5.8", "0.20.1")
    assert severity == "error" and "nearest are 1.5.7 and 1.6.0" in message
