"""``migrate --to cdktn`` of ``import * as aws from "@cdktf/provider-aws"`` with uses through the
per-service namespaces of the releases up to 9.x (``aws.s3.S3Bucket``): each use is written through the
namespace the target has for it (``aws.s3Bucket.S3Bucket``), as the Python rewrite writes
``aws.s3.S3Bucket`` as ``aws.s3_bucket.S3Bucket``; and the moved code's items of a TypeScript project
name what the target has instead, from the same rename graph as Python's (:func:`ts_instead`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.check.model import Finding
from compat.cli import main
from compat.index.model import ClassInfo, MemoryReleaseIndex, Param
from compat.index.tslayout import TsModule
from compat.index.typescript import TsRelease
from compat.migrations.resolve import Resolver
from compat.migrations.target_api import ts_instead
from compat.migrations.ts_imports import CoreMove, FileMove, ProviderMove, move_imports
from compat.typescript.syntax.spans import member_paths
from tests.conftest import indexed

CORE = CoreMove("cdktf", "cdktn")


def _construct(name: str, tf_type: str, *params: str) -> ClassInfo:
    return ClassInfo(name, "construct", tf_type, {p: Param(p, "scalar", False, None, p) for p in params})


def _release(
    package: str, version: str, classes: dict[tuple[str, str], ClassInfo], layout: list[TsModule]
) -> TsRelease:
    exports: dict[str, frozenset[str]] = {"": frozenset(m.namespace for m in layout)}
    for module, name in classes:
        exports[module] = exports.get(module, frozenset()) | {name}
    index = MemoryReleaseIndex(package, version, None, exports, classes)
    return TsRelease(index, {m.key: m for m in layout})


#: 9.x: one namespace per service (``s3`` holds the bucket and the object), the provider at the root
SOURCE = _release(
    "cdktf-cdktf-provider-aws",
    "9.0.52",
    {
        ("", "AwsProvider"): _construct("AwsProvider", "aws", "region"),
        ("s3", "S3Bucket"): _construct("S3Bucket", "aws_s3_bucket", "bucket"),
        ("s3", "S3Object"): _construct("S3Object", "aws_s3_object", "key"),
        ("s3", "S3Gone"): _construct("S3Gone", "aws_s3_gone", "key"),
        ("eip", "Eip"): _construct("Eip", "aws_eip", "vpc", "domain"),
    },
    [TsModule("s3", "s3", "lib/s3"), TsModule("eip", "eip", "lib/eip")],
)
#: 23.x: one namespace per resource
TARGET = _release(
    "cdktn-provider-aws",
    "23.0.0",
    {
        ("provider", "AwsProvider"): _construct("AwsProvider", "aws", "region"),
        ("s3_bucket", "S3Bucket"): _construct("S3Bucket", "aws_s3_bucket", "bucket"),
        ("s3_object", "S3Object"): _construct("S3Object", "aws_s3_object", "key"),
        ("eip", "Eip"): _construct("Eip", "aws_eip", "domain"),
    },
    [
        TsModule("provider", "provider", "lib/provider"),
        TsModule("s3_bucket", "s3Bucket", "lib/s3-bucket"),
        TsModule("s3_object", "s3Object", "lib/s3-object"),
        TsModule("eip", "eip", "lib/eip"),
    ],
)
MOVE = ProviderMove(
    "@cdktf/provider-aws",
    "@cdktn/provider-aws",
    "@cdktn/provider-aws 23.0.0",
    SOURCE,
    TARGET,
    Resolver(SOURCE.index, TARGET.index),
)


def _move(text: str, move: ProviderMove = MOVE) -> FileMove:
    return move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])


def test_each_use_through_a_service_namespace_is_written_through_the_targets_namespace() -> None:
    text = (
        'import * as aws from "@cdktf/provider-aws";\r\n'
        'const b: aws.s3.S3Bucket = new aws.s3.S3Bucket(this, "b", { bucket: "x" });\r\n'
        "class O extends aws.s3\r\n"
        "  .S3Object {}\r\n"
        'new aws.AwsProvider(this, "aws", {});\r\n'
    )
    moved = _move(text)
    assert moved.unresolved == ()
    assert moved.after.decode() == (
        'import * as aws from "@cdktn/provider-aws";\r\n'
        'const b: aws.s3Bucket.S3Bucket = new aws.s3Bucket.S3Bucket(this, "b", { bucket: "x" });\r\n'
        "class O extends aws.s3Object\r\n"
        "  .S3Object {}\r\n"  # the bytes between the names are kept
        'new aws.AwsProvider(this, "aws", {});\r\n'  # a root class: the moved code's item names it
    )


def test_a_class_the_target_lacks_is_listed_with_its_line_and_the_others_move() -> None:
    text = (
        'import * as aws from "@cdktf/provider-aws";\n'
        'new aws.s3.S3Bucket(this, "b", {});\n'
        'new aws.s3.S3Gone(this, "g", {});\n'
    )
    moved = _move(text)
    assert moved.after.decode().splitlines()[1:] == [
        'new aws.s3Bucket.S3Bucket(this, "b", {});',
        'new aws.s3.S3Gone(this, "g", {});',
    ]
    [item] = moved.unresolved
    assert (item.line, item.symbol) == (3, "aws.s3.S3Gone")
    assert "no class S3Gone in @cdktn/provider-aws 23.0.0" in item.reason


def test_a_namespace_also_used_bare_is_left_as_it_is_and_listed() -> None:
    text = 'import * as aws from "@cdktf/provider-aws";\nnew aws.s3.S3Bucket(this, "b", {});\nuse(aws);\n'
    moved = _move(text)
    assert moved.after.decode() == text.replace("@cdktf/", "@cdktn/")
    [item] = moved.unresolved
    assert (item.line, item.symbol) == (1, "@cdktf/provider-aws")
    assert "also used as a bare name" in item.reason


def test_without_the_installed_releases_layout_nothing_is_read_through_its_namespaces() -> None:
    unknown = MOVE._replace(source=None, resolver=None)
    text = 'import * as aws from "@cdktf/provider-aws";\nnew aws.s3.S3Bucket(this, "b", {});\n'
    moved = _move(text, unknown)
    assert moved.after.decode() == text.replace("@cdktf/", "@cdktn/")
    assert moved.unresolved == ()


def test_member_paths_counts_what_is_no_two_level_path() -> None:
    source = b'import * as aws from "x";\nnew aws.A(); let t: aws.s3.B; f(aws); aws.c.D.e;\n'
    found = member_paths(Path("m.ts"), source, "aws")
    assert [(p.first, p.second, p.line) for p in found.paths] == [("s3", "B", 2), ("c", "D", 2)]
    assert (found.singles, found.others) == (((2, "A"),), 1)


def test_a_service_namespace_read_alone_is_listed() -> None:
    text = (
        'import * as aws from "@cdktf/provider-aws";\n'
        "const storage = aws.s3;\n"
        'new aws.eip.Eip(this, "e", {});\n'
    )
    moved = _move(text)
    assert moved.after.decode() == text.replace("@cdktf/", "@cdktn/")  # eip keeps its module and namespace
    [item] = moved.unresolved
    assert (item.line, item.symbol) == (2, "aws.s3")


def _finding(code: str, symbol: str, message: str = "in @cdktn/provider-aws 23.0.0") -> Finding:
    return Finding(
        code=code,
        category="import",
        severity="error",
        path="main.ts",
        line=5,
        column=5,
        message=message,
        symbol=symbol,
        suggestion=None,
    )


def test_a_root_class_the_target_moved_is_named_by_its_folder_and_namespace() -> None:
    found = ts_instead(_finding("IMP002", "@cdktn/provider-aws.AwsProvider"), [MOVE])
    assert found is not None
    assert found.words == (
        "AwsProvider is gone from the root of '@cdktn/provider-aws' in @cdktn/provider-aws 23.0.0; "
        "it has provider.AwsProvider ('@cdktn/provider-aws/lib/provider') "
        "(moved from module (root) to provider)"
    )
    assert found.replacement == 'import { AwsProvider } from "@cdktn/provider-aws/lib/provider"'


def test_a_class_named_through_a_namespace_of_the_installed_release_is_resolved_from_it() -> None:
    found = ts_instead(_finding("IMP002", "@cdktn/provider-aws.s3.S3Object"), [MOVE])
    assert found is not None
    assert "it has s3Object.S3Object ('@cdktn/provider-aws/lib/s3-object')" in found.words
    assert found.replacement == 'import { S3Object } from "@cdktn/provider-aws/lib/s3-object"'


def test_a_documented_prop_replacement_is_named_by_the_props_jsii_name() -> None:
    found = ts_instead(
        _finding("API001", "eip.Eip.vpc", "'vpc' is no property of Eip in @cdktn/provider-aws 23.0.0"), [MOVE]
    )
    assert found is not None
    assert found.words.startswith("vpc is gone from Eip in @cdktn/provider-aws 23.0.0")
    assert 'domain = "vpc"' in found.words
    assert found.replacement is None  # the documented text is Terraform's, not TypeScript's


def test_nothing_is_named_where_the_graph_proves_nothing() -> None:
    assert ts_instead(_finding("IMP002", "@cdktn/provider-aws.s3.S3Gone"), [MOVE]) is None
    assert ts_instead(_finding("IMP002", "@cdktn/provider-aws/lib/s3-bucket.S3Bucket"), [MOVE]) is None
    assert (
        ts_instead(_finding("IMP002", "@cdktn/provider-aws.AwsProvider"), [MOVE._replace(source=None)])
        is None
    )
    assert ts_instead(_finding("IMP002", "@cdktn/provider-null.Resource"), [MOVE]) is None


STAR_MAIN = """\
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import * as aws from "@cdktf/provider-aws";

