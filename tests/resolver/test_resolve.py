"""The done-when cases of issue 4 and the explanations, on the recorded and the real snapshot."""

from __future__ import annotations

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.families import CDKTF, CDKTN, Family
from compat.resolver.matrix import matrix, terraform_minors
from compat.resolver.model import Target
from compat.resolver.solve import judge, resolve, why
from compat.snapshot import Snapshot
from compat.versions import parse_constraint


def _target(
    terraform: str | None, python: str | None, provider: str | None = None, family: Family = CDKTF
) -> Target:
    return Target(
        family,
        Version(terraform) if terraform else None,
        Version(python) if python else None,
        parse_constraint(provider) if provider else None,
    )


@pytest.mark.parametrize(
    ("terraform", "python", "provider", "package", "aws", "core"),
    [
        ("1.5.7", "3.11", None, "21.22.1", "6.25.0", "0.21.0"),
        ("1.5.7", "3.11", "~> 5.0", "20.1.0", "5.100.0", "0.21.0"),
        ("1.5.7", "3.8", None, "19.57.0", "5.91.0", "0.20.12"),
    ],
)
def test_done_when_selections(
    snapshot: Snapshot, terraform: str, python: str, provider: str | None, package: str, aws: str, core: str
) -> None:
    resolution = resolve(snapshot, _target(terraform, python, provider))
    selection = resolution.selection
    assert selection is not None
    assert (str(selection.package.version), str(selection.provider_version), str(selection.core.version)) == (
        package,
        aws,
        core,
    )
    assert any(f"Selected cdktf-cdktf-provider-aws {package}" in line for line in resolution.explanation)


def test_terraform_0_11_is_impossible_with_an_explanation(snapshot: Snapshot) -> None:
    resolution = resolve(snapshot, _target("0.11.14", "3.11"))
    assert resolution.selection is None
    head = resolution.explanation[0]
    assert head.startswith("No release of cdktf-cdktf-provider-aws works with Terraform 0.11.14")
    assert "the AWS provider needs plugin protocol 5 (Terraform >= 0.12.0)" in head
    assert "the cdktf CLI needs Terraform >= 1.2.0" in head
    assert all(v.rejections for v in resolution.verdicts)
    assert any(r.predicate == "protocol" for v in resolution.verdicts for r in v.rejections)


def test_aws_6_does_not_need_terraform_1_8(snapshot: Snapshot) -> None:
    """DOMAIN.md section 1: the false belief compat must not repeat."""
    selection = resolve(snapshot, _target("1.2.0", "3.11")).selection
    assert selection is not None and selection.provider_version is not None
    assert selection.provider_version.major == 6


def test_newer_releases_record_the_predicate_that_rejected_them(snapshot: Snapshot) -> None:
    resolution = resolve(snapshot, _target("1.5.7", "3.8"))
    rejected = [v for v in resolution.verdicts if not v.accepted]
    assert rejected and all(v.release.version > Version("19.57.0") for v in rejected)
    predicates = {r.predicate for v in rejected for r in v.rejections}
    assert predicates <= {"python", "core-python"} and "python" in predicates


def test_yanked_and_prereleases_are_skipped(fixture_snapshot: Snapshot) -> None:
    newest = fixture_snapshot.bindings("cdktf-cdktf-provider-aws")[-1]
    yanked = newest._replace(yanked=True)
    verdict = judge(yanked, fixture_snapshot, _target("1.5.7", "3.11"))
    assert [r.predicate for r in verdict.rejections] == ["yanked"]
    pre = newest._replace(version=Version("22.0.0rc1"))
    assert [r.predicate for r in judge(pre, fixture_snapshot, _target("1.5.7", "3.11")).rejections] == [
        "pre-release"
    ]


def test_unknown_terraform_and_python_do_not_filter(fixture_snapshot: Snapshot) -> None:
    selection = resolve(fixture_snapshot, _target(None, None)).selection
    assert selection is not None and selection.package.version == Version("21.22.1")


def test_cdktn_family(snapshot: Snapshot) -> None:
    selection = resolve(snapshot, _target("1.9.8", "3.11", family=CDKTN)).selection
    assert selection is not None and selection.package.package == "cdktn-provider-aws"
    assert selection.core.package == "cdktn" and selection.core.version >= Version("0.24.0")
    older = resolve(snapshot, _target("1.9.8", "3.9", family=CDKTN)).selection  # newer bindings need >=3.10
    assert older is not None and older.package.version < selection.package.version
    assert older.package.python_specifier.contains("3.9")


def test_why(snapshot: Snapshot) -> None:
    verdict, lines = why(snapshot, _target("1.5.7", "3.8"), "cdktf-cdktf-provider-aws", "21.22.1")
    assert not verdict.accepted
    assert lines[0].startswith("cdktf-cdktf-provider-aws 21.22.1: built for AWS provider 6.25.0")
    assert "  - 21.22.1 requires Python ~=3.9 (python)" in lines
    verdict, lines = why(snapshot, _target("1.5.7", "3.11"), "cdktf-cdktf-provider-aws", "20.1.0")
    assert verdict.accepted and lines[-1] == "Verdict: usable with cdktf 0.21.0."
    with pytest.raises(CompatError, match="not in the release snapshot"):
        why(snapshot, _target("1.5.7", "3.11"), "cdktf-cdktf-provider-aws", "99.0.0")


def test_terraform_minors_jump_from_0_15_to_1_0() -> None:
    minors = [str(v) for v in terraform_minors(Version("0.12"), Version("1.2"))]
    assert minors == ["0.12.0", "0.13.0", "0.14.0", "0.15.0", "1.0.0", "1.1.0", "1.2.0"]


def test_matrix(snapshot: Snapshot) -> None:
    rows = matrix(snapshot, _target(None, None), until=Version("1.5"))
    assert [r.terraform for r in rows][:5] == ["0.12", "0.13", "0.14", "0.15", "1.0"]
    by_minor = {r.terraform: r for r in rows}
    assert by_minor["1.5"].package_version == Version("21.22.1")
    assert by_minor["1.2"].core_version == Version("0.21.0")  # the cdktf 0.15+ CLI needs 1.2.0
    old = by_minor["0.12"]
    assert old.core_version is not None and old.core_version < Version(
        "0.12.2"
    )  # 0.12.2+ needs Terraform 1.0
