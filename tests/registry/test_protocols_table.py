"""Provider protocols read from the registry for the data (recorded answers), and VER004 using them."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import responses

from compat.databuild.protocols import read_protocols, wanted_versions
from compat.registry.http import HttpClient
from compat.registry.terraform import TerraformRegistryClient
from compat.versions.protocols_table import parse_protocol_table

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
AWS_URL = "https://registry.terraform.io/v1/providers/hashicorp/aws/versions"
AWS = "registry.terraform.io/hashicorp/aws"


@responses.activate
def test_the_protocols_of_the_versions_the_data_names() -> None:
    responses.get(AWS_URL, body=(FIXTURES / "terraform-hashicorp-aws-versions.json").read_text())
    wanted = wanted_versions([(AWS, "5.93.0"), (AWS, "9.9.9"), (None, "1.0"), (AWS, None)])
    table, problem = read_protocols(TerraformRegistryClient(HttpClient(retries=0)), wanted)
    assert problem is None and table is not None
    assert table["protocols"] == {AWS: {"5.93.0": ["5.0"]}}  # 9.9.9 is not listed: left out
    parsed = parse_protocol_table(table)
    assert parsed is not None and parsed.of(AWS, "5.93.0") == (("5.0",), AWS_URL)


@responses.activate
def test_an_unreachable_registry_is_one_sentence_and_no_table() -> None:
    responses.get(AWS_URL, body=requests.ConnectionError("connection refused"))
    table, problem = read_protocols(TerraformRegistryClient(HttpClient(retries=0)), {AWS: {"5.93.0"}})
    assert table is None and problem is not None and "cannot be read" in problem


def test_a_protocol_6_only_provider_needs_terraform_1_0_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compat.check.rules import ver004_terraform_protocol
    from tests.check.helpers import check, make_project

    table = parse_protocol_table({"protocols": {AWS: {"5.99.1": ["6.0"]}}, "sources": {AWS: AWS_URL}})
    monkeypatch.setattr(ver004_terraform_protocol, "load_provider_protocols", lambda: table)
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"}, terraform="0.15.5")
    [finding] = check(root, select=("VER004",)).findings
    assert "serves plugin protocol 6.0" in finding.message and ">= 1.0.3" in finding.message
    assert AWS_URL in finding.message
    fine = make_project(tmp_path / "q", {"main.py": "from cdktf import App\n"}, terraform="1.0.3")
    assert check(fine, select=("VER004",)).findings == ()
