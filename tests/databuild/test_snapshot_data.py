"""The committed snapshot (data/releases.json) holds what the real wheels and npm say (DOMAIN.md samples)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compat.snapshot import Snapshot, read_snapshot

DATA = Path(__file__).resolve().parents[2] / "data" / "releases.json"
AWS = "registry.terraform.io/hashicorp/aws"


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return read_snapshot(DATA)


@pytest.mark.parametrize(
    ("package", "version", "provider", "core", "python"),
    [
        ("cdktf-cdktf-provider-aws", "9.0.52", "4.33.0", "cdktf<0.14.0,>=0.12.2", "~=3.7"),
        ("cdktf-cdktf-provider-aws", "10.0.0", "4.33.0", "cdktf<0.14.0,>=0.13.0", "~=3.7"),
        ("cdktf-cdktf-provider-aws", "10.0.2", "4.33.0", "cdktf<0.14.0,>=0.13.0", "~=3.7"),  # not on npm
        ("cdktf-cdktf-provider-aws", "12.0.0", "4.50.0", "cdktf<0.16.0,>=0.15.0", "~=3.7"),
        ("cdktf-cdktf-provider-aws", "12.0.13", "4.62.0", "cdktf<0.16.0,>=0.15.0", "~=3.7"),
        ("cdktf-cdktf-provider-aws", "16.0.0", "5.5.0", "cdktf<0.18.0,>=0.17.0", "~=3.7"),
        ("cdktf-cdktf-provider-aws", "19.0.0", "5.31.0", "cdktf<0.21.0,>=0.20.0", "~=3.8"),
        ("cdktf-cdktf-provider-aws", "19.65.1", "5.99.1", "cdktf<0.21.0,>=0.20.0", "~=3.9"),
        ("cdktf-cdktf-provider-aws", "20.0.0", "5.99.1", "cdktf<0.22.0,>=0.21.0", "~=3.9"),
        ("cdktf-cdktf-provider-aws", "20.1.0", "5.100.0", "cdktf<0.22.0,>=0.21.0", "~=3.9"),
        ("cdktf-cdktf-provider-aws", "21.0.0", "6.0.0", "cdktf<0.22.0,>=0.21.0", "~=3.9"),
        ("cdktf-cdktf-provider-aws", "21.22.1", "6.25.0", "cdktf<0.22.0,>=0.21.0", "~=3.9"),
        ("cdktn-provider-aws", "25.8.1", "6.69.1", "cdktn<0.25.0,>=0.24.0", ">=3.10"),
    ],
)
def test_domain_samples(
    snapshot: Snapshot, package: str, version: str, provider: str, core: str, python: str
) -> None:
    release = snapshot.binding(package, version)
    assert release is not None
    assert str(release.provider_version) == provider
    assert release.provider_source == AWS
    assert release.core_requirement == core
    assert release.requires_python == python


def test_every_release_pypi_has(snapshot: Snapshot) -> None:
    cdktf = snapshot.bindings("cdktf-cdktf-provider-aws")
    assert len(cdktf) == 488
    assert (str(cdktf[0].version), str(cdktf[-1].version)) == ("1.0.40", "21.22.1")
    cdktn = snapshot.bindings("cdktn-provider-aws")
    assert len(cdktn) >= 42 and str(cdktn[0].version) == "21.23.0"
    assert len(snapshot.cores("cdktf")) >= 865 and snapshot.core("cdktf", "0.21.0") is not None
    assert snapshot.core("cdktn", "0.24.0") is not None


def test_requires_python_switches_at_19_58_0(snapshot: Snapshot) -> None:
    before, after = (snapshot.binding("cdktf-cdktf-provider-aws", v) for v in ("19.57.0", "19.58.0"))
    assert before is not None and before.requires_python == "~=3.8"
    assert after is not None and after.requires_python == "~=3.9"


def test_every_binding_release_has_core_python_and_source(snapshot: Snapshot) -> None:
    for package in ("cdktf-cdktf-provider-aws", "cdktn-provider-aws"):
        for release in snapshot.bindings(package):
            assert release.core_requirement and release.requires_python and release.uploaded, release
            assert release.provider_source == AWS, release
            # the exact provider version is recorded from prebuilt 7.0.0 on (npm or the wheel);
            # 1.x-6.x name the provider in their generated code but not its version
            if release.version.major >= 7:
                assert release.provider_version is not None, release
                assert release.provider_version_from in ("npm", "wheel")
            else:
                assert release.provider_version is None and release.provider_version_from is None


def test_cores_and_features_carry_their_sources() -> None:
    document = json.loads(DATA.read_text())
    assert document["schema"] == 1
    keys = {f["key"] for f in document["features"]}
    assert {
        "moved_block",
        "import_block",
        "removed_block",
        "s3_backend_use_lockfile",
        "ephemeral_resources",
    } <= keys
    # a CLI's changelog (of a release branch, or at the commit the build read, with its section), OpenTofu's
    # documentation, or the AWS provider's changelog
    changelog = re.compile(
        r"https://github\.com/(?:hashicorp/terraform|opentofu/opentofu)/blob/(?:v1\.\d+|[0-9a-f]{40})/CHANGELOG\.md"
        r"(?: \(branch v1\.\d+, section 1\.\d+\.\d+(?: \(Unreleased\))?\))?"
        r"|https://opentofu\.org/docs/v1\.\d+/\S+"
    )
    aws = "https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md"
    assert all(changelog.fullmatch(f["source"]) or f["source"] == aws for f in document["features"]), [
        f["source"]
        for f in document["features"]
        if not changelog.fullmatch(f["source"]) and f["source"] != aws
    ]
    lockfile = next(f for f in document["features"] if f["key"] == "s3_backend_use_lockfile")
    assert lockfile["min_terraform"] == "1.11.0"  # generally available; experimental in 1.10
    assert all(f["source"].startswith("https://") for f in document["core_facts"])
    assert document["build"]["bytes_downloaded"] < document["build"]["whole_wheel_bytes"]
