"""VER rules: provider constraint, core range, Requires-Python, Terraform floors, lock drift."""

from __future__ import annotations

import json
from pathlib import Path

from compat.check import CheckOptions, run_check
from compat.check.reporters.json_report import environment_json
from compat.snapshot import Snapshot, parse_snapshot
from tests.check import fakes
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
    # 21.22.1 needs cdktf 0.21 while the project installs 0.20.12: the hint says the core moves too
    assert "(AWS 6.25.0; needs cdktf<0.22,>=0.21)" in (finding.suggestion or "")


#: the code imports the prebuilt AWS bindings (VER010 needs the package in use)
PREBUILT_MAIN = {"main.py": "from cdktf_cdktf_provider_aws.vpc import Vpc\n"}


def test_matching_constraint_is_only_a_duplicate_source_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", PREBUILT_MAIN, providers='["aws@~> 5.0"]')
    [finding] = check(root, select=("version",)).findings
    assert (finding.code, finding.severity, finding.line) == ("VER010", "warning", 4)
    assert _codes(make_project(tmp_path / "q", {}, providers='["random@~> 3.0"]')) == []


def test_aws6_on_terraform_1_5_7_is_fine(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        PREBUILT_MAIN,
        bindings="21.22.1",
        core="0.21.0",
        providers='["aws@~> 6.0"]',
        terraform="1.5.7",
    )
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
    lock = {
        "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {}, "sources": []},
        "default": {"cdktf": {"version": "==0.20.12"}, "cdktf-cdktf-provider-aws": {"version": "==19.60.0"}},
        "develop": {},
    }
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    findings = check(root, select=("VER006",)).findings
    assert [(f.code, f.path, f.line) for f in findings] == [("VER006", "Pipfile", 3)]


def test_a_requirements_file_beside_a_pipfile_is_not_compared_with_its_lock(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"requirements.txt": "cdktf==0.17.1\n"}, core="0.20.12")
    lock = {
        "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {}, "sources": []},
        "default": {"cdktf": {"version": "==0.20.12"}, "cdktf-cdktf-provider-aws": {"version": "==19.65.1"}},
        "develop": {},
    }
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    assert check(root, select=("VER006",)).findings == ()


def test_a_package_only_a_side_requirements_file_names_is_missing_from_the_lock(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"requirements.txt": "cdktf-cdktf-provider-aws==19.65.1\n"})
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    lock = {
        "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {}, "sources": []},
        "default": {"cdktf": {"version": "==0.20.12"}},
        "develop": {},
    }
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    [finding] = check(root, select=("VER006",)).findings
    assert (finding.path, finding.line) == ("requirements.txt", 1)
    assert "add it to Pipfile" in (finding.suggestion or "")


def test_a_package_both_manifests_name_and_the_stale_lock_lacks_is_reported_once(tmp_path: Path) -> None:
    """After a move to cdktn: Pipfile and requirements.txt both say cdktn, Pipfile.lock still has cdktf."""
    root = make_project(tmp_path / "p", {"requirements.txt": "cdktn==0.22.1\n"})
    (root / "Pipfile").write_text('[packages]\ncdktn = "==0.22.1"\n')
    lock = {
        "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {}, "sources": []},
        "default": {"cdktf": {"version": "==0.20.12"}},
        "develop": {},
    }
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    [finding] = check(root, select=("VER006",)).findings
    assert (finding.path, finding.line, finding.suggestion) == ("Pipfile", 2, "re-lock the project")


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

    release = {
        "version": "19.65.1",
        "provider_version": "5.99.1",
        "core_requirement": "cdktf<0.21,>=0.20",
        "requires_python": "<3.0",
    }
    document = {
        "schema": 1,
        "built_at": "",
        "features": [],
        "packages": {fakes.PKG: {"kind": "bindings", "releases": [release]}},
    }
    snapshot = parse_snapshot(document)
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text((root / "Pipfile").read_text().split("[requires]")[0])
    result = run_check(root, CheckOptions(select=("VER003",)), snapshot=snapshot, index_loader=fakes.loader())
    assert [(f.code, f.severity) for f in result.findings] == [("VER003", "warning")]
    assert result.environment.python_source == "the running interpreter"
    (root / "Pipfile").write_text((root / "Pipfile").read_text() + '[requires]\npython_version = "3.11"\n')
    result = run_check(root, CheckOptions(select=("VER003",)), snapshot=snapshot, index_loader=fakes.loader())
    assert [(f.code, f.severity) for f in result.findings] == [("VER003", "error")]