export class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new aws.AwsProvider(this, "aws", { region: "eu-west-1" });
    new aws.s3.S3Bucket(this, "b", { bucketPrefix: "x" });
  }
}
"""


@pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "9.0.52") or not indexed("cdktn-provider-aws", "23.0.0"),
    reason="not indexed",
)
def test_a_real_9x_project_moves_its_uses_and_its_item_names_the_providers_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}\n')
    package = {"name": "app", "dependencies": {"@cdktf/provider-aws": "9.0.52", "cdktf": "0.12.3"}}
    (tmp_path / "package.json").write_text(json.dumps(package, indent=2) + "\n")
    (tmp_path / "main.ts").write_text(STAR_MAIN)
    code = main(["migrate", str(tmp_path), "--to", "cdktn", "--offline", "--format", "json"])
    plan = json.loads(capsys.readouterr().out)
    assert code == 1
    [moved] = [f for f in plan["files"] if f["path"] == "main.ts"]
    assert '+    new aws.s3Bucket.S3Bucket(this, "b", { bucketPrefix: "x" });' in moved["diff"]
    [item] = [u for u in plan["unresolved"] if "after the move" in u["reason"]]
    assert (item["path"], item["line"]) == ("main.ts", 8)
    assert "it has provider.AwsProvider ('@cdktn/provider-aws/lib/provider')" in item["reason"]
    assert item["replacement"] == 'import { AwsProvider } from "@cdktn/provider-aws/lib/provider"'
