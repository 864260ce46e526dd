"""VER021: CI and container pins as CLI and cdktf-cli version sources."""

from __future__ import annotations

import json
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


CDKTN_PIPFILE = """\
[packages]
cdktn = "=={core}"
cdktn-provider-aws = "=={bindings}"

[requires]
python_version = "3.12"
"""


def _cdktn_findings(tmp_path: Path, core: str, bindings: str, cli: str) -> list[tuple[str, str, str]]:
    root = make_project(
        tmp_path / "n",
        {
            "main.py": "import cdktn\n",
            "package.json": json.dumps({"devDependencies": {"cdktn-cli": cli}}, indent=2) + "\n",
        },
    )
    (root / "Pipfile").write_text(CDKTN_PIPFILE.format(core=core, bindings=bindings))
    (root / ".git").mkdir()
    return [(f.severity, f.message, f.suggestion or "") for f in check(root, select=("VER021",)).findings]


def test_cdktn_cli_releases_are_npms_own() -> None:
    from packaging.version import Version

    from compat.check.rules.ver021_ci_pins import cli_releases_on_npm

    assert Version("0.24.0") in cli_releases_on_npm("cdktn-cli")  # data/runtimes.json, from the packument


def test_a_cdktn_cli_npm_never_published_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from packaging.version import Version

    from compat.check.rules import ver021_ci_pins

    monkeypatch.setattr(ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.24.0")])
    [(severity, message, fix)] = _cdktn_findings(tmp_path, "0.22.1", "23.0.0", "0.22.1")
    assert severity == "error" and "npm never published" in message and "releases: 0.24.0" in message
    assert "npm has no cdktn-cli for cdktn 0.22" in fix


def test_a_cdktn_cli_of_another_minor_names_what_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packaging.version import Version

    from compat.check.rules import ver021_ci_pins

    monkeypatch.setattr(ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.24.0")])
    [(severity, message, fix)] = _cdktn_findings(tmp_path, "0.22.1", "23.0.0", "0.24.0")
    assert severity == "warning" and "cdktn-cli 0.24.0" in message and "cdktn 0.22.1" in message
    assert "move the core to the CLI's minor" in fix and "install cdktn-cli@0.22" not in fix
    assert _cdktn_findings(tmp_path / "same", "0.24.0", "25.8.1", "0.24.0") == []
