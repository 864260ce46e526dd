"""Reading the fixture projects: pins with file and line, the installed set, line, environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.project import load_project
from compat.snapshot import Snapshot

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def test_pipfile_star_range_resolves_through_the_snapshot(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "pipfile-star", snapshot=snapshot)
    assert project.family.name == "cdktf" and "manifests" in project.family_source
    (pin,) = project.pins("cdktf")
    assert (pin.path.name, pin.line, pin.raw, str(pin.specifier)) == ("Pipfile", 7, "*", "")
    installed = project.installed["cdktf"]
    assert installed.how == "range" and installed.version == Version("0.21.0")
    assert "newest release it admits, 0.21.0" in installed.note
    assert project.python.version == Version("3.11") and "Pipfile" in project.python.source
    assert project.cdktf is not None and project.cdktf.code_maker_output == "imports"
    assert not project.uses_prebuilt and project.lock is None


def test_pipfile_prebuilt(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "pipfile-prebuilt", snapshot=snapshot)
    (bindings,) = project.pins("cdktf_cdktf_provider_aws")
    assert (bindings.line, bindings.exact, bindings.section) == (9, Version("19.57.0"), "packages")
    assert project.pins("boto3")[0].raw == "*"
    assert project.pins("pytest")[0].section == "dev-packages"
    assert project.uses_prebuilt
    assert project.terraform is not None and project.terraform.version == Version("1.5.7")
    assert project.terraform.source.endswith(".terraform-version")
    assert project.cdktf is not None
    aws = project.cdktf.provider("aws")
    assert aws is not None and aws.line == 7 and str(aws.requirement.constraint) == "~> 6.0"
    assert project.cdktf.indent == 4
    assert project.python.version == Version("3.11")


def test_requirements_lines_continuations_and_includes(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "requirements", snapshot=snapshot)
    by_name = {p.package: p for p in project.pins("cdktf") + project.pins("cdktf-cdktf-provider-aws")}
    assert by_name["cdktf"].line == 3 and by_name["cdktf"].exact == Version("0.20.12")
    assert by_name["cdktf-cdktf-provider-aws"].line == 4
    assert project.pins("boto3")[0].line == 7
    assert project.pins("pytest")[0].path.name == "requirements-dev.txt"
    assert project.installed["cdktf-cdktf-provider-aws"].how == "exact"
    assert project.cdktf is not None and project.cdktf.indent is None


def test_pep621_with_uv_lock(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "pep621", snapshot=snapshot)
    assert [m.kind for m in project.manifests] == ["pep621"]
    (pin,) = project.pins("cdktf-cdktf-provider-aws")
    assert pin.line == 9 and pin.raw == "cdktf-cdktf-provider-aws~=19.50"
    assert project.lock is not None and project.lock.kind == "uv.lock"
    installed = project.installed["cdktf-cdktf-provider-aws"]
    assert installed.how == "lock" and installed.version == Version("19.65.1")
    assert installed.pin is not None and installed.pin.path.name == "uv.lock" and installed.pin.line > 0
    python = project.python
    assert python.version == Version("3.10") and python.source == "pyproject.toml requires-python"
    assert (python.tool, python.resolution, python.interpreters[0]) == ("uv", "lowest", Version("3.10"))


def test_poetry_with_lock(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "poetry", snapshot=snapshot)
    assert [m.kind for m in project.manifests] == ["poetry"]
    (core,) = project.pins("cdktf")
    assert (
        core.raw == "^0.20.0"
        and Version("0.20.12") in core.specifier
        and Version("0.21.0") not in core.specifier
    )
    assert project.pins("cdktf-cdktf-provider-aws")[0].exact == Version("19.57.0")
    assert project.lock is not None and project.lock.kind == "poetry.lock"
    assert project.installed["cdktf"].version == Version("0.20.12")
    assert project.python.version == Version("3.9")


def test_cdktn_project_family_and_target_versions(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "cdktn", snapshot=snapshot)
    assert project.family.name == "cdktn"
    assert project.terraform is not None and project.terraform.version == Version("1.9.8")
    assert "targetVersions" in project.terraform.source


def test_local_bindings(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "local-bindings", snapshot=snapshot)
    assert not project.uses_prebuilt
    assert project.cdktf is not None
    assert [(p.requirement.name, p.line) for p in project.cdktf.providers] == [("aws", 5), ("random", 6)]


def test_family_from_imports_when_manifests_say_nothing(tmp_path: Path, snapshot: Snapshot) -> None:
    (tmp_path / "requirements.txt").write_text("boto3\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "net.py").write_text("from cdktn_provider_aws.vpc import Vpc\n")
    project = load_project(tmp_path, snapshot=snapshot)
    assert project.family.name == "cdktn" and "imports" in project.family_source


def test_new_project_defaults_to_cdktf_and_mentions_cdktn(tmp_path: Path, snapshot: Snapshot) -> None:
    project = load_project(tmp_path, snapshot=snapshot)
    assert project.family.name == "cdktf" and "cdktn" in project.family_source


def test_flags_override(snapshot: Snapshot) -> None:
    project = load_project(
        PROJECTS / "pipfile-prebuilt", terraform="1.9.0", python="3.12", family="cdktn", snapshot=snapshot
    )
    assert project.terraform is not None and project.terraform.source == "--terraform"
    assert project.python.version == Version("3.12") and project.family.name == "cdktn"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Pipfile", "[packages\ncdktf = '*'\n", "Pipfile: not valid TOML"),
        ("Pipfile", "[packages]\ncdktf = '=>0.20'\n", "Pipfile: cdktf"),
        ("Pipfile", "[packages]\ncdktf = 3\n", "Pipfile: cdktf"),
        ("requirements.txt", "cdktf==0.20.12\ncdktf-cdktf-provider-aws=19.57.0\n", "requirements.txt:2"),
        ("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['cdktf>>1']\n", "pyproject.toml"),
        ("pyproject.toml", "[project]\ndependencies = 'cdktf'\n", "pyproject.toml"),
        ("pyproject.toml", "[tool.poetry.dependencies]\ncdktf = '^0.20 || ^0.21'\n", "pyproject.toml"),
        ("cdktf.json", '{"language": "python",}', "cdktf.json: not valid JSON"),
        ("cdktf.json", '{"terraformProviders": "aws@~> 5.0"}', "cdktf.json"),
        ("Pipfile.lock", '{"default": {"cdktf": {"version": "==0.20.12"},}}', "Pipfile.lock: not valid JSON"),
        ("poetry.lock", "[[package]]\nversion = '1.0'\n", "poetry.lock"),
        ("uv.lock", "[[package]\n", "uv.lock: not valid TOML"),
    ],
)
def test_malformed_files_are_one_clear_error_naming_the_file(
    tmp_path: Path, snapshot: Snapshot, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(CompatError) as caught:
        load_project(tmp_path, snapshot=snapshot)
    text = str(caught.value)
    assert message in text and "\n" not in text


def test_an_unreadable_provider_entry_is_a_note_not_an_error(tmp_path: Path, snapshot: Snapshot) -> None:
    (tmp_path / "cdktf.json").write_text('{"terraformProviders": ["aws@~> five"]}')
    project = load_project(tmp_path, snapshot=snapshot)
    assert project.cdktf is not None and project.cdktf.providers == ()
    assert any(note.startswith("cdktf.json:1: ") and "'~> five'" in note for note in project.notes)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CompatError, match="no such file"):
        load_project(tmp_path / "nope")


def test_pipfile_lock_is_the_installed_set(snapshot: Snapshot) -> None:
    project = load_project(PROJECTS / "pipfile-prebuilt", snapshot=snapshot)
    assert project.lock is not None and project.lock.kind == "pipfile.lock"
    constructs = project.installed["constructs"]
    assert constructs.how == "lock" and constructs.version == Version("10.8.1")  # the manifest says a range
    assert constructs.pin is not None and constructs.pin.path.name == "Pipfile.lock"
    assert constructs.pin.line > 1
    assert project.installed_version("cdktf_cdktf_provider_aws") == Version("19.57.0")
