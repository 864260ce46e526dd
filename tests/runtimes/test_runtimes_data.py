"""``compat data runtimes``: the npm packages' JavaScript read with patterns, and the embedded result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.databuild.runtimes import (
    cross_check,
    parse_functions,
    parse_node_releases,
    parse_provider_features,
    parse_supported,
)
from compat.errors import CompatError
from compat.paths import data_dir
from compat.runtimes import FILENAME, load_runtimes, parse_runtimes

CONSTANTS = """
NodeRelease.DEFAULT_EXTENDED_SUPPORT_MONTHS = 6;
NodeRelease.ALL_RELEASES = [
    ...[0, 1].map((majorVersion) => new NodeRelease(majorVersion, {
        endOfLife: new Date('2018-01-01'),
        untested: true,
    })),
    new NodeRelease(18, {
        endOfLife: new Date('2025-04-30'),
        endOfJsiiSupport: new Date('2025-11-30'),
    }),
    new NodeRelease(20, { endOfLife: new Date('2026-04-30') }),
    new NodeRelease(16, { endOfLife: new Date('2023-08-31'), supportedRange: '^16.3.0' }),
];
"""

FUNCTIONS = """
/**
 * supported Terraform (>=1.5.7) and OpenTofu
 * (>=1.6.0) releases.
 */
exports.functionVersionConstraints = {
    convert: { terraform: ">=1.15.0" },
    templatestring: { terraform: ">=1.9.0", opentofu: ">=1.7.0" },
};
"""

FEATURES = """
    ProviderFeature["PROVIDER_FUNCTIONS"] = "providerFunctions";
    ProviderFeature["EPHEMERAL_RESOURCES"] = "ephemeralResources";
exports.providerFeatureConstraints = {
    [ProviderFeature.PROVIDER_FUNCTIONS]: {
        terraform: ">=1.8.0",
        opentofu: ">=1.7.0",
    },
    [ProviderFeature.EPHEMERAL_RESOURCES]: {
        terraform: ">=1.10.0",
        opentofu: ">=1.10.0",
    },
};
"""


def test_node_releases() -> None:
    rows = {row["major"]: row for row in parse_node_releases(CONSTANTS)}
    assert sorted(rows) == [0, 1, 16, 18, 20]
    assert rows[0]["untested"] and rows[0]["end_of_jsii_support"] == "2018-07-01"
    assert rows[18]["end_of_jsii_support"] == "2025-11-30"  # stated
    assert rows[20]["end_of_jsii_support"] == "2026-10-30"  # six months after end of life
    assert rows[16]["end_of_jsii_support"] == "2024-03-02"  # JavaScript's Date rolls 31 Feb over
    assert rows[16]["supported_range"] == "^16.3.0" and rows[20]["supported_range"] == "^20.0.0"


def test_a_changed_shape_is_an_error() -> None:
    with pytest.raises(CompatError, match="changed shape"):
        parse_node_releases("module.exports = {}")
    with pytest.raises(CompatError, match="functionVersionConstraints"):
        parse_functions("exports.other = {};")


def test_functions_and_provider_features() -> None:
    assert parse_functions(FUNCTIONS) == {
        "convert": {"terraform": ">=1.15.0"},
        "templatestring": {"terraform": ">=1.9.0", "opentofu": ">=1.7.0"},
    }
    assert parse_supported(FUNCTIONS) == {"terraform": ">=1.5.7", "opentofu": ">=1.6.0"}
    features = parse_provider_features(FEATURES)
    assert features["providerFunctions"] == {"terraform": ">=1.8.0", "opentofu": ">=1.7.0"}
    rows = {row["cdktn"]["feature"]: row for row in cross_check(features, "cdktn")}
    assert rows["providerFunctions"]["agrees"]
    assert not rows["ephemeralResources"]["agrees"]  # compat says OpenTofu 1.11
    assert rows["ephemeralResources"]["compat"]["opentofu_source"].startswith("https://opentofu.org/")


def test_the_embedded_file_agrees_with_compat_and_cites_everything() -> None:
    document = json.loads((data_dir() / FILENAME).read_text(encoding="utf-8"))
    assert all(row["agrees"] for row in document["cross_check"])
    assert all(entry["source"].startswith("https://") for entry in document["engines"].values())
    runtimes = parse_runtimes(document)
    assert runtimes.functions["templatestring"].terraform == ">=1.9.0"
    assert runtimes.engines["@cdktf/provider-aws"]["21.22.1"] == ">= 20.9.0"
    assert runtimes.cdktn_source.startswith("https://registry.npmjs.org/cdktn/")


def test_missing_file_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compat import paths

    monkeypatch.setenv("COMPAT_DATA_DIR", str(tmp_path))
    paths.data_dir.cache_clear()
    load_runtimes.cache_clear()
    try:
        assert load_runtimes().jsii_nodes == ()
    finally:
        monkeypatch.delenv("COMPAT_DATA_DIR")
        paths.data_dir.cache_clear()
        load_runtimes.cache_clear()


@pytest.mark.parametrize("document", [[], {"jsii_node": []}, {"engines": {"cdktf": []}}, {"cdktn": "x"}])
def test_a_runtimes_document_of_the_wrong_shape_is_one_clear_error(document: object) -> None:
    with pytest.raises(CompatError, match="runtimes.json is malformed"):
        parse_runtimes(document)  # type: ignore[arg-type]


def test_the_users_copy_is_read_first_and_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    """``compat data runtimes`` writes into the user cache (conftest points it at a temporary folder)."""
    from compat.runtimes import user_runtimes_path

    user = user_runtimes_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    embedded = json.loads((data_dir() / FILENAME).read_text(encoding="utf-8"))
    embedded["jsii_node"]["releases"] = embedded["jsii_node"]["releases"][:1]
    user.write_text(json.dumps(embedded), encoding="utf-8")
    load_runtimes.cache_clear()
    try:
        assert len(load_runtimes().jsii_nodes) == 1
        user.write_text("{", encoding="utf-8")
        load_runtimes.cache_clear()
        assert len(load_runtimes().jsii_nodes) > 1  # the embedded copy
    finally:
        load_runtimes.cache_clear()


@pytest.mark.parametrize("command", [["data", "runtimes"], ["data", "build"], ["data", "refresh"]])
def test_commands_that_need_the_network_refuse_offline(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from compat.cli import main

    assert main([*command, "--offline"]) == 2
    assert "needs the network (--offline given)" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [["matrix"], ["why", "cdktf-cdktf-provider-aws==21.22.1", "--terraform", "1.5.7", "--python", "3.11"]],
)
def test_offline_is_accepted_where_the_answer_is_always_offline(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from compat.cli import main

    assert main([*command, "--offline"]) in (0, 1)
    assert "No such option" not in capsys.readouterr().err
