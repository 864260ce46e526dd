"""``compat migrate`` keeps a cdktf.json entry whose generated bindings (``imports.aws``) are imported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from compat.cli import main
from compat.errors import CompatError
from compat.index import indexed_versions


def _indexed(*versions: str) -> bool:
    try:
        have = set(indexed_versions("cdktf-cdktf-provider-aws"))
    except (CompatError, sqlite3.Error):
        return False
    return all(v in have for v in versions)


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


@pytest.mark.skipif(not _indexed("19.65.1", "21.22.1"), reason="real index of 19.65.1/21.22.1 not built")
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


@pytest.mark.skipif(not _indexed("19.65.1", "21.22.1"), reason="real index of 19.65.1/21.22.1 not built")
def test_entry_goes_when_only_the_prebuilt_bindings_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", "from cdktf_cdktf_provider_aws.vpc import Vpc\n")
    assert main(["migrate", str(project), "--to", "21.22.1", "--write", "--offline"]) == 0
    assert json.loads((project / "cdktf.json").read_text())["terraformProviders"] == []
