"""VER014: imports of packages no manifest declares, the release they are checked against, skipped rules."""

from __future__ import annotations

from pathlib import Path

from compat.check import CheckOptions, CheckResult, run_check
from compat.check.model import Finding
from tests.check import fakes
from tests.check.helpers import check

STACK = (
    "from cdktf import App\n"
    "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
    "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
)
OTHER = "import cdktf_cdktf_provider_aws.s3_bucket as s3\n"


def _project(root: Path, manifest: str, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if manifest:
        (root / "requirements.txt").write_text(manifest)
    (root / ".terraform-version").write_text("1.5.7\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _only(result: CheckResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def test_undeclared_bindings_once_with_the_inferred_release(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.20.12\n", {"main.py": STACK, "lib/other.py": OTHER})
    result = check(root)
    [finding] = _only(result, "VER014")
    assert (finding.path, finding.line, finding.column, finding.severity) == ("lib/other.py", 1, 8, "error")
    assert "no manifest declares cdktf-cdktf-provider-aws" in finding.message
    assert "19.65.1" in finding.message and "admits cdktf 0.20.12" in finding.message  # 20.x needs cdktf 0.21
    assert finding.suggestion == "add cdktf-cdktf-provider-aws==19.65.1 to requirements.txt"
    assert [(r.path, r.line) for r in finding.related] == [("main.py", 2), ("main.py", 3)]
    assert str(result.releases.inferred_bindings.version) == "19.65.1"  # type: ignore[union-attr]
    assert any("checked against 19.65.1" in note for note in result.notes)


def test_a_missing_name_is_still_reported_resting_on_the_inferred_release(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.20.12\n", {"main.py": STACK})
    [missing] = _only(check(root), "IMP002")
    assert missing.line == 3
    assert missing.symbol == "cdktf_cdktf_provider_aws.s3_bucket_versioning.S3BucketVersioning"
    assert missing.severity == "warning"  # the release is a guess: never an error
    assert "cdktf-cdktf-provider-aws 19.65.1 (inferred" in missing.message
    assert missing.suggestion == (
        "use S3BucketVersioningA (the construct for Terraform type aws_s3_bucket_versioning)"
    )


def test_the_inferred_release_follows_the_declared_core(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.21.0\n", {"main.py": STACK})
    [finding] = _only(check(root, fakes.index_19_65_1("21.22.1")), "VER014")
    assert "checked against 21.22.1" in finding.message


def test_undeclared_core_and_bindings_are_two_errors(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "requests==2.32.3\n", {"main.py": STACK, "app.py": "import cdktf\n"})
    core, bindings = sorted(_only(check(root), "VER014"), key=lambda f: f.symbol or "")
    assert (core.symbol, core.severity, core.path, core.line) == ("cdktf", "error", "app.py", 1)
    assert [(r.path, r.line) for r in core.related] == [("main.py", 1)]
    assert core.suggestion == "add cdktf==0.21.0 to requirements.txt"  # what 21.22.1, the newest, admits
    assert (bindings.symbol, bindings.severity) == ("cdktf-cdktf-provider-aws", "error")
    assert "the newest release, no core being declared either" in bindings.message


def test_a_core_pulled_in_by_declared_bindings_is_a_warning(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf-cdktf-provider-aws==19.65.1\n", {"main.py": STACK})
    [finding] = _only(check(root), "VER014")
    assert (finding.symbol, finding.severity) == ("cdktf", "warning")
    assert "installed only as a dependency of cdktf-cdktf-provider-aws" in finding.message
    assert finding.suggestion == "add cdktf==0.20.12 to requirements.txt"


def test_declared_packages_and_lock_entries_are_not_reported(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.20.12\ncdktf-cdktf-provider-aws==19.65.1\n", {"main.py": STACK})
    assert _only(check(root), "VER014") == []
    assert all(not note.startswith("IMP") for note in check(root).notes)


def test_nothing_inferable_names_the_rules_that_could_not_run(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.20.12\n", {"main.py": STACK})
    result = run_check(
        root,
        CheckOptions(),
        snapshot=None,
        use_default_snapshot=False,
        index_loader=fakes.loader(fakes.index_19_65_1()),
    )
    assert [f.code for f in result.findings] == ["VER014"]
    [note] = [n for n in result.notes if "could not run" in n]
    assert note.startswith("IMP001, IMP002, API001")
    assert note.endswith(
        "cdktf-cdktf-provider-aws is imported but not declared, and no release of it could be inferred"
    )


def test_without_a_manifest_the_rule_does_not_run_and_says_so(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "", {"main.py": STACK})
    result = check(root)
    assert _only(result, "VER014") == []
    assert (
        "VER014 could not run: no dependency manifest (Pipfile, pyproject.toml, requirements*.txt) "
        "was found" in result.notes
    )


def test_files_of_a_nested_project_are_its_own_business(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "flask==3.0.0\n", {"infra/main.py": STACK})
    (root / "infra" / "requirements.txt").write_text("cdktf==0.20.12\ncdktf-cdktf-provider-aws==19.65.1\n")
    (root / "infra" / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    result = check(root)
    assert _only(result, "VER014") == []
    assert result.releases.inferred_bindings is None
    assert [f.code for f in _only(check(root / "infra"), "VER014")] == []


def test_bindings_not_imported_infer_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf==0.20.12\n", {"main.py": "from cdktf import App\n"})
    result = check(root)
    assert result.findings == () and result.releases.inferred_bindings is None
    assert not any("could not run" in note for note in result.notes)


def test_an_unresolved_range_says_which_rules_could_not_run(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "cdktf>=0.20\ncdktf-cdktf-provider-aws>=19\n", {"main.py": STACK})
    result = run_check(
        root,
        CheckOptions(),
        snapshot=None,
        use_default_snapshot=False,
        index_loader=fakes.loader(fakes.index_19_65_1()),
    )
    assert result.findings == ()
    gap = "could not run: the installed release of cdktf-cdktf-provider-aws is unknown"
    assert any(note.startswith("IMP001, IMP002, API001") and note.endswith(gap) for note in result.notes)


def test_files_compat_does_not_read_make_it_a_warning(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "-r base.txt\ncdktf==0.20.12\n", {"main.py": STACK})
    (root / "base.txt").write_text("cdktf-cdktf-provider-aws==19.65.1\n")
    [finding] = _only(check(root), "VER014")
    assert finding.severity == "warning"
    assert finding.message.endswith(
        "(unless base.txt (included by requirements.txt) declares it: compat does not read it)"
    )
    (root / "requirements.txt").write_text("cdktf==0.20.12\n")
    (root / "setup.py").write_text("from setuptools import setup\nsetup(install_requires=[])\n")
    [finding] = _only(check(root), "VER014")
    assert finding.severity == "warning" and "unless setup.py declares it" in finding.message


def test_an_included_file_that_is_read_anyway_changes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "-r requirements-base.txt\n", {"main.py": STACK})
    (root / "requirements-base.txt").write_text("cdktf==0.20.12\n")
    [finding] = _only(check(root), "VER014")
    assert finding.severity == "error" and "unless" not in finding.message


def test_a_path_entry_of_the_lock_installs_the_package(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "", {"main.py": STACK})
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (root / "Pipfile.lock").write_text(
        '{"_meta": {}, "default": {"cdktf": {"version": "==0.20.12"},\n'
        ' "cdktf-cdktf-provider-aws": {"file": "../dist/cdktf_cdktf_provider_aws-0.0.0-py3-none-any.whl"}},\n'
        ' "develop": {}}\n'
    )
    assert _only(check(root), "VER014") == []


def test_the_inferred_release_is_one_the_projects_python_can_install(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "", {"main.py": STACK})
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n\n[requires]\npython_version = "3.8"\n')
    [finding] = _only(check(root, fakes.index_19_65_1("19.0.0")), "VER014")
    assert "checked against 19.0.0" in finding.message  # 19.65.1 needs Python ~=3.9
