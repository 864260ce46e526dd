"""A move drops a cdktf.json ``terraformProviders`` entry of another provider when the prebuilt package
it moves brings that provider at a version the entry rejects and no code imports what ``cdktf get``
generates from it (one source of truth, as ``compat pin`` leaves it); otherwise the entry stays.
Real releases: cdktf-cdktf-provider-azurerm 7.0.3 (azurerm 3.x) moves to cdktn-provider-azurerm
15.0.0 (azurerm 4.60.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main

ENTRY = "hashicorp/azurerm@~> 3.55"


def _project(root: Path, code: str, aws: bool, **more: str) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps({"language": "python", "app": "python main.py", "terraformProviders": [ENTRY], **more})
        + "\n"
    )
    aws_pin = "cdktf-cdktf-provider-aws==19.65.1\n" if aws else ""
    (root / "requirements.txt").write_text(f"cdktf==0.20.11\n{aws_pin}cdktf-cdktf-provider-azurerm==7.0.3\n")
    (root / "main.py").write_text(code)
    return root


@pytest.mark.parametrize("aws", [False, True])
def test_an_entry_the_moved_package_contradicts_is_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], aws: bool
) -> None:
    code = "from cdktf_cdktf_provider_azurerm.provider import AzurermProvider\n"
    main(["migrate", str(_project(tmp_path / "p", code, aws)), "--to", "cdktn", "--offline"])
    captured = capsys.readouterr()
    assert (
        f'-{{"language": "python", "app": "python main.py", "terraformProviders": ["{ENTRY}"]}}'
        in captured.out
    )
    assert '+{"language": "python", "app": "python main.py", "terraformProviders": []}' in captured.out
    assert (
        f"removed '{ENTRY}' from terraformProviders: the prebuilt package cdktn-provider-azurerm"
        in captured.err
    )


def test_an_entry_whose_generated_bindings_the_code_imports_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = "from imports.azurerm.resource_group import ResourceGroup\n"
    project = _project(tmp_path / "p", code, False, codeMakerOutput="imports")
    main(["migrate", str(project), "--to", "cdktn", "--offline"])
    assert "terraformProviders" not in capsys.readouterr().out
