"""One HTTP client for every registry: timeouts, retries with backoff, a disk cache.

The cache keeps the last good answer for each request with the time it was fetched.
A fresh entry (younger than its TTL) is served without a request; a stale one is served
only when the network fails or ``offline`` is set. Failed or malformed answers are never
stored: a body is cached only after it parsed and passed the caller's validation.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from compat import __version__
from compat.errors import RegistryError

USER_AGENT = f"compat/{__version__} (+https://github.com/compat-cdktf/compat)"
DEFAULT_TIMEOUT = (5.0, 60.0)  # connect, read

Validator = Callable[[Any], None]


def _retrying_session(retries: int) -> requests.Session:
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=8, pool_maxsize=16)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


class HttpClient:
    """GETs JSON documents and byte ranges, with a cache that only ever holds good answers."""

    def __init__(
        self,
        *,
        offline: bool = False,
        cache: Any | None = None,
        retries: int = 3,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.offline = offline
        self.timeout = timeout
        self._cache = cache
        self._session = session or _retrying_session(retries)
        self.bytes_downloaded = 0

    # -- cache -----------------------------------------------------------------------------------

    def _cached(self, key: str) -> tuple[float, Any] | None:
        if self._cache is None:
            return None
        entry = self._cache.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], (int, float)):
            return entry
        return None

    def _store(self, key: str, value: Any) -> None:
        if self._cache is not None:
            self._cache.set(key, (time.time(), value))

    # -- requests --------------------------------------------------------------------------------

    def _get(
        self, url: str, headers: dict[str, str] | None = None, stream: bool = False
    ) -> requests.Response:
        if self.offline:
            raise RegistryError(f"offline: {url} is not in the cache")
        try:
            response = self._session.get(url, headers=headers, timeout=self.timeout, stream=stream)
        except requests.RequestException as error:
            raise RegistryError(f"cannot reach {url}: {type(error).__name__}") from error
        return response

    def get_json(
        self,
        url: str,
        *,
        ttl: float,
        headers: dict[str, str] | None = None,
        validate: Validator | None = None,
    ) -> Any:
        """The JSON body at ``url``: fresh from the cache, else fetched, else stale from the cache.

        ``validate`` raises :class:`RegistryError` for a body of the wrong shape; such a body
        is neither returned nor cached.
        """
        key = "json:" + url + ("|" + json.dumps(headers, sort_keys=True) if headers else "")
        cached = self._cached(key)
        if cached is not None and validate is not None:
            try:
                validate(cached[1])  # a cache is read with the same suspicion as the network
            except RegistryError:
                cached = None
        if cached is not None and (self.offline or time.time() - cached[0] < ttl):
            return cached[1]
        try:
            body = self._fetch_json(url, headers, validate)
        except RegistryError:
            if cached is not None:
                return cached[1]
            raise
        self._store(key, body)
        return body

    def _fetch_json(self, url: str, headers: dict[str, str] | None, validate: Validator | None) -> Any:
        response = self._get(url, headers=headers)
        if response.status_code != 200:
            raise RegistryError(f"{url} answered HTTP {response.status_code}")
        self.bytes_downloaded += len(response.content)
        try:
            body = response.json()
        except ValueError as error:
            kind = response.headers.get("Content-Type", "unknown content type")
            raise RegistryError(f"{url} answered malformed JSON ({kind})") from error
        if validate is not None:
            validate(body)
        return body

    def get_range(self, url: str, start: int, end: int, *, cache: bool = False) -> bytes:
        """Bytes ``start..end`` (inclusive) of the file at ``url``; ``start < 0`` means the tail."""
        spec = f"bytes={start}" if start < 0 else f"bytes={start}-{end}"
        key = f"range:{url}|{spec}"
        if cache:
            cached = self._cached(key)
            if cached is not None:
                return bytes(cached[1])
        response = self._get(url, headers={"Range": spec})
        if response.status_code != 206:
            raise RegistryError(f"{url} did not honour a Range request (HTTP {response.status_code})")
        body = response.content
        self.bytes_downloaded += len(body)
        expected = -start if start < 0 else end - start + 1
        # a range running past the end of the file is answered up to the last byte (RFC 9110 14.1.1)
        reaches_end = response.headers.get("Content-Range", "").endswith(f"/{start + len(body)}")
        if len(body) != expected and not ((start < 0 or reaches_end) and len(body) < expected):
            raise RegistryError(f"{url} answered {len(body)} bytes for {spec}")
        if cache:
            self._store(key, body)
        return body

    def content_length(self, url: str) -> int:
        """The size of the file at ``url``, from a one-byte Range request (works on every CDN)."""
        response = self._get(url, headers={"Range": "bytes=0-0"})
        total = response.headers.get("Content-Range", "").rpartition("/")[2]
        if response.status_code != 206 or not total.isdigit():
            raise RegistryError(f"{url} did not report its size")
        return int(total)

    def stream_range(self, url: str, start: int, end: int, chunk: int = 1 << 20) -> Iterator[bytes]:
        """Bytes ``start..end`` of ``url`` in chunks, without holding them all (never cached)."""
        response = self._get(url, headers={"Range": f"bytes={start}-{end}"}, stream=True)
        if response.status_code != 206:
            raise RegistryError(f"{url} did not honour a Range request (HTTP {response.status_code})")
        try:
            for block in response.iter_content(chunk):
                self.bytes_downloaded += len(block)
                yield block
        except requests.RequestException as error:
            raise RegistryError(f"download of {url} broke off: {type(error).__name__}") from error
        finally:
            response.close()


def open_cache(subdir: str = "http") -> Any:
    """The user's disk cache, or None when it cannot be used (see :mod:`compat.cache`)."""
    from compat.cache import open_disk_cache

    return open_disk_cache(subdir)


def default_client(*, offline: bool = False) -> HttpClient:
    return HttpClient(offline=offline, cache=open_cache())
