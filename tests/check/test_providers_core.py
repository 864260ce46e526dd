"""VER015: prebuilt packages whose pinned releases need different cores (terraform-cdk#2319)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compat.check import CheckOptions, CheckResult, run_check
from compat.snapshot import Snapshot, parse_snapshot
from tests.check import fakes


def _binding(version: str, core: str) -> dict[str, Any]:
    return {
        "version": version,
        "uploaded": "",
        "provider_source": None,
        "provider_version": None,
        "provider_version_from": None,
        "core_requirement": core,
        "constructs_requirement": None,
        "requires_python": "~=3.7",
        "yanked": False,
        "deprecated": False,
    }


def _core(version: str) -> dict[str, Any]:
    return {
        "version": version,
        "uploaded": "",
        "requires_python": "~=3.7",
        "yanked": False,
        "node_min": None,
        "terraform_min": None,
    }


def _snapshot() -> Snapshot:
    """Real requirements: aws 10.0.2 needs cdktf<0.14, local 4.0.0 >=0.14 (terraform-cdk#2319)."""
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                "cdktf-cdktf-provider-aws": {
                    "kind": "bindings",
                    "releases": [
                        _binding("10.0.2", "cdktf<0.14.0,>=0.13.0"),
                        _binding("11.0.0", "cdktf<0.15.0,>=0.14.0"),
                    ],
                },
                "cdktf-cdktf-provider-local": {
                    "kind": "bindings",
                    "releases": [
                        _binding("3.0.0", "cdktf<0.14.0,>=0.13.0"),
                        _binding("4.0.0", "cdktf<0.15.0,>=0.14.0"),
                    ],
                },
                "cdktf-cdktf-provider-null": {
                    "kind": "bindings",
                    "releases": [
                        _binding("7.0.0", "cdktf<0.18.0,>=0.17.0"),
                        _binding("8.0.0", "cdktf<0.19.0,>=0.18.0"),
                    ],
                },
                "cdktf": {
                    "kind": "core",
                    "releases": [
                        _core("0.13.3"),
                        _core("0.14.0"),
                        _core("0.14.3"),
                        _core("0.17.3"),
                        _core("0.18.0"),
                    ],
                },
            },
        }
    )


def _check(tmp_path: Path, local: str, core: str = "") -> CheckResult:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text(
        f"cdktf{core}\ncdktf-cdktf-provider-aws==10.0.2\ncdktf-cdktf-provider-local{local}\n"
    )
    return run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )


def test_exact_pins_that_need_different_cores_are_one_error_naming_both(tmp_path: Path) -> None:
    [finding] = _check(tmp_path, "==4.0.0").findings
    assert (finding.code, finding.severity, finding.path, finding.line) == (
        "VER015",
        "error",
        "requirements.txt",
        2,
    )
    assert "cdktf-cdktf-provider-aws 10.0.2" in finding.message
    assert "cdktf-cdktf-provider-local 4.0.0" in finding.message
    # the newest set of the same packages that can coexist
    newest = "cdktf 0.14.3 with cdktf-cdktf-provider-aws 11.0.0, cdktf-cdktf-provider-local 4.0.0"
    assert newest in finding.message


def test_a_range_is_resolved_jointly_by_pip_so_it_is_no_conflict(tmp_path: Path) -> None:
    assert _check(tmp_path, ">=3.0").findings == ()


def test_releases_that_agree_are_silent(tmp_path: Path) -> None:
    assert _check(tmp_path, "==3.0.0").findings == ()


def test_a_pinned_core_outside_another_providers_requirement_names_both(tmp_path: Path) -> None:
    root = tmp_path / "q"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktf==0.13.3\ncdktf-cdktf-provider-local==4.0.0\n")
    [finding] = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    ).findings
    assert (finding.path, finding.line) == ("requirements.txt", 1)
    assert "cdktf 0.13.3 is outside the requirement of cdktf-cdktf-provider-local 4.0.0" in finding.message
    assert "cdktf 0.14.3 with cdktf-cdktf-provider-local 4.0.0" in finding.message


def test_the_aws_bindings_outside_the_core_are_left_to_ver002(tmp_path: Path) -> None:
    assert (
        _check(tmp_path, "==4.0.0", core="==0.14.0")
        .findings[0]
        .message.startswith("cdktf-cdktf-provider-aws 10.0.2")
    )  # the pair, once; not the core finding VER002 makes


def test_pins_of_different_manifests_are_not_combined(tmp_path: Path) -> None:
    """A stale requirements.txt beside the Pipfile is no evidence of what gets installed together."""
    root = tmp_path / "r"
    root.mkdir()
    (root / "Pipfile").write_text('[packages]\ncdktf-cdktf-provider-aws = "==10.0.2"\n')
    (root / "requirements.txt").write_text("cdktf==0.14.0\ncdktf-cdktf-provider-local==4.0.0\n")
    result = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )
    assert result.findings == ()


def test_the_lock_decides_what_is_installed_together(tmp_path: Path) -> None:
    root = tmp_path / "s"
    root.mkdir()
    (root / "Pipfile").write_text(
        '[packages]\ncdktf-cdktf-provider-aws = "*"\ncdktf-cdktf-provider-local = "*"\n'
    )
    (root / "Pipfile.lock").write_text(
        json.dumps(
            {
                "_meta": {},
                "develop": {},
                "default": {
                    "cdktf-cdktf-provider-aws": {"version": "==10.0.2"},
                    "cdktf-cdktf-provider-local": {"version": "==4.0.0"},
                },
            },
            indent=4,
        )
    )
    [finding] = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    ).findings
    assert finding.path == "Pipfile.lock" and "cannot be installed together" in finding.message


