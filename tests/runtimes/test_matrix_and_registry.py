"""`compat matrix` reaches the newest Terraform and lists OpenTofu; the OpenTofu registry is served."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from compat.cli import main
from compat.registry.http import HttpClient
from compat.registry.terraform import TerraformRegistryClient


def test_matrix_reaches_the_newest_terraform(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    minors = [row["terraform"] for row in document["rows"]]
    assert minors[0] == "0.12" and {"1.12", "1.13", "1.14", "1.15"} <= set(minors)
    assert document["cli"] == "terraform" and document["newest"]["source"].startswith("https://")


def test_matrix_opentofu(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--opentofu"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("opentofu")
    assert [line.split()[0] for line in lines[1:-1]] == [f"1.{n}" for n in range(6, 13)]
    assert lines[-1].startswith("newest OpenTofu the data names: 1.12.0 (https://")


@responses.activate
def test_opentofu_registry() -> None:
    url = "https://registry.opentofu.org/v1/providers/hashicorp/aws/versions"
    responses.get(url, json={"id": "hashicorp/aws", "versions": [{"version": "6.0.0", "protocols": ["5.0"]}]})
    client = TerraformRegistryClient(HttpClient(retries=0))
    versions = client.provider_versions_for_source("registry.opentofu.org/hashicorp/aws")
    assert [v.version for v in versions.versions] == ["6.0.0"]


def test_data_features_names_every_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "features"]) == 0
    lines = capsys.readouterr().out.splitlines()
    lockfile = next(line for line in lines if line.startswith("s3_backend_use_lockfile:"))
    assert "experimental from 1.10.0" in lockfile and "OpenTofu >= 1.10.0 (https://" in lockfile
    assert all("(https://" in line for line in lines)


def test_check_cli_takes_opentofu_and_node(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stack = tmp_path / "cdktf.out" / "stacks" / "s"
    stack.mkdir(parents=True)
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}')
    (stack / "cdk.tf.json").write_text('{"terraform": {"backend": {"s3": {"use_lockfile": true}}}}')
    args = ["check", str(tmp_path), "--offline", "--format", "json", "--node", "22.12.0"]
    assert main([*args, "--opentofu", "1.9.0"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["environment"]["cli"] == "opentofu" and document["environment"]["node_source"] == "--node"
    assert main([*args, "--opentofu", "1.10.0"]) == 0
    capsys.readouterr()
    assert main([*args, "--opentofu", "1.10.0", "--terraform", "1.10.0"]) == 2
