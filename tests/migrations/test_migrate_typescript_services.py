"""``migrate --to cdktn`` of imports of the bindings a cdktf < 0.13 generated with a folder and namespace
per service (``./.gen/providers/aws/s3``, ``aws.s3.S3Bucket``): ``cdktn get`` writes a folder and namespace
per resource, so each class is read in the old layout's stand-in by its jsii module and resolved into the
new one's (names, never the folder's spelling); written when the stand-ins are built for a provider the
cdktf.json entry admits, else listed with why."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.cli import main
from compat.index.tslayout import TsModule
from compat.index.typescript import TsRelease
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import CoreMove, LocalMove, move_imports
from tests.conftest import indexed
from tests.migrations.fakes import old_release
from tests.migrations.test_migrate_typescript_split import _cdktf_012_project, _flat, _per_resource

CORE = CoreMove("cdktf", "cdktn")


def _services() -> TsRelease:
    """The stand-in of a per-service layout (9.x): ``lib/s3`` is the namespace ``s3``."""
    old = old_release("9.0.52")
    return TsRelease(old, {m: TsModule(m, m, f"lib/{m}") for m in old.modules() if m})


def _local(certain: bool = True, source: bool = True) -> LocalMove:
    old, new = _services(), _per_resource()
    return LocalMove(
        provider="aws",
        entry="hashicorp/aws@~> 4.0",
        source=old if source else None,
        target=new,
        resolver=Resolver(old.index, new.index) if source else None,
        stand_in="cdktn-provider-aws 23.0.0 (AWS 6.32.1)",
        certain=certain,
        old_layout=True,
    )


def _move(text: str, move: LocalMove, path: str = "src/main.ts") -> tuple[str, list[tuple[int, str, str]]]:
    moved = move_imports(Path(path), path, text.encode(), CORE, [], (".gen", [move]))
    return moved.after.decode(), [(u.line, u.symbol, u.reason) for u in moved.unresolved]


DEEP = (
    "import { S3Bucket, S3BucketVersioningA } from '../.gen/providers/aws/s3';\n"
    'import { Instance } from "../.gen/providers/aws/ec2/index";\n'
    "import { Vpc } from '../.gen/providers/aws/vpc';\n"
)


def test_a_deep_import_of_a_service_folder_moves_to_the_folders_of_its_classes() -> None:
    after, unresolved = _move(DEEP, _local())
    assert unresolved == []
    assert after == (
        "import { S3Bucket } from '../.gen/providers/aws/s3-bucket';\n"
        "import { S3BucketVersioningA } from '../.gen/providers/aws/s3-bucket-versioning';\n"
        'import { Instance } from "../.gen/providers/aws/instance";\n'
        "import { Vpc } from '../.gen/providers/aws/vpc';\n"
    )
    assert _move(after, _local())[0] == after  # a folder per resource is one already


def test_a_deep_import_that_cannot_be_placed_for_sure_is_listed_with_why() -> None:
    after, unresolved = _move(DEEP, _local(certain=False))
    assert after == DEEP
    assert [(line, symbol) for line, symbol, _ in unresolved] == [
        (1, "../.gen/providers/aws/s3"),
        (2, "../.gen/providers/aws/ec2/index"),
        (3, "../.gen/providers/aws/vpc"),
    ]
    assert "not the per-service folder 's3'" in unresolved[0][2]
    assert "not built for a provider 'hashicorp/aws@~> 4.0' admits" in unresolved[0][2]
    # no stand-in of the old layout: a folder the new one lacks is listed, one it has (vpc) is left
    after, unresolved = _move(DEEP, _local(source=False))
    assert after == DEEP
    assert [(line, symbol) for line, symbol, _ in unresolved] == [
        (1, "../.gen/providers/aws/s3"),
        (2, "../.gen/providers/aws/ec2/index"),
    ]
    assert (
        "'cdktn get' writes no folder 's3' (its folders are read from cdktn-provider-aws" in unresolved[0][2]
    )
    removed = "import { OpsworksStack } from '../.gen/providers/aws/opsworks';\n"
    after, unresolved = _move(removed, _local())
    assert after == removed and [(line, symbol) for line, symbol, _ in unresolved] == [(1, "OpsworksStack")]


def test_a_resource_file_of_the_flat_layout_is_the_folder_cdktn_get_writes() -> None:
    """cdktf <= 0.6 wrote one file per resource (``aws/s3-bucket.ts``), ``cdktn get`` a folder of the same
    name: nothing moves and nothing is listed (wongcyrus/ishare: six false items)."""
    flat = _local()._replace(source=_flat(), resolver=None)
    text = "import { S3Bucket } from '../.gen/providers/aws/s3-bucket';\n"
    assert _move(text, flat) == (text, [])
    assert _move(text, flat._replace(source=None, target=None, certain=False)) == (text, [])


SERVICES = (
    "import * as aws from '../.gen/providers/aws';\n"
    "new aws.AwsProvider(this, 'aws', {});\n"
    "new aws.s3.S3Bucket(this, 'b', {});\n"
    "let v: aws.vpc.Subnet;\n"
)


def test_per_service_namespaces_of_a_namespace_import_move_through_the_new_namespaces() -> None:
    after, unresolved = _move(SERVICES, _local())
    assert unresolved == []
    assert after == (
        "import * as aws from '../.gen/providers/aws';\n"
        "new aws.provider.AwsProvider(this, 'aws', {});\n"
        "new aws.s3Bucket.S3Bucket(this, 'b', {});\n"
        "let v: aws.subnet.Subnet;\n"
    )


def test_a_service_namespace_read_otherwise_is_listed_and_nothing_written() -> None:
    text = SERVICES + "const s = aws.s3;\n"
    after, unresolved = _move(text, _local())
    assert after == text
    [(line, symbol, reason)] = unresolved
    assert (line, symbol) == (1, "../.gen/providers/aws") and "e.g. aws.s3" in reason
    after, unresolved = _move(SERVICES, _local(certain=False))
    assert after == SERVICES and "not built for a provider 'hashicorp/aws@~> 4.0' admits" in unresolved[0][2]


MAIN = """import { App, TerraformStack } from "cdktf";
import * as aws from "./.gen/providers/aws";
import { S3Bucket } from "./.gen/providers/aws/s3";
import { Instance } from "./.gen/providers/aws/ec2";

const stack = new TerraformStack(new App(), "s");
new aws.AwsProvider(stack, "aws", { region: "eu-west-1" });
new aws.s3.S3BucketPolicy(stack, "p", { bucket: "x", policy: "{}" });
new S3Bucket(stack, "b", {});
new Instance(stack, "i", {});
"""


@pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "9.0.52", "15.0.0"), reason="no index of the stand-in releases"
)
def test_a_cdktf_012_project_moves_its_service_folders_and_namespaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cdktf_012_project(tmp_path, MAIN)
    assert main(["migrate", str(tmp_path), "--to", "cdktn", "--offline", "--write"]) == 0
    capsys.readouterr()
    after = (tmp_path / "main.ts").read_text()
    assert 'import { S3Bucket } from "./.gen/providers/aws/s3-bucket";' in after
    assert 'import { Instance } from "./.gen/providers/aws/instance";' in after
    assert "new aws.provider.AwsProvider(stack" in after
    assert "new aws.s3BucketPolicy.S3BucketPolicy(stack" in after
    assert main(["migrate", str(tmp_path), "--to", "cdktn", "--offline"]) == 0
    assert capsys.readouterr().out == ""  # a second run changes nothing