def test_every_other_imported_prebuilt_package_is_checked_or_says_why_not(tmp_path: Path) -> None:
    root = tmp_path / "n"
    root.mkdir()
    (root / "requirements.txt").write_text(
        "cdktf-cdktf-provider-aws==10.0.2\ncdktf-cdktf-provider-random==12.0.1\ncdktf-cdktf-provider-null>=10\n"
    )
    (root / "main.py").write_text(
        "from cdktf_cdktf_provider_aws import provider\n"
        "from cdktf_cdktf_provider_random.id import Id\n"
        "from cdktf_cdktf_provider_null.resource import Resource\n"
    )
    result = run_check(
        root,
        CheckOptions(select=("VER015", "SRC002", "IMP")),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )
    [info] = [f for f in result.findings if f.severity == "info"]  # random; never the AWS bindings
    assert (info.code, info.path, info.line) == ("SRC002", "requirements.txt", 2)
    assert info.suggestion and "'compat index build cdktf-cdktf-provider-random==12.0.1'" in info.suggestion
    [note] = [n for n in result.notes if "were not checked" in n]
    assert note.startswith("cdktf-cdktf-provider-null (requirements.txt:3)")


def test_a_core_range_that_leaves_no_core_for_an_exact_provider_release(tmp_path: Path) -> None:
    """null 7.0.0 pins cdktf<0.18 (terraform-cdk#3103): with cdktf>=0.18 pip has no core to pick."""
    root = tmp_path / "t"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktf>=0.18\ncdktf-cdktf-provider-null==7.0.0\n")
    [finding] = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    ).findings
    assert (finding.path, finding.line) == ("requirements.txt", 1)
    assert "no cdktf release within '>=0.18' satisfies cdktf-cdktf-provider-null 7.0.0" in finding.message
    assert "cdktf 0.18.0 with cdktf-cdktf-provider-null 8.0.0" in finding.message
    (root / "requirements.txt").write_text("cdktf>=0.17\ncdktf-cdktf-provider-null==7.0.0\n")
    assert (
        run_check(
            root,
            CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
            snapshot=_snapshot(),
            index_loader=fakes.loader(),
        ).findings
        == ()
    )


def _fresh_lock(pipfile: str, default: dict[str, object]) -> str:
    import tomllib

    from compat.project.lock_freshness import pipfile_hashes

    digest = sorted(pipfile_hashes(tomllib.loads(pipfile)))[0]
    return json.dumps(
        {
            "_meta": {"hash": {"sha256": digest}, "requires": {}, "sources": []},
            "default": default,
            "develop": {},
        }
    )


def test_a_requirements_file_beside_a_locked_pipfile_is_solved_on_its_own(tmp_path: Path) -> None:
    """requirements.txt pins a provider needing cdktf<0.18 next to cdktf==0.18.0: pip cannot install it,
    whatever the (consistent) Pipfile and its lock say."""
    root = tmp_path / "p"
    root.mkdir()
    pipfile = '[packages]\ncdktf = "==0.17.3"\ncdktf-cdktf-provider-null = "==7.0.0"\n'
    (root / "Pipfile").write_text(pipfile)
    (root / "Pipfile.lock").write_text(
        _fresh_lock(
            pipfile, {"cdktf": {"version": "==0.17.3"}, "cdktf-cdktf-provider-null": {"version": "==7.0.0"}}
        )
    )
    (root / "requirements.txt").write_text("cdktf==0.18.0\ncdktf_cdktf_provider_null==7.0.0\n")
    result = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )
    [finding] = result.findings
    assert (finding.path, finding.line) == ("requirements.txt", 1)
    assert "cdktf 0.18.0 is outside the requirement of cdktf-cdktf-provider-null 7.0.0" in finding.message


def test_the_locked_manifest_is_not_judged_twice(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    pipfile = '[packages]\ncdktf = "==0.18.0"\ncdktf-cdktf-provider-null = "==7.0.0"\n'
    (root / "Pipfile").write_text(pipfile)
    (root / "Pipfile.lock").write_text(
        _fresh_lock(
            pipfile, {"cdktf": {"version": "==0.18.0"}, "cdktf-cdktf-provider-null": {"version": "==7.0.0"}}
        )
    )
    result = run_check(
        root,
        CheckOptions(select=("VER015",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )
    assert [f.path for f in result.findings] == ["Pipfile.lock"]


def test_two_manifests_pinning_different_cores_are_one_warning_with_both_places(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.17.3"\n')
    (root / "requirements.txt").write_text("constructs\ncdktf==0.18.0\n")
    (root / "requirements-dev.txt").write_text("cdktf==0.17.3\n")
    result = run_check(
        root,
        CheckOptions(select=("VER018",)),  # type: ignore[arg-type]
        snapshot=_snapshot(),
        index_loader=fakes.loader(),
    )
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.path, finding.line) == ("VER018", "warning", "Pipfile", 2)
    assert "requirements.txt pins 0.18.0" in finding.message
    assert sorted(str(r) for r in finding.related) == ["requirements-dev.txt:1", "requirements.txt:2"]
