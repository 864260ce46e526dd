"""Imports and construct props of prebuilt packages against a hand-built symbol index."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from compat.check.model import Finding
from compat.index.model import META_PARAMS, ClassInfo, MemoryReleaseIndex, Param
from compat.typescript.reader import parse_source
from compat.typescript.symbols import PrebuiltRelease, SymbolChecker


def _param(name: str, js: str, shape: str = "scalar", struct: str | None = None) -> Param:
    return Param(name=name, shape=shape, required=False, struct=struct, js_name=js)  # type: ignore[arg-type]


BUCKET = ClassInfo(
    "S3Bucket",
    "construct",
    "aws_s3_bucket",
    MappingProxyType(
        {
            "bucket": _param("bucket", "bucket"),
            "versioning": _param("versioning", "versioning", "block_single", "S3BucketVersioning"),
            "lifecycle_rule": _param(
                "lifecycle_rule", "lifecycleRule", "block_list", "S3BucketLifecycleRule"
            ),
        }
    ),
    META_PARAMS,
)
VERSIONING = ClassInfo(
    "S3BucketVersioning",
    "struct",
    None,
    MappingProxyType(
        {"enabled": _param("enabled", "enabled"), "mfa_delete": _param("mfa_delete", "mfaDelete")}
    ),
)
RULE = ClassInfo("S3BucketLifecycleRule", "struct", None, MappingProxyType({"id": _param("id", "id")}))


def _resource_layout(certain: bool = True) -> PrebuiltRelease:
    index = MemoryReleaseIndex(
        package="cdktf-cdktf-provider-aws",
        version="19.26.0",
        provider_version="5.65.0",
        module_exports={
            "": frozenset({"s3_bucket", "lexv2_models_bot"}),
            "s3_bucket": frozenset({"S3Bucket", "S3BucketVersioning", "S3BucketLifecycleRule"}),
            "s3_bucket_versioning": frozenset({"S3BucketVersioningA"}),
            "lexv2_models_bot": frozenset({"Lexv2ModelsBot"}),
        },
        classes={
            ("s3_bucket", "S3Bucket"): BUCKET,
            ("s3_bucket", "S3BucketVersioning"): VERSIONING,
            ("s3_bucket", "S3BucketLifecycleRule"): RULE,
        },
    )
    return PrebuiltRelease(
        npm="@cdktf/provider-aws",
        version="19.26.0",
        release_index=index,
        layout=None,
        certain=certain,
        decided="package-lock.json",
    )


def _findings(source: str, release: PrebuiltRelease) -> list[Finding]:
    """The checker's findings on ``source``, found while its tree is alive (as the check runs it)."""
    checker = SymbolChecker({release.npm: release})
    found: list[Finding] = []
    parse_source(
        Path("main.ts"),
        "main.ts",
        source.encode(),
        visit=lambda file, props: found.extend(checker.check(file, props)),
    )
    return found


def _check(source: str, release: PrebuiltRelease) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in _findings(source, release)}


def test_per_resource_paths_names_and_renames() -> None:
    source = (
        'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        'import { S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";\n'
        'import { Bot } from "@cdktf/provider-aws/lib/lexv2models-bot";\n'  # folder != module name
        'import { X } from "@cdktf/provider-aws/lib/no-such-module";\n'
        'import { Lexv2ModelsBot } from "@cdktf/provider-aws/lib/lexv2models-bot";\n'
    )
    assert _check(source, _resource_layout()) == {("IMP002", 2), ("IMP002", 3), ("IMP001", 4)}
    renamed = next(f for f in _findings(source, _resource_layout()) if f.line == 2)
    assert renamed.suggestion == "S3BucketVersioningA"


def test_props_keys_blocks_and_nested_structs() -> None:
    source = (
        'import * as aws from "@cdktf/provider-aws";\n'
        'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        'new S3Bucket(this, "a", { bucket: "b", dependsOn: [], versioning: [{ enabled: true }] });\n'
        'new S3Bucket(this, "b", { versioning: { enabled: true, mfaDelte: "x" },\n'
        '  lifecycleRule: { id: "r" } });\n'
        'new aws.s3Bucket.S3Bucket(this, "c", { bucketName: "x", lifecycleRule: [{ id: "r", days: 1 }] });\n'
        'new S3Bucket(this, "d", { ...common, other: 1 });\n'
        'new S3Bucket(this, "e", props);\n'
    )
    assert _check(source, _resource_layout()) == {
        ("API003", 3),
        ("API008", 4),
        ("API004", 5),
        ("API001", 6),
        ("API008", 6),
    }


def test_uncertain_version_gives_warnings_and_shadowed_names_are_not_judged() -> None:
    source = (
        'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        'new S3Bucket(this, "a", { nope: 1 });\n'
    )
    [finding] = _findings(source, _resource_layout(certain=False))
    assert finding.severity == "warning" and "assumed" in finding.message
    shadowed = source + "class S3Bucket {}\n"
    assert _check(shadowed, _resource_layout()) == set()


def test_namespaced_layout_root_classes_and_service_namespaces() -> None:
    instance = ClassInfo(
        "Instance", "construct", "aws_instance", MappingProxyType({"ami": _param("ami", "ami")}), META_PARAMS
    )
    index = MemoryReleaseIndex(
        package="cdktf-cdktf-provider-aws",
        version="7.0.0",
        provider_version="3.70.0",
        module_exports={"": frozenset({"AwsProvider"}), "ec2": frozenset({"Instance"})},
        classes={("ec2", "Instance"): instance},
    )
    release = PrebuiltRelease(
        npm="@cdktf/provider-aws",
        version="7.0.0",
        release_index=index,
        layout=None,
        certain=True,
        decided="yarn.lock",
    )
    source = (
        'import { AwsProvider, ec2, Nothing } from "@cdktf/provider-aws";\n'
        'new ec2.Instance(this, "i", { ami: "x", amiId: "y" });\n'
        'import { Deep } from "@cdktf/provider-aws/lib/ec2";\n'
    )  # another layout's deep path: nothing
    assert _check(source, release) == {("IMP002", 1), ("API001", 2)}


def test_the_release_layout_decides_folders_and_namespaces_when_the_index_has_it() -> None:
    from compat.index.tslayout import TsModule

    base = _resource_layout()
    layout = {
        "s3_bucket": TsModule("s3_bucket", "s3Bucket", "lib/s3-bucket"),
        "s3_bucket_versioning": TsModule(
            "s3_bucket_versioning", "s3BucketVersioning", "lib/s3-bucket-versioning"
        ),
        "lexv2_models_bot": TsModule("lexv2_models_bot", "lexv2ModelsBot", "lib/lexv2models-bot"),
    }
    release = base._replace(layout=layout)
    source = (
        'import { Lexv2ModelsBot } from "@cdktf/provider-aws/lib/lexv2models-bot";\n'
        # no such folder: the layout knows (matching letters and digits would take it for lexv2_models_bot)
        'import { Lexv2ModelsBot as Other } from "@cdktf/provider-aws/lib/lexv2-models-bot";\n'
        'import { s3Bucket } from "@cdktf/provider-aws";\n'
        'new s3Bucket.S3Bucket(this, "b", { nope: 1 });\n'
    )
    assert _check(source, release) == {("IMP001", 2), ("API001", 4)}
