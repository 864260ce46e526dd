"""`compat index ...` through the real CLI entry point, against the committed index, offline."""

from __future__ import annotations

import json

import pytest

from compat.cli import main
from compat.index.api import embedded_index_path

needs_index = pytest.mark.skipif(not embedded_index_path().is_file(), reason="no committed index")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@needs_index
def test_show_one_module_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "index",
        "show",
        "cdktf-cdktf-provider-aws==19.65.1",
        "s3_bucket_versioning",
        "--format",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["package", "version", "provider_version", "modules"]
    assert doc["package"] == "cdktf-cdktf-provider-aws" and doc["version"] == "19.65.1"
    assert doc["provider_version"] == "5.99.1"
    assert "S3BucketVersioningA" in doc["modules"]["s3_bucket_versioning"]
    assert "S3BucketVersioning" not in doc["modules"]["s3_bucket_versioning"]


@needs_index
def test_show_all_modules_has_root(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "index", "show", "cdktf-cdktf-provider-aws==9.0.52", "--format", "json", "--offline"
    )
    assert code == 0
    modules = json.loads(out)["modules"]
    assert "AwsProvider" in modules[""]
    assert {"s3", "vpc", "ec2"} <= set(modules)


@needs_index
def test_params_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "index",
        "params",
        "cdktf-cdktf-provider-aws==12.0.1",
        "route53_record.Route53Record",
        "--format",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["class"] == "Route53Record" and doc["tf_type"] == "aws_route53_record"
    assert doc["params"]["failover_routing_policy"] == {
        "shape": "block_single",
        "required": False,
        "struct": "Route53RecordFailoverRoutingPolicy",
        "js_name": "failoverRoutingPolicy",
    }
    assert doc["params"]["zone_id"]["required"] is True
    assert "count" in doc["meta_params"] and "count" not in doc["params"]
    assert "fqdn" in doc["properties"]


@needs_index
def test_params_of_a_struct_lists_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "index",
        "params",
        "cdktn-provider-aws==25.8.1",
        "dynamodb_table.DynamodbTableGlobalSecondaryIndex",
        "-f",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["params"]["hash_key"]["js_name"] == "hashKey"


@needs_index
def test_params_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "index", "params", "cdktf-cdktf-provider-aws==12.0.0", "route53_record.Route53Record"
    )
    assert code == 0
    assert "failover_routing_policy: block_list -> Route53RecordFailoverRoutingPolicy, optional" in out


@needs_index
def test_find_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "index", "find", "S3BucketVersioningA")
    assert code == 0
    assert "cdktf-cdktf-provider-aws s3_bucket_versioning: 10.0.0 .. 21.22.1" in out
    code, out, _ = _run(
        capsys, "index", "find", "AwsProvider", "--package", "cdktn-provider-aws", "--format", "json"
    )
    hits = json.loads(out)["hits"]
    assert {h["package"] for h in hits} == {"cdktn-provider-aws"}
    assert {h["module"] for h in hits} == {"provider"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "show", "cdktf-cdktf-provider-aws"], "bad release"),
        (["index", "show", "cdktf-cdktf-provider-aws=19.65.1"], "bad release"),
        (["index", "show", "==19.65.1"], "bad release"),
        (["index", "show", "requests==2.0"], "not a prebuilt provider package"),
        (["index", "show", "cdktf-cdktf-provider-aws==not.a.version"], "invalid version"),
        (["index", "params", "cdktf-cdktf-provider-aws==19.65.1", "s3_bucket_versioning."], "bad class"),
        (["index", "build", "--versions", " , "], "--versions is empty"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@needs_index
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "show", "cdktf-cdktf-provider-aws==19.65.1", "nope"], "has no module 'nope'"),
        (
            ["index", "params", "cdktf-cdktf-provider-aws==19.65.1", "s3_bucket_versioning.Nope"],
            "no class 'Nope'",
        ),
        (["index", "show", "cdktf-cdktf-provider-aws==0.0.1", "--offline"], "not in the symbol index"),
    ],
)
def test_unknown_names_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = _run(capsys, *args)
    assert code == 2 and message in err and err.count("\n") == 1


@needs_index
def test_show_and_params_by_typescript_names(capsys: pytest.CaptureFixture[str]) -> None:
    spec = "cdktf-cdktf-provider-aws==21.22.1"
    code, out, _ = _run(capsys, "index", "show", spec, "lib/lexv2models-bot", "-t", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["typescript"] == {
        "lexv2_models_bot": {"folder": "lib/lexv2models-bot", "namespace": "lexv2ModelsBot"}
    }
    code, out, _ = _run(
        capsys, "index", "params", spec, "lib/dynamodb-table.DynamodbTable", "-t", "--format", "json"
    )
    assert code == 0
    props = json.loads(out)["props"]
    assert props["pointInTimeRecovery"]["shape"] == "block_single" and "point_in_time_recovery" not in props
    code, out, _ = _run(capsys, "index", "show", "cdktf-cdktf-provider-aws==9.0.52", "ec2", "-t")
    assert code == 0 and out.splitlines()[1].startswith("ec2 [lib/ec2, namespace ec2]: ")
    code, _, err = _run(capsys, "index", "show", spec, "lib/lexv2-models-bot", "-t")
    assert code == 2 and "has no module 'lib/lexv2-models-bot'" in err
