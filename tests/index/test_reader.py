"""The targeted reader against recorded real modules of every generator era, and against ``ast``."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.index.reader import classify, read_module
from tests.index.ast_reference import read_module_ast

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "index"
ALL = sorted(p.name for p in FIXTURES.glob("*.py.txt"))


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_fixtures_are_recorded() -> None:
    assert len(ALL) >= 12


@pytest.mark.parametrize("name", ALL)
def test_reader_equals_ast(name: str) -> None:
    source = _read(name)
    fast, slow = read_module(source), read_module_ast(source)
    assert fast.exports == slow.exports
    assert fast.classes == slow.classes
    assert fast.classes, "every fixture keeps at least one class"


def test_s3_bucket_versioning_exports_the_a_class() -> None:
    info = read_module(_read("cdktf-19.65.1-s3_bucket_versioning.py.txt"))
    assert "S3BucketVersioningA" in info.exports
    assert "S3BucketVersioning" not in info.exports
    cls = info.classes["S3BucketVersioningA"]
    assert cls.kind == "construct"
    assert cls.tf_type == "aws_s3_bucket_versioning"
    block = cls.params["versioning_configuration"]
    assert (block.shape, block.required, block.struct) == (
        "block_single",
        True,
        "S3BucketVersioningVersioningConfiguration",
    )
    assert (
        info.classes["S3BucketVersioningVersioningConfiguration"].params["mfa_delete"].js_name == "mfaDelete"
    )
    assert cls.meta_params == (
        "connection",
        "count",
        "depends_on",
        "for_each",
        "lifecycle",
        "provider",
        "provisioners",
    )
    assert "connection" not in cls.params
    assert info.provider_version == "5.99.1"


@pytest.mark.parametrize(
    ("fixture", "shape"),
    [
        ("cdktf-12.0.0-route53_record.py.txt", "block_list"),
        ("cdktf-12.0.1-route53_record.py.txt", "block_single"),
        ("cdktn-25.8.1-route53_record.py.txt", "block_single"),
    ],
)
def test_route53_failover_routing_policy_shape(fixture: str, shape: str) -> None:
    param = read_module(_read(fixture)).classes["Route53Record"].params["failover_routing_policy"]
    assert param.shape == shape
    assert param.struct == "Route53RecordFailoverRoutingPolicy"
    assert param.js_name == "failoverRoutingPolicy"


@pytest.mark.parametrize(
    ("fixture", "shape"),
    [
        # the 2021 generator wrote every block as a list, max_items=1 or not
        ("cdktf-1.0.40-root.py.txt", "block_list"),
        ("cdktf-9.0.52-dynamodb.py.txt", "block_single"),
        ("cdktf-21.22.1-dynamodb_table.py.txt", "block_single"),
    ],
)
def test_dynamodb_point_in_time_recovery(fixture: str, shape: str) -> None:
    param = read_module(_read(fixture)).classes["DynamodbTable"].params["point_in_time_recovery"]
    assert (param.shape, param.struct) == (shape, "DynamodbTablePointInTimeRecovery")


def test_lambda_function_has_no_code_parameter() -> None:
    params = read_module(_read("cdktf-12.0.13-lambda_function.py.txt")).classes["LambdaFunction"].params
    assert "code" not in params
    assert {"filename", "s3_bucket", "s3_key", "image_uri"} <= set(params)
    assert params["function_name"].required and params["role"].required


@pytest.mark.parametrize(("fixture", "present"), [("19.52.0", False), ("19.53.0", True)])
def test_rds_cluster_master_password_wo(fixture: str, present: bool) -> None:
    info = read_module(_read(f"cdktf-{fixture}-rds_cluster.py.txt"))
    assert ("master_password_wo" in info.classes["RdsCluster"].params) is present
    assert info.provider_version == ("5.87.0" if present else "5.86.0")


def test_data_source_properties() -> None:
    cls = read_module(_read("cdktf-21.22.1-data_aws_availability_zones.py.txt")).classes[
        "DataAwsAvailabilityZones"
    ]
    assert cls.tf_type == "aws_availability_zones"
    assert "names" in cls.properties
    assert "names_fqn" not in cls.properties
    assert cls.params["filter"].shape == "block_list"
    assert cls.params["exclude_names"].shape == "scalar_list"


def test_provider_in_9x_root() -> None:
    info = read_module(_read("cdktf-9.0.52-root.py.txt"))
    provider = info.classes["AwsProvider"]
    assert provider.kind == "construct" and provider.tf_type == "aws"
    assert provider.meta_params == ()  # a provider's alias is its own parameter, not a meta-argument
    assert provider.params["assume_role"].shape == "block_single"


def test_oldest_flat_module() -> None:
    info = read_module(_read("cdktf-1.0.40-root.py.txt"))
    analyzer = info.classes["AccessanalyzerAnalyzer"]
    assert analyzer.kind == "construct"
    assert analyzer.tf_type is None  # the 2021 generator wrote no docstrings
    assert analyzer.meta_params == ("count", "depends_on", "lifecycle", "provider")
    assert analyzer.params["tags"].shape == "map"
    # a short signature on one line: def __init__(self, *, create: ... = None) -> None:
    timeouts = info.classes["AcmCertificateValidationTimeouts"]
    assert timeouts.kind == "struct"
    assert list(timeouts.params) == ["create"]
    assert not timeouts.params["create"].required


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("builtins.str", ("scalar", None)),
        ("typing.Optional[typing.Union[builtins.bool, _cdktf_9a9027ec.IResolvable]]", ("scalar", None)),
        ("typing.Optional[typing.Sequence[builtins.str]]", ("scalar_list", None)),
        ("typing.Optional[typing.Mapping[builtins.str, builtins.str]]", ("map", None)),
        ("typing.Any", ("any", None)),
        ('typing.Union["S", typing.Dict[builtins.str, typing.Any]]', ("block_single", "S")),
        ("typing.Optional[typing.Union['S', typing.Dict[str, typing.Any]]]", ("block_single", "S")),
        (
            'typing.Optional[typing.Union[_cdktf_9a9027ec.IResolvable, typing.Sequence[typing.Union["S", '
            "typing.Dict[builtins.str, typing.Any]]]]]",
            ("block_list", "S"),
        ),
        ('typing.Optional[typing.Sequence["S"]]', ("block_list", "S")),
        ('typing.Optional["S"]', ("block_single", "S")),
        ('typing.Optional["NotAStruct"]', ("scalar", None)),
    ],
)
def test_classify(annotation: str, expected: tuple[str, str | None]) -> None:
    assert classify(annotation, {"S"}) == expected


def test_module_without_all_reads_classes() -> None:
    info = read_module("class Foo(\n    object,\n):\n    pass\n")
    assert info.exports == ()
    assert info.classes["Foo"].kind == "other"
