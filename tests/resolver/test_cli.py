"""`compat pin`, `why` and `matrix` end to end on copies of the fixture projects (offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import compat.snapshot
from compat.cli import main
from compat.paths import data_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _fixture_snapshot(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COMPAT_DATA_DIR", str(FIXTURES / "snapshot"))
    monkeypatch.delenv("TF_VERSION", raising=False)
    monkeypatch.setattr("shutil.which", lambda _name: None)
    data_dir.cache_clear()
    monkeypatch.setattr(compat.snapshot, "_loaded", None)
    yield
    data_dir.cache_clear()


@pytest.fixture
def star(tmp_path: Path) -> Path:
    target = tmp_path / "pipfile-star"
    shutil.copytree(FIXTURES / "projects" / "pipfile-star", target)
    return target


def _pin_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["pin", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("flags", "package", "aws", "core"),
    [
        (["--terraform", "1.5.7", "--python", "3.11"], "21.22.1", "6.25.0", "0.21.0"),
        (
            ["--terraform", "1.5.7", "--python", "3.11", "--provider", "aws@~> 5.0"],
            "20.1.0",
            "5.100.0",
            "0.21.0",
        ),
        (["--terraform", "1.5.7", "--python", "3.8"], "19.57.0", "5.91.0", "0.20.12"),
    ],
)
def test_pin_done_when(
    star: Path, capsys: pytest.CaptureFixture[str], flags: list[str], package: str, aws: str, core: str
) -> None:
    code, document = _pin_json(capsys, str(star), *flags)
    assert code == 0
    selection = document["selection"]
    assert isinstance(selection, dict)
    assert selection["package"] == {"name": "cdktf-cdktf-provider-aws", "version": package}
    assert selection["provider"] == {"source": "registry.terraform.io/hashicorp/aws", "version": aws}
    assert selection["core"] == {"name": "cdktf", "version": core}
    assert document["terraform"] == "1.5.7" and document["terraform_source"] == "--terraform"
    pipfile = (star / "Pipfile").read_text()
    assert f'cdktf-cdktf-provider-aws = "=={package}"' in pipfile and f'cdktf = "=={core}"' in pipfile
    code, again = _pin_json(capsys, str(star), *flags)
    assert code == 0 and again["changes"] == []


def test_pin_impossible_exits_1_with_an_explanation(star: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (star / "Pipfile").read_text()
    assert main(["pin", str(star), "--terraform", "0.11.14", "--python", "3.11"]) == 1
    out = capsys.readouterr().out
    assert "No release of cdktf-cdktf-provider-aws works with Terraform 0.11.14" in out
    assert "plugin protocol 5 (Terraform >= 0.12.0)" in out
    assert (star / "Pipfile").read_text() == before
    code, document = _pin_json(capsys, str(star), "--terraform", "0.11.14")
    assert code == 1 and document["selection"] is None and document["explanation"]


def test_pin_dry_run_diff_writes_nothing(star: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (star / "Pipfile").read_text()
    assert (
        main(["pin", str(star), "--terraform", "1.5.7", "--python", "3.11", "--dry-run", "--format", "diff"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("--- a/Pipfile\n+++ b/Pipfile\n") and '+cdktf = "==0.21.0"' in out
    assert (star / "Pipfile").read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--terraform", "one.five"], "--terraform"),
        (["--provider", "google@~> 5.0"], "no prebuilt package cdktf-cdktf-provider-google"),
        (["--provider", "aws@~> x"], "--provider"),
        (["--line", "cdk"], "--line"),
        (["--line", "cdktn", "--terraform", "1.5.7"], "compat migrate"),
    ],
)
def test_pin_bad_input_exits_2_with_one_line(
    star: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = (star / "Pipfile").read_text()
    assert main(["pin", str(star), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert (star / "Pipfile").read_text() == before


def test_pin_malformed_pipfile_exits_2(star: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (star / "Pipfile").write_text("[packages\ncdktf = '*'\n")
    assert main(["pin", str(star), "--terraform", "1.5.7"]) == 2
    assert "Pipfile: not valid TOML" in capsys.readouterr().err


def test_pin_local_bindings_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "local"
    shutil.copytree(FIXTURES / "projects" / "local-bindings", root)
    code, document = _pin_json(capsys, str(root), "--terraform", "1.5.7", "--python", "3.11")
    assert code == 0
    config = json.loads((root / "cdktf.json").read_text())
    assert config["terraformProviders"] == ["hashicorp/aws@~> 5.40", "random@~> 3.6"]  # cdktf get resolves it
    requirements = (root / "requirements.txt").read_text()
    assert requirements.startswith("cdktf==0.21.0\n") and "provider-aws" not in requirements
    selection = document["selection"]
    assert isinstance(selection, dict) and selection["prebuilt"] is False and selection["package"] is None


def _local_project(root: Path, aws: str, core: str) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {
                "language": "python",
                "app": "python3 main.py",
                "terraformProviders": [f"hashicorp/aws@{aws}"],
                "codeMakerOutput": "imports",
            }
        )
    )
    (root / "requirements.txt").write_text(f"cdktf{core}\n")
    (root / "main.py").write_text("from imports.aws.provider import AwsProvider\n")
    return root


@pytest.mark.parametrize("aws", ["~> 4.0", "~> 3.67.0", "~> 5.40"])
def test_pin_with_local_bindings_pins_the_newest_core_whatever_the_aws_constraint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], aws: str
) -> None:
    root = _local_project(tmp_path / "p", aws, "~=0.20.11")
    assert main(["pin", str(root), "--terraform", "1.9.0", "--python", "3.11"]) == 0
    out = capsys.readouterr().out
    assert (root / "requirements.txt").read_text() == "cdktf==0.21.0\n"  # never downgraded to 0.17.3
    assert json.loads((root / "cdktf.json").read_text())["terraformProviders"] == [f"hashicorp/aws@{aws}"]
    assert "Selected cdktf 0.21.0: the newest cdktf release that passes every check" in out


def test_pin_with_local_bindings_keeps_the_core_on_the_projects_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _local_project(tmp_path / "p", "~> 3.67.0", ">=0.19")
    assert main(["pin", str(root), "--terraform", "1.9.0", "--python", "3.8"]) == 0
    assert (root / "requirements.txt").read_text() == "cdktf==0.20.12\n"
    assert "1 release rejected (core-python): e.g. 0.21.0: cdktf 0.21.0 requires Python ~=3.9" in (
        capsys.readouterr().out
    )


def test_pin_keeps_the_entry_whose_generated_bindings_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "prebuilt"
    shutil.copytree(FIXTURES / "projects" / "pipfile-prebuilt", root)
    (root / "network.py").write_text("from imports.aws.vpc import Vpc\n")
    code, document = _pin_json(capsys, str(root), "--python", "3.11")
    assert code == 0
    (entry,) = json.loads((root / "cdktf.json").read_text())["terraformProviders"]
    assert entry.startswith("aws@~> 6.")
    notes = [n for c in document["changes"] for n in c["notes"]]  # type: ignore[union-attr]
    assert any("kept 'aws@~> 6.0'" in n and "network.py:1" in n for n in notes)


def test_pin_uses_the_cdktf_json_constraint_and_drops_the_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "prebuilt"
    shutil.copytree(FIXTURES / "projects" / "pipfile-prebuilt", root)
    code, document = _pin_json(capsys, str(root), "--python", "3.11")  # Terraform from .terraform-version
    assert code == 0 and document["terraform"] == "1.5.7"
    assert str(document["terraform_source"]).endswith(".terraform-version")
    selection = document["selection"]
    assert isinstance(selection, dict) and selection["provider"]["version"].startswith("6.")  # type: ignore[index]
    assert json.loads((root / "cdktf.json").read_text())["terraformProviders"] == []
    notes = [n for c in document["changes"] for n in c["notes"]]  # type: ignore[union-attr]
    assert any("Pipfile.lock is now out of date" in n for n in notes)


def test_why(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["--terraform", "1.5.7", "--python", "3.8", "--project", str(tmp_path)]
    assert main(["why", "cdktf-cdktf-provider-aws==21.22.1", *args]) == 1
    out = capsys.readouterr().out
    assert "Verdict: not usable" in out and "requires Python ~=3.9" in out
    assert main(["why", "cdktf_cdktf_provider_aws==19.57.0", *args, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["usable"] is True and document["core"] == {"name": "cdktf", "version": "0.20.12"}
    assert main(["why", "cdktf==0.21.0", *args]) == 2
    assert main(["why", "cdktf-cdktf-provider-aws>=1", *args]) == 2


def test_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--format", "markdown", "--until", "1.5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| terraform | aws provider | bindings | core |"
    assert (
        lines[2] == "| 0.12 | 4.23.0 | cdktf-cdktf-provider-aws 9.0.0 | cdktf 0.12.1 (floor unknown) |"
        and lines[-2] == "| 1.5 | 6.25.0 | cdktf-cdktf-provider-aws 21.22.1 | cdktf 0.21.0 |"
    )
    assert lines[-1].startswith("4 row(s) marked 'floor unknown': no source states the minimum Terraform")
    assert main(["matrix", "--format", "json", "--python", "3.8", "--until", "1.5"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows[-1]["package"] == {"name": "cdktf-cdktf-provider-aws", "version": "19.57.0"}
    assert rows[-1]["verified"] is True and rows[0]["verified"] is False
    assert "minimum Terraform of the cdktf 0.12.1 CLI is not known" in rows[0]["caveats"][0]


def test_an_unknown_cli_floor_is_shown_as_unknown_not_as_usable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPAT_DATA_DIR", str(FIXTURES.parents[1] / "data"))  # the committed snapshot
    data_dir.cache_clear()
    args = ["--terraform", "0.12.31", "--python", "3.11", "--project", str(tmp_path), "--format", "json"]
    assert main(["why", "cdktn-provider-aws==24.12.0", *args]) == 0  # an unknown is no error
    document = json.loads(capsys.readouterr().out)
    assert document["usable"] is None and document["core"] == {"name": "cdktn", "version": "0.23.4"}
    assert (
        "Verdict: unknown: it passes every check that could be made with cdktn 0.23.4"
        in (document["explanation"][-1])
    )
    assert main(["why", "cdktn-provider-aws==25.8.1", *args]) == 1  # the 0.24 CLI states its floor
    assert "the cdktn 0.24.0 CLI needs Terraform >= 1.2.0" in capsys.readouterr().out
    assert main(["matrix", "--line", "cdktn", "--until", "1.2"]) == 0
    out = capsys.readouterr().out
    assert "cdktn 0.23.4 (floor unknown)" in out.splitlines()[1]  # Terraform 0.12
    assert out.splitlines()[7].endswith("cdktn 0.24.0")  # Terraform 1.2: known
    assert main(["matrix", "--line", "nope"]) == 2


@pytest.mark.network
def test_written_requirements_resolve_with_pip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The pins compat writes resolve against the real index (pip's own resolver, no install)."""
    (tmp_path / "requirements.txt").write_text("cdktf\n")
    assert (
        main(
            [
                "pin",
                str(tmp_path),
                "--terraform",
                "1.5.7",
                "--python",
                f"{sys.version_info[0]}.{sys.version_info[1]}",
            ]
        )
        == 0
    )
    capsys.readouterr()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            "-",
            "-r",
            str(tmp_path / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    installed = {
        i["metadata"]["name"].lower(): i["metadata"]["version"] for i in json.loads(result.stdout)["install"]
    }
    assert installed["cdktf-cdktf-provider-aws"] == "21.22.1" and installed["cdktf"] == "0.21.0"


def test_pin_and_why_say_the_python_is_the_running_interpreter_a_pipfile_3_admits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    running = ".".join(str(p) for p in sys.version_info[:3])
    (tmp_path / "Pipfile").write_text('[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3"\n')
    code, document = _pin_json(capsys, str(tmp_path), "--terraform", "1.5.7", "--dry-run")
    assert code == 0 and document["python"] == running
    said = 'the running interpreter, which Pipfile [requires] python_version = "3" admits'
    assert document["python_source"] == said
    assert f"Python {running} (from {said})" in " ".join(document["explanation"])  # type: ignore[arg-type]
    main(["why", "cdktf-cdktf-provider-aws==21.22.1", "--terraform", "1.5.7", "--project", str(tmp_path)])
    out = capsys.readouterr().out
    assert f"Python {running} (from {said})" in out and "(from Pipfile [requires] python_version)" not in out


def test_an_exact_python_keeps_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n')
    _, document = _pin_json(capsys, str(tmp_path), "--terraform", "1.5.7", "--dry-run")
    assert document["python"] == "3.11" and document["python_source"] == "Pipfile [requires] python_version"


def test_a_range_the_running_interpreter_is_outside_names_its_lowest_python() -> None:
    from packaging.version import Version

    from compat.resolver.pin import python_source
    from compat.versions.python import ProjectPython

    pythons = (Version("3.13"), Version("3.14"))
    python = ProjectPython(pythons, "lowest", "uv", "pyproject.toml requires-python", ">=3.13", pythons[0])
    assert python_source(python) == 'the lowest Python that pyproject.toml requires-python = ">=3.13" admits'
