from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compat.snapshot import Snapshot, read_snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROJECTS = FIXTURES / "projects"


@pytest.fixture(scope="session")
def snapshot() -> Snapshot:
    """A small real snapshot (see tests/resolver/record_snapshot.py)."""
    return read_snapshot(FIXTURES / "snapshot" / "releases.json")


@pytest.fixture
def copy_project(tmp_path: Path):  # type: ignore[no-untyped-def]
    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(PROJECTS / name, target)
        return target

    return _copy


@pytest.fixture(autouse=True)
def _no_terraform_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TF_VERSION", raising=False)
    monkeypatch.setattr("shutil.which", lambda _name: None)
