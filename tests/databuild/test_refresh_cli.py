"""`compat data refresh/status` and `compat releases`, offline, on snapshots built from recorded answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses

import compat.snapshot
from compat.cli import main
from compat.databuild.build import collect, write_json_atomic
from compat.databuild.refresh import refresh_overlay
from compat.packed_rows import unpack_rows
from compat.paths import cache_dir, data_dir
from compat.registry.http import HttpClient
from compat.snapshot import load_snapshot
from compat.snapshot_layout import INDEX_KEY
from databuild.test_build import Registry


@pytest.fixture
def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data dir whose snapshot lacks cdktn-provider-aws 25.8.1 (published "after" the build)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        Registry(mock)
        document, _ = collect(
            http=HttpClient(retries=0), work_dir=tmp_path / "work", jobs=2, progress=lambda _: None
        )
    entry = document["packages"]["cdktn-provider-aws"]
    rows = [r for r in unpack_rows(entry) if r["version"] != "25.8.1"]
    document["packages"]["cdktn-provider-aws"] = {"kind": "bindings", "line": entry["line"], "releases": rows}
    path = tmp_path / "data" / "releases.json"
    write_json_atomic(path, document)
    monkeypatch.setenv("COMPAT_DATA_DIR", str(path.parent))
    monkeypatch.setattr(compat.snapshot, "_loaded", None)
    data_dir.cache_clear()
    yield path
    data_dir.cache_clear()


def test_refresh_adds_newer_releases_to_the_overlay_and_is_idempotent(embedded: Path, tmp_path: Path) -> None:
    assert load_snapshot().binding("cdktn-provider-aws", "25.8.1") is None
    for _ in range(2):
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            Registry(mock)
            added = refresh_overlay(
                http=HttpClient(retries=0), work_dir=tmp_path / "work2", progress=lambda _: None
            )
        assert added == {"cdktn-provider-aws": ["25.8.1"]}
    overlay = json.loads((cache_dir() / "releases.json").read_text())
    assert [r["version"] for r in unpack_rows(overlay["packages"]["cdktn-provider-aws"])] == ["25.8.1"]
    compat.snapshot._loaded = None
    release = load_snapshot().binding("cdktn-provider-aws", "25.8.1")
    assert release is not None and str(release.provider_version) == "6.69.1"


def test_refresh_with_nothing_newer_removes_the_overlay(embedded: Path, tmp_path: Path) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        Registry(mock)
        refresh_overlay(http=HttpClient(retries=0), work_dir=tmp_path / "w", progress=lambda _: None)
    assert (cache_dir() / "releases.json").is_file()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        registry = Registry(mock)
        body = json.loads(
            (
                Path(__file__).parent.parent / "fixtures" / "registry" / "pypi-cdktn-provider-aws.json"
            ).read_text()
        )
        body["releases"].pop("25.8.1")  # PyPI now lists only what the embedded snapshot has
        mock.replace(responses.GET, "https://pypi.org/pypi/cdktn-provider-aws/json", json=body)
        added = refresh_overlay(http=HttpClient(retries=0), work_dir=tmp_path / "w", progress=lambda _: None)
    assert added == {}
    assert not (cache_dir() / "releases.json").exists()
    assert registry.wheel_requests == []


def test_status_reports_counts_and_the_overlay(embedded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "status", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["packages"]["cdktn-provider-aws"]["count"] == 2
    assert report["packages"]["cdktf-cdktf-provider-aws"]["highest"] == "21.22.1"
    assert report["overlay"]["present"] is False
    # aws of both families, both cores, cdktn-cli and constructs
    assert report["npm"] == {"packages": 6, "versions": 3 + 4 + 2 + 1 + 1 + 3}
    assert main(["data", "status"]) == 0
    text = capsys.readouterr().out
    assert "cdktf-cdktf-provider-aws" in text and "3 releases" in text
    assert "npm versions:       14 of 6 npm packages" in text


def test_npm_only_rewrites_the_npm_section_and_nothing_else(embedded: Path) -> None:
    from compat.databuild.build import rebuild_npm_section
    from compat.providers import provider_package

    before = json.loads(embedded.read_text())
    stripped = {k: v for k, v in before.items() if k != "npm"}
    write_json_atomic(embedded, stripped)
    packages = [p for p in map(provider_package, ("cdktf-cdktf-provider-aws", "cdktn-provider-aws")) if p]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        registry = Registry(mock)
        section = rebuild_npm_section(
            embedded, http=HttpClient(retries=0), packages=packages, progress=lambda _: None
        )
    assert registry.wheel_requests == []  # packuments only
    after = json.loads(embedded.read_text())
    del after[INDEX_KEY]  # the layout's index of where each part is, written anew with every write
    assert after["npm"] == section == before["npm"]
    assert {k: v for k, v in after.items() if k not in ("npm", "sources")} == {
        k: v for k, v in stripped.items() if k != "sources"
    }
    assert after["sources"]["cdktf"] == "https://registry.npmjs.org/cdktf"


def test_refresh_offline_is_a_clear_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "refresh", "--offline"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs the network" in err[0]


def test_refresh_without_network_is_a_clear_one_line_error(
    embedded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with responses.RequestsMock():  # every request fails: nothing is registered
        assert main(["data", "refresh", "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot refresh the release data" in err[0]
    assert not (cache_dir() / "releases.json").exists()


def test_a_registry_given_up_by_timeout_is_one_line(
    embedded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A host that does not answer is given up (a warning elsewhere); refresh says it once, in its error."""

    def timeout(request: object) -> tuple[int, dict[str, str], str]:
        raise requests.ReadTimeout("read timed out")

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, url=re.compile(".*"), callback=timeout)
        assert main(["data", "refresh", "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot refresh the release data" in err[0], err


def test_releases_json_has_exactly_the_documented_fields(
    embedded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["releases", "cdktf_cdktf_provider_aws", "--format", "json", "--offline"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["package"] == "cdktf-cdktf-provider-aws"
    assert [r["version"] for r in payload["releases"]] == ["9.0.52", "10.0.2", "21.22.1"]
    assert list(payload["releases"][0]) == [
        "version",
        "uploaded",
        "provider_source",
        "provider_version",
        "core_requirement",
        "requires_python",
        "yanked",
        "deprecated",
        "engines_node",
    ]


def test_releases_text_table(embedded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", "cdktf-cdktf-provider-aws"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["version", "uploaded", "provider", "core", "python", "flags"]
    last = lines[-1].split()
    assert last[0] == "21.22.1" and "hashicorp/aws" in last and "6.25.0" in last and last[-1] == "deprecated"


def test_unknown_package_is_one_line_and_exit_2(embedded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", "left-pad"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown package 'left-pad'" in err[0]
