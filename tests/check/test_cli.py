"""``compat check`` end to end through the CLI: formats, exit codes, --fix/--diff, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.check import CheckOptions, run_check
from compat.check.fix import apply, plan
from compat.cli import main
from tests.check import fakes
from tests.check.helpers import make_project

BROKEN = {
    "stack.py": (
        "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
        "from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable\n"
        "S3BucketVersioning(None, 'v', bucket='b', versioning_configuration={'status': 'Enabled'})\n"
        "DynamodbTable(None, 't', name='t', point_in_time_recovery=[{'enabled': True}],\n"
        "              global_secondary_index=[{'name': 'g', 'hash_key': 'pk', 'projection_type': 'ALL'}],\n"
        "              attribute={'name': 'pk', 'type': 'S'})\n"
    ),
}


@pytest.fixture
def fake_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI path with the hand-built index and snapshot in place of the embedded data."""
    import compat.check.engine as engine

    monkeypatch.setattr(engine, "default_snapshot", fakes.snapshot)
    monkeypatch.setattr(engine, "default_index_loader", fakes.loader(fakes.index_19_65_1()))


def test_fix_applies_every_fixable_edit_and_is_idempotent(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    options = CheckOptions(select=("IMP", "API"))
    load = fakes.loader(fakes.index_19_65_1())
    result = run_check(root, options, snapshot=fakes.snapshot(), index_loader=load)
    assert sum(f.fixable for f in result.findings) == 5
    apply(root, plan(root, result.findings))
    assert (root / "stack.py").read_text() == (
        "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA\n"
        "from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable\n"
        "S3BucketVersioningA(None, 'v', bucket='b', versioning_configuration={'status': 'Enabled'})\n"
        "DynamodbTable(None, 't', name='t', point_in_time_recovery={'enabled': True},\n"
        "              global_secondary_index=[{'name': 'g', 'hashKey': 'pk', 'projectionType': 'ALL'}],\n"
        "              attribute=[{'name': 'pk', 'type': 'S'}])\n"
    )
    again = run_check(root, options, snapshot=fakes.snapshot(), index_loader=load)
    assert again.findings == () and plan(root, again.findings) == []


def test_cli_diff_writes_nothing(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    before = (root / "stack.py").read_text()
    assert main(["check", str(root), "--diff"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("--- a/stack.py\n+++ b/stack.py\n")
    assert "+from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA" in out
    assert (root / "stack.py").read_text() == before


def test_cli_fix_then_clean(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN, terraform="1.11.4")
    assert main(["check", str(root), "--fix", "--select", "IMP,API"]) == 0
    assert "S3BucketVersioningA(None" in (root / "stack.py").read_text()
    assert main(["check", str(root), "--fix", "--select", "IMP,API"]) == 0  # second run: no-op
    assert "no problems found" in capsys.readouterr().out


def test_json_schema(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN, providers='["aws@~> 6.0"]')
    assert main(["check", str(root), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"project", "environment", "resolved", "findings", "summary"}
    assert doc["environment"]["terraform"] == "1.5.7"
    assert doc["environment"]["terraform_source"] == ".terraform-version"
    assert doc["resolved"]["bindings"]["version"] == "19.65.1"
    assert doc["resolved"]["provider"]["version"] == "5.99.1"
    finding = doc["findings"][0]
    assert list(finding) == [
        "code",
        "category",
        "severity",
        "path",
        "line",
        "column",
        "message",
        "symbol",
        "suggestion",
        "fixable",
        "related",
    ]
    assert {f["path"] for f in doc["findings"]} == {"cdktf.json", "stack.py"}  # relative to the root
    assert doc["summary"]["errors"] + doc["summary"]["warnings"] == len(doc["findings"])
    assert [f["severity"] for f in doc["findings"] if f["code"] == "VER001"] == ["warning"]  # an unused entry


def test_sarif(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    assert main(["check", str(root), "-f", "sarif"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"IMP001", "IMP002", "API001", "VER001", "SYN001"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1


def test_github_annotations(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    assert main(["check", str(root), "-f", "github", "--select", "IMP002"]) == 1
    [line] = capsys.readouterr().out.strip().splitlines()
    assert line.startswith("::error file=")
    assert "stack.py,line=1,col=59,title=IMP002::" in line


def test_markdown(tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    assert main(["check", str(root), "-f", "markdown", "--select", "IMP"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("### compat check: 1 error, 0 warnings")
    assert "| :x: | `IMP002` | `stack.py:1` |" in out


def test_select_ignore_and_settings(
    tmp_path: Path, fake_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    assert main(["check", str(root), "--ignore", "import,api"]) == 0
    (root / "compat.toml").write_text('ignore = ["IMP"]\nselect = ["import"]\n')
    assert main(["check", str(root)]) == 0
    (root / "compat.toml").unlink()
    (root / "pyproject.toml").write_text('[tool.compat]\nselect = ["IMP002"]\nterraform = "1.11.4"\n')
    capsys.readouterr()
    assert main(["check", str(root), "-f", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in doc["findings"]] == ["IMP002"]
    assert doc["environment"]["terraform"] == "1.11.4"


@pytest.mark.parametrize(
    "argv",
    [
        ["--select", "NOPE"],
        ["--fix", "--diff"],
        ["--terraform", "one.two"],
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, fake_data: None, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    assert main(["check", str(root), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("compat: error:")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cdktf.json", "{not json"),
        ("Pipfile", "[packages\n"),
        ("compat.toml", "select = 3\n"),
    ],
)
def test_malformed_project_files_exit_2(
    tmp_path: Path, fake_data: None, name: str, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "p", BROKEN)
    (root / name).write_text(content)
    before = (root / "stack.py").read_text()
    assert main(["check", str(root), "--fix"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (root / "stack.py").read_text() == before


def test_missing_directory_exits_2(tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--list-rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes)) and {"IMP002", "API005", "VER001", "SYN001"} <= set(codes)
    assert {r["category"] for r in rules} == {"source", "import", "api", "version", "synth"}


def test_text_is_grouped_and_coloured_only_when_asked(tmp_path: Path) -> None:
    from compat.check.reporters import render

    root = make_project(tmp_path / "p", BROKEN, providers='["aws@~> 6.0"]')
    load = fakes.loader(fakes.index_19_65_1())
    result = run_check(root, CheckOptions(), snapshot=fakes.snapshot(), index_loader=load)
    plain = render(result, "text", colour=False)
    assert "\033[" not in plain
    assert plain.index("\ncdktf.json\n") < plain.index("\nstack.py\n")  # one heading per file
    assert "fix: use S3BucketVersioningA" in plain
    assert "\033[31merror\033[0m" in render(result, "text", colour=True)
