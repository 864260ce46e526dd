"""VER017: a stale lock is said once, and the code is checked against what the manifest declares."""

from __future__ import annotations

import json
from pathlib import Path

from tests.check.helpers import check, make_project


def _lock(default: dict[str, object]) -> str:
    return json.dumps({"_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": 6, "requires": {},
                                 "sources": []}, "default": default, "develop": {}}, indent=4)


def test_empty_packages_and_a_stale_lock_holding_the_core_as_a_path_wheel(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"})
    (root / "Pipfile").write_text('[packages]\n\n[requires]\npython_version = "3"\n')
    wheel = {"path": "./../../dist/cdktf-0.0.0-py3-none-any.whl"}
    (root / "Pipfile.lock").write_text(_lock({"cdktf": wheel}))
    result = check(root, select=("VER014", "VER017"))
    stale, undeclared = sorted(result.findings, key=lambda f: f.code, reverse=True)
    assert (stale.code, stale.severity, stale.path) == ("VER017", "warning", "Pipfile.lock")
    assert "Only the lock installs cdktf (path ./../../dist/cdktf-0.0.0-py3-none-any.whl)" in stale.message
    assert stale.suggestion is not None and "pipenv lock" in stale.suggestion
    assert (undeclared.code, undeclared.severity, undeclared.path) == ("VER014", "error", "main.py")


def test_stale_lock_that_contradicts_the_manifest_is_one_lock_drift_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"})
    (root / "Pipfile.lock").write_text(_lock({"cdktf": {"version": "==0.20.11"},
                                              "cdktf-cdktf-provider-aws": {"version": "==19.65.1"}}))
    result = check(root, select=("VER006", "VER017"))
    assert [(f.code, f.severity) for f in result.findings] == [("VER006", "error")]


def test_fresh_lock_gives_no_finding(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"})
    (root / "Pipfile").write_text('[packages]\n\n[requires]\npython_version = "3"\n')
    (root / "Pipfile.lock").write_text(_lock({}).replace(
        "0" * 64, "4e61a4ba9e6f02f50f68627253af5ababd9b1b4c1e10294e48158e1f42c0c5a6"))
    assert check(root, select=("VER017",)).findings == ()
