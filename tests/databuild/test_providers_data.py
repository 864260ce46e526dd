"""Every prebuilt package of both families in the committed snapshot (DOMAIN.md section 6 samples)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from compat.providers import provider_package
from compat.snapshot import Snapshot, read_snapshot

DATA = Path(__file__).resolve().parents[2] / "data" / "releases.json"


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return read_snapshot(DATA)


@pytest.mark.parametrize(
    ("package", "newest", "provider", "core"),
    [
        ("cdktf-cdktf-provider-google", "16.12.1", "6.50.0", "cdktf<0.22.0,>=0.21.0"),
        ("cdktn-provider-google", "21.1.0", "8.7.0", "cdktn<0.25.0,>=0.24.0"),
        ("cdktf-cdktf-provider-random", "12.0.1", "3.7.2", "cdktf<0.22.0,>=0.21.0"),
        ("cdktf-cdktf-provider-null", "11.0.1", "3.2.4", "cdktf<0.22.0,>=0.21.0"),
        ("cdktf-cdktf-provider-azurerm", "14.23.1", "4.55.0", "cdktf<0.22.0,>=0.21.0"),
        ("cdktf-cdktf-provider-kubernetes", "12.1.1", "2.38.0", "cdktf<0.22.0,>=0.21.0"),
        ("cdktf-cdktf-provider-docker", "12.0.3", "3.6.2", "cdktf<0.22.0,>=0.21.0"),
    ],
)
def test_newest_release_of_each_sample(
    snapshot: Snapshot, package: str, newest: str, provider: str, core: str
) -> None:
    stable = [r for r in snapshot.bindings(package) if not r.version.is_prerelease]
    assert str(stable[-1].version) == newest
    assert str(stable[-1].provider_version) == provider and stable[-1].core_requirement == core


def test_both_families_every_package(snapshot: Snapshot) -> None:
    names = list(snapshot.bindings_by_package)
    cdktf = [n for n in names if n.startswith("cdktf-cdktf-provider-")]
    cdktn = [n for n in names if n.startswith("cdktn-provider-")]
    assert len(cdktf) >= 56 and len(cdktn) >= 32
    assert {"cdktn-provider-awscc", "cdktn-provider-azapi", "cdktn-provider-cfncompat"} <= set(cdktn)
    assert sum(snapshot.summary(n).releases for n in cdktf) >= 20_700
    assert all(provider_package(n) is not None for n in names)


@pytest.mark.parametrize(
    ("package", "version", "core"),
    [
        ("cdktf-cdktf-provider-aws", "10.0.2", "cdktf<0.14.0,>=0.13.0"),  # terraform-cdk#2319
        ("cdktf-cdktf-provider-local", "4.0.0", "cdktf<0.15.0,>=0.14.0"),
        ("cdktf-cdktf-provider-null", "7.0.0", "cdktf<0.18.0,>=0.17.0"),  # terraform-cdk#3103
    ],
)
def test_core_requirements_of_the_reported_conflicts(
    snapshot: Snapshot, package: str, version: str, core: str
) -> None:
    release = snapshot.binding(package, version)
    assert release is not None and release.core_requirement == core


def test_every_release_states_its_core_and_python(snapshot: Snapshot) -> None:
    for package in snapshot.bindings_by_package:
        for release in snapshot.bindings(package):
            assert release.core_requirement and release.requires_python is not None, release


def test_the_status_summaries_need_no_unpacking_and_are_fast() -> None:
    started = time.process_time()
    snapshot = read_snapshot(DATA)
    summaries = {name: snapshot.summary(name) for name in snapshot.bindings_by_package}
    assert time.process_time() - started < 0.1
    google = "cdktf-cdktf-provider-google"
    assert summaries[google].releases == len(snapshot.bindings(google)) == 799
    document = json.loads(DATA.read_text())
    assert all("summary" in entry for entry in document["packages"].values())
