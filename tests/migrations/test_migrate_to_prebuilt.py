"""``compat migrate --to-prebuilt``: imports of 'cdktf get' bindings become the prebuilt packages."""

from __future__ import annotations

import json
from pathlib import Path

import libcst as cst
import pytest
from packaging.version import Version

from compat.cli import main
from compat.migrations.local_imports import point_at_prebuilt
from tests.conftest import indexed

CDKTF = "cdktf-cdktf-provider-aws"
needs_index = pytest.mark.skipif(not indexed(CDKTF, "19.65.1"), reason="not indexed")

CONFIG = """{
  "language": "python",
  "terraformProviders": [
    "hashicorp/aws@~> 5.0",
    "kreuzwerker/docker@~> 3.0",
    "someone/unpackaged@~> 1.0"
  ],
  "terraformModules": ["terraform-aws-modules/vpc/aws@5.0.0"],
  "codeMakerOutput": "imports"
}
"""
MAIN = """from cdktf import App
from imports.aws.vpc import Vpc
from imports.aws.s3_bucket_versioning import S3BucketVersioningA
from imports.docker.container import Container
from imports.unpackaged.thing import Thing
from imports.vpc import Vpc as VpcModule
import imports.aws.subnet

imports.aws.subnet.Subnet(None, "s", vpc_id="v")
"""


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(CONFIG)
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (root / "main.py").write_text(MAIN)
    return root


def _migrate(
    project: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, list[str]]]:
    code = main(["migrate", str(project), "--to-prebuilt", *extra, "--format", "json", "--offline"])
    return code, json.loads(capsys.readouterr().out)


