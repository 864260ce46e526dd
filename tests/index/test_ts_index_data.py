"""The TypeScript names in the committed index (``data/index.sqlite``), offline: the lookups a
TypeScript reader makes, on releases of both families and of every generator era."""

from __future__ import annotations

import pytest

from compat.index import indexed_versions
from compat.index.api import embedded_index_path
from compat.index.typescript import TsRelease, open_ts_release

pytestmark = pytest.mark.skipif(not embedded_index_path().is_file(), reason="no committed index")


def test_every_aws_release_of_both_families_has_its_typescript_layout() -> None:
    for package in ("@cdktf/provider-aws", "@cdktn/provider-aws"):
        versions = indexed_versions(package)
        missing = [v for v in versions if not open_ts_release(package, v).has_layout]
        assert missing == [], (package, missing[:5])


@pytest.mark.parametrize(
    ("package", "version", "path", "module"),
    [
        ("@cdktf/provider-aws", "21.22.1", "lib/s3-bucket", "s3_bucket"),
        ("@cdktf/provider-aws", "21.22.1", "lib/lexv2models-bot", "lexv2_models_bot"),
        ("@cdktf/provider-aws", "21.22.1", "lib/lexv2-models-bot", None),  # '-' for '_' is not the rule
        (
            "@cdktf/provider-aws",
            "10.0.2",
            "lib/route53domains-registered-domain",
            "route53_domains_registered_domain",
        ),
        ("@cdktf/provider-aws", "9.0.52", "lib/ec2", "ec2"),
        ("@cdktf/provider-aws", "9.0.52", "lib/s3-bucket", None),  # per service up to 9.x
        ("@cdktn/provider-aws", "25.8.1", "lib/route53domains-domain", "route53_domains_domain"),
        ("@cdktn/provider-aws", "25.8.1", "lib/provider", "provider"),
        ("@cdktf/provider-random", "12.0.1", "lib/string-resource", "string_resource"),
        ("@cdktn/provider-random", "15.0.1", "lib/password", "password"),
    ],
)
def test_module_by_import_path(package: str, version: str, path: str, module: str | None) -> None:
    assert open_ts_release(package, version).module(path) == module


def test_root_namespaces_of_both_layouts() -> None:
    assert open_ts_release("@cdktf/provider-aws", "9.0.52").namespace("ec2") == "ec2"
    assert open_ts_release("@cdktf/provider-aws", "21.22.1").namespace("s3Bucket") == "s3_bucket"
    old = open_ts_release("@cdktf/provider-aws", "2.0.13")  # namespaces without a folder
    assert old.namespace("APIGatewayV2") == "api_gateway_v2" and old.module("lib/api-gateway-v2") is None
    flat = open_ts_release("@cdktf/provider-aws", "2.0.12")  # one flat module: classes at the root
    assert flat.has_layout and flat.namespace("ec2") is None and "S3Bucket" in flat.root_classes()


def _prop(release: TsRelease, path: str, cls: str, prop: str) -> tuple[str, bool, str | None] | None:
    module = release.module(path)
    info = release.class_props(module, cls) if module is not None else None
    found = info.props.get(prop) if info is not None else None
    return (found.shape, found.required, found.struct) if found is not None else None


def test_props_by_typescript_name_with_required_and_block_shape() -> None:
    aws = open_ts_release("@cdktf/provider-aws", "21.22.1")
    assert _prop(aws, "lib/s3-bucket", "S3Bucket", "forceDestroy") == ("scalar", False, None)
    assert _prop(aws, "lib/s3-bucket", "S3Bucket", "force_destroy") is None  # Python spelling
    assert _prop(aws, "lib/dynamodb-table", "DynamodbTable", "pointInTimeRecovery") == (
        "block_single",
        False,
        "DynamodbTablePointInTimeRecovery",
    )
    assert _prop(aws, "lib/dynamodb-table", "DynamodbTable", "attribute")[0] == "block_list"  # type: ignore[index]
    assert _prop(aws, "lib/dynamodb-table", "DynamodbTable", "name") == ("scalar", True, None)
    table = aws.class_props("dynamodb_table", "DynamodbTable")
    assert table is not None and "dependsOn" in table.meta_props and "forEach" in table.meta_props
    nested = aws.class_props("dynamodb_table", "DynamodbTableAttribute")
    assert nested is not None and set(nested.props) == {"name", "type"}


def test_route53_routing_policy_became_a_single_block_in_12_0_1() -> None:
    before = open_ts_release("@cdktf/provider-aws", "12.0.0")
    after = open_ts_release("@cdktf/provider-aws", "12.0.1")
    path = "lib/route53-record"
    assert _prop(before, path, "Route53Record", "failoverRoutingPolicy")[0] == "block_list"  # type: ignore[index]
    assert _prop(after, path, "Route53Record", "failoverRoutingPolicy")[0] == "block_single"  # type: ignore[index]


def test_a_file_below_a_service_folder_belongs_to_that_submodule() -> None:
    aws9 = open_ts_release("@cdktf/provider-aws", "9.0.52")
    assert aws9.module("lib/ec2/instance") is None
    assert aws9.containing_module("lib/ec2/instance") == "ec2"
    assert aws9.containing_module("lib/ec2") == "ec2"
    assert aws9.containing_module("lib/nosuch/instance") is None
    assert "Instance" in (aws9.index.exports("ec2") or ())
