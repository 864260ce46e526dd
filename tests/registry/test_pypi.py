from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from packaging.version import Version

from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.pypi import SIMPLE_ACCEPT, PyPIClient

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
CDKTN_URL = "https://pypi.org/pypi/cdktn-provider-aws/json"
CDKTF_URL = "https://pypi.org/pypi/cdktf-cdktf-provider-aws/json"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class MemoryCache:
    """The part of the diskcache API HttpClient uses."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value


@pytest.fixture
def cache() -> MemoryCache:
    return MemoryCache()


@pytest.fixture
def client(cache: MemoryCache) -> PyPIClient:
    return PyPIClient(HttpClient(cache=cache, retries=0))


@responses.activate
def test_relative_file_urls_are_resolved_against_the_response_url(client: PyPIClient) -> None:
    responses.get(CDKTN_URL, json=fixture("pypi-cdktn-provider-aws.json"))
    project = client.project("cdktn-provider-aws")
    assert project.versions == [Version("21.23.0"), Version("25.7.0"), Version("25.8.1")]
    wheel = project.releases[-1].wheel
    assert wheel is not None
    assert wheel.url == (
        "https://pypi.org/packages/packages/90/4c/4a5124a2cae9ef9a57cbd62f4021dabfd57c641c91d9c1048ec016824b70/"
        "cdktn_provider_aws-25.8.1-py3-none-any.whl"
    )
    assert wheel.filename == "cdktn_provider_aws-25.8.1-py3-none-any.whl"
    assert project.releases[-1].requires_python == ">=3.10"
    assert project.releases[-1].uploaded == "2026-10-16T08:48:12.798293Z"
    assert not project.releases[-1].yanked


@responses.activate
def test_absolute_urls_and_the_wheel_upload_time(client: PyPIClient) -> None:
    responses.get(CDKTF_URL, json=fixture("pypi-cdktf-cdktf-provider-aws.json"))
    release = client.project("cdktf_cdktf_provider_aws").release("21.22.1")  # name normalized
    assert release is not None and release.wheel is not None
    assert release.wheel.url.startswith("https://files.pythonhosted.org/packages/9f/32/")
    # the sdist was uploaded 4 s after the wheel: the release time is the wheel's
    assert release.uploaded == "2025-12-10T23:49:28.640942Z"
    assert release.requires_python == "~=3.9"
    assert release.wheel.size == 59337034


@responses.activate
def test_wheel_returns_a_remote_wheel_and_rejects_unknown_versions(client: PyPIClient) -> None:
    responses.get(CDKTF_URL, json=fixture("pypi-cdktf-cdktf-provider-aws.json"))
    wheel = client.wheel("cdktf-cdktf-provider-aws", "9.0.52")
    assert wheel.url.endswith("cdktf_cdktf_provider_aws-9.0.52-py3-none-any.whl")
    with pytest.raises(RegistryError, match="no release 99.0.0"):
        client.wheel("cdktf-cdktf-provider-aws", "99.0.0")


@responses.activate
def test_simple_api_sends_the_json_accept_header(client: PyPIClient) -> None:
    responses.get(
        "https://pypi.org/simple/cdktn/",
        json=fixture("simple-cdktn.json"),
        match=[responses.matchers.header_matcher({"Accept": SIMPLE_ACCEPT})],
    )
    project = client.simple("cdktn")
    assert project.versions == [Version("0.0.1"), Version("0.24.0"), Version("0.25.0.dev65")]
    latest = project.latest()
    assert latest is not None and latest.version == Version("0.24.0")  # dev releases skipped
    assert project.release("0.24.0").wheel.requires_python == "~=3.9"  # type: ignore[union-attr]


BAD_ANSWERS = {
    "truncated JSON": dict(body=(FIXTURES / "pypi-cdktn-provider-aws.json").read_text()[:500]),
    "HTML error page with 200": dict(
        body="<html><body>Service unavailable</body></html>", content_type="text/html"
    ),
    "HTTP 500": dict(status=500, body="oops"),
    "timeout": dict(body=requests.exceptions.ReadTimeout("read timed out")),
    "wrong shape": dict(json={"info": {"name": "x"}, "releases": []}),
    "file without url": dict(json={"info": {"name": "x"}, "releases": {"1.0": [{"filename": "x.whl"}]}}),
}


@pytest.mark.parametrize("answer", list(BAD_ANSWERS), ids=list(BAD_ANSWERS))
@responses.activate
def test_bad_answers_raise_a_clear_error_and_are_not_cached(
    client: PyPIClient, cache: MemoryCache, answer: str
) -> None:
    responses.get(CDKTN_URL, **BAD_ANSWERS[answer])  # type: ignore[arg-type]
    with pytest.raises(RegistryError) as raised:
        client.project("cdktn-provider-aws")
    assert CDKTN_URL in str(raised.value) and "\n" not in str(raised.value)
    assert cache.data == {}


@pytest.mark.parametrize("answer", list(BAD_ANSWERS), ids=list(BAD_ANSWERS))
@responses.activate
def test_bad_answers_fall_back_to_the_last_good_one(
    client: PyPIClient, cache: MemoryCache, answer: str
) -> None:
    responses.get(CDKTN_URL, json=fixture("pypi-cdktn-provider-aws.json"))
    good = client.project("cdktn-provider-aws")
    stored = dict(cache.data)
    responses.replace(responses.GET, CDKTN_URL, **BAD_ANSWERS[answer])  # type: ignore[arg-type]
    again = client.project("cdktn-provider-aws", ttl=0)  # stale: asks the network, which fails
    assert again == good
    assert cache.data == stored  # the bad answer replaced nothing


@responses.activate
def test_offline_serves_the_cache_and_never_the_network(cache: MemoryCache) -> None:
    responses.get(CDKTN_URL, json=fixture("pypi-cdktn-provider-aws.json"))
    PyPIClient(HttpClient(cache=cache, retries=0)).project("cdktn-provider-aws")
    offline = PyPIClient(HttpClient(cache=cache, offline=True))
    assert len(offline.project("cdktn-provider-aws", ttl=0).releases) == 3
    assert len(responses.calls) == 1
    with pytest.raises(RegistryError, match="offline"):
        offline.project("cdktf")


@pytest.mark.network
def test_live_pypi_lists_every_cdktf_release() -> None:
    project = PyPIClient(HttpClient()).project("cdktf-cdktf-provider-aws")
    assert len(project.releases) >= 488
    assert project.release("9.0.52") is not None
