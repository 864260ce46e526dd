"""Shared test setup: no test reaches the network or the user's cache or state by accident."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

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


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would be resolved and reached: refuse it


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test without the ``network`` marker reaches only this machine (fake servers on loopback)."""
    if request.node.get_closest_marker("network") is not None:
        return
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            raise OSError(f"test reached the network ({address!r}): mark it 'network' or use a fake")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


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
