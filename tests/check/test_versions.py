"""VER rules: provider constraint, core range, Requires-Python, Terraform floors, lock drift."""

from __future__ import annotations

import json
from pathlib import Path

from tests.check.helpers import check, make_project


def _codes(root: Path) -> list[str]:
    return [f.code for f in check(root, select=("version",)).findings]


def test_aws6_constraint_with_19_65_1_is_an_error_without_terraform_claims(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, providers='["aws@~> 6.0"]')
    [finding] = check(root, select=("version",)).findings
    assert (finding.code, finding.path, finding.line) == ("VER001", "cdktf.json", 4)
    assert "5.99.1" in finding.message and "~> 6.0" in finding.message
    text = finding.message + (finding.suggestion or "")
    assert "1.8" not in text and "Terraform" not in text
    assert "21.22.1" in (finding.suggestion or "")


def test_matching_constraint_is_only_a_duplicate_source_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, providers='["aws@~> 5.0"]')
    [finding] = check(root, select=("version",)).findings
    assert (finding.code, finding.severity, finding.line) == ("VER010", "warning", 4)
    assert _codes(make_project(tmp_path / "q", {}, providers='["random@~> 3.0"]')) == []


def test_aws6_on_terraform_1_5_7_is_fine(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, bindings="21.22.1", core="0.21.0", providers='["aws@~> 6.0"]',
                        terraform="1.5.7")
    assert _codes(root) == ["VER010"]  # a warning, and nothing about Terraform


def test_core_outside_the_bindings_requirement(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, bindings="19.65.1", core="0.21.0")
    [finding] = check(root, select=("VER002",)).findings
    assert finding.path == "Pipfile" and finding.line == 2
    assert "cdktf<0.21,>=0.20" in finding.message


def test_python_outside_requires_python(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, python="3.8")
    assert _codes(root) == ["VER003"]
    assert _codes(make_project(tmp_path / "q", {}, python="3.12")) == []


def test_terraform_below_the_protocol_5_floor(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, terraform="0.11.14")
    assert "VER004" in _codes(root)


def test_terraform_below_the_core_cli_minimum_is_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, terraform="1.1.9")
    [finding] = check(root, select=("VER005",)).findings
    assert finding.severity == "warning"
    assert check(root, select=("VER005",)).exit_code() == 0
    assert check(root, select=("VER005",)).exit_code(strict=True) == 1


def test_lock_drift(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    lock = {"_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {}, "sources": []},
            "default": {"cdktf": {"version": "==0.20.12"},
                        "cdktf-cdktf-provider-aws": {"version": "==19.60.0"}}, "develop": {}}
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    findings = check(root, select=("VER006",)).findings
    assert [(f.code, f.path, f.line) for f in findings] == [("VER006", "Pipfile", 3)]


def test_terraform_findings_point_at_the_version_file_or_nowhere(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, terraform="0.11.14")
    [finding] = check(root, select=("VER004",)).findings
    assert (finding.path, finding.line) == (".terraform-version", 1)
    root = make_project(tmp_path / "q", {}, terraform=None)
    [finding] = check(root, select=("VER004",), terraform="0.11.14").findings
    assert (finding.path, finding.line) == ("", 0)
    assert "--terraform" in finding.message


def test_python_of_the_running_interpreter_only_warns(tmp_path: Path) -> None:
    """No Python declared anywhere: the interpreter running compat is a guess, so VER003 only warns."""
    from compat.check import CheckOptions, run_check
    from compat.snapshot import parse_snapshot
    from tests.check import fakes

    release = {"version": "19.65.1", "provider_version": "5.99.1", "core_requirement": "cdktf<0.21,>=0.20",
               "requires_python": "<3.0"}
    document = {"schema": 1, "built_at": "", "features": [],
                "packages": {fakes.PKG: {"kind": "bindings", "releases": [release]}}}
    snapshot = parse_snapshot(document)
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text((root / "Pipfile").read_text().split("[requires]")[0])
    result = run_check(root, CheckOptions(select=("VER003",)), snapshot=snapshot, index_loader=fakes.loader())
    assert [(f.code, f.severity) for f in result.findings] == [("VER003", "warning")]
    assert result.environment.python_source == "the running interpreter"
    (root / "Pipfile").write_text((root / "Pipfile").read_text() + '[requires]\npython_version = "3.11"\n')
    result = run_check(root, CheckOptions(select=("VER003",)), snapshot=snapshot, index_loader=fakes.loader())
    assert [(f.code, f.severity) for f in result.findings] == [("VER003", "error")]
