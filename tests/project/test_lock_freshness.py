"""Stale locks, told as each tool tells. The hashes below were written by the tools themselves:
pipenv 2026.10.3 (``Pipfile.calculate_hash``, PEP 503 names), the plette ``Pipfile.get_hash`` of
earlier pipenv releases (names as written), and Poetry 2's ``Locker._get_content_hash``."""

from __future__ import annotations

import json
from pathlib import Path

import tomllib

from compat.project import load_project
from compat.project.lock_freshness import stale_lock

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
cdktf = "==0.20.12"
Cdktf_Cdktf_Provider_Aws = "==19.65.1"

[requires]
python_version = "3"
"""
PIPENV_2026_HASH = "2977c14c51f976c5c405c87243a8541c73656675371a68844942ec2fcfd24eb0"
PLETTE_HASH = "77c2d7206fa83aaccd96ad45a0de32a9304415ec6ab1ecaf237120ab84e571d8"

#: what ``cdktf init`` leaves in the terraform-cdk examples: nothing under [packages]
EMPTY_PIPFILE = '[packages]\n\n[dev-packages]\n\n[requires]\npython_version = "3"\n'
EMPTY_HASH = "4e61a4ba9e6f02f50f68627253af5ababd9b1b4c1e10294e48158e1f42c0c5a6"

POETRY = """\
[tool.poetry]
name = "infra"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.9"
cdktf = "^0.20.0"
"""
POETRY_HASH = "bb2ac23998ffde502aec0dd83390db55c036834171960a34f359f991044de501"


def _pipfile_lock(digest: str, default: dict[str, object] | None = None) -> str:
    return json.dumps(
        {
            "_meta": {
                "hash": {"sha256": digest},
                "pipfile-spec": 6,
                "requires": {"python_version": "3"},
                "sources": [],
            },
            "default": default or {},
            "develop": {},
        },
        indent=4,
    )


def _stale(tmp_path: Path, manifest: str, manifest_text: str, lock: str, lock_text: str) -> object:
    (tmp_path / manifest).write_text(manifest_text)
    (tmp_path / lock).write_text(lock_text)
    kind = {"Pipfile.lock": "pipfile.lock", "poetry.lock": "poetry.lock", "uv.lock": "uv.lock"}[lock]
    return stale_lock(
        tmp_path / lock,
        kind,
        tmp_path / manifest,  # type: ignore[arg-type]
        tomllib.loads(manifest_text),
    )


def test_pipfile_lock_written_by_current_and_earlier_pipenv_is_fresh(tmp_path: Path) -> None:
    for digest in (PIPENV_2026_HASH, PLETTE_HASH):
        assert _stale(tmp_path, "Pipfile", PIPFILE, "Pipfile.lock", _pipfile_lock(digest)) is None


def test_pipfile_without_source_gets_pipenvs_default_source(tmp_path: Path) -> None:
    assert _stale(tmp_path, "Pipfile", EMPTY_PIPFILE, "Pipfile.lock", _pipfile_lock(EMPTY_HASH)) is None


def test_pipfile_edited_after_locking_makes_the_lock_stale(tmp_path: Path) -> None:
    edited = PIPFILE.replace("0.20.12", "0.20.11")
    found = _stale(tmp_path, "Pipfile", edited, "Pipfile.lock", _pipfile_lock(PIPENV_2026_HASH))
    assert found is not None and "_meta.hash.sha256 (2977c14c51f9...)" in str(found)


def test_lock_without_a_hash_is_never_called_stale(tmp_path: Path) -> None:
    text = json.dumps({"_meta": {}, "default": {}})
    assert _stale(tmp_path, "Pipfile", PIPFILE, "Pipfile.lock", text) is None


def test_poetry_content_hash(tmp_path: Path) -> None:
    lock = f'[metadata]\nlock-version = "2.1"\ncontent-hash = "{POETRY_HASH}"\n'
    assert _stale(tmp_path, "pyproject.toml", POETRY, "poetry.lock", lock) is None
    edited = POETRY.replace("^0.20.0", "^0.21.0")
    assert _stale(tmp_path, "pyproject.toml", edited, "poetry.lock", lock) is not None


UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "infra"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "cdktf" },
]

[package.metadata]
requires-dist = [
    { name = "cdktf", specifier = "==0.20.12" },
    { name = "boto3", marker = "python_version >= '3.11'" },
]
"""


def test_uv_lock_against_the_requires_dist_it_records(tmp_path: Path) -> None:
    fresh = (
        '[project]\nname = "infra"\nversion = "0.1.0"\n'
        'dependencies = ["boto3; python_version >= \'3.11\'", "CDKTF == 0.20.12"]\n'
    )
    assert _stale(tmp_path, "pyproject.toml", fresh, "uv.lock", UV_LOCK) is None
    edited = fresh.replace("0.20.12", "0.21.0")
    found = _stale(tmp_path, "pyproject.toml", edited, "uv.lock", UV_LOCK)
    assert found is not None
    assert "declares cdktf==0.21.0" in str(found) and "resolved for cdktf==0.20.12" in str(found)


def test_stale_lock_is_not_what_the_project_installs(tmp_path: Path) -> None:
    """The terraform-cdk examples: empty [packages], the lock still holds the core as a path wheel."""
    (tmp_path / "Pipfile").write_text(EMPTY_PIPFILE.replace("[packages]\n", '[packages]\nconstructs = "*"\n'))
    wheel = {"path": "./../../dist/cdktf-0.0.0-py3-none-any.whl"}
    (tmp_path / "Pipfile.lock").write_text(
        _pipfile_lock(EMPTY_HASH, {"cdktf": wheel, "constructs": {"version": "==3.0.4"}})
    )
    project = load_project(tmp_path, use_snapshot=False, relock_stale=True)
    assert project.stale_lock is not None and project.lock_in_force is None
    assert "cdktf" not in project.installed
    assert project.installed["constructs"].how != "lock"