# -- VER003 reads the project's Python as its tool does (issue 9, classes 1, 5, 7, 8) ----------------


def _ver003(root: Path) -> list[tuple[str, str, str]]:
    return [(f.severity, f.path, f.message) for f in check(root, select=("VER003",)).findings]


def test_pipenv_bare_major_admits_cdktf_0_21(tmp_path: Path) -> None:
    """What `cdktf init` writes: python_version = "3" is any Python 3, not 3.0."""
    root = make_project(tmp_path / "p", {}, bindings="21.22.1", core="0.21.0", python="3")
    assert _ver003(root) == []
    assert environment_json(check(root).environment)["python"] == "3"


def test_pipenv_minor_below_cdktf_0_21_names_pipenvs_interpreter(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {}, bindings="21.22.1", core="0.21.0", python="3.7")
    findings = _ver003(root)
    assert [(s, p) for s, p, _ in findings] == [("error", "Pipfile"), ("error", "Pipfile")]
    assert all("pipenv runs Python 3.7 (Pipfile [requires] python_version)" in m for _, _, m in findings)


def _uv_project(root: Path, requires_python: str) -> Path:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "x"\nversion = "0"\nrequires-python = "{requires_python}"\n'
        'dependencies = ["cdktf>=0.21", "cdktf-cdktf-provider-aws>=21"]\n'
    )
    (root / "uv.lock").write_text(
        f'version = 1\nrequires-python = "{requires_python}"\n\n'
        '[[package]]\nname = "cdktf"\nversion = "0.21.0"\n\n'
        '[[package]]\nname = "cdktf-cdktf-provider-aws"\nversion = "21.22.1"\n'
    )
    return root


def test_uv_resolves_for_the_lowest_python_requires_python_admits(tmp_path: Path) -> None:
    findings = _ver003(_uv_project(tmp_path / "p", ">=3.8"))
    assert [(s, p) for s, p, _ in findings] == [("error", "uv.lock"), ("error", "uv.lock")]
    assert all(
        "uv resolves for every Python that '>=3.8' admits" in m and "including 3.8" in m
        for _, _, m in findings
    )
    assert _ver003(_uv_project(tmp_path / "q", ">=3.9")) == []


def test_requirements_without_python_facts_is_no_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktf==0.21.0\ncdktf-cdktf-provider-aws==21.22.1\n")
    result = check(root, select=("VER003",))
    assert result.errors == 0 and not environment_json(result.environment)["python_declared"]


def test_unpinned_core_next_to_pinned_bindings_is_no_conflict(tmp_path: Path) -> None:
    """`cdktf~=0.20` with bindings ==19.65.1: pip installs cdktf 0.20.x, not the newest 0.21."""
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text(
        '[packages]\ncdktf = "~=0.20"\ncdktf-cdktf-provider-aws = "==19.65.1"\n'
        '\n[requires]\npython_version = "3"\n'
    )
    result = check(root, select=("version",))
    assert "VER002" not in [f.code for f in result.findings]
    assert str(result.releases.core.version) == "0.20.12"  # type: ignore[union-attr]
    assert any("assuming the newest set pip would install jointly" in n for n in result.notes)


def test_a_range_resolved_past_the_python_is_only_a_warning_saying_so(tmp_path: Path) -> None:
    """No consistent set: the bindings are an assumption, so VER003 on them warns and says it."""
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-aws = "~=21.0"\n'
        '\n[requires]\npython_version = "3.8"\n'
    )
    [finding] = check(root, select=("VER003",)).findings
    assert finding.severity == "warning" and "itself assumed" in finding.message


