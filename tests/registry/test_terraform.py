from __future__ import annotations

from pathlib import Path

import pytest
import responses

from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.terraform import (
    Platform,
    TerraformRegistryClient,
    min_terraform_for_protocols,
    sort_versions,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
AWS_URL = "https://registry.terraform.io/v1/providers/hashicorp/aws/versions"
RANDOM_URL = "https://registry.terraform.io/v1/providers/hashicorp/random/versions"


@responses.activate
def test_recorded_aws_versions() -> None:
    responses.get(AWS_URL, body=(FIXTURES / "terraform-hashicorp-aws-versions.json").read_text())
    client = TerraformRegistryClient(HttpClient(retries=0))
    versions = client.provider_versions_for_source("registry.terraform.io/hashicorp/aws")
    assert versions.id == "hashicorp/aws"
    row = versions.get("5.93.0")
    assert row is not None
    assert row.protocols == ("5.0",)
    assert Platform("linux", "amd64") in row.platforms
    assert row.min_terraform == "0.12.0"  # the AWS provider speaks protocol 5


@responses.activate
def test_documented_example_and_protocol_floors() -> None:
    responses.get(RANDOM_URL, body=(FIXTURES / "terraform-hashicorp-random-versions-docs.json").read_text())
    versions = TerraformRegistryClient(HttpClient(retries=0)).provider_versions("hashicorp", "random")
    assert versions.id == "hashicorp/random"  # the documented answer has no id: taken from the request
    assert [v.version for v in sort_versions(versions.versions)] == ["2.0.0", "2.0.1"]
    assert versions.versions[0].protocols == ("4.0", "5.1")
    assert versions.versions[0].min_terraform == "0.12.0"  # 4.0 is unknown here, 5.1 needs 0.12


@pytest.mark.parametrize(
    ("protocols", "expected"),
    [(["5.0"], "0.12.0"), (["6.0"], "1.0.3"), (["5.0", "6.0"], "0.12.0"), (["4.0"], None), ([], None)],
)
def test_min_terraform_for_protocols(protocols: list[str], expected: str | None) -> None:
    assert min_terraform_for_protocols(protocols) == expected


@pytest.mark.parametrize("source", ["hashicorp/aws", "aws", "registry.terraform.io/hashicorp/aws"])
@responses.activate
def test_source_addresses(source: str) -> None:
    responses.get(AWS_URL, body=(FIXTURES / "terraform-hashicorp-aws-versions.json").read_text())
    assert (
        TerraformRegistryClient(HttpClient(retries=0)).provider_versions_for_source(source).id
        == "hashicorp/aws"
    )


def test_other_hosts_are_refused() -> None:
    with pytest.raises(RegistryError, match="only registry.terraform.io"):
        TerraformRegistryClient(HttpClient(offline=True)).provider_versions_for_source("example.com/a/b")


@pytest.mark.parametrize(
    "body",
    [
        '{"versions": {}}',
        '{"versions": [{"protocols": ["5.0"]}]}',
        '{"versions": [{"version": "1.0.0", "platforms": [{"os": "linux"}]}]}',
        '{"versions": [',
        "Not Found",
    ],
)
@responses.activate
def test_malformed_answers_are_rejected(body: str) -> None:
    responses.get(AWS_URL, body=body)
    with pytest.raises(RegistryError, match="registry.terraform.io"):
        TerraformRegistryClient(HttpClient(retries=0)).provider_versions("hashicorp", "aws")


@pytest.mark.network
def test_live_terraform_registry() -> None:
    try:
        versions = TerraformRegistryClient(HttpClient(retries=1)).provider_versions("hashicorp", "aws")
    except RegistryError as error:  # not reachable from the build machines
        pytest.skip(str(error))
    assert versions.get("6.0.0") is not None
