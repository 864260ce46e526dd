"""The symbol index of a release without a wheel, from its jsii assembly (npm tarball).

Fixtures: real assemblies trimmed by ``tests/index/record_assembly_fixture.py``. On whole releases
present on both registries the assembly reader was compared with the wheel reader (every module, every
class: kind, Terraform type, parameters with shape, requiredness, struct and JavaScript name;
``tests/index/compare_assembly_to_wheel.py``): no difference for aws 9.0.52 (17,102 classes), 12.0.1
(24,923) and random 12.0.1; aws 1.0.40, 2.0.12 and cdktn aws 25.8.1 (31,823) differ only where
documented in :mod:`compat.index.assembly` (the meta-arguments of older cores and of ephemeral
resources) and in 4 wheel classes whose generated code carries no JavaScript names.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
import responses

from compat.index.api import SqliteReleaseIndex
from compat.index.assembly import python_name, read_assembly
from compat.index.build import build
from compat.index.model import META_PARAMS
from compat.index.store import IndexStore
from compat.index.typescript import TsRelease
from compat.registry.http import HttpClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "assembly"


def _doc(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())  # type: ignore[no-any-return]


def test_a_flat_npm_only_release() -> None:
    modules, submodules = read_assembly(_doc("provider-azurerm-0.2.8.jsii.json"))
    assert submodules == {} and list(modules) == [""]
    root = modules[""]
    assert {"ResourceGroup", "VirtualNetwork", "VirtualNetworkSubnet"} <= set(root.exports)
    network = root.classes["VirtualNetwork"]
    assert (network.kind, network.tf_type) == ("construct", "azurerm_virtual_network")
    assert network.meta_params == META_PARAMS and "count" not in network.params
    subnet = network.params["subnet"]
    assert (subnet.shape, subnet.required, subnet.struct, subnet.js_name) == (
        "block_list", False, "VirtualNetworkSubnet", "subnet",
    )  # fmt: skip
    assert network.params["address_space"].shape == "scalar_list" and network.params["address_space"].required
    assert network.params["resource_group_name"].js_name == "resourceGroupName"
    assert network.params["tags"].shape == "map"
    assert network.params["timeouts"].shape == "block_single"
    assert root.classes["VirtualNetworkSubnet"].kind == "struct"
    assert set(root.classes["VirtualNetworkSubnet"].params) == {
        "address_prefix",
        "id",
        "name",
        "security_group",
    }


def test_per_resource_submodules_and_blocks_in_unions() -> None:
    modules, submodules = read_assembly(_doc("provider-aws-25.7.0.jsii.json"))
    assert submodules["dynamodbTable"] == "src/dynamodb-table/index:"
    assert "dynamodb_table" in modules[""].exports  # the root lists its submodules, as __init__.py does
    table = modules["dynamodb_table"].classes["DynamodbTable"]
    assert table.tf_type == "aws_dynamodb_table"
    assert table.params["attribute"].shape == "block_list"  # IResolvable | DynamodbTableAttribute[]
    assert table.params["point_in_time_recovery"].shape == "block_single"
    assert table.params["name"].required and not table.params["billing_mode"].required
    assert modules["dynamodb_table"].classes["DynamodbTableAttributeList"].kind == "other"
    assert modules["lambda_function"].classes["LambdaFunctionEnvironment"].params["variables"].shape == "map"


@pytest.mark.parametrize(
    ("name", "python"),
    [("forceDestroy", "force_destroy"), ("lambda", "lambda_"), ("and", "and_"), ("s3", "s3")],
)
def test_python_names(name: str, python: str) -> None:
    assert python_name(name) == python


def _tarball(document: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for member, data in (
            ("package/package.json", b"{}"),
            ("package/.jsii", json.dumps(document).encode()),
        ):
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_build_indexes_an_npm_only_release_from_its_tarball(tmp_path: Path) -> None:
    blob = _tarball(_doc("provider-azurerm-0.2.8.jsii.json"))
    tarball = "https://registry.npmjs.org/@cdktf/provider-azurerm/-/provider-azurerm-0.2.8.tgz"

    def serve(request: Any) -> tuple[int, dict[str, str], bytes]:
        start, _, end = request.headers["Range"].removeprefix("bytes=").partition("-")
        first, last = int(start), min(int(end), len(blob) - 1)
        return 206, {"Content-Range": f"bytes {first}-{last}/{len(blob)}"}, blob[first : last + 1]

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(
            "https://pypi.org/pypi/cdktf-cdktf-provider-azurerm/json",
            json={"info": {"name": "cdktf-cdktf-provider-azurerm"}, "releases": {}},
        )
        rsps.get(
            "https://registry.npmjs.org/@cdktf%2Fprovider-azurerm",
            json={
                "name": "@cdktf/provider-azurerm",
                "versions": {"0.2.8": {"name": "@cdktf/provider-azurerm", "dist": {"tarball": tarball}}},
            },
        )
        rsps.add_callback(responses.GET, tarball, callback=serve)
        path = tmp_path / "index.sqlite"
        report = build(
            path,
            [("cdktf-cdktf-provider-azurerm", "0.2.8")],
            jobs=1,
            http=HttpClient(),
            progress=lambda _: None,
        )
    assert report.releases == 1 and not report.failed
    store = IndexStore(path)
    assert store.npm_only("cdktf-cdktf-provider-azurerm") == {"0.2.8"}  # never a pip target
    record = store.release("cdktf-cdktf-provider-azurerm", "0.2.8")
    assert record is not None
    release = TsRelease(SqliteReleaseIndex(store, record), SqliteReleaseIndex(store, record).ts_layout())
    assert release.has_layout and release.module("") == ""
    props = release.class_props("", "VirtualNetwork")
    assert props is not None and props.props["subnet"].shape == "block_list"
    assert "resourceGroupName" in props.props and props.props["resourceGroupName"].required