@needs_index
def test_local_bindings_become_prebuilt_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p")
    code, payload = _migrate(project, capsys, "--to", "19.65.1", "--write")
    assert code == 0, payload
    text = (project / "main.py").read_text()
    assert "from cdktf_cdktf_provider_aws.vpc import Vpc\n" in text
    assert "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA\n" in text
    assert "from cdktf_cdktf_provider_docker.container import Container\n" in text
    assert "import cdktf_cdktf_provider_aws.subnet\n" in text
    assert 'cdktf_cdktf_provider_aws.subnet.Subnet(None, "s"' in text
    # no prebuilt counterpart: stays local, listed
    assert "from imports.unpackaged.thing import Thing\n" in text
    assert "from imports.vpc import Vpc as VpcModule\n" in text
    assert any("imports.unpackaged stays local" in n for n in payload["notes"])
    assert any("imports.vpc stays local" in n and "module" in n for n in payload["notes"])
    pipfile = (project / "Pipfile").read_text()
    assert 'cdktf-cdktf-provider-aws = "==19.65.1"' in pipfile
    assert 'cdktf-cdktf-provider-docker = "==' in pipfile
    config = json.loads((project / "cdktf.json").read_text())
    assert config["terraformProviders"] == ["someone/unpackaged@~> 1.0"]
    assert config["terraformModules"] == ["terraform-aws-modules/vpc/aws@5.0.0"]

    before = {p.name: p.read_text() for p in project.iterdir()}
    code, payload = _migrate(project, capsys, "--to", "19.65.1", "--write")
    assert code == 0 and payload["files"] == []
    assert {p.name: p.read_text() for p in project.iterdir()} == before

    main(["check", str(project), "--format", "json", "--offline"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert not [
        f for f in findings if f["code"].startswith(("IMP", "API")) and "cdktf_cdktf_provider_aws" in str(f)
    ]


@needs_index
def test_without_to_the_target_admits_the_project_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p")
    code, payload = _migrate(project, capsys)
    assert code == 0
    assert payload["to"].startswith("cdktf-cdktf-provider-aws==19.")  # the cdktf 0.20 releases
    assert payload["files"] and not (project / "main.py").read_text().count(
        "cdktf_cdktf_provider"
    )  # no --write


def test_point_at_prebuilt_moves_only_the_package_part() -> None:
    source = (
        "from imports.aws.vpc import Vpc  # keep\n"
        "from imports import aws, docker as d\n"
        "from imports import aws, vpcmod\n"
        "import imports.aws.iam_role as role\n"
        "import imports.awsx\n"
    )
    prefixes = {"imports.aws": "cdktf_cdktf_provider_aws", "imports.docker": "cdktf_cdktf_provider_docker"}
    after = point_at_prebuilt(cst.parse_module(source), "imports", prefixes).code
    assert after == (
        "from cdktf_cdktf_provider_aws.vpc import Vpc  # keep\n"
        "import cdktf_cdktf_provider_aws as aws, cdktf_cdktf_provider_docker as d\n"
        "from imports import vpcmod; import cdktf_cdktf_provider_aws as aws\n"
        "import cdktf_cdktf_provider_aws.iam_role as role\n"
        "import imports.awsx\n"
    )


@needs_index
def test_cdktf_json_keeps_its_bytes_outside_the_providers_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    config = (
        '{\n  "language": "python",\n  "terraformProviders": [\n    "hashicorp/aws@~> 5.0"\n  ],\n'
        '  "codeMakerOutput": "imports",\n  "context": {\n\n  }\n}\n'
    )
    (project / "cdktf.json").write_text(config)
    (project / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (project / "main.py").write_text("from imports.aws.vpc import Vpc\n")
    code, _ = _migrate(project, capsys, "--to", "19.65.1", "--write")
    assert code == 0
    assert (project / "cdktf.json").read_text() == config.replace('[\n    "hashicorp/aws@~> 5.0"\n  ]', "[]")


@needs_index
@pytest.mark.skipif(not indexed(CDKTF, "9.0.52"), reason="not indexed")
def test_per_service_names_move_by_type_and_declared_providers_follow_the_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "cdktf.json").write_text(
        '{"terraformProviders": ["hashicorp/aws@~> 4.0"], "codeMakerOutput": "imports"}'
    )
    (project / "Pipfile").write_text(
        '[packages]\ncdktf = "~=0.12.0"\ncdktf-cdktf-provider-docker = "~=2.0.26"\n'
    )
    (project / "main.py").write_text("from imports.aws.s3 import S3Bucket, S3BucketVersioningA\n")
    code, payload = _migrate(project, capsys, "--to", "19.65.1", "--write")
    assert code == 0
    assert (project / "main.py").read_text() == (
        "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
        "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA\n"
    )
    assert any("from cdktf-cdktf-provider-aws 9.0.52" in n for n in payload["notes"])  # the stand-in
    pipfile = (project / "Pipfile").read_text()
    assert 'cdktf = "==0.20.12"' in pipfile
    assert 'cdktf-cdktf-provider-docker = "==11.0.0"' in pipfile  # nearest docker 2.21: 3.0.2


@pytest.mark.skipif(not indexed(CDKTF, "13.0.0"), reason="not indexed")
def test_the_default_stays_within_the_provider_constraint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aws@~> 4.0`` local bindings go to a release built for AWS 4, not across the major."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "cdktf.json").write_text(
        '{"language": "python", "terraformProviders": ["hashicorp/aws@~> 4.0"],\n'
        ' "codeMakerOutput": "imports"}\n'
    )
    (project / "requirements.txt").write_text("cdktf==0.15.5\n")
    (project / "main.py").write_text("from imports.aws.provider import AwsProvider\n")
    code, payload = _migrate(project, capsys)
    assert code == 0
    assert payload["to"] == "cdktf-cdktf-provider-aws==13.0.0"  # AWS 4.63.0, the newest for cdktf 0.15


@needs_index
def test_an_installed_release_the_constraint_admits_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p")
    (project / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-aws = "==19.0.0"\n'
    )
    code, payload = _migrate(project, capsys)
    assert payload["to"] == "cdktf-cdktf-provider-aws==19.0.0"
    assert any("which the project installs" in n and "kept" in n for n in payload["notes"])


@needs_index
def test_committed_imports_folder_without_code_maker_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p")
    (project / "cdktf.json").write_text(
        '{"language": "python", "terraformProviders": ["hashicorp/aws@~> 5.0"]}\n'
    )
    (project / "main.py").write_text("from imports.aws.vpc import Vpc\n")
    (project / "imports" / "aws" / "vpc").mkdir(parents=True)
    (project / "imports" / "aws" / "vpc" / "__init__.py").write_text("import cdktf\nclass Vpc: ...\n")
    code, payload = _migrate(project, capsys)
    assert code == 0 and payload["files"]
    assert any("committed imports/" in n for n in payload["notes"])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("x = " + "(" * 250 + "1" + ")" * 250, "cannot parse: too many nested parentheses"),
        ("x = " + "-" * 7000 + "1", "nested too deeply to analyse safely"),
    ],
    ids=["parentheses", "unary"],
)
def test_a_file_importing_local_bindings_that_cannot_be_analysed_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, reason: str
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    config = {
        "language": "python",
        "terraformProviders": ["hashicorp/aws@~> 5.0"],
        "codeMakerOutput": "imports",
    }
    (project / "cdktf.json").write_text(json.dumps(config))
    (project / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (project / "main.py").write_text(f"from imports.aws.vpc import Vpc\n{body}\n")
    before = (project / "main.py").read_bytes(), (project / "Pipfile").read_bytes()
    code, payload = _migrate(project, capsys, "--write")
    assert code == 1  # never "0 unresolved", exit 0
    (item,) = payload["unresolved"]
    found: dict[str, str] = item  # type: ignore[assignment]
    assert found["path"] == "main.py" and "imports the 'cdktf get' bindings (imports) but" in found["reason"]
    assert reason in found["reason"]
    assert ((project / "main.py").read_bytes(), (project / "Pipfile").read_bytes()) == before


@pytest.mark.skipif(not indexed(CDKTF, "4.0.18"), reason="not indexed")
def test_a_release_whose_provider_is_not_recorded_is_named_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aws@~> 3.67.0`` on cdktf 0.8: the releases for that core (4.0.x, built for '~> 3.0' by their
    README) record no provider version; the note says so instead of 'brings None'."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "cdktf.json").write_text(
        '{"language": "python", "terraformProviders": ["hashicorp/aws@~> 3.67.0"],\n'
        ' "codeMakerOutput": "imports"}\n'
    )
    (project / "requirements.txt").write_text("cdktf==0.8.6\n")
    (project / "main.py").write_text("from imports.aws import AwsProvider\n")
    code, payload = _migrate(project, capsys)
    assert payload["to"] == "cdktf-cdktf-provider-aws==4.0.18"
    notes = " ".join(payload["notes"])
    assert "None" not in notes
    assert "does not record" in notes


