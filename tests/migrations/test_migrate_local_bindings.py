"""``compat migrate`` keeps a cdktf.json entry whose generated bindings (``imports.aws``) are imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main
from tests.conftest import indexed

CDKTF = "cdktf-cdktf-provider-aws"
needs_index = pytest.mark.skipif(not indexed(CDKTF, "19.65.1", "21.22.1"), reason="not indexed")

CONFIG = (
    '{\n  "language": "python",\n  "terraformProviders": ["hashicorp/aws@~>5.0"],\n'
    '  "codeMakerOutput": "imports"\n}\n'
)


def _project(root: Path, main_py: str) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(CONFIG)
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-aws = "==19.65.1"\n')
    (root / "main.py").write_text(main_py)
    return root


@needs_index
def test_entry_of_imported_local_bindings_stays_with_the_target_provider(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", "from cdktf import App\nfrom imports.aws.vpc import Vpc\n")
    assert main(["migrate", str(project), "--to", "21.22.1", "--write", "--format", "json", "--offline"]) == 0
    payload = json.loads(capsys.readouterr().out)
    config = json.loads((project / "cdktf.json").read_text())
    assert config["terraformProviders"] == ["hashicorp/aws@~> 6.25"]
    assert any("kept 'hashicorp/aws@~>5.0'" in n and "main.py:2" in n for n in payload["notes"])
    assert (project / "main.py").read_text().endswith("from imports.aws.vpc import Vpc\n")


@needs_index
def test_entry_goes_when_only_the_prebuilt_bindings_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", "from cdktf_cdktf_provider_aws.vpc import Vpc\n")
    assert main(["migrate", str(project), "--to", "21.22.1", "--write", "--offline"]) == 0
    assert json.loads((project / "cdktf.json").read_text())["terraformProviders"] == []


def test_a_local_bindings_project_without_a_release_is_pointed_at_to_prebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "app"
    root.mkdir()
    (root / "cdktf.json").write_text(
        '{"language": "python", "app": "python main.py", '
        '"codeMakerOutput": "imports", "terraformProviders": ["aws@~> 5.0"]}\n'
    )
    (root / "Pipfile").write_text('[packages]\ncdktf = "*"\n')
    (root / "main.py").write_text("from imports.aws.vpc import Vpc\n")
    assert main(["migrate", str(root), "--to", "21.22.1", "--offline"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "--to-prebuilt converts them" in line
