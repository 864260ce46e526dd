"""``migrate --to cdktn-aws``: the naming map read from a jsii assembly, and the Python rewrite it drives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compat.databuild.grouped_aws import read_grouped_map, write_grouped_map
from compat.index.model import ClassInfo, MemoryReleaseIndex
from compat.migrations.grouped_map import GroupedLookup, load_grouped_map
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite.base import RewriteContext
from compat.migrations.rewrite.grouped import MoveToGrouped
from compat.migrations.rewrite.layout import KeepAlignment
from compat.migrations.rewrite.run import rewrite_source
from tests.conftest import indexed
from tests.migrations.fakes import p

URL = "https://registry.terraform.io/providers/hashicorp/aws/6.62.0/docs"
ASM = "@cdktn/aws"


def _class(service: str, name: str, link: str, config: str | None) -> dict[str, Any]:
    params: list[dict[str, Any]] = [{"name": "scope"}, {"name": "id"}]
    if config:
        params.append({"name": "config", "type": {"fqn": f"{ASM}.{service}.{config}"}})
    return {
        "kind": "class",
        "fqn": f"{ASM}.{service}.{name}",
        "docs": {"summary": f"Represents a {{@link {link}}}.", "stability": "experimental"},
        "initializer": {"parameters": params},
    }


def _struct(fqn: str, **props: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "interface",
        "datatype": True,
        "fqn": fqn,
        "properties": [{"name": n, "type": t} for n, t in props.items()],
    }


STRING = {"primitive": "string"}


def assembly() -> dict[str, Any]:
    cors = f"{ASM}.s3.AwsBucket.CorsRuleProperty"
    types = {
        f"{ASM}.s3.AwsBucket": _class(
            "s3", "AwsBucket", f"{URL}/resources/s3_bucket aws_s3_bucket", "AwsBucketConfig"
        ),
        f"{ASM}.s3.AwsBucketConfig": _struct(
            f"{ASM}.s3.AwsBucketConfig",
            bucket=STRING,
            forceDestroy=STRING,
            corsRule={
                "union": {
                    "types": [
                        {"fqn": "cdktn.IResolvable"},
                        {"collection": {"kind": "array", "elementtype": {"fqn": cors}}},
                    ]
                }
            },
        ),
        cors: _struct(cors, allowedMethods=STRING, maxAgeSeconds=STRING),
        f"{ASM}.s3.DataAwsBucket": _class(
            "s3", "DataAwsBucket", f"{URL}/data-sources/s3_bucket aws_s3_bucket", "DataAwsBucketConfig"
        ),
        f"{ASM}.s3.DataAwsBucketConfig": _struct(f"{ASM}.s3.DataAwsBucketConfig", bucket=STRING),
        f"{ASM}.lambda.AwsFunction": _class(
            "lambda",
            "AwsFunction",
            f"{URL}/resources/lambda_function aws_lambda_function",
            "AwsFunctionConfig",
        ),
        f"{ASM}.lambda.AwsFunctionConfig": _struct(f"{ASM}.lambda.AwsFunctionConfig", functionName=STRING),
        f"{ASM}.provider.AwsProvider": _class("provider", "AwsProvider", f"{URL} aws", "AwsProviderConfig"),
        f"{ASM}.provider.AwsProviderConfig": _struct(f"{ASM}.provider.AwsProviderConfig", region=STRING),
    }
    return {
        "name": ASM,
        "types": types,
        "dependencies": {"cdktn": "^0.24.0", "constructs": "^10.7.0"},
        "targets": {"python": {"module": "cdktn_aws"}, "js": {"npm": ASM}},
    }


def classic() -> MemoryReleaseIndex:
    classes = {
        ("s3_bucket", "S3Bucket"): ClassInfo(
            "S3Bucket",
            "construct",
            tf_type="aws_s3_bucket",
            params={
                "bucket": p("bucket"),
                "force_destroy": p("force_destroy"),
                "cors_rule": p("cors_rule", "block_list", struct="S3BucketCorsRule"),
            },
        ),
        ("s3_bucket", "S3BucketCorsRule"): ClassInfo(
            "S3BucketCorsRule", "struct", params={"allowed_methods": p("allowed_methods")}
        ),
        ("s3_bucket", "S3BucketConfig"): ClassInfo(
            "S3BucketConfig",
            "struct",
            params={
                "bucket": p("bucket"),
                "force_destroy": p("force_destroy"),
                "cors_rule": p("cors_rule", "block_list", struct="S3BucketCorsRule"),
            },
        ),
        ("data_aws_s3_bucket", "DataAwsS3Bucket"): ClassInfo(
            "DataAwsS3Bucket", "construct", tf_type="aws_s3_bucket", params={"bucket": p("bucket")}
        ),
        ("lambda_function", "LambdaFunction"): ClassInfo(
            "LambdaFunction",
            "construct",
            tf_type="aws_lambda_function",
            params={"function_name": p("function_name")},
        ),
        ("sqs_queue", "SqsQueue"): ClassInfo("SqsQueue", "construct", tf_type="aws_sqs_queue"),
        ("provider", "AwsProvider"): ClassInfo(
            "AwsProvider", "construct", tf_type="aws", params={"region": p("region")}
        ),
    }
    exports: dict[str, set[str]] = {"": set()}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
        exports[""].add(module)
    return MemoryReleaseIndex(
        "cdktn-provider-aws", "25.8.1", "6.69.1", {m: frozenset(n) for m, n in exports.items()}, classes
    )


@pytest.fixture
def lookup(tmp_path: Path) -> GroupedLookup:
    document = read_grouped_map(assembly(), version="0.3.0", requires_python=">=3.10")
    target = tmp_path / "grouped_aws.json"
    write_grouped_map(document, target)
    return GroupedLookup(classic(), load_grouped_map(target))


def rewrite(source: str, lookup: GroupedLookup) -> tuple[str, list[tuple[int, str]]]:
    index = lookup.index
    ctx = RewriteContext(Resolver(index, index), "cdktn_provider_aws", "cdktn_aws", path="main.py")
    result = rewrite_source(source, ctx, [MoveToGrouped(lookup), KeepAlignment()])
    return result.after, [(u.line, u.reason) for u in result.unresolved]


def test_the_map_is_read_from_the_assembly(tmp_path: Path) -> None:
    document = read_grouped_map(assembly(), version="0.3.0", requires_python=">=3.10")
    bucket = document["constructs"]["resource:aws_s3_bucket"]
    assert (bucket["service"], bucket["name"], bucket["config"]) == ("s3", "AwsBucket", "AwsBucketConfig")
    assert bucket["blocks"]["cors_rule"]["name"] == "AwsBucket.CorsRuleProperty"
    assert bucket["blocks"]["cors_rule"]["params"] == ["allowed_methods", "max_age_seconds"]
    assert document["constructs"]["data:aws_s3_bucket"]["name"] == "DataAwsBucket"
    assert document["constructs"]["resource:aws_lambda_function"]["service"] == "lambda_"  # a keyword
    assert document["constructs"]["provider:aws"]["name"] == "AwsProvider"
    assert (document["provider_version"], document["stability"]) == ("6.62.0", "experimental")
    target = tmp_path / "m.json"
    write_grouped_map(document, target)
    first = target.read_bytes()
    write_grouped_map(document, target)
    assert target.read_bytes() == first and json.loads(first)["constructs"] == document["constructs"]


def test_class_imports_move_with_their_uses_and_blocks(lookup: GroupedLookup) -> None:
    source = (
        "from cdktn_provider_aws.s3_bucket import S3Bucket, S3BucketCorsRule  # buckets\n"
        "from cdktn_provider_aws.provider import AwsProvider\n"
        "\n"
        "AwsProvider(self, 'aws', region='x')\n"
        "S3Bucket(self, 'b', cors_rule=[S3BucketCorsRule()])\n"
    )
    after, unresolved = rewrite(source, lookup)
    assert after == (
        "from cdktn_aws.s3 import AwsBucket  # buckets\n"
        "from cdktn_aws.provider import AwsProvider\n"
        "\n"
        "AwsProvider(self, 'aws', region='x')\n"
        "AwsBucket(self, 'b', cors_rule=[AwsBucket.CorsRuleProperty()])\n"
    )
    assert unresolved == []


def test_module_imports_become_service_modules(lookup: GroupedLookup) -> None:
    source = (
        "from cdktn_provider_aws import s3_bucket, data_aws_s3_bucket, lambda_function\n"
        "b = s3_bucket.S3Bucket(self, 'b', bucket='x', count=2)\n"
        "d = data_aws_s3_bucket.DataAwsS3Bucket(self, 'd', bucket=b.bucket)\n"
        "f = lambda_function.LambdaFunction(self, 'f', function_name='f')\n"
    )
    after, unresolved = rewrite(source, lookup)
    assert after == (
        "from cdktn_aws import lambda_, s3\n"
        "b = s3.AwsBucket(self, 'b', bucket='x', count=2)\n"
        "d = s3.DataAwsBucket(self, 'd', bucket=b.bucket)\n"
        "f = lambda_.AwsFunction(self, 'f', function_name='f')\n"
    )
    assert unresolved == []


def test_what_the_map_lacks_stays_and_is_listed_with_its_line(lookup: GroupedLookup) -> None:
    source = (
        "import os\n"
        "from cdktn_provider_aws.s3_bucket import S3Bucket\n"
        "from cdktn_provider_aws.sqs_queue import SqsQueue\n"
        "import cdktn_provider_aws.s3_bucket\n"
        "S3Bucket(self, 'b', website_domain='x')\n"
        "SqsQueue(self, 'q')\n"
    )
    after, unresolved = rewrite(source, lookup)
    assert after.splitlines()[1:3] == [
        "from cdktn_aws.s3 import AwsBucket",
        "from cdktn_provider_aws.sqs_queue import SqsQueue",
    ]
    assert "import cdktn_provider_aws.s3_bucket\n" in after
    lines = {line for line, _ in unresolved}
    assert lines == {3, 4, 5}
    reasons = " ".join(reason for _, reason in unresolved)
    assert "aws_sqs_queue (resource): no counterpart in cdktn-aws 0.3.0" in reasons
    assert "takes no keyword 'website_domain'" in reasons


def test_a_taken_name_is_aliased_and_an_alias_kept(lookup: GroupedLookup) -> None:
    source = (
        "from cdktn_provider_aws.s3_bucket import S3Bucket as Bucket\n"
        "from cdktn_provider_aws.data_aws_s3_bucket import DataAwsS3Bucket\n"
        "DataAwsBucket = 1\n"
        "Bucket(self, 'b')\n"
        "DataAwsS3Bucket(self, 'd')\n"
    )
    after, unresolved = rewrite(source, lookup)
    assert after == (
        "from cdktn_aws.s3 import AwsBucket as Bucket, DataAwsBucket as s3_DataAwsBucket\n"
        "DataAwsBucket = 1\n"
        "Bucket(self, 'b')\n"
        "s3_DataAwsBucket(self, 'd')\n"
    )
    assert unresolved == []


def test_a_config_struct_maps_to_the_grouped_config(lookup: GroupedLookup) -> None:
    assert lookup.find("s3_bucket", "S3BucketConfig") == lookup.grouped.config("resource", "aws_s3_bucket")
    assert isinstance(lookup.find("s3_bucket", "Nope"), str)


def test_the_shipped_map_is_cdktn_aws_and_says_it_is_an_alpha() -> None:
    grouped = load_grouped_map()
    assert grouped.package == "cdktn-aws" and grouped.stability == "experimental"
    bucket = grouped.construct("resource", "aws_s3_bucket")
    assert bucket is not None and (bucket.service, bucket.name) == ("s3", "AwsBucket")


def _project(tmp_path: Path, core: str = "0.24.0") -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python3 main.py"}\n')
    (tmp_path / "requirements.txt").write_text(f"cdktn=={core}\ncdktn-provider-aws==25.8.1\n")
    (tmp_path / "main.py").write_text(
        "from cdktn_provider_aws.s3_bucket import S3Bucket\nS3Bucket(self, 'b', bucket='x')\n"
    )
    return tmp_path


def test_migrate_to_cdktn_aws_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compat.cli import main

    root = _project(tmp_path)
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline", "--write"]) == 0
    err = capsys.readouterr().err
    assert "is an alpha" in err
    assert (
        root / "main.py"
    ).read_text() == "from cdktn_aws.s3 import AwsBucket\nAwsBucket(self, 'b', bucket='x')\n"
    assert (root / "requirements.txt").read_text() == "cdktn==0.24.0\ncdktn-aws==0.3.0\n"
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline"]) == 0  # a second run: nothing
    assert capsys.readouterr().out == ""


def test_migrate_to_cdktn_aws_needs_the_core_it_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from compat.cli import main

    root = _project(tmp_path, core="0.22.1")
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline"]) == 2
    assert "requires cdktn ^0.24.0" in capsys.readouterr().err
    assert "cdktn_provider_aws" in (root / "main.py").read_text()


def test_a_relative_project_path_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``migrate sub --write`` from the folder above: the changes are written, not refused as changed."""
    from compat.cli import main

    (tmp_path / ".git").mkdir()
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "cdktf.json").write_text('{"language": "python", "app": "python3 main.py"}\n')
    (sub / "requirements.txt").write_text("cdktf==0.21.0\ncdktf-cdktf-provider-aws==21.22.1\n")
    (sub / "main.py").write_text("from cdktf import App\nApp().synth()\n")
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", "sub", "--to", "cdktn", "--offline", "--write"]) in (0, 1)
    assert (sub / "main.py").read_text() == "from cdktn import App\nApp().synth()\n"


