"""VER017: a stale lock is said once, and the code is checked against what the manifest declares."""

from __future__ import annotations

import json
from pathlib import Path

from tests.check.helpers import check, make_project


def _lock(default: dict[str, object]) -> str:
    return json.dumps(
        {
            "_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": 6, "requires": {}, "sources": []},
            "default": default,
            "develop": {},
        },
        indent=4,
    )


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
    (root / "Pipfile.lock").write_text(
        _lock({"cdktf": {"version": "==0.20.11"}, "cdktf-cdktf-provider-aws": {"version": "==19.65.1"}})
    )
    result = check(root, select=("VER006", "VER017"))
    assert [(f.code, f.severity) for f in result.findings] == [("VER006", "error")]


def test_fresh_lock_gives_no_finding(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"})
    (root / "Pipfile").write_text('[packages]\n\n[requires]\npython_version = "3"\n')
    (root / "Pipfile.lock").write_text(
        _lock({}).replace("0" * 64, "4e61a4ba9e6f02f50f68627253af5ababd9b1b4c1e10294e48158e1f42c0c5a6")
    )
    assert check(root, select=("VER017",)).findings == ()


UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "infra"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "cdktf" }]

[package.metadata]
requires-dist = [{ name = "cdktf", specifier = "==0.20.12" }]

[[package]]
name = "cdktf"
version = "0.20.12"
source = { registry = "https://pypi.org/simple" }
"""


def test_uv_lock_resolved_for_other_dependencies_is_stale_and_the_manifest_decides(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n"})
    (root / "Pipfile").unlink()
    (root / "pyproject.toml").write_text(
        '[project]\nname = "infra"\nversion = "0.1.0"\n'
        'requires-python = ">=3.11"\ndependencies = ["cdktf==0.21.0"]\n'
    )
    (root / "uv.lock").write_text(UV_LOCK)
    result = check(root, select=("VER006", "VER017"))
    assert [(f.code, f.path) for f in result.findings] == [("VER006", "pyproject.toml")]
    (root / "pyproject.toml").write_text(
        '[project]\nname = "infra"\nversion = "0.1.0"\n'
        'requires-python = ">=3.11"\ndependencies = ["cdktf==0.20.12", "boto3"]\n'
    )
    [finding] = check(root, select=("VER006", "VER017")).findings
    assert finding.code == "VER017" and "declares boto3" in finding.message
    assert "uv lock" in (finding.suggestion or "")
