"""``--to`` / ``--from`` parsed once into a release spec; a release catalogue names and opens releases."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.families import CDKTF, CDKTN
from compat.migrations.model import Release
from compat.migrations.planner import plan_migration
from compat.migrations.target import choose_target, parse_family_or_version, parse_spec
from tests.migrations.fakes import OLD_PKG, MemoryCatalogue, new_release, old_release


def test_a_spec_is_a_line_a_version_or_a_release() -> None:
    assert parse_family_or_version(" cdktn ") is CDKTN
    assert parse_spec("cdktf", "--to") is CDKTF
    assert parse_spec(" 21.22.1 ", "--to") == Version("21.22.1")
    assert parse_spec("cdktn-provider-aws == 1.0", "--via") == Release(CDKTN.bindings, Version("1.0"))
    exact = parse_spec("cdktf_cdktf_provider_aws==9.0.52", "--from")
    assert exact == Release(CDKTF.bindings, Version("9.0.52"))


@pytest.mark.parametrize(
    ("text", "option", "message"),
    [
        ("banana", "--to", "--to must be a version, 'cdktn' or 'cdktf', not 'banana'"),
        ("banana", "--from", "--from must be a version, 'cdktn' or 'cdktf', not 'banana'"),
        ("cdktn-provider-aws==1.0", "--to", None),  # parse_line_or_version: no exact release
        ("foo ==1", "--via", "--via 'foo ==1': not a prebuilt AWS bindings package"),
        ("foo==1", "--from", "--from 'foo==1': not a prebuilt AWS bindings package"),
        ("cdktn-provider-aws==x.y", "--to", "invalid version 'x.y' for cdktn-provider-aws"),
        ("cdktf-cdktf-provider-aws==", "--from", "invalid version '' for cdktf-cdktf-provider-aws"),
    ],
)
def test_bad_text_is_one_line(text: str, option: str, message: str | None) -> None:
    with pytest.raises(CompatError) as error:
        parse_spec(text, option) if message else parse_family_or_version(text, option)
    assert str(error.value) == (message or f"--to must be a version, 'cdktn' or 'cdktf', not {text!r}")


def _catalogue() -> MemoryCatalogue:
    return MemoryCatalogue(
        new_release("20.0.0"),
        new_release("21.22.1"),
        new_release("22.0.0rc1"),
        new_release("21.22.1", package=CDKTN.bindings),
        new_release("25.8.1", package=CDKTN.bindings),
    )


def test_choose_target_finds_the_release_a_spec_names() -> None:
    catalogue = _catalogue()
    # a family is its newest stable release
    assert choose_target(CDKTF, CDKTN, catalogue) == Release(CDKTF.bindings, Version("21.22.1"))
    assert choose_target(CDKTN, CDKTF, catalogue) == Release(CDKTN.bindings, Version("25.8.1"))
    # a bare version stays on the family moved from when it has it, else it is the other family's
    assert choose_target(Version("21.22.1"), CDKTN, catalogue).package == CDKTN.bindings
    assert choose_target(Version("21.22.1"), CDKTF, catalogue).package == CDKTF.bindings
    assert choose_target(Version("25.8.1"), CDKTF, catalogue) == Release(CDKTN.bindings, Version("25.8.1"))
    exact = Release(CDKTF.bindings, Version("9.0.52"))
    assert choose_target(exact, CDKTN, catalogue) is exact
    with pytest.raises(
        CompatError,
        match=r"no indexed release 99\.0 of .*'compat index build "
        r"cdktf-cdktf-provider-aws==99\.0'",
    ):
        choose_target(Version("99.0"), CDKTF, catalogue)
    with pytest.raises(CompatError, match="no indexed release of cdktn-provider-aws"):
        choose_target(CDKTN, CDKTF, MemoryCatalogue(new_release()))


def test_online_the_snapshot_names_releases_not_yet_indexed() -> None:
    published = [
        SimpleNamespace(version=Version("25.9.0"), yanked=False),
        SimpleNamespace(version=Version("25.9.1"), yanked=True),
    ]
    snapshot = SimpleNamespace(bindings=lambda package: published if package == CDKTN.bindings else [])
    offline = MemoryCatalogue(new_release("25.8.1", package=CDKTN.bindings), snapshot=snapshot)
    online = MemoryCatalogue(new_release("25.8.1", package=CDKTN.bindings), snapshot=snapshot, offline=False)
    assert list(offline.known(CDKTN.bindings)) == [Version("25.8.1")]
    assert list(online.known(CDKTN.bindings)) == [Version("25.8.1"), Version("25.9.0")]  # not the yanked one
    assert list(online.indexed(CDKTN.bindings)) == [Version("25.8.1")]


def test_plan_migration_reads_releases_from_the_catalogue_only(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(f"cdktf==0.20.0\n{OLD_PKG}==9.0.52\n", encoding="utf-8")
    (tmp_path / "main.py").write_text("from cdktf_cdktf_provider_aws.vpc import Subnet\n", encoding="utf-8")
    catalogue = MemoryCatalogue(old_release("9.0.52"), new_release("16.0.0"), new_release("21.22.1"))
    plan = plan_migration(tmp_path, Version("21.22.1"), catalogue)
    assert (plan.source, plan.target) == (
        Release(OLD_PKG, Version("9.0.52")),
        Release(OLD_PKG, Version("21.22.1")),
    )
    [code] = [c for c in plan.changes if c.path.name == "main.py"]
    assert code.after == "from cdktf_cdktf_provider_aws.subnet import Subnet\n"
    assert catalogue.opened[:2] == [plan.source, plan.target]
    assert str(plan.target) == f"{OLD_PKG}==21.22.1"


def test_renames_names_the_option_that_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    from compat.cli import main

    assert main(["renames", "S3Bucket", "--from", "banana", "--to", "21.22.1"]) == 2
    expected = "compat: error: --from must be a version, 'cdktn' or 'cdktf', not 'banana'\n"
    assert capsys.readouterr().err == expected
