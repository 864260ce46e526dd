from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.versions import detect_python, detect_terraform


def _no_terraform(_: str) -> None:
    return None


def _tf(project: Path, flag: str | None = None, env: dict[str, str] | None = None, **kw: Any) -> Any:
    kw.setdefault("which", _no_terraform)
    return detect_terraform(project, flag, environ=env or {}, **kw)


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    project = tmp_path / "repo" / "infra"
    project.mkdir(parents=True)
    return project


def test_flag_wins_over_everything(nested: Path) -> None:
    (nested / ".terraform-version").write_text("1.4.0\n")
    found = _tf(nested, "1.5.7", {"TF_VERSION": "1.3.0"})
    assert (found.version, found.source) == (Version("1.5.7"), "--terraform")


def test_env_before_files(nested: Path) -> None:
    (nested / ".terraform-version").write_text("1.4.0\n")
    found = _tf(nested, env={"TF_VERSION": "1.3.0"})
    assert (found.version, found.source) == (Version("1.3.0"), "env TF_VERSION")


def test_terraform_version_file_is_found_walking_up(nested: Path) -> None:
    (nested.parent / ".terraform-version").write_text("# pinned for CI\n1.5.7\n")
    found = _tf(nested)
    assert found.version == Version("1.5.7")
    assert found.source == str((nested.parent / ".terraform-version").resolve())


def test_tool_versions_after_terraform_version(nested: Path) -> None:
    (nested / ".tool-versions").write_text("python 3.11.4\nterraform 1.6.2 1.5.7\n")
    found = _tf(nested)
    assert found.version == Version("1.6.2") and found.source.endswith(".tool-versions")


def test_tfenv_keyword_is_skipped_with_a_note(nested: Path) -> None:
    (nested / ".terraform-version").write_text("latest:^1.5\n")
    (nested / ".tool-versions").write_text("terraform 1.5.7\n")
    found = _tf(nested)
    assert found.version == Version("1.5.7")
    assert "no exact version" in found.notes[0]


def test_cdktn_target_versions(nested: Path) -> None:
    config = {"app": "python main.py", "targetVersions": {"terraform": "1.9.8"}}
    (nested / "cdktf.json").write_text(json.dumps(config))
    found = _tf(nested)
    assert found.version == Version("1.9.8") and "targetVersions" in found.source
    (nested / "cdktf.json").write_text(json.dumps({"targetVersions": {"terraform": ">= 1.6.0, < 2.0.0"}}))
    assert _tf(nested).version == Version("1.6.0")


def test_terraform_on_path(nested: Path) -> None:
    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        assert argv[1:] == ["version", "-json"]
        return subprocess.CompletedProcess(argv, 0, json.dumps({"terraform_version": "1.5.7"}), "")

    found = detect_terraform(nested, environ={}, which=lambda _: "/usr/bin/terraform", run=run)
    assert found is not None and found.version == Version("1.5.7") and "version -json" in found.source


def test_nothing_says(nested: Path) -> None:
    assert _tf(nested) is None


def test_bad_flag_is_a_clear_error(nested: Path) -> None:
    with pytest.raises(CompatError, match="--terraform"):
        _tf(nested, "one.five")


def test_malformed_cdktf_json(nested: Path) -> None:
    (nested / "cdktf.json").write_text("{not json")
    with pytest.raises(CompatError, match="cdktf.json"):
        _tf(nested)


# -- Python ------------------------------------------------------------------------------------------


def test_python_flag(nested: Path) -> None:
    assert detect_python(nested, "3.8").version == Version("3.8")


def test_python_from_pipfile(nested: Path) -> None:
    (nested / "Pipfile").write_text('[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n')
    (nested / ".python-version").write_text("3.12.1\n")
    found = detect_python(nested)
    assert found.version == Version("3.11") and "Pipfile" in found.source


def test_python_from_requires_python_is_its_floor(nested: Path) -> None:
    (nested / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.9,<3.13"\n')
    found = detect_python(nested)
    assert found.version == Version("3.9") and found.source == "pyproject.toml requires-python"
    assert (found.tool, found.resolution) == ("pip", "one")  # no uv / Poetry / PDM: pip runs one Python


def test_python_from_poetry(nested: Path) -> None:
    text = '[tool.poetry.dependencies]\npython = "^3.10"\ncdktf = "^0.21.0"\n'
    (nested / "pyproject.toml").write_text(text)
    assert detect_python(nested).version == Version("3.10")


def test_python_version_file_then_interpreter(nested: Path) -> None:
    (nested / ".python-version").write_text("3.12.1\n")
    assert detect_python(nested).version == Version("3.12.1")
    (nested / ".python-version").write_text("my-virtualenv\n")
    found = detect_python(nested, interpreter=(3, 11, 9))
    assert found.version == Version("3.11.9") and found.source == "the running interpreter" and found.notes


def test_malformed_pipfile_names_the_file(nested: Path) -> None:
    (nested / "Pipfile").write_text("[packages\ncdktf = \n")
    with pytest.raises(CompatError, match="Pipfile"):
        detect_python(nested)
