"""``compat migrate`` moves every other prebuilt provider package to a release accepting the target core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main
from tests.conftest import indexed

CDKTF = "cdktf-cdktf-provider-aws"
needs_index = pytest.mark.skipif(
    not indexed(CDKTF, "9.0.14", "19.65.1", "21.22.1") or not indexed("cdktn-provider-aws", "25.8.1"),
    reason="not indexed",
)


def _project(root: Path, extra: str, code: str) -> Path:
    root.mkdir()
    (root / "Pipfile").write_text(
        f'[packages]\ncdktf = "~=0.12.0"\n{extra}\ncdktf-cdktf-provider-aws = "~=9.0.14"\n'
    )
    (root / "main.py").write_text(code)
    return root


DOCKER = 'cdktf-cdktf-provider-docker = "~=2.0.26"'
CODE = (
    "from cdktf_cdktf_provider_aws import AwsProvider\n"
    "from cdktf_cdktf_provider_docker import DockerProvider\n"
    "import cdktf_cdktf_provider_docker as docker\n"
)


@needs_index
def test_docker_moves_along_within_the_family(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path / "p", DOCKER, CODE)
    assert main(["migrate", str(project), "--to", "19.65.1", "--write", "--format", "json", "--offline"]) == 0
    pipfile = (project / "Pipfile").read_text()
    assert 'cdktf = "==0.20.' in pipfile
    # docker 2.0.26 is built for docker 2.21: the nearest release for cdktf 0.20 is 11.0.0 (docker 3.0.2),
    # not the newest (11.6.0, docker 3.6.0)
    assert 'cdktf-cdktf-provider-docker = "==11.0.0"' in pipfile
    assert "import cdktf_cdktf_provider_docker as docker" in (project / "main.py").read_text()
    assert any(
        "cdktf-cdktf-provider-docker 11.0.0, docker provider 3.0.2" in n
        for n in json.loads(capsys.readouterr().out)["notes"]
    )


@needs_index
def test_docker_moves_to_its_cdktn_package_with_its_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", DOCKER, CODE)
    argv = ["migrate", str(project), "--to", "cdktn==latest", "--write", "--format", "json", "--offline"]
    assert main(argv) == 0
    pipfile = (project / "Pipfile").read_text()
    assert "cdktf-cdktf-provider-docker" not in pipfile
    assert 'cdktn-provider-docker = "==16.1.0"' in pipfile  # --to cdktn==latest: the newest
    code = (project / "main.py").read_text()
    # cdktn-provider-docker 16.1.0 (indexed) keeps the class in its provider module, not at the root
    assert "from cdktn_provider_docker.provider import DockerProvider" in code
    assert "import cdktn_provider_docker as docker" in code
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any("placed in its modules from compat's symbol index" in n for n in notes)


@needs_index
def test_a_provider_without_a_cdktn_package_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", 'cdktf-cdktf-provider-gitlab = "*"', "from cdktf import App\n")
    assert main(["migrate", str(project), "--to", "cdktn", "--format", "json", "--offline"]) == 1
    unresolved = json.loads(capsys.readouterr().out)["unresolved"]
    assert [(u["path"], u["line"], u["symbol"]) for u in unresolved] == [
        ("Pipfile", 3, "cdktf-cdktf-provider-gitlab")
    ]
    assert "cdktn-provider-gitlab does not exist" in unresolved[0]["reason"]


@needs_index
def test_a_provider_with_no_release_for_the_target_core_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # template stopped at cdktf 0.20: no release accepts the cdktf 0.21 that 21.22.1 needs
    project = _project(tmp_path / "p", 'cdktf-cdktf-provider-template = "*"', "from cdktf import App\n")
    assert main(["migrate", str(project), "--to", "21.22.1", "--format", "json", "--offline"]) == 1
    unresolved = json.loads(capsys.readouterr().out)["unresolved"]
    assert unresolved[0]["symbol"] == "cdktf-cdktf-provider-template"
    assert "no release of cdktf-cdktf-provider-template accepts cdktf 0.21." in unresolved[0]["reason"]


@needs_index
def test_a_provider_whose_releases_for_the_core_need_a_newer_python_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", DOCKER, "from cdktf import App\n")
    pipfile = project / "Pipfile"
    pipfile.write_text('[requires]\npython_version = "3.7"\n\n' + pipfile.read_text())
    assert main(["migrate", str(project), "--to", "19.65.1", "--format", "json", "--offline"]) == 1
    unresolved = json.loads(capsys.readouterr().out)["unresolved"]
    assert unresolved[0]["symbol"] == "cdktf-cdktf-provider-docker"
    assert "supports the project's Python ('3.7'" in unresolved[0]["reason"]


def test_a_core_only_project_moves_its_providers_to_cdktn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-docker = "==11.6.0"\n'
        'cdktf-cdktf-provider-gitlab = "*"\n'
    )
    (project / "main.py").write_text("from cdktf_cdktf_provider_docker.container import Container\n")
    assert main(["migrate", str(project), "--to", "cdktn", "--write", "--format", "json", "--offline"]) == 1
    unresolved = json.loads(capsys.readouterr().out)["unresolved"]
    assert [u["symbol"] for u in unresolved] == ["cdktf-cdktf-provider-gitlab"]
    assert (project / "main.py").read_text() == "from cdktn_provider_docker.container import Container\n"
    pipfile = (project / "Pipfile").read_text()
    assert 'cdktn-provider-docker = "==' in pipfile and 'cdktf-cdktf-provider-gitlab = "*"' in pipfile