@needs_index
def test_another_local_provider_goes_to_a_release_its_constraint_admits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``docker@~> 3.0.0``: cdktf-cdktf-provider-docker 11.0.0 (docker 3.0.2), not the newest for
    cdktf 0.20 (11.6.0, docker 3.6.0, which the constraint does not admit)."""
    project = _project(tmp_path / "p")
    (project / "cdktf.json").write_text(CONFIG.replace("docker@~> 3.0", "docker@~> 3.0.0"))
    code, payload = _migrate(project, capsys, "--to", "19.65.1", "--write")
    assert code == 0, payload
    assert 'cdktf-cdktf-provider-docker = "==11.0.0"' in (project / "Pipfile").read_text()
    assert not any("did not admit" in n for n in payload["notes"] if "docker" in n)


def test_an_import_no_cdktf_json_entry_generates_is_unresolved_not_none_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """alokkumar-github/cdktf-python-aws: terraformProviders [], the code imports imports.aws (root, old
    layout); --to-prebuilt said 'no import ... left to convert', 0 unresolved, exit 0."""
    project = tmp_path / "p"
    project.mkdir()
    config = {"language": "python", "terraformProviders": [], "codeMakerOutput": "imports"}
    (project / "cdktf.json").write_text(json.dumps(config))
    (project / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    main_py = "from imports.aws import AwsProvider, Instance\nimport imports.aws.vpc\n"
    (project / "main.py").write_text(main_py)
    code, payload = _migrate(project, capsys)
    assert code == 1
    items: list[dict[str, object]] = payload["unresolved"]  # type: ignore[assignment]
    assert [(i["path"], i["line"], i["symbol"]) for i in items] == [("main.py", 1, "imports.aws")]
    assert "no cdktf.json terraformProviders" in str(items[0]["reason"])
    assert not payload["files"]


def _python37(root: Path) -> Path:
    """ChanghoonHyun/cdktf-example: Pipfile python_version 3.7, cdktf ~=0.0.18, cdktf.json aws@~> 2.0."""
    root.mkdir()
    (root / "cdktf.json").write_text(
        '{"language": "python", "terraformProviders": ["aws@~> 2.0"], "codeMakerOutput": "imports"}\n'
    )
    (root / "Pipfile").write_text('[requires]\npython_version = "3.7"\n\n[packages]\ncdktf = "~=0.0.18"\n')
    (root / "main.py").write_text("from imports.aws import AwsProvider\n")
    return root


def test_the_default_target_installs_on_the_projects_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No prebuilt release admits cdktf 0.0.x: the default was the newest (21.22.1, ~=3.9, cdktf 0.21),
    which pip refuses on Python 3.7, and migrate said nothing about Python."""
    project = _python37(tmp_path / "p")
    code, payload = _migrate(project, capsys)
    unresolved = payload["unresolved"]
    assert not [u for u in unresolved if "cannot be installed" in str(u)], unresolved
    assert Version(payload["to"].split("==")[1]) < Version("19"), payload["to"]  # 19.x needs >=3.8
    assert any("the core moves with the bindings" in n for n in payload["notes"])
    assert code == 1  # the AwsProvider import is left to fix by hand, as before


def test_a_target_the_projects_python_rules_out_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _python37(tmp_path / "p")
    code, payload = _migrate(project, capsys, "--to", "21.22.1")
    assert code == 1
    items = [u for u in payload["unresolved"] if "cannot be installed" in u["reason"]]
    assert items, payload["unresolved"]
    assert "needs Python ~=3.9" in items[0]["reason"] and "Pipfile" in items[0]["replacement"]


def test_a_file_importing_local_bindings_that_does_not_parse_stops_the_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As --to cdktn (exit 2, nothing written): the move must rewrite the file and cannot, and written
    without it, main.py and cdktf.json would leave bad.py importing bindings no longer generated."""
    project = tmp_path / "p"
    project.mkdir()
    config = {
        "language": "python",
        "terraformProviders": ["hashicorp/aws@~> 5.0"],
        "codeMakerOutput": "imports",
    }
    (project / "cdktf.json").write_text(json.dumps(config))
    (project / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (project / "main.py").write_text("from imports.aws.vpc import Vpc\n")
    (project / "bad.py").write_text("from imports.aws.vpc import Vpc\nx = (\n")
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    code = main(["migrate", str(project), "--to-prebuilt", "--write", "--offline"])
    assert code == 2
    assert "bad.py:2: imports the 'cdktf get' bindings (imports) but cannot parse" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before
