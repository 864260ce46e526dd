"""The HTTP client against a real local server that answers like a hostile registry.

Slow answers meet a deadline (and fall back to the cache), long ones a size limit, redirects
to other hosts and answers about another project are refused and never cached, and a wheel's
zip structures are checked before anything is read or inflated.
"""

from __future__ import annotations

import json
import struct
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.pypi import PyPIClient
from compat.registry.wheel import RemoteWheel
from tests.faults.server import HostileServer, body, endless, ranged, redirect, trickle

PROJECT = {"info": {"name": "cdktf"}, "releases": {}}


class Memory(dict[str, Any]):
    def set(self, key: str, value: Any) -> None:
        self[key] = value


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer({})
    with hostile.running():
        yield hostile


def test_a_server_sending_a_byte_a_second_meets_the_deadline(server: HostileServer) -> None:
    server.routes["/slow"] = trickle(b'{"name": ')
    started = time.monotonic()
    with pytest.raises(RegistryError, match="no complete answer within 1 s"):
        HttpClient(retries=0, deadline=1.0).get_json(server.url("/slow"), ttl=0)
    assert time.monotonic() - started < 5


def test_past_the_deadline_the_cached_answer_is_used(server: HostileServer) -> None:
    server.routes["/slow"] = trickle()
    url = server.url("/slow")
    cache = Memory({"json:" + url: (0.0, {"name": "cached"})})  # stale: a request is made
    assert HttpClient(cache=cache, retries=0, deadline=1.0).get_json(url, ttl=60) == {"name": "cached"}


@pytest.mark.parametrize(
    "route",
    [endless(), body(b"[]", headers={"Content-Length": str(10 << 30)})],
    ids=["endless body", "a 10 GiB Content-Length"],
)
def test_an_answer_larger_than_its_limit_is_refused(server: HostileServer, route: Any) -> None:
    server.routes["/big"] = route
    client = HttpClient(retries=0)
    with pytest.raises(RegistryError, match="more than the 1048576"):
        client.get_json(server.url("/big"), ttl=0, limit=1 << 20)
    assert client.bytes_downloaded <= 1 << 20


def test_a_range_answer_is_limited_to_what_was_asked(server: HostileServer) -> None:
    server.routes["/file"] = body(b"x" * (4 << 20), 206, {"Content-Range": "bytes 0-9/10"})
    with pytest.raises(RegistryError, match="more than the"):
        HttpClient(retries=0).get_range(server.url("/file"), 0, 9)


def test_a_redirect_to_another_host_is_refused_and_nothing_is_cached(server: HostileServer) -> None:
    evil = server.base.replace("127.0.0.1", "localhost") + "/evil"
    server.routes["/pypi/cdktf/json"] = redirect(evil)
    server.routes["/evil"] = body(json.dumps(PROJECT).encode())
    cache = Memory()
    with pytest.raises(RegistryError, match="not its registry"):
        PyPIClient(HttpClient(cache=cache, retries=0), server.base).project("cdktf")
    assert server.hits.get("/evil") is None and cache == {}


def test_a_redirect_within_the_registry_is_followed(server: HostileServer) -> None:
    server.routes["/pypi/cdktf/json"] = redirect("/moved/cdktf.json")
    server.routes["/moved/cdktf.json"] = body(json.dumps(PROJECT).encode())
    assert PyPIClient(HttpClient(retries=0), server.base).project("cdktf").name == "cdktf"


def test_an_answer_about_another_project_is_refused_and_not_cached(server: HostileServer) -> None:
    other = {"info": {"name": "evil-package"}, "releases": {}}
    server.routes["/pypi/cdktf/json"] = body(json.dumps(other).encode())
    cache = Memory()
    with pytest.raises(RegistryError, match="about 'evil-package', not 'cdktf'"):
        PyPIClient(HttpClient(cache=cache, retries=0), server.base).project("cdktf")
    assert cache == {}


# -- hostile wheels ---------------------------------------------------------------------------


def _zip(
    name: bytes,
    data: bytes,
    *,
    declared: int | None = None,
    extra: bytes = b"",
    sizes: tuple[int, int] | None = None,
    cd_offset: int | None = None,
) -> bytes:
    """A one-member deflated zip; ``declared`` / ``sizes`` / ``extra`` / ``cd_offset`` lie."""
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = packed.compress(data) + packed.flush()
    crc = zlib.crc32(data)
    csize, usize = sizes or (len(compressed), len(data) if declared is None else declared)
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(compressed), len(data), len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5HLL",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        csize,
        usize,
        len(name),
        len(extra),
        0,
        0,
        0,
        0,
        0,
    )
    directory = central + name + extra
    start = len(local) + len(name) + len(compressed)
    eocd = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), start if cd_offset is None else cd_offset, 0
    )
    return local + name + compressed + directory + eocd


def _wheel(server: HostileServer, blob: bytes) -> RemoteWheel:
    server.routes["/w.whl"] = ranged(blob)
    return RemoteWheel(HttpClient(retries=0), server.url("/w.whl"))


def test_a_zip_bomb_stops_at_the_declared_size(server: HostileServer) -> None:
    wheel = _wheel(server, _zip(b"m/__init__.py", b"\0" * (16 << 20), declared=100))
    with pytest.raises(RegistryError, match="inflates beyond its declared size"):
        wheel.read("m/__init__.py")


def test_a_member_declaring_a_huge_size_is_not_read(server: HostileServer) -> None:
    wheel = _wheel(server, _zip(b"m/__init__.py", b"x = 1\n", declared=0xFFFFFFF0))
    with pytest.raises(RegistryError, match="too large"):
        wheel.read("m/__init__.py")


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (_zip(b"a.py", b"x", sizes=(0xFFFFFFFF, 1), extra=struct.pack("<HHL", 1, 4, 7)), "zip64 extra field"),
        (_zip(b"a.py", b"x", cd_offset=10**9), "does not fit the file"),
        (_zip(b"a.py", b"x", sizes=(10**6, 1)), "runs into the central directory"),
    ],
    ids=["short zip64 extra field", "central directory offset past the end", "member size past its end"],
)
def test_a_hostile_central_directory_is_one_registry_error(
    server: HostileServer, blob: bytes, message: str
) -> None:
    with pytest.raises(RegistryError, match=message):
        _wheel(server, blob).members()


def test_a_member_name_that_is_not_utf8_is_read_not_fatal(server: HostileServer) -> None:
    members = _wheel(server, _zip(b"m/\xff\xfe.py", b"x = 1\n")).members()
    assert list(members) == ["m/\ufffd\ufffd.py"]
