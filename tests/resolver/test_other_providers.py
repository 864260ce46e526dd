"""`matrix --package` and `why` for prebuilt providers other than AWS, on a small snapshot.

The snapshot is the recorded fixture plus a few made-up releases of other packages, shaped like the
real ones: cdktf-cdktf-provider-google releases whose provider version no source states, and an
early cdktn-provider-random release that requires the cdktf core.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

import compat.snapshot
from compat.cli import main
from compat.errors import CompatError
from compat.providers import provider_package
from compat.resolver.matrix import matrix_package, matrix_target
from compat.resolver.query import parse_release, why_target
from compat.snapshot import BindingRelease, Snapshot, read_snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _release(package: str, version: str, provider: str | None, core: str) -> BindingRelease:
    name = package.rsplit("-", 1)[-1]
    return BindingRelease(
        package=package,
        version=Version(version),
        uploaded="2025-01-01T00:00:00Z",
        provider_source=f"registry.terraform.io/hashicorp/{name}",
        provider_version=Version(provider) if provider else None,
        provider_version_from="npm" if provider else None,
        core_requirement=core,
        constructs_requirement="constructs<11.0.0,>=10.0.0",
        requires_python="~=3.8",
        yanked=False,
        deprecated=False,
    )


@pytest.fixture
def small() -> Snapshot:
    snapshot = read_snapshot(FIXTURES / "snapshot" / "releases.json")
    google = "cdktf-cdktf-provider-google"
    snapshot.bindings_by_package[google] = [
        _release(google, "13.0.0", "5.10.0", "cdktf<0.21.0,>=0.20.0"),
        _release(google, "14.0.0", None, "cdktf<0.22.0,>=0.21.0"),
    ]
    random = "cdktn-provider-random"
    snapshot.bindings_by_package[random] = [
        _release(random, "12.1.0", "3.7.2", "cdktf<0.22.0,>=0.21.0"),
        _release(random, "13.0.0", "3.7.2", "cdktn<0.23.0,>=0.22.0"),
    ]
    return snapshot


@pytest.fixture
def loaded(small: Snapshot, monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    """``compat`` commands read ``small`` instead of the embedded snapshot."""
    monkeypatch.setattr(compat.snapshot, "load_snapshot", lambda: small)
    monkeypatch.delenv("TF_VERSION", raising=False)
    monkeypatch.setattr("shutil.which", lambda _name: None)
    return small


def test_matrix_package_by_short_or_full_name(small: Snapshot) -> None:
    assert matrix_package(small, None, "google").pypi == "cdktf-cdktf-provider-google"
    assert matrix_package(small, None, "cdktn-provider-random").family.name == "cdktn"
    assert matrix_package(small, "cdktn", "random").pypi == "cdktn-provider-random"
    assert matrix_package(small, None, None).pypi == "cdktf-cdktf-provider-aws"
    with pytest.raises(CompatError, match="not --line cdktf"):
        matrix_package(small, "cdktf", "cdktn-provider-random")
    with pytest.raises(CompatError, match="unknown package 'gogle'; nearest: google"):
        matrix_package(small, None, "gogle")
    with pytest.raises(CompatError, match="cdktf or cdktn"):
        matrix_package(small, "nope", None)


def test_matrix_provider_constraint_must_name_the_package_provider(small: Snapshot) -> None:
    google = matrix_package(small, None, "google")
    target = matrix_target(google, python=None, provider="google@~> 5.0", opentofu=False)
    assert target.primary == "cdktf-cdktf-provider-google" and target.provider is not None
    with pytest.raises(CompatError, match="built for the 'google' provider"):
        matrix_target(google, python=None, provider="aws@~> 5.0", opentofu=False)


def test_matrix_package_says_unknown_provider_versions(
    loaded: Snapshot, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", "--package", "google", "--until", "1.5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["terraform", "google", "provider", "bindings", "core"]
    assert lines[-3].split() == ["1.5", "unknown", "cdktf-cdktf-provider-google", "14.0.0", "cdktf", "0.21.0"]
    assert lines[-1] == (
        "1 of 2 releases of cdktf-cdktf-provider-google state no google provider version "
        "(no source names it; shown as 'unknown', never guessed)"
    )
    json_args = ["--python", "3.8", "--until", "1.5", "--format", "json"]
    assert main(["matrix", "--package", "google", *json_args]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["package"] == "cdktf-cdktf-provider-google"
    assert document["releases_without_provider_version"] == 1
    assert document["rows"][-1]["provider_version"] == "5.10.0"
    assert main(["matrix", "--package", "google", "--provider", "aws@~> 5.0"]) == 2


def test_matrix_aws_default_has_no_package_keys(loaded: Snapshot, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--format", "json", "--until", "1.5"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "package" not in document and document["line"] == "cdktf"
    assert main(["matrix", "--until", "1.5"]) == 0
    default = capsys.readouterr().out
    assert main(["matrix", "--package", "aws", "--until", "1.5"]) == 0
    assert capsys.readouterr().out.startswith(default)


def test_why_target_is_built_in_the_core(tmp_path: Path) -> None:
    package, version = parse_release("cdktn_provider_random==12.1.0")
    assert (package.pypi, version) == ("cdktn-provider-random", Version("12.1.0"))
    target = why_target(
        package, terraform="1.5.7", opentofu=None, python="3.11", provider="random@~> 3.7", project=tmp_path
    )
    assert target.family.name == "cdktn" and target.primary == "cdktn-provider-random"
    assert target.terraform == Version("1.5.7") and target.python == Version("3.11")
    assert target.provider_source == "--provider"
    with pytest.raises(CompatError, match="is not <package>==<version>"):
        parse_release("cdktn-provider-random>=1")
    with pytest.raises(CompatError, match="is not <package>==<version>"):
        parse_release("cdktn-provider-random==12.*")  # a prefix match names no release
    with pytest.raises(CompatError, match="not a prebuilt provider package"):
        parse_release("cdktf==0.21.0")
    aws = provider_package("cdktf-cdktf-provider-aws")
    assert aws is not None
    with pytest.raises(CompatError, match="built for the 'aws' provider"):
        why_target(aws, terraform=None, opentofu=None, python=None, provider="google@5", project=tmp_path)


def test_why_other_providers(loaded: Snapshot, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["--terraform", "1.5.7", "--python", "3.11", "--project", str(tmp_path)]
    assert main(["why", "cdktf-cdktf-provider-google==14.0.0", *args]) == 0
    out = capsys.readouterr().out
    assert "built for an unknown google provider" in out and "Verdict: usable with cdktf 0.21.0." in out
    assert main(["why", "cdktf-cdktf-provider-google==14.0.0", *args, "--provider", "google@~> 5.0"]) == 1
    out = capsys.readouterr().out
    assert "google provider '~> 5.0' (from --provider)" in out
    assert "the google provider version of 14.0.0 is not known (provider)" in out
    # an early cdktn-provider-* release requires cdktf: judged against that core, not "no cdktf matches"
    assert main(["why", "cdktn-provider-random==12.1.0", *args, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["core"] == {"name": "cdktf", "version": "0.21.0"}
    assert "It requires cdktf, not cdktn: it belongs in a cdktf project." in document["explanation"]
    assert main(["why", "cdktn-provider-random==13.0.0", *args]) == 0
    # no cdktn-cli 0.22.1 on npm states that CLI's minimum Terraform: unknown, not usable
    assert "Verdict: unknown: it passes every check that could be made with cdktn 0.22.1" in (
        capsys.readouterr().out
    )
