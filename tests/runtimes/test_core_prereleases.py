"""VER013: bindings whose core requirement only pre-releases satisfy; Python across core and bindings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compat.check import CheckOptions, run_check
from compat.snapshot import Snapshot, parse_snapshot


def _snapshot() -> Snapshot:
    def binding(version: str, core: str, python: str) -> dict[str, Any]:
        return {
            "version": version,
            "uploaded": "",
            "provider_source": "registry.terraform.io/hashicorp/aws",
            "provider_version": "6.70.0",
            "provider_version_from": "npm",
            "core_requirement": core,
            "constructs_requirement": None,
            "requires_python": python,
            "yanked": False,
            "deprecated": False,
        }

    def core(version: str, python: str) -> dict[str, Any]:
        return {
            "version": version,
            "uploaded": "",
            "requires_python": python,
            "yanked": False,
            "node_min": None,
            "terraform_min": None,
        }

    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                "cdktn-provider-aws": {
                    "kind": "bindings",
                    "releases": [
                        binding("24.1.0", "cdktn<0.25.0,>=0.24.0", "~=3.9"),
                        binding("25.8.1", "cdktn<0.25.0,>=0.24.0", ">=3.10"),
                        binding("26.0.0", "cdktn<0.26.0,>=0.25.0.dev0", ">=3.10"),
                        binding("27.0.0", "cdktn<0.26.0,>=0.25.0", ">=3.10"),
                    ],
                },
                "cdktn": {
                    "kind": "core",
                    "releases": [core("0.24.0", "~=3.9"), core("0.25.0.dev65", ">=3.10")],
                },
            },
        }
    )


def _check(root: Path, requirements: str, **options: Any) -> list[tuple[str, str]]:
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}')
    (root / "requirements.txt").write_text(requirements)
    result = run_check(
        root,
        CheckOptions(select=("VER013", "VER003"), **options),
        snapshot=_snapshot(),
        index_loader=lambda *_: None,
    )
    return [(f.code, f.severity) for f in result.findings]


def test_pip_cannot_install_a_core_that_is_only_a_pre_release(tmp_path: Path) -> None:
    assert _check(tmp_path, "cdktn-provider-aws==26.0.0\n", python="3.11") == [("VER013", "error")]


@pytest.mark.parametrize("extra", ["--pre\n", "cdktn==0.25.0.dev65\n"])
def test_told_to_take_pre_releases(tmp_path: Path, extra: str) -> None:
    assert _check(tmp_path, "cdktn-provider-aws==26.0.0\n" + extra, python="3.11") == []


def test_poetry_is_an_assumption(tmp_path: Path) -> None:
    (tmp_path / "poetry.lock").write_text("")
    assert _check(tmp_path, "cdktn-provider-aws==26.0.0\n", python="3.11") == [("VER013", "warning")]


def test_a_core_version_that_only_exists_as_dev_releases(tmp_path: Path) -> None:
    (tmp_path / "poetry.lock").write_text("")  # no tool can install it
    assert _check(tmp_path, "cdktn-provider-aws==27.0.0\n--pre\n", python="3.11") == [("VER013", "error")]


def test_core_admits_3_9_while_its_bindings_need_3_10(tmp_path: Path) -> None:
    """cdktn 0.24 runs on 3.9; cdktn-provider-aws 25.8.1 (jsii dropped 3.9) does not."""
    found = _check(tmp_path, "cdktn==0.24.0\ncdktn-provider-aws==25.8.1\n", python="3.9")
    assert found == [("VER003", "error")]
    assert _check(tmp_path, "cdktn==0.24.0\ncdktn-provider-aws==24.1.0\n", python="3.9") == []
