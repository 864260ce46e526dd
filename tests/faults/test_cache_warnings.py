"""Smaller promises of docs/RELIABILITY.md (issue 24, 16): an unusable cache is said, sizes are true."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from compat.cli import main
from compat.paths import _said_if_unusable
from compat.registry.http import HttpClient
from compat.registry.wheel import RemoteWheel
from tests.faults.server import HostileServer, ranged


@pytest.fixture
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("compat.notice._warned", set())
    monkeypatch.setattr("compat.snapshot._loaded", None)  # read afresh, overlay from the cache included
    _said_if_unusable.cache_clear()
    yield
    _said_if_unusable.cache_clear()


def test_a_cache_home_naming_a_file_is_said_once(
    fresh_warnings: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "cache-home"
    blocker.write_text("")
    monkeypatch.delenv("COMPAT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    project = tmp_path / "p"
    project.mkdir()
    (project / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (project / "requirements.txt").write_text("cdktf==0.21.0\n")
    assert main(["check", str(project), "--offline"]) == 0
    err = capsys.readouterr().err
    assert err.count("compat: warning:") == 1
    assert f"the cache directory {blocker}/compat cannot be used ({blocker} is not a directory)" in err


def test_the_size_of_a_wheel_comes_from_the_file_when_the_index_gives_none() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("m/__init__.py", "x = 1\n" * 1000)
    blob = buffer.getvalue()
    server = HostileServer({"/w.whl": ranged(blob)})
    with server.running():
        wheel = RemoteWheel(HttpClient(retries=0), server.url("/w.whl"), tail_guess=64)
        wheel.members()
    assert wheel.size == len(blob)
