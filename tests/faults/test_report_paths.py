"""Paths and projects in machine-read reports: SARIF URIs are URI references, GitHub notices of a
monorepo name their project."""

from __future__ import annotations

import json
from pathlib import Path

from compat.check.model import CheckResult, Environment, Finding, Releases
from compat.check.reporters import render_many


def _result(project: Path, path: str, note: str) -> CheckResult:
    finding = Finding(
        code="SRC001",
        category="source",
        severity="error",
        path=path,
        line=2,
        column=1,
        message="does not parse",
    )
    return CheckResult(
        project=project,
        environment=Environment(None, None, None),
        releases=Releases(),
        findings=(finding,),
        notes=(note,),
    )


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    document = json.loads(render_many([_result(tmp_path, "my stacks/100%#a.py", "n")], "sarif"))
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20stacks/100%25%23a.py"


def test_github_notices_of_several_projects_name_their_project(tmp_path: Path) -> None:
    results = [_result(tmp_path / name, "main.py", "CLI rules were skipped") for name in ("infra", "edge")]
    lines = render_many(results, "github", base=tmp_path).splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert notices == [
        "::notice title=compat infra::CLI rules were skipped",
        "::notice title=compat edge::CLI rules were skipped",
    ]
    assert "file=infra/main.py" in lines[1] and "file=edge/main.py" in lines[3]


def test_github_notices_of_one_project_keep_the_plain_title(tmp_path: Path) -> None:
    lines = render_many([_result(tmp_path, "main.py", "a note")], "github").splitlines()
    assert lines[0] == "::notice title=compat::a note"
