"""VER019: a CLI version that is no release, or newer than the data; and the table's build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from packaging.version import Version

from compat.databuild.cli_releases import cli_table
from compat.versions import cli_releases
from tests.check.helpers import check, make_project

GIT = "https://github.com/hashicorp/terraform/tags"
NPM = "https://registry.npmjs.org/@jahed%2Fterraform"
DOCUMENT = {
    "schema": 1,
    "built_at": "2026-12-01T00:00:00Z",
    "clis": {
        "terraform": {
            "releases": {
                "1.5.6": GIT,
                "1.5.7": GIT,
                "1.6.0": GIT,
                "1.15.9": GIT,
                "1.16.0": NPM,
                "1.16.2": NPM,
                "1.16.4": NPM,
            },
            "complete_until": "2026-08-22T16:45:57Z",
            "sources": [{"url": GIT, "complete": True}, {"url": NPM, "complete": False}],
        }
    },
}


@pytest.fixture(autouse=True)
def _table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cli_releases, "load_cli_releases", lambda cli: cli_releases.parse_cli_releases(DOCUMENT, cli)
    )


def _finding(tmp_path: Path, version: str) -> list[tuple[str, str, int, str]]:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"}, terraform=version)
    return [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER019",)).findings]


def test_a_known_release_is_clean(tmp_path: Path) -> None:
    assert _finding(tmp_path, "1.16.2") == []


def test_a_version_newer_than_the_data_is_one_info_naming_what_could_not_be_judged(tmp_path: Path) -> None:
    [(severity, path, line, message)] = _finding(tmp_path, "1.17.0")
    assert (severity, path, line) == ("info", ".terraform-version", 1)
    assert "newer than every release compat knows (newest 1.16.4)" in message and "SYN004" in message


def test_a_version_that_never_existed_is_an_error_naming_the_nearest(tmp_path: Path) -> None:
    [(severity, _, _, message)] = _finding(tmp_path, "1.5.8")
    assert severity == "error" and "nearest are 1.5.7 and 1.6.0" in message


def test_a_gap_only_in_the_partial_mirror_is_never_an_error(tmp_path: Path) -> None:
    [(severity, _, _, message)] = _finding(tmp_path, "1.16.1")
    assert severity == "info" and "nearest 1.16.0 and 1.16.2" in message


def test_the_table_is_built_from_the_tags_and_the_npm_mirror(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "--allow-empty", "-m", "x"], check=True, env=env)
    for tag in ("v1.15.9", "v1.16.0-rc1", "v1.17.0-alpha20260812", "not-a-version"):
        subprocess.run(["git", "-C", str(repo), "tag", tag], check=True, env=env)
    table = cli_table(
        [("terraform", GIT, repo / ".git", "")],
        [("terraform", "@jahed/terraform", [Version("1.15.9"), Version("1.16.4")])],
    )
    entry = table["clis"]["terraform"]
    assert entry["releases"] == {"1.15.9": GIT, "1.16.4": NPM}
    assert entry["complete_until"] and [s["complete"] for s in entry["sources"]] == [True, False]


def test_a_series_is_not_judged_as_a_release(tmp_path: Path) -> None:
    assert _finding(tmp_path, "1.5") == []


def test_a_known_release_past_the_function_tables_is_one_info(tmp_path: Path) -> None:
    from compat.check import CheckOptions, run_check
    from tests.check import fakes

    snapshot = fakes.snapshot()
    table = {"repository": "r", "file": "f", "from": "1.4.0", "branches": {}, "functions": {}}
    snapshot.cli_functions = {
        "terraform": {**table, "through": "1.15"},
        "opentofu": {**table, "from": "1.6.0", "through": "1.12"},
    }
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"}, terraform="1.16.2")
    result = run_check(root, CheckOptions(select=("VER019",)), snapshot=snapshot, index_loader=fakes.loader())
    [finding] = result.findings
    assert finding.severity == "info" and "tables were read from (through 1.15)" in finding.message
    older = make_project(tmp_path / "q", {"main.py": "from cdktf import App\n"}, terraform="1.15.9")
    assert not run_check(
        older, CheckOptions(select=("VER019",)), snapshot=snapshot, index_loader=fakes.loader()
    ).findings
