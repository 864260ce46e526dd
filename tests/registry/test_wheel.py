"""RemoteWheel (compat/registry/wheel.py) against a server that honours Range like files.pythonhosted.org."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import responses

from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.wheel import RemoteWheel
from registry.rangeserver import serve

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
URL = "https://files.example.org/packages/cdktn-0.0.1-py3-none-any.whl"
REAL_WHEEL = (FIXTURES / "cdktn-0.0.1-py3-none-any.whl").read_bytes()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@responses.activate
def test_members_and_metadata_of_a_real_wheel() -> None:
    seen: list[str] = []
    serve(responses.mock, URL, REAL_WHEEL, seen)
    wheel = RemoteWheel(HttpClient(retries=0), URL)
    assert sorted(wheel.members()) == sorted(zipfile.ZipFile(io.BytesIO(REAL_WHEEL)).namelist())
    metadata = wheel.read("cdktn-0.0.1.dist-info/METADATA").decode()
    assert metadata == zipfile.ZipFile(io.BytesIO(REAL_WHEEL)).read("cdktn-0.0.1.dist-info/METADATA").decode()
    assert "Name: cdktn" in metadata
    assert seen[0] == f"bytes=-{1 << 20}"  # one tail read, then one ranged read for the member
    assert len(seen) == 2


@responses.activate
def test_read_many_coalesces_neighbours_into_one_request() -> None:
    seen: list[str] = []
    serve(responses.mock, URL, REAL_WHEEL, seen)
    wheel = RemoteWheel(HttpClient(retries=0), URL)
    names = ["cdktn/__init__.py", "cdktn-0.0.1.dist-info/WHEEL", "cdktn-0.0.1.dist-info/top_level.txt"]
    got = dict(wheel.read_many(names))
    assert got["cdktn-0.0.1.dist-info/top_level.txt"].strip() == b"cdktn"
    assert len(seen) == 2  # tail + one coalesced range


@responses.activate
def test_a_corrupt_member_fails_its_crc_check() -> None:
    blob = _zip({"pkg/data.txt": b"hello world" * 10}, compression=zipfile.ZIP_STORED)
    corrupt = blob.replace(b"hello world", b"HELLO world", 1)
    serve(responses.mock, URL, corrupt)
    with pytest.raises(RegistryError, match="CRC"):
        RemoteWheel(HttpClient(retries=0), URL).read("pkg/data.txt")


@responses.activate
def test_unknown_members_and_non_zip_files_are_registry_errors() -> None:
    serve(responses.mock, URL, REAL_WHEEL)
    with pytest.raises(RegistryError, match="no member"):
        RemoteWheel(HttpClient(retries=0), URL).read("missing.txt")
    other = "https://files.example.org/not-a-wheel.whl"
    serve(responses.mock, other, b"<html>not found</html>")
    with pytest.raises(RegistryError, match="not a zip"):
        RemoteWheel(HttpClient(retries=0), other).members()


@responses.activate
def test_a_server_ignoring_range_is_refused_rather_than_downloaded_whole() -> None:
    responses.get(URL, body=REAL_WHEEL, status=200)
    with pytest.raises(RegistryError, match="Range"):
        RemoteWheel(HttpClient(retries=0), URL).members()


@responses.activate
def test_stream_inflates_a_large_member_in_pieces() -> None:
    payload = bytes(range(256)) * 20_000  # 5 MB
    serve(responses.mock, URL, _zip({"pkg/_jsii/big.tgz": payload, "pkg/small.py": b"x = 1\n"}))
    wheel = RemoteWheel(HttpClient(retries=0), URL)
    pieces = list(wheel.stream("pkg/_jsii/big.tgz"))
    assert b"".join(pieces) == payload
    assert len(pieces) > 1


@responses.activate
def test_a_central_directory_longer_than_the_first_tail_read() -> None:
    members = {
        f"pkg/module_{i:05d}_with_a_rather_long_generated_name/__init__.py": b"" for i in range(12_000)
    }
    blob = _zip(members, compression=zipfile.ZIP_STORED)
    serve(responses.mock, URL, blob)
    wheel = RemoteWheel(HttpClient(retries=0), URL)
    assert len(wheel.members()) == 12_000
    assert wheel.read("pkg/module_00000_with_a_rather_long_generated_name/__init__.py") == b""
