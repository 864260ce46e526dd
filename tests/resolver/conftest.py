from __future__ import annotations

from pathlib import Path

import pytest

from compat.snapshot import Snapshot, read_snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = Path(__file__).resolve().parents[2] / "data" / "releases.json"


@pytest.fixture(scope="session")
def fixture_snapshot() -> Snapshot:
    """A small real snapshot recorded by tests/resolver/record_snapshot.py."""
    return read_snapshot(FIXTURES / "snapshot" / "releases.json")


@pytest.fixture(scope="session", params=["fixture", "real"])
def snapshot(request: pytest.FixtureRequest, fixture_snapshot: Snapshot) -> Snapshot:
    """Both the recorded fixture and the embedded ``data/releases.json`` (when it has been built)."""
    if request.param == "fixture":
        return fixture_snapshot
    if not REAL.is_file():
        pytest.skip("data/releases.json is not built")
    return read_snapshot(REAL)
