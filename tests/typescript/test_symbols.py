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


def _namespaced_members(layout: bool = True, certain: bool = True) -> PrebuiltRelease:
    """A per-resource release (16.x-like): ``vpc`` exports only Vpc, Subnet is in ``subnet``."""
    from compat.index.tslayout import TsModule

    subnet = ClassInfo(
        "Subnet",
        "construct",
        "aws_subnet",
        MappingProxyType({"vpc_id": _param("vpc_id", "vpcId")}),
        META_PARAMS,
    )
    vpc = ClassInfo("Vpc", "construct", "aws_vpc", MappingProxyType({}), META_PARAMS)
    index = MemoryReleaseIndex(
        package="cdktf-cdktf-provider-aws",
        version="16.0.9",
        provider_version="5.13.1",
        module_exports={
            "": frozenset({"vpc", "subnet", "provider"}),
            "vpc": frozenset({"Vpc", "VpcConfig"}),
            "subnet": frozenset({"Subnet", "SubnetConfig"}),
            "provider": frozenset({"AwsProvider"}),
        },
        classes={("vpc", "Vpc"): vpc, ("subnet", "Subnet"): subnet},
    )
    modules = {
        "vpc": TsModule("vpc", "vpc", "lib/vpc"),
        "subnet": TsModule("subnet", "subnet", "lib/subnet"),
        "provider": TsModule("provider", "provider", "lib/provider"),
    }
    return PrebuiltRelease(
        npm="@cdktf/provider-aws",
        version="16.0.9",
        release_index=index,
        layout=modules if layout else None,
        certain=certain,
        decided="package-lock.json",
    )


MEMBERS = (
    'import { vpc, subnet } from "@cdktf/provider-aws";\n'
    'import * as aws from "@cdktf/provider-aws";\n'
    'import * as v from "@cdktf/provider-aws/lib/vpc";\n'
    'new vpc.Subnet(this, "a", { vpcId: "x" });\n'  # 4: vpc exists, lacks Subnet
    'new aws.vpc.InternetGateway(this, "b", {});\n'  # 5: through the root namespace; nowhere in the release
    'new v.Subnet(this, "c");\n'  # 6: a deep import's namespace, no props
    'new aws.AwsProvider(this, "p", {});\n'  # 7: the root of a per-resource release exports no class
    'new vpc.Vpc(this, "d", {});\n'  # fine
    'new subnet.Subnet(this, "e", { vpcId: "x" });\n'  # fine
    "new vpc.VpcConfig();\n"  # exported (a struct): not judged here
    "new vpc.vpcToTerraform();\n"  # a lowercase name: TypeScript's namespace has functions Python's lacks
)


def test_a_class_missing_from_an_existing_namespace_is_imp002_where_the_layout_is_known() -> None:
    found = {f.line: f for f in _findings(MEMBERS, _namespaced_members())}
    assert sorted(found) == [4, 5, 6, 7]
    assert {f.code for f in found.values()} == {"IMP002"}
    assert all(f.severity == "error" for f in found.values())
    assert "namespace 'vpc' of '@cdktf/provider-aws' in @cdktf/provider-aws 16.0.9" in found[4].message
    assert "(TS2339)" in found[4].message and "'@cdktf/provider-aws/lib/subnet'" in found[4].message
    assert found[4].suggestion == found[6].suggestion == "subnet.Subnet"
    assert found[5].suggestion is None  # the index has InternetGateway nowhere: no place named
    assert "the root of '@cdktf/provider-aws'" in found[7].message
    assert found[7].suggestion == "provider.AwsProvider"


def test_a_missing_member_is_a_warning_when_the_version_is_assumed() -> None:
    found = _findings(
        'import { vpc } from "@cdktf/provider-aws";\nnew vpc.Subnet(this, "a");\n',
        _namespaced_members(certain=False),
    )
    assert [(f.code, f.line, f.severity) for f in found] == [("IMP002", 2, "warning")]
    assert "assumed" in found[0].message


def test_a_missing_member_is_not_judged_without_the_release_layout_or_when_shadowed() -> None:
    # without the TypeScript layout a namespace is matched by the letters of its name: nothing said
    assert _check(MEMBERS, _namespaced_members(layout=False)) == set()
    # a layout without folders (releases 2.0.13 ... 2.x name namespaces only): not judged either
    with_layout = _namespaced_members()
    assert with_layout.layout is not None
    no_folders = {key: module._replace(folder=None) for key, module in with_layout.layout.items()}
    assert _check(MEMBERS, with_layout._replace(layout=no_folders)) == set()
    shadowed = 'import { vpc } from "@cdktf/provider-aws";\nconst vpc = other;\nnew vpc.Subnet(this, "a");\n'
    assert _check(shadowed, _namespaced_members()) == set()


