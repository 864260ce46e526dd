from __future__ import annotations

from pathlib import Path

import pytest
import responses

from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient, provider_fields

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
CDKTF_URL = "https://registry.npmjs.org/@cdktf%2Fprovider-aws"
CDKTN_URL = "https://registry.npmjs.org/@cdktn%2Fprovider-aws"


def test_scoped_names_are_escaped() -> None:
    assert NpmClient(HttpClient()).packument_url("@cdktf/provider-aws") == CDKTF_URL


@responses.activate
def test_cdktf_packument_provider_versions_and_deprecation() -> None:
    responses.get(CDKTF_URL, body=(FIXTURES / "npm-cdktf-provider-aws.json").read_text())
    packument = NpmClient(HttpClient(retries=0)).packument("@cdktf/provider-aws")
    assert sorted(packument.versions) == ["10.0.1", "21.22.1", "9.0.52"]
    old = packument.get("9.0.52")
    assert old is not None
    assert (old.provider_source, old.provider_version) == ("registry.terraform.io/hashicorp/aws", "4.33.0")
    assert not old.deprecated
    last = packument.get("21.22.1")
    assert last is not None and last.provider_version == "6.25.0"
    assert last.deprecated  # cdktf.isDeprecated: the family is archived
    assert last.peer_dependencies["cdktf"] == "^0.21.0"
    assert packument.get("10.0.2") is None  # one of the releases npm never had


@responses.activate
def test_cdktn_packument_reads_the_cdktn_block() -> None:
    responses.get(CDKTN_URL, body=(FIXTURES / "npm-cdktn-provider-aws.json").read_text())
    packument = NpmClient(HttpClient(retries=0)).packument("@cdktn/provider-aws")
    assert len(packument.versions) == 4
    entry = packument.get("25.7.0")
    assert entry is not None
    assert entry.provider_version == "6.66.0"
    assert entry.peer_dependencies["cdktn"] == "^0.24.0"


def test_provider_fields_prefers_cdktn_and_reads_old_style_blocks() -> None:
    both = {
        "cdktf": {"provider": {"name": "a/b", "version": "1.0.0"}},
        "cdktn": {"provider": {"name": "registry.terraform.io/hashicorp/aws", "version": "6.69.1"}},
    }
    assert provider_fields(both) == ("registry.terraform.io/hashicorp/aws", "6.69.1", False)
    assert provider_fields({"name": "@cdktf/provider-aws"}) == (None, None, False)


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "@cdktf/provider-aws", "versions": []}',
        '{"name": "@cdktf/provider-aws", "versions": {"1.0.0": 3}}',
        "<html>rate limited</html>",
        '{"name": "@cdktf/provider-aws", "versions": {',
    ],
    ids=["versions-not-object", "version-not-object", "html", "truncated"],
)
@responses.activate
def test_malformed_packuments_are_rejected(body: str) -> None:
    responses.get(CDKTF_URL, body=body)
    with pytest.raises(RegistryError, match="registry.npmjs.org"):
        NpmClient(HttpClient(retries=0)).packument("@cdktf/provider-aws")


@pytest.mark.network
def test_live_npm_packument() -> None:
    packument = NpmClient(HttpClient()).packument("@cdktf/provider-aws")
    entry = packument.get("21.0.0")
    assert entry is not None and entry.provider_version == "6.0.0"
