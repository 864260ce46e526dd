"""One cause, one finding: the other places are related locations in every output format."""

from __future__ import annotations

import json
from pathlib import Path

from compat.check import engine
from compat.check.fix import apply, plan
from compat.check.model import CheckResult, Environment, Finding, Location, Releases
from compat.check.reporters import render
from tests.check.helpers import check, make_project

CDKTN_FILES = {
    f"stacks/s{n}.py": (
        f"from cdktn import TerraformStack\nfrom cdktn_provider_aws.s3_bucket import S3Bucket  # {n}\n"
    )
    for n in range(5)
}


def _cdktf_project_importing_cdktn(tmp_path: Path) -> CheckResult:
    root = make_project(tmp_path / "p", CDKTN_FILES)
    return check(root, select=("IMP003",))


def test_a_cdktf_manifest_with_cdktn_code_is_one_finding_at_the_pin(tmp_path: Path) -> None:
    result = _cdktf_project_importing_cdktn(tmp_path)
    [finding] = result.findings
    assert (finding.code, finding.path, finding.line) == ("IMP003", "Pipfile", 2)  # the cdktf pin
    assert "only the cdktn line (10 imports in 5 files)" in finding.message
    assert finding.suggestion == (
        "declare cdktn and cdktn-provider-aws instead of the cdktf packages, or rename the imports to cdktf"
    )
    assert not finding.fixable  # the code is on the live family: it is not renamed back
    assert len(finding.related) == 10
    assert finding.related[0] == Location("stacks/s0.py", 1, 6, "imports cdktn")


def test_json_and_sarif_carry_the_related_locations(tmp_path: Path) -> None:
    result = _cdktf_project_importing_cdktn(tmp_path)
    [entry] = json.loads(render(result, "json"))["findings"]
    assert entry["related"][1] == {
        "path": "stacks/s0.py",
        "line": 2,
        "column": 6,
        "message": "imports cdktn_provider_aws.s3_bucket",
    }
    [sarif] = json.loads(render(result, "sarif"))["runs"][0]["results"]
    related = sarif["relatedLocations"]
    assert len(related) == 10
    assert [r["id"] for r in related] == list(range(10))  # unique non-negative integers (SARIF 3.28.2)
    first = related[0]
    assert first["physicalLocation"] == {
        "artifactLocation": {"uri": "stacks/s0.py"},
        "region": {"startLine": 1, "startColumn": 6},
    }
    assert first["message"] == {"text": "imports cdktn"}
    assert sarif["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Pipfile"


def test_a_cdktn_manifest_with_cdktf_code_is_one_fixable_finding_at_the_first_import(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktn==0.24.0\ncdktn-provider-aws==25.7.0\n")
    for n in range(3):
        (root / f"s{n}.py").write_text("from cdktf import App\nimport cdktf_cdktf_provider_aws.vpc as vpc\n")
    [finding] = check(root, select=("IMP003",)).findings
    assert (finding.path, finding.line, finding.column) == ("s0.py", 1, 6)
    assert [(r.path, r.line) for r in finding.related] == [
        ("s0.py", 2),
        ("s1.py", 1),
        ("s1.py", 2),
        ("s2.py", 1),
        ("s2.py", 2),
    ]
    apply(root, plan(root, [finding]))
    assert (root / "s2.py").read_text() == "from cdktn import App\nimport cdktn_provider_aws.vpc as vpc\n"
    assert check(root, select=("IMP003",)).findings == ()


def test_a_package_whose_counterpart_is_never_imported_is_one_finding(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktn==0.24.0\ncdktn-provider-aws==25.7.0\n")
    for n in range(3):
        (root / f"s{n}.py").write_text("from cdktf import App\nfrom cdktn_provider_aws.vpc import Vpc\n")
    [finding] = check(root, select=("IMP003",)).findings
    assert finding.message.startswith("cdktf belongs to the cdktf line")
    assert "(3 imports in 3 files)" in finding.message and len(finding.related) == 2
    assert len(finding.edits) == 3


def test_leftover_renames_stay_one_finding_each(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktn==0.24.0\ncdktn-provider-aws==25.7.0\n")
    (root / "a.py").write_text("from cdktn import App\nfrom cdktf import TerraformStack\n")
    (root / "b.py").write_text("from cdktf import Fn\n")
    findings = check(root, select=("IMP003",)).findings
    assert [(f.path, f.line, f.related) for f in findings] == [("a.py", 2, ()), ("b.py", 1, ())]


def _result_with_related(count: int) -> CheckResult:
    related = tuple(Location(f"f{n}.py", n + 1, 1) for n in range(count))
    finding = Finding(
        code="IMP003",
        category="import",
        severity="error",
        path="Pipfile",
        line=2,
        column=1,
        message="msg",
        related=related,
    )
    return CheckResult(
        project=Path("/nowhere"),
        environment=Environment(None, None, None),
        releases=Releases(),
        findings=(finding,),
        notes=("a note",),
        files_checked=1,
    )


def test_text_markdown_and_github_say_also_at() -> None:
    result = _result_with_related(7)
    also = "also at f0.py:1, f1.py:2, f2.py:3, f3.py:4, f4.py:5 (+2 more)"
    assert also in render(result, "text")
    assert f"| msg ({also}) |" in render(result, "markdown")
    github = render(result, "github").splitlines()
    assert github[0] == "::notice title=compat::a note"
    assert github[1].endswith(f"::msg; {also}")
    assert "- note: a note" in render(result, "markdown")


def test_sarif_notes_are_tool_notifications() -> None:
    run = json.loads(render(_result_with_related(1), "sarif"))["runs"][0]
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [{"level": "note", "message": {"text": "a note"}}],
        }
    ]


def test_a_lock_that_installs_the_other_line_from_a_path_is_not_an_other_line_import(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CDKTN_FILES)
    (root / "Pipfile.lock").write_text(
        '{"_meta": {}, "default": {"cdktn": {"file": "../dist/cdktn-0.0.0-py3-none-any.whl"},\n'
        ' "cdktn-provider-aws": {"version": "==25.7.0"}}, "develop": {}}\n'
    )
    assert check(root, select=("IMP003",)).findings == ()  # the lock at odds with the Pipfile is VER006's


def test_findings_of_one_place_and_code_keep_the_order_found() -> None:
    """Not the order of their hashes (a ``set``), which changed with each process's hash seed."""
    made = [
        Finding(
            code="VER010",
            category="version",
            severity="warning",
            path="cdktf.json",
            line=6,
            column=1,
            message=f"cdktf.json lists provider {n}",
        )
        for n in range(40)
    ]
    earlier = made[5]._replace(path="Pipfile")
    assert engine.report_order([*made, made[3], earlier]) == (earlier, *made)