def test_pipfile_bare_versions_and_unreadable_entries_do_not_abort(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text(
        '[packages]\ncdktf = "0.20.12"\ncdktf-cdktf-provider-aws = "19.65.1"\n'
        'odd = 3\n\n[dev-packages]\nruff = "0.0.292"\n\n'
        '[requires]\npython_version = "3"\n'
    )
    result = check(root, select=("version",))
    assert str(result.releases.bindings.version) == "19.65.1"  # type: ignore[union-attr]
    how = result.releases.bindings.how  # type: ignore[union-attr]
    assert "exact" not in how and "pinned at Pipfile:3" in how
    assert any("odd" in n and "skipped" in n for n in result.notes)


def test_pipfile_lock_develop_section_is_the_installed_set(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    (root / "Pipfile").write_text(
        '[packages]\n\n[dev-packages]\ncdktf = "*"\n'
        'cdktf-cdktf-provider-aws = "*"\n\n[requires]\npython_version = "3"\n'
    )
    develop = {"cdktf": {"version": "==0.20.12"}, "cdktf-cdktf-provider-aws": {"version": "==19.65.1"}}
    lock = {"_meta": {"requires": {"python_version": "3"}}, "default": {}, "develop": develop}
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    result = check(root, select=("version",))
    how = result.releases.bindings.how  # type: ignore[union-attr]
    assert how.startswith("cdktf-cdktf-provider-aws 19.65.1 from Pipfile.lock:")
    assert "VER002" not in [f.code for f in result.findings]


def _with_azurerm_snapshot() -> Snapshot:
    """The fakes' snapshot plus cdktf-cdktf-provider-azurerm 13.14.0, built for azurerm 4.14.0 with
    cdktf>=0.20,<0.21 (npm view @cdktf/provider-azurerm@13.14.0: cdktf.provider.version 4.14.0, peer
    cdktf ^0.20.0)."""
    azurerm = fakes.binding_row("13.14.0", "4.14.0", "cdktf<0.21,>=0.20", "~=3.8")
    azurerm["provider_source"] = "registry.terraform.io/hashicorp/azurerm"
    document = {
        "schema": 1,
        "built_at": "test",
        "features": [],
        "packages": {
            "cdktf-cdktf-provider-azurerm": {"kind": "bindings", "releases": [azurerm]},
            "cdktf": {
                "kind": "core",
                "releases": [
                    {"version": "0.20.12", "uploaded": "", "requires_python": "~=3.8", "yanked": False}
                ],
            },
        },
    }
    return parse_snapshot(document)


def test_a_python_entry_excluding_another_prebuilt_providers_build(tmp_path: Path) -> None:
    """bvanbakel/ap-playground: Pipfile cdktf-cdktf-provider-azurerm==13.14.0 (azurerm 4.14.0) beside
    cdktf.json ``azurerm@~>2.25``, the code importing only the prebuilt package: the TypeScript check said
    so (VER001) for every prebuilt provider, the Python check only for AWS."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-azurerm = "==13.14.0"\n\n'
        '[requires]\npython_version = "3.11"\n'
    )
    (root / "cdktf.json").write_text(
        '{\n  "language": "python",\n  "app": "python main.py",\n'
        '  "terraformProviders": ["azurerm@~>2.25"],\n  "codeMakerOutput": "imports"\n}\n'
    )
    (root / "main.py").write_text(
        "from cdktf import App\nfrom cdktf_cdktf_provider_azurerm.provider import AzurermProvider\n"
    )
    options = CheckOptions(select=("VER001",), offline=True, terraform="1.5.7")
    [finding] = run_check(root, options, snapshot=_with_azurerm_snapshot()).findings
    assert (finding.code, finding.path, finding.line) == ("VER001", "cdktf.json", 4)
    assert finding.severity == "warning"  # the code imports only the prebuilt package
    assert finding.message == (
        "cdktf.json asks for azurerm ~> 2.25 but cdktf-cdktf-provider-azurerm 13.14.0 is built for the "
        "azurerm provider 4.14.0 (4.x)"
    )
    assert "azurerm entry in terraformProviders can go" in (finding.suggestion or "")
    assert "change the constraint to admit 4.14.0" in (finding.suggestion or "")
    # an entry admitting the build is no VER001
    (root / "cdktf.json").write_text((root / "cdktf.json").read_text().replace("~>2.25", "~>4.0"))
    assert not run_check(root, options, snapshot=_with_azurerm_snapshot()).findings
