"""`compat releases`: the typed list of a package's releases and its table and JSON renderings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import compat.snapshot
from compat.errors import CompatError
from compat.paths import data_dir
from compat.resolver.release_list import list_releases
from compat.resolver.releases_view import release_rows, render_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _fixture_snapshot(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COMPAT_DATA_DIR", str(FIXTURES / "snapshot"))
    data_dir.cache_clear()
    monkeypatch.setattr(compat.snapshot, "_loaded", None)
    yield
    data_dir.cache_clear()


def test_a_bindings_package_lists_its_releases_under_its_canonical_name() -> None:
    report = list_releases("CDKTF_CDKTF-Provider-AWS")
    assert report.package == "cdktf-cdktf-provider-aws" and report.cores == ()
    table = render_text(report).splitlines()
    assert table[0].split() == ["version", "uploaded", "provider", "core", "python", "flags"]
    provider_built = next(line for line in table if line.startswith("9.0.0 "))
    assert provider_built.split()[1:4] == ["2022-07-27", "hashicorp/aws", "4.23.0"]


def test_a_core_release_has_no_provider_core_range_or_node_engines() -> None:
    report = list_releases("cdktf")
    assert report.bindings == () and report.cores
    row = release_rows(report)[0]
    assert row["provider_source"] is row["provider_version"] is row["core_requirement"] is None
    assert row["engines_node"] is None and row["deprecated"] is False
    assert render_text(report).splitlines()[1].split()[2:4] == ["-", "-"]


def test_a_short_name_reads_as_the_prebuilt_package_and_an_unknown_one_is_one_error() -> None:
    assert list_releases("aws").package == "cdktf-cdktf-provider-aws"
    with pytest.raises(CompatError, match="unknown package 'nope'"):
        list_releases("nope")
