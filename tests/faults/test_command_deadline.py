"""One network deadline per command for all its requests; a trickling host is given up (issue 24, 4).

A 1 byte/s mirror used to hold every request for its own 120 s: ``check`` took 121 s and ``data
refresh`` 362 s. Now a body slower than MIN_RATE over STALL_WINDOW is given up with its host, the
command's later requests to it fail at once, and ``check`` goes on with the embedded data.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compat.cli import main
from compat.errors import RegistryError
from compat.registry import http as http_module
from compat.registry.deadline import Deadline
from compat.registry.http import HttpClient
from tests.faults.server import HostileServer, body, silent, trickle


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    monkeypatch.setattr(http_module, "STALL_WINDOW", 2.0)  # the rule, in test time
    hostile = HostileServer({})
    with hostile.running():
        yield hostile


def test_a_trickling_body_is_given_up_and_so_is_its_host(
    server: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["*"] = trickle(b'{"name": ', 60)
    client = HttpClient(retries=0)
    started = time.monotonic()
    with pytest.raises(RegistryError, match="slower than 1 KiB/s"):
        client.get_json(server.url("/a"), ttl=0)
    assert time.monotonic() - started < 20  # the trickle takes 60 s; slack for a loaded machine
    started = time.monotonic()
    with pytest.raises(RegistryError, match="/b not asked: 127.0.0.1:[0-9]+ was given up earlier"):
        client.get_json(server.url("/b"), ttl=0)
    assert time.monotonic() - started < 3 and server.hits.get("/b") is None
    assert capsys.readouterr().err.count("compat: warning:") == 1  # said once


def test_a_server_that_never_answers_is_given_up_after_the_header_wait(
    server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http_module, "HEADERS_WITHIN", 1.5)
    server.routes["*"] = silent(30)
    client = HttpClient()  # with its retries: the wait covers them all
    started = time.monotonic()
    with pytest.raises(RegistryError, match="no answer within 2 s"):
        client.get_json(server.url("/a"), ttl=0)
    with pytest.raises(RegistryError, match="not asked"):
        client.get_json(server.url("/b"), ttl=0)
    assert time.monotonic() - started < 15  # the server is silent for 30 s


def test_every_request_of_a_command_draws_on_one_deadline(server: HostileServer) -> None:
    server.routes["/fast"] = body(b'{"ok": true}')
    server.routes["/slow"] = trickle(b"[" + b" " * 4096, 60)  # fast enough for the rate rule
    budget = Deadline(1.5)
    client = HttpClient(retries=0, budget=budget)
    assert client.get_json(server.url("/fast"), ttl=0) == {"ok": True}
    started = time.monotonic()
    with pytest.raises(RegistryError, match="no complete answer within 1 s"):
        client.get_json(server.url("/slow"), ttl=0)
    assert time.monotonic() - started < 10  # the slow answer trickles for 60 s
    other = HttpClient(retries=0, budget=budget)  # another client of the same command, another host
    with pytest.raises(RegistryError, match=r"network time of this command \(2 s\) is spent"):
        other.get_json(server.url("/fast").replace("127.0.0.1", "localhost"), ttl=0)


def test_check_against_a_trickling_mirror_falls_back_with_a_note(
    server: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["*"] = trickle(b'{"name": ', 60)
    monkeypatch.setenv("PIP_INDEX_URL", server.url("/simple/"))
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (tmp_path / "requirements.txt").write_text("cdktf==0.21.0\ncdktf-cdktf-provider-random==12.0.0\n")
    (tmp_path / "main.py").write_text("from cdktf_cdktf_provider_random.pet import Pet\n")
    started = time.monotonic()
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    assert time.monotonic() - started < 25  # the mirror trickles for 60 s
    out, err = capsys.readouterr()
    assert [f["code"] for f in json.loads(out)["findings"]] == ["SRC002"]
    assert "slower than 1 KiB/s: given up; no more requests to 127.0.0.1" in err


def test_data_refresh_against_a_trickling_mirror_is_one_line(
    server: HostileServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["*"] = trickle(b"{", 60)
    monkeypatch.setenv("PIP_INDEX_URL", server.url("/simple/"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", server.base)
    started = time.monotonic()
    assert main(["data", "refresh", "--quiet"]) == 2
    assert time.monotonic() - started < 25  # the mirror trickles for 60 s
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("compat: error:")]
    assert len(errors) == 1 and "cannot refresh the release data" in errors[0]
