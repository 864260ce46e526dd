"""Package discovery (npm search, the snapshot, --package) and the packed per-package rows."""

from __future__ import annotations

import json
import re

import pytest
import responses

from compat.databuild.discover import discover
from compat.errors import CompatError
from compat.packed_rows import PACKED, pack_rows, unpack_rows
from compat.providers import provider_package
from compat.registry.http import HttpClient
from compat.snapshot import parse_snapshot

SEARCH = re.compile(r"https://registry\.npmjs\.org/-/v1/search\?.*")


@pytest.mark.parametrize(
    ("name", "pypi", "npm", "module"),
    [
        (
            "cdktf-cdktf-provider-google",
            "cdktf-cdktf-provider-google",
            "@cdktf/provider-google",
            "cdktf_cdktf_provider_google",
        ),
        (
            "cdktn_provider_google_beta",
            "cdktn-provider-google-beta",
            "@cdktn/provider-google-beta",
            "cdktn_provider_google_beta",
        ),
        ("@cdktn/provider-awscc", "cdktn-provider-awscc", "@cdktn/provider-awscc", "cdktn_provider_awscc"),
    ],
)
def test_provider_package_names(name: str, pypi: str, npm: str, module: str) -> None:
    package = provider_package(name)
    assert package is not None and (package.pypi, package.npm, package.module) == (pypi, npm, module)


def test_not_a_provider_package() -> None:
    assert provider_package("cdktf") is None and provider_package("cdktf-cdktf-provider-") is None


def test_discover_reads_npm_search_and_keeps_named_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "compat.databuild.discover.snapshot_packages", lambda: [provider_package("cdktn-provider-azapi")]
    )

    def reply(request: object) -> tuple[int, dict[str, str], str]:
        url = str(getattr(request, "url", ""))
        scope = "cdktn" if "cdktn" in url else "cdktf"
        names = [f"@{scope}/provider-random", f"@{scope}/provider-project", "@cdktf/other", "cdktf"]
        if scope == "cdktn":
            names = ["@cdktn/provider-null"]
        return 200, {}, json.dumps({"objects": [{"package": {"name": n}} for n in names]})

    messages: list[str] = []
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.GET, SEARCH, callback=reply)
        found = discover(
            HttpClient(retries=0), named=["cdktf-cdktf-provider-google"], progress=messages.append
        )
    names = [p.pypi for p in found]
    # provider-project (projen's template) is left to PyPI to refuse; "other" is not a provider name
    assert {
        "cdktf-cdktf-provider-aws",
        "cdktn-provider-aws",
        "cdktf-cdktf-provider-random",
        "cdktn-provider-null",
        "cdktn-provider-azapi",
        "cdktf-cdktf-provider-google",
    } <= set(names)
    assert "cdktf-cdktf-provider-other" not in names


def test_discover_without_npm_search_uses_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "compat.databuild.discover.snapshot_packages", lambda: [provider_package("cdktf-cdktf-provider-null")]
    )
    messages: list[str] = []
    with responses.RequestsMock() as mock:
        mock.get(SEARCH, status=404)
        found = discover(HttpClient(retries=0), named=[], progress=messages.append)
    assert "cdktf-cdktf-provider-null" in [p.pypi for p in found]
    assert any("unavailable" in m for m in messages)
    with pytest.raises(CompatError, match="not a prebuilt provider package"):
        discover(HttpClient(offline=True), named=["requests"], progress=messages.append)


def test_packed_rows_round_trip_and_are_parsed_on_first_use() -> None:
    rows = [
        {
            "version": v,
            "uploaded": "",
            "requires_python": None,
            "yanked": False,
            "node_min": None,
            "terraform_min": None,
        }
        for v in ("0.2.0", "0.10.0", "0.9.0")
    ]
    entry = {"kind": "core", "line": "cdktf", **pack_rows(rows)}
    assert entry["encoding"] == PACKED and unpack_rows(entry) == rows
    snapshot = parse_snapshot({"schema": 1, "packages": {"cdktf": entry}})
    assert snapshot.cores_by_package.entry("cdktf") is entry  # not parsed yet
    assert [str(r.version) for r in snapshot.cores("cdktf")] == ["0.2.0", "0.9.0", "0.10.0"]
    assert snapshot.summary("cdktf").highest == "0.10.0"


def test_a_damaged_packed_entry_is_one_clear_error() -> None:
    snapshot = parse_snapshot(
        {
            "schema": 1,
            "packages": {
                "cdktf": {"kind": "core", "encoding": PACKED, "fields": ["version"], "rows": "not base64!"}
            },
        }
    )
    with pytest.raises(CompatError, match="snapshot is malformed"):
        snapshot.cores("cdktf")


def test_one_release_is_found_before_and_after_the_package_is_parsed() -> None:
    rows = [
        {
            "version": v,
            "uploaded": u,
            "requires_python": None,
            "yanked": False,
            "node_min": None,
            "terraform_min": None,
        }
        for v, u in (("0.10.0", "a"), ("0.9.0", "b"), ("0.9", "c"))
    ]
    snapshot = parse_snapshot({"schema": 1, "packages": {"cdktf": {"kind": "core", **pack_rows(rows)}}})
    found = snapshot.core("cdktf", "0.9.0")
    assert found is not None and found.uploaded == "b"  # the first of the equal versions, as in the list
    assert snapshot.core("cdktf", "0.11") is None
    assert snapshot.cores_by_package.entry("cdktf") is not None  # one lookup parses no list
    listed = snapshot.cores("cdktf")
    assert [r.uploaded for r in listed] == ["b", "c", "a"] and listed[0] is found
    assert snapshot.core("cdktf", "0.9") is found and snapshot.core("cdktf", "0.10") is listed[2]


@pytest.mark.parametrize("table", [[["0.9.0", "b"]], [["0.9.0"], "0.10.0"], [[9]]])
def test_a_packed_row_that_does_not_fit_its_fields_is_one_clear_error_on_lookup(table: list[object]) -> None:
    """One release is looked up without making every row a dict: a row of another shape (or a version
    that is not a string) is still found out, as one clear error, before any row is used."""
    import base64
    import json
    import zlib

    blob = base64.b64encode(zlib.compress(json.dumps(table).encode())).decode()
    entry = {"kind": "core", "encoding": PACKED, "fields": ["version"], "rows": blob}
    snapshot = parse_snapshot({"schema": 1, "packages": {"cdktf": entry}})
    with pytest.raises(CompatError, match="snapshot is malformed"):
        snapshot.core("cdktf", "0.9.0")