def test_a_constructs_pin_outside_the_grouped_range_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from compat.cli import main

    root = _project(tmp_path)
    (root / "requirements.txt").write_text("cdktn==0.24.0\ncdktn-provider-aws==25.8.1\nconstructs==10.6.0\n")
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline"]) == 1
    assert (
        "requirements.txt:3: constructs: cdktn-aws 0.3.0 requires constructs ^10.7.0"
        in capsys.readouterr().err
    )


def test_cdktf_json_is_left_as_it_is(tmp_path: Path) -> None:
    """A project that also generates AWS bindings keeps its terraformProviders entry."""
    from compat.cli import main

    root = _project(tmp_path)
    config = (
        '{"language": "python", "app": "python3 main.py", "terraformProviders": ["hashicorp/aws@~> 6.58"]}\n'
    )
    (root / "cdktf.json").write_text(config)
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline", "--write"]) == 0
    assert (root / "cdktf.json").read_text() == config
    assert "cdktn-aws==0.3.0" in (root / "requirements.txt").read_text()


@pytest.mark.skipif(
    not indexed("cdktn-aws", "0.3.0") or not indexed("cdktn-provider-aws", "25.8.1"), reason="not indexed"
)
def test_the_moved_code_is_checked_against_the_grouped_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cdktn-provider-aws 25.8.1 (AWS 6.69.1) has ``DbInstance.warning_event_categories``; cdktn-aws 0.3.0
    (AWS 6.62.0) does not (its wheel's ``cdktn_aws/rds/__init__.py`` never names it): the read the map
    moved is listed with its line; an error the project has today (``nonexistent_attr``) is not."""
    from compat.cli import main

    root = _project(tmp_path)
    (root / "main.py").write_text(
        "from cdktn_provider_aws.db_instance import DbInstance\n"
        "db = DbInstance(self, 'd', instance_class='db.t3.micro')\n"
        "print(db.warning_event_categories)\n"
        "print(db.nonexistent_attr)\n"
    )
    assert main(["migrate", str(root), "--to", "cdktn-aws", "--offline", "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)["unresolved"]
    assert [(i["line"], i["symbol"]) for i in items] == [(3, "AwsDbInstance.warning_event_categories")]
    assert "has no attribute warning_event_categories in cdktn-aws 0.3.0" in items[0]["reason"]
