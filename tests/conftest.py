"""Shared test setup: no test reaches the network or the user's cache or state by accident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compat.registry.endpoints import _Chosen

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPAT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COMPAT_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("PIP_INDEX_URL", "NPM_CONFIG_REGISTRY", "npm_config_registry"):  # the machine's mirrors
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setattr("compat.registry.endpoints._chosen", _Chosen())


def indexed(package: str, *versions: str) -> bool:
    """Whether the real symbol index holds these releases of ``package`` (tests on it skip otherwise)."""
    import sqlite3

    from compat.errors import CompatError
    from compat.index import indexed_versions

    try:
        have = set(indexed_versions(package))
    except (CompatError, sqlite3.Error):  # no index, or one being rebuilt
        return False
    return all(v in have for v in versions)
