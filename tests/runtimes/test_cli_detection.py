"""Which CLI (Terraform or OpenTofu) a project deploys with, and the source that said so."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.versions import detect_terraform


def _none(_: str) -> None:
    return None


def _cli(project: Path, env: dict[str, str] | None = None, **kw: Any) -> Any:
    kw.setdefault("which", _none)
    return detect_terraform(project, environ=env or {}, **kw)


def test_opentofu_flag(tmp_path: Path) -> None:
    (tmp_path / ".terraform-version").write_text("1.5.7\n")
    found = _cli(tmp_path, opentofu="1.9.0")
    assert (found.cli, found.version, found.source) == ("opentofu", Version("1.9.0"), "--opentofu")
    assert found.label == "OpenTofu"


def test_both_flags_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CompatError, match="exclude each other"):
        _cli(tmp_path, flag="1.9.0", opentofu="1.9.0")


def test_opentofu_version_file(tmp_path: Path) -> None:
    (tmp_path / ".opentofu-version").write_text("1.10.2\n")
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("opentofu", Version("1.10.2"))
    assert found.source.endswith(".opentofu-version")


def test_tool_versions_opentofu(tmp_path: Path) -> None:
    (tmp_path / ".tool-versions").write_text("python 3.12.1\nopentofu 1.8.3\n")
    found = _cli(tmp_path)
    assert (found.cli, str(found.version)) == ("opentofu", "1.8.3")


def test_binary_name_tofu_reads_only_opentofu_sources(tmp_path: Path) -> None:
    """cdktf runs OpenTofu with TERRAFORM_BINARY_NAME=tofu: a .terraform-version is not its version."""
    (tmp_path / ".terraform-version").write_text("1.5.7\n")
    (tmp_path / ".tool-versions").write_text("opentofu 1.7.1\n")
    found = _cli(tmp_path, {"TERRAFORM_BINARY_NAME": "tofu", "TF_VERSION": "1.5.7"})
    assert (found.cli, str(found.version)) == ("opentofu", "1.7.1")
    assert any("TERRAFORM_BINARY_NAME" in note for note in found.notes)


def test_binary_name_tofu_asks_tofu(tmp_path: Path) -> None:
    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        assert argv == ["/usr/bin/tofu", "version", "-json"]
        return subprocess.CompletedProcess(argv, 0, json.dumps({"terraform_version": "1.9.1"}), "")

    found = detect_terraform(
        tmp_path,
        environ={"TERRAFORM_BINARY_NAME": "tofu"},
        which=lambda name: f"/usr/bin/{name}" if name == "tofu" else None,
        run=run,
    )
    assert found is not None and (found.cli, str(found.version)) == ("opentofu", "1.9.1")
    assert "tofu version -json" in found.source


def test_binary_name_tofu_without_a_version_is_unknown(tmp_path: Path) -> None:
    (tmp_path / ".terraform-version").write_text("1.5.7\n")
    assert _cli(tmp_path, {"TERRAFORM_BINARY_NAME": "tofu"}) is None


def test_target_versions_opentofu_only(tmp_path: Path) -> None:
    (tmp_path / "cdktf.json").write_text(json.dumps({"targetVersions": {"opentofu": ">=1.8.0"}}))
    found = _cli(tmp_path)
    assert (found.cli, str(found.version)) == ("opentofu", "1.8.0")
    assert "targetVersions.opentofu" in found.source and "lower bound" in found.source


def test_target_versions_both_checks_terraform_and_says_so(tmp_path: Path) -> None:
    config = {"targetVersions": {"terraform": ">=1.5.7", "opentofu": ">=1.6.0"}}
    (tmp_path / "cdktf.json").write_text(json.dumps(config))
    found = _cli(tmp_path)
    assert (found.cli, str(found.version)) == ("terraform", "1.5.7")
    assert any("--opentofu" in note for note in found.notes)


def test_nearest_version_file_wins(tmp_path: Path) -> None:
    inner = tmp_path / "infra"
    inner.mkdir()
    (tmp_path / ".terraform-version").write_text("1.5.7\n")
    (inner / ".opentofu-version").write_text("1.11.0\n")
    assert _cli(inner).cli == "opentofu"
