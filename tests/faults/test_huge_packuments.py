"""An npm mirror answering a packument of 200,000 versions under the size cap (issue 24, 3).

It used to be parsed whole (600-700 MB at one job, ~12 s a package) and cached whole (465 MB in
149 s). Now the body is read as a stream keeping only the fields compat uses, a document listing
more than MAX_VERSIONS versions is refused with one line, and only the kept fields are cached.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from typing import Any

import pytest

from compat.errors import RegistryError
from compat.registry import npm as npm_module
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient
from tests.faults.server import HostileServer, body

NAME = "@cdktf/provider-aws"
PATH = "/@cdktf%2Fprovider-aws"


def _packument(count: int, padding: str = "") -> bytes:
    rows = ",".join(
        f'"1.0.{i}": {{"name": "{NAME}", "version": "1.0.{i}", "readme": "{padding}", '
        f'"cdktf": {{"provider": {{"name": "hashicorp/aws", "version": "5.{i}.0"}}}}}}'
        for i in range(count)
    )
    return f'{{"name": "{NAME}", "dist-tags": {{"latest": "1.0.0"}}, "versions": {{{rows}}}}}'.encode()


class Memory(dict[str, Any]):
    def set(self, key: str, value: Any) -> None:
        self[key] = value


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer({})
    with hostile.running():
        yield hostile


def test_200000_versions_are_refused_fast_in_bounded_memory_and_not_cached(server: HostileServer) -> None:
    document = _packument(200_000)
    assert 20 << 20 < len(document) < 32 << 20  # under the size cap: only the version cap stops it
    server.routes[PATH] = body(document)
    del document
    cache = Memory()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(RegistryError, match="lists more than 5000 versions: refused"):
        NpmClient(HttpClient(retries=0, cache=cache), server.base).packument(NAME)
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    assert cache == {}


def test_only_the_fields_compat_reads_are_kept_and_cached(
    server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes[PATH] = body(_packument(40, padding="x" * 100_000))  # 4 MB of readmes
    cache = Memory()
    packument = NpmClient(HttpClient(retries=0, cache=cache), server.base).packument(NAME)
    assert len(packument.versions) == 40 and packument.versions["1.0.7"].provider_version == "5.7.0"
    ((_, kept),) = cache.values()
    assert set(kept["versions"]["1.0.7"]) == {"cdktf"} and len(repr(kept)) < 10_000
    monkeypatch.setattr(npm_module, "MAX_VERSIONS", 39)
    with pytest.raises(RegistryError, match="more than 39 versions"):
        NpmClient(HttpClient(retries=0), server.base).packument(NAME)
