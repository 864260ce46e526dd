from __future__ import annotations

from pathlib import Path

import pytest
import responses
from registry.rangeserver import serve

from compat.databuild.jsii import generator_metadata, read_package_json
from compat.databuild.metadata import (
    described_provider,
    metadata_member,
    normalize_requirement,
    parse_metadata,
)
from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.wheel import RemoteWheel
from databuild.wheels import wheel

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
URL = "https://files.example.org/packages/w.whl"


def test_old_style_requires_dist_is_normalized() -> None:
    meta = parse_metadata((FIXTURES / "METADATA-cdktf-cdktf-provider-aws-9.0.52").read_text(), "cdktf")
    assert meta.version == "9.0.52"
    assert meta.core_requirement == "cdktf<0.14.0,>=0.12.2"  # written "cdktf (<0.14.0,>=0.12.2)"
    assert meta.constructs_requirement == "constructs<11.0.0,>=10.0.0"
    assert meta.requires_python == "~=3.7"


def test_cdktn_metadata() -> None:
    meta = parse_metadata((FIXTURES / "METADATA-cdktn-provider-aws-25.8.1").read_text(), "cdktn")
    assert meta.core_requirement == "cdktn<0.25.0,>=0.24.0"
    assert meta.requires_python == ">=3.10"


def test_the_readme_heading_states_the_provider_version() -> None:
    meta = parse_metadata((FIXTURES / "METADATA-cdktn-provider-aws-25.8.1").read_text(), "cdktn")
    assert (meta.provider_source, meta.provider_version) == ("registry.terraform.io/hashicorp/aws", "6.69.1")
    assert meta.deprecated is False
    old = parse_metadata((FIXTURES / "METADATA-cdktf-cdktf-provider-aws-9.0.52").read_text(), "cdktf")
    assert old.provider_version is None  # "# Terraform CDK aws Provider ~> 4.0": a constraint only


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (
            "# CDKTF prebuilt bindings for hashicorp/aws provider version 5.99.1\n",
            ("registry.terraform.io/hashicorp/aws", "5.99.1"),
        ),
        (
            "\n# CDKTN prebuilt bindings for hashicorp/aws provider version 6.69.1\n\nThis repo",
            ("registry.terraform.io/hashicorp/aws", "6.69.1"),
        ),
        ("# Terraform CDK aws Provider ~> 4.0\n", None),
        ("# Terraform CDK aws Provider tracks ~> 3.0\n", None),
    ],
)
def test_described_provider(heading: str, expected: tuple[str, str] | None) -> None:
    assert described_provider(heading) == expected


def test_the_deprecated_section_marks_a_release_deprecated() -> None:
    text = (FIXTURES / "METADATA-cdktn-provider-aws-25.8.1").read_text() + "\n## Deprecated Packages\n\nx\n"
    assert parse_metadata(text, "cdktn").deprecated is True


def test_metadata_without_name_is_rejected() -> None:
    with pytest.raises(RegistryError):
        parse_metadata("Metadata-Version: 2.1\n\nbody", None)


def test_metadata_member_is_the_top_level_dist_info_one() -> None:
    names = ["pkg/__init__.py", "pkg-1.0.dist-info/METADATA", "pkg/vendored/x-1.dist-info/METADATA"]
    assert metadata_member(names) == "pkg-1.0.dist-info/METADATA"
    with pytest.raises(RegistryError):
        metadata_member(["pkg/__init__.py"])


def test_normalize_requirement_keeps_unparsable_lines() -> None:
    assert normalize_requirement("cdktf (>=0.21.0,<0.22.0)") == "cdktf<0.22.0,>=0.21.0"
    assert normalize_requirement(None) is None


# from package/lib/.../api-gateway-documentation-version.js in the jsii tarball of 7.0.35
REAL_JS = b"""        super(scope, id, {
            terraformResourceType: 'aws_api_gateway_documentation_version',
            terraformGeneratorMetadata: {
                providerName: 'aws',
                providerVersion: '4.11.0',
                providerVersionConstraint: '~> 4.0'
            },
            provider: config.provider,"""


def test_generator_metadata_of_generated_javascript() -> None:
    assert generator_metadata(REAL_JS) == {
        "providerName": "aws",
        "providerVersion": "4.11.0",
        "providerVersionConstraint": "~> 4.0",
    }
    assert generator_metadata(b"terraformGeneratorMetadata: {\n providerName: 'aws'\n }") == {
        "providerName": "aws"
    }
    assert generator_metadata(b"no metadata here") is None


@responses.activate
def test_package_json_is_streamed_from_behind_the_jsii_assembly() -> None:
    package_json = {
        "name": "@cdktf/provider-aws",
        "version": "10.0.2",
        "cdktf": {"provider": {"name": "registry.terraform.io/hashicorp/aws", "version": "4.33.0"}},
    }
    blob = wheel("cdktf-cdktf-provider-aws", "10.0.2", package_json, js=REAL_JS)
    serve(responses.mock, URL, blob)
    document = read_package_json(RemoteWheel(HttpClient(retries=0), URL))
    assert document["cdktf"]["provider"]["version"] == "4.33.0"
    assert document["terraformGeneratorMetadata"]["providerVersion"] == "4.11.0"


@responses.activate
def test_a_wheel_without_a_jsii_tarball_is_a_registry_error() -> None:
    serve(responses.mock, URL, (FIXTURES / "cdktn-0.0.1-py3-none-any.whl").read_bytes())
    with pytest.raises(RegistryError, match="_jsii"):
        read_package_json(RemoteWheel(HttpClient(retries=0), URL))
