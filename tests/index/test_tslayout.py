"""TypeScript names of prebuilt releases from their jsii assemblies (fixtures recorded from real
wheels by ``tests/index/record_ts_fixtures.py``; trimmed to the unusual submodules and a few usual)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from compat.errors import RegistryError
from compat.index.model import ClassInfo, MemoryReleaseIndex, Param
from compat.index.tslayout import (
    TsLayout,
    TsModule,
    decode_layout,
    encode_layout,
    folder_of,
    has_folders,
    layout,
    read_assembly_head,
    submodules_of,
)
from compat.index.typescript import TsRelease

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tslayout"


def _fixture(package: str, version: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{package}-{version}.json").read_text())  # type: ignore[no-any-return]


def _layout(package: str, version: str) -> dict[str, TsModule]:
    doc = _fixture(package, version)
    modules, unmatched = layout(doc["submodules"], doc["keys"])
    assert unmatched == []
    return {m.key: m for m in modules}


def _unusual(modules: dict[str, TsModule]) -> int:
    return sum(m.folder != "lib/" + m.key.replace("_", "-") for m in modules.values())


@pytest.mark.parametrize(
    ("package", "version", "unusual"),
    [
        ("cdktf-cdktf-provider-aws", "10.0.2", 18),
        ("cdktf-cdktf-provider-aws", "21.22.1", 47),  # as counted in the corpus-ts README
        ("cdktn-provider-aws", "25.7.0", 60),
        ("cdktf-cdktf-provider-google", "14.24.0", 0),
        ("cdktn-provider-google", "21.1.0", 0),
        ("cdktf-cdktf-provider-random", "11.1.1", 0),
        ("cdktn-provider-random", "15.0.1", 0),
    ],
)
def test_the_folder_is_the_symbol_id_not_the_module_with_dashes(
    package: str, version: str, unusual: int
) -> None:
    assert _unusual(_layout(package, version)) == unusual


def test_aws_21_and_cdktn_25_folders_follow_the_terraform_name() -> None:
    aws = _layout("cdktf-cdktf-provider-aws", "21.22.1")
    assert aws["lexv2_models_bot"] == TsModule("lexv2_models_bot", "lexv2ModelsBot", "lib/lexv2models-bot")
    assert aws["s3_bucket"] == TsModule("s3_bucket", "s3Bucket", "lib/s3-bucket")
    assert aws["data_aws_s3_control_multi_region_access_point"].folder == (
        "lib/data-aws-s3control-multi-region-access-point"
    )
    cdktn = _layout("cdktn-provider-aws", "25.7.0")
    assert cdktn["route53_domains_domain"].folder == "lib/route53domains-domain"
    assert _layout("cdktf-cdktf-provider-aws", "10.0.2")["route53_domains_registered_domain"].folder == (
        "lib/route53domains-registered-domain"
    )


def test_google_and_random_of_both_families() -> None:
    assert (
        _layout("cdktf-cdktf-provider-google", "14.24.0")["compute_instance"].folder == "lib/compute-instance"
    )
    assert _layout("cdktn-provider-google", "21.1.0")["storage_bucket"].namespace == "storageBucket"
    assert _layout("cdktf-cdktf-provider-random", "11.1.1")["string_resource"].folder == "lib/string-resource"
    assert _layout("cdktn-provider-random", "15.0.1")["password"].folder == "lib/password"


def test_per_service_releases_export_namespaces() -> None:
    aws9 = _layout("cdktf-cdktf-provider-aws", "9.0.52")
    assert aws9["ec2"] == TsModule("ec2", "ec2", "lib/ec2")
    # 2.0.13 ... 2.x: submodules without a symbolId: the namespace only, the folder unknown
    aws2 = _layout("cdktf-cdktf-provider-aws", "2.0.13")
    assert aws2["api_gateway_v2"] == TsModule("api_gateway_v2", "APIGatewayV2", None)
    assert aws2["ec2"].namespace == "EC2"
    assert len(aws2) == 128


def test_a_flat_release_has_no_submodules() -> None:
    head = b'{\n  "name": "@cdktf/provider-aws",\n  "schema": "jsii/0.10.0",\n  "targets": {},\n  "types": {'
    assert submodules_of(head, "@cdktf/provider-aws") == {}


def test_only_the_packages_own_top_level_submodules_count() -> None:
    head = (
        b'{\n  "dependencyClosure": {"cdktf": {"submodules": {"cdktf.testingMatchers": {}}}},\n'
        b'  "name": "@cdktf/provider-random",\n'
        b'  "submodules": {\n    "@cdktf/provider-random.id": {"symbolId": "src/id/index:"},\n'
        b'    "cdktf.other": {"symbolId": "src/x/index:"}\n  },\n  "types": {'
    )
    assert submodules_of(head, "@cdktf/provider-random") == {"id": "src/id/index:"}
    with pytest.raises(RegistryError, match="submodules table"):
        submodules_of(b'\n  "submodules": {"broken', "x")


@pytest.mark.parametrize(
    ("symbol", "folder"),
    [
        ("src/s3-bucket/index:", "lib/s3-bucket"),
        (None, None),
        ("lib/x.ts", None),
        ("src/a/b/index:", "lib/a/b"),
    ],
)
def test_folder_of(symbol: str | None, folder: str | None) -> None:
    assert folder_of(symbol) == folder


def test_the_stored_layout_keeps_only_the_unusual_names_and_round_trips() -> None:
    doc = _fixture("cdktf-cdktf-provider-aws", "21.22.1")
    modules, _ = layout(doc["submodules"], doc["keys"])
    stored = encode_layout(modules, doc["keys"])
    assert stored["n"] == [""] and len(stored["x"]) == 47
    assert decode_layout(json.loads(json.dumps(stored)), doc["keys"]) == {m.key: m for m in modules}


def _tarball(assembly: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in (("package/.jsii", assembly), ("package/package.json", b"{}")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_the_assembly_is_read_only_up_to_its_types() -> None:
    head = (
        b'{\n  "name": "@cdktf/provider-x",\n  "submodules": {\n'
        b'    "@cdktf/provider-x.a": {"symbolId": "src/a/index:"}\n  },\n'
    )
    assembly = head + b'  "types": {' + b" " * (8 << 20) + b"}\n}"
    blob = _tarball(assembly)
    read, name = read_assembly_head((blob[i : i + 65536] for i in range(0, len(blob), 65536)), "test")
    assert name == "@cdktf/provider-x"
    assert len(read) < len(assembly) and submodules_of(read, name) == {"a": "src/a/index:"}
    with pytest.raises(RegistryError, match="cannot read the jsii tarball"):
        read_assembly_head([b"not a tarball"], "test")


def _release() -> TsRelease:
    config = {
        "bucket": Param("bucket", "scalar", False, None, "bucket"),
        "server_side_encryption_configuration": Param(
            "server_side_encryption_configuration",
            "block_single",
            False,
            "S3BucketServerSideEncryptionConfiguration",
            "serverSideEncryptionConfiguration",
        ),
        "grant": Param("grant", "block_list", False, "S3BucketGrant", "grant"),
    }
    index = MemoryReleaseIndex(
        package="cdktf-cdktf-provider-aws",
        version="21.22.1",
        provider_version="6.25.0",
        module_exports={"": frozenset({"s3_bucket"}), "s3_bucket": frozenset({"S3Bucket"})},
        classes={
            ("s3_bucket", "S3Bucket"): ClassInfo(
                "S3Bucket", "construct", "aws_s3_bucket", config, ("depends_on",)
            ),
        },
    )
    return TsRelease(index, {"s3_bucket": TsModule("s3_bucket", "s3Bucket", "lib/s3-bucket")})


@pytest.mark.parametrize(
    "path", ["lib/s3-bucket", "./lib/s3-bucket/", "lib/s3-bucket/index", "lib/s3-bucket/index.js"]
)
def test_module_by_import_path(path: str) -> None:
    assert _release().module(path) == "s3_bucket"


def test_lookups_by_namespace_and_props_by_typescript_name() -> None:
    release = _release()
    assert release.module("") == "" and release.module("lib/s3-bucke") is None
    assert release.namespace("s3Bucket") == "s3_bucket" and release.namespace("S3Bucket") is None
    cls = release.class_props("s3_bucket", "S3Bucket")
    assert cls is not None and cls.meta_props == ("dependsOn",)
    prop = cls.props["serverSideEncryptionConfiguration"]
    assert (prop.shape, prop.required, prop.struct) == (
        "block_single",
        False,
        "S3BucketServerSideEncryptionConfiguration",
    )
    assert cls.props["grant"].shape == "block_list"
    assert "server_side_encryption_configuration" not in cls.props
    assert release.class_props("s3_bucket", "Nope") is None
    assert (
        not TsRelease(release.index, None).has_layout
        and TsRelease(release.index, None).module("lib/s3-bucket") is None
    )


def _eager_answers(table: dict[str, TsModule], asked: list[str]) -> list[tuple[str | None, str | None]]:
    by_folder = {m.folder: m.key for m in table.values() if m.folder}
    by_namespace = {m.namespace: m.key for m in table.values()}
    return [(by_folder.get(name), by_namespace.get(name)) for name in asked]


def _lazy_answers(lazy: TsLayout, asked: list[str]) -> list[tuple[str | None, str | None]]:
    return [(lazy.key_of_folder(name), lazy.key_of_namespace(name)) for name in asked]


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_the_lazy_layout_answers_as_the_decoded_table(fixture: str) -> None:
    doc = json.loads((FIXTURES / fixture).read_text())
    modules, _ = layout(doc["submodules"], doc["keys"])
    stored = json.loads(json.dumps(encode_layout(modules, doc["keys"])))
    keys = dict.fromkeys(doc["keys"])
    table = decode_layout(stored, keys)
    lazy = TsLayout(stored, keys)
    asked = [n for m in table.values() for n in (m.namespace, m.folder or "")]
    asked += ["", "lib/", "lib/nope", "Nope", "lib/s3-bucket/x", "s3_bucket"]
    assert _lazy_answers(lazy, asked) == _eager_answers(table, asked)
    assert dict(lazy) == table and lazy.get("s3_bucket") == table.get("s3_bucket")
    assert has_folders(lazy) == any(m.folder for m in table.values())


def test_the_lazy_layout_keeps_the_later_key_where_two_spell_the_same_name() -> None:
    # "b_c" is usual (lib/b-c, bC); "a" is stored as an exception with the same names, "z_z" too
    keys = dict.fromkeys(["a", "b_c", "z_z", "d"])
    stored = {"n": ["d"], "x": {"a": ["bC", "lib/b-c"], "z_z": ["bC", 0]}}
    table = decode_layout(stored, keys)
    asked = ["bC", "lib/b-c", "zZ", "lib/z-z", "d", "lib/d", "a", "lib/a"]
    assert _lazy_answers(TsLayout(stored, keys), asked) == _eager_answers(table, asked)


def test_a_release_with_an_irregular_key_is_decoded_whole() -> None:
    keys = dict.fromkeys(["s3_bucket", "a_1b", "a1b", "x-y", "x_y", "Up"])
    stored: dict[str, Any] = {"n": [], "x": {}}
    table = decode_layout(stored, keys)
    asked = ["a1b", "lib/a-1b", "lib/a1b", "lib/x-y", "xY", "x-y", "Up", "lib/Up", "s3Bucket"]
    assert _lazy_answers(TsLayout(stored, keys), asked) == _eager_answers(table, asked)
