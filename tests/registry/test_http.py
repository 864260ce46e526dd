"""HttpClient (compat/registry/http.py): only good answers are cached, stale ones serve on failure."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import responses

from compat.errors import RegistryError
from compat.registry.http import HttpClient

URL = "https://registry.example.org/doc.json"


class MemoryCache:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value


def must_have_name(body: Any) -> None:
    if not isinstance(body, dict) or "name" not in body:
        raise RegistryError(f"{URL} answered an unexpected document")


@responses.activate
def test_a_fresh_entry_is_served_without_a_request() -> None:
    responses.get(URL, json={"name": "a"})
    client = HttpClient(cache=MemoryCache(), retries=0)
    assert client.get_json(URL, ttl=60, validate=must_have_name) == {"name": "a"}
    assert client.get_json(URL, ttl=60, validate=must_have_name) == {"name": "a"}
    assert len(responses.calls) == 1


@responses.activate
def test_a_stale_entry_is_refetched() -> None:
    responses.get(URL, json={"name": "a"})
    client = HttpClient(cache=MemoryCache(), retries=0)
    client.get_json(URL, ttl=0)
    responses.replace(responses.GET, URL, json={"name": "b"})
    assert client.get_json(URL, ttl=0) == {"name": "b"}


@pytest.mark.parametrize(
    "answer",
    [
        dict(json={"other": 1}),
        dict(status=503, body="busy"),
        dict(body="{"),
        dict(body=requests.exceptions.ConnectionError("refused")),
    ],
    ids=["invalid shape", "503", "truncated", "connection error"],
)
@responses.activate
def test_without_a_cached_answer_failures_are_one_line_errors(answer: dict[str, Any]) -> None:
    responses.get(URL, **answer)
    cache = MemoryCache()
    with pytest.raises(RegistryError) as raised:
        HttpClient(cache=cache, retries=0).get_json(URL, ttl=60, validate=must_have_name)
    assert URL in str(raised.value) and "\n" not in str(raised.value)
    assert cache.data == {}


@responses.activate
def test_get_range_rejects_a_short_or_unranged_answer() -> None:
    responses.get(URL, body=b"0123456789", status=200)
    with pytest.raises(RegistryError, match="Range"):
        HttpClient(retries=0).get_range(URL, 0, 3)
    responses.replace(responses.GET, URL, body=b"01", status=206)
    with pytest.raises(RegistryError, match="answered 2 bytes"):
        HttpClient(retries=0).get_range(URL, 0, 3)


@responses.activate
def test_content_length_comes_from_content_range() -> None:
    responses.get(URL, body=b"0", status=206, headers={"Content-Range": "bytes 0-0/59337034"})
    assert HttpClient(retries=0).content_length(URL) == 59337034


def test_offline_without_cache_never_touches_the_network() -> None:
    with responses.RequestsMock() as mock, pytest.raises(RegistryError, match="offline"):
        HttpClient(offline=True).get_json(URL, ttl=60)
    assert len(mock.calls) == 0