def test_a_missing_member_of_a_module_whose_exports_were_not_read_is_not_judged() -> None:
    base = _namespaced_members()
    index = base.release_index
    assert isinstance(index, MemoryReleaseIndex)
    unread = MemoryReleaseIndex(
        package=index.package,
        version=index.version,
        provider_version=index.provider_version,
        module_exports={**index.module_exports, "vpc": frozenset()},
        classes=index.classes,
    )
    source = 'import { vpc } from "@cdktf/provider-aws";\nnew vpc.Subnet(this, "a");\n'
    assert _check(source, base._replace(release_index=unread)) == set()


STAR_OLD_LAYOUT = (
    'import * as aws from "@cdktf/provider-aws";\n'
    'new aws.ec2.Subnet(this, "a", { vpcId: "x" });\n'  # 2: no namespace ec2 in a per-resource release
    'new aws.ec2.Nothing(this, "b", {});\n'  # 3: no namespace, a class the release has nowhere
    'new aws.subnet.Subnet(this, "c", { vpcId: "x" });\n'  # fine
    "new aws.ec2.helper();\n"  # a lowercase member: no class, not judged
)


def test_a_namespace_the_root_lacks_is_imp002_naming_where_the_release_has_the_class() -> None:
    found = {f.line: f for f in _findings(STAR_OLD_LAYOUT, _namespaced_members())}
    assert sorted(found) == [2, 3]
    assert {(f.code, f.severity) for f in found.values()} == {("IMP002", "error")}
    assert found[2].message.startswith("'ec2' is not exported by the root of '@cdktf/provider-aws'")
    assert "16.0.9 (package-lock.json)" in found[2].message and "(TS2339)" in found[2].message
    assert "has Subnet as subnet.Subnet ('@cdktf/provider-aws/lib/subnet')" in found[2].message
    assert found[2].suggestion == "subnet.Subnet" and found[2].symbol == "@cdktf/provider-aws.ec2"
    assert found[3].suggestion is None


def test_a_missing_namespace_is_a_warning_saying_so_when_the_version_is_assumed() -> None:
    found = _findings(STAR_OLD_LAYOUT, _namespaced_members(certain=False))
    assert {(f.code, f.line, f.severity) for f in found} == {
        ("IMP002", 2, "warning"),
        ("IMP002", 3, "warning"),
    }
    assert all("assumed: the newest the range admits" in f.message for f in found)


def test_a_missing_namespace_is_not_judged_off_a_literal_import_or_without_the_layout() -> None:
    assert _check(STAR_OLD_LAYOUT, _namespaced_members(layout=False)) == set()
    for source in (
        # a local variable of the same name, an ``any``, a re-export of the package
        'import * as aws from "@cdktf/provider-aws";\n'
        'const aws: any = other;\nnew aws.ec2.Subnet(this, "a");\n',
        'const aws: any = require("@cdktf/provider-aws");\nnew aws.ec2.Subnet(this, "a");\n',
        'import * as aws from "./reexport";\nnew aws.ec2.Subnet(this, "a");\n',
        'import * as aws from "@cdktf/provider-aws/lib/subnet";\nnew aws.ec2.Subnet(this, "a");\n',
        'import { subnet as aws } from "@cdktf/provider-aws";\nnew aws.ec2.Subnet(this, "a");\n',
    ):
        assert _check(source, _namespaced_members()) == set(), source


def test_a_namespace_import_the_root_lacks_names_where_the_release_has_the_classes_read_through_it() -> None:
    source = (
        'import { ec2, vpc } from "@cdktf/provider-aws";\n'
        'new ec2.Subnet(this, "a", { vpcId: "x" });\n'
        'new ec2.Subnet(this, "b", { vpcId: "y" });\n'
        'new ec2.Vpc(this, "c", {});\n'
        'new ec2.Nothing(this, "d", {});\n'
    )
    [found] = _findings(source, _namespaced_members())
    assert (found.code, found.line, found.column) == ("IMP002", 1, 10)  # once, at the import (tsc: TS2305)
    assert found.message.endswith(
        "; the release has Subnet as subnet.Subnet ('@cdktf/provider-aws/lib/subnet'), Vpc as vpc.Vpc "
        "('@cdktf/provider-aws/lib/vpc') (TS2305)"
    )
    assert found.suggestion == "subnet.Subnet; vpc.Vpc"
    # without the layout the finding stays as it was, naming nothing
    [plain] = _findings(source, _namespaced_members(layout=False))
    assert plain.suggestion is None and plain.message.endswith(
        "in @cdktf/provider-aws 16.0.9 (package-lock.json) (TS2305)"
    )


def test_both_kinds_of_missing_namespace_in_one_file() -> None:
    source = (
        'import * as aws from "@cdktf/provider-aws";\n'
        'import { ec2 } from "@cdktf/provider-aws";\n'
        'new aws.ec2.Subnet(this, "a");\n'
        'new ec2.Subnet(this, "b");\n'
        'new aws.ec2.Vpc(this, "c");\n'
    )
    found = {f.line: f for f in _findings(source, _namespaced_members())}
    assert sorted(found) == [2, 3, 5]
    assert found[2].suggestion == "subnet.Subnet" and found[5].suggestion == "vpc.Vpc"
