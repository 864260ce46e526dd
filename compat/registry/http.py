"""One HTTP client for every registry: bounded in time and size, retries with backoff, a disk cache.

The cache keeps the last good answer for each request with the time it was fetched.
A fresh entry (younger than its TTL) is served without a request; a stale one is served
only when the network fails or ``offline`` is set. Failed or malformed answers are never
stored: a body is cached only after it parsed and passed the caller's validation (which
also checks that the answer is about what was asked).

Every request has an overall deadline (a server sending one byte a second is given up, not
waited for) and every body a size limit suited to what it is (a JSON document, the bytes of
a Range); a redirect is followed only to the same host or to a file host of the registries.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from compat import __version__
from compat.errors import RegistryError
from compat.registry.redact import redact_url

USER_AGENT = f"compat/{__version__} (+https://github.com/compat-cdktf/compat)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, each read
DEADLINE = 120.0  # seconds for one whole request, its answer included
STREAM_DEADLINE = 900.0  # seconds for one streamed download (the ~37 MB jsii tarball)
JSON_LIMIT = 32 << 20  # the largest registry document compat reads is ~1.5 MB
RANGE_SLACK = 1024  # a Range answer may carry no more than this beyond what was asked
REDIRECTS = 3
#: hosts a registry may redirect to for files, besides the host that was asked
FILE_HOSTS = frozenset({"files.pythonhosted.org", "registry.npmjs.org", "releases.hashicorp.com"})

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
        deadline: float = DEADLINE,
    ) -> None:
        self.offline = offline
        self.timeout = timeout
        self.deadline = deadline
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

    def _open(self, url: str, headers: dict[str, str] | None) -> requests.Response:
        """The response to GET ``url`` (body not read), following only the redirects a registry may issue."""
        if self.offline:
            raise RegistryError(f"offline: {url} is not in the cache")
        asked = url
        for _ in range(REDIRECTS + 1):
            try:
                response = self._session.get(
                    url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
                )
            except requests.RequestException as error:
                raise RegistryError(f"cannot reach {url}: {type(error).__name__}") from error
            if not response.is_redirect:
                return response
            response.close()
            target = urljoin(url, response.headers.get("Location", ""))
            if not _may_redirect(url, target):
                raise RegistryError(f"{asked} redirected to {target}, which is not its registry: refused")
            url = target
        raise RegistryError(f"{asked}: more than {REDIRECTS} redirects")

    def _fetch(
        self, url: str, headers: dict[str, str] | None, limit: int, deadline: float | None = None
    ) -> tuple[requests.Response, bytes]:
        """The response and at most ``limit`` bytes of its body, all within the deadline."""

        def work(stop: threading.Event) -> tuple[requests.Response, bytes]:
            response = self._open(url, headers)
            try:
                if response.status_code not in (200, 206):
                    return response, b""
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise RegistryError(f"{url} announced {declared} bytes, more than the {limit} expected")
                chunks, total = [], 0
                for block in response.iter_content(1 << 16):
                    total += len(block)
                    if total > limit:
                        raise RegistryError(f"{url} answered more than the {limit} bytes expected")
                    if stop.is_set():
                        break
                    chunks.append(block)
                return response, b"".join(chunks)
            except requests.RequestException as error:
                raise RegistryError(f"download of {url} broke off: {type(error).__name__}") from error
            finally:
                response.close()

        response, body = _within(deadline or self.deadline, url, work)
        self.bytes_downloaded += len(body)
        return response, body

    def get_json(
        self,
        url: str,
        *,
        ttl: float,
        headers: dict[str, str] | None = None,
        validate: Validator | None = None,
        limit: int = JSON_LIMIT,
    ) -> Any:
        """The JSON body at ``url``: fresh from the cache, else fetched, else stale from the cache.

        ``validate`` raises :class:`RegistryError` for a body of the wrong shape (or about another
        name than asked); such a body is neither returned nor cached, and a cached one is not served.
        """
        key = "json:" + redact_url(url) + ("|" + json.dumps(headers, sort_keys=True) if headers else "")
        cached = self._cached(key)
        if cached is not None and validate is not None:
            try:
                validate(cached[1])  # a cache is read with the same suspicion as the network
            except RegistryError:
                cached = None
        if cached is not None and (self.offline or time.time() - cached[0] < ttl):
            return cached[1]
        try:
            body = self._fetch_json(url, headers, validate, limit)
        except RegistryError:
            if cached is not None:
                return cached[1]
            raise
        self._store(key, body)
        return body

    def _fetch_json(
        self, url: str, headers: dict[str, str] | None, validate: Validator | None, limit: int
    ) -> Any:
        response, content = self._fetch(url, headers, limit)
        if response.status_code != 200:
            raise RegistryError(f"{url} answered HTTP {response.status_code}")
        try:
            body = json.loads(content)
        except (ValueError, RecursionError) as error:
            kind = response.headers.get("Content-Type", "unknown content type")
            raise RegistryError(f"{url} answered malformed JSON ({kind})") from error
        if validate is not None:
            validate(body)
        return body

    def get_range(self, url: str, start: int, end: int, *, cache: bool = False) -> bytes:
        """Bytes ``start..end`` (inclusive) of the file at ``url``; ``start < 0`` means the tail."""
        spec = f"bytes={start}" if start < 0 else f"bytes={start}-{end}"
        key = f"range:{redact_url(url)}|{spec}"
        if cache:
            cached = self._cached(key)
            if cached is not None and isinstance(cached[1], bytes):
                return cached[1]
        expected = -start if start < 0 else end - start + 1
        response, body = self._fetch(url, {"Range": spec}, expected + RANGE_SLACK)
        if response.status_code != 206:
            raise RegistryError(f"{url} did not honour a Range request (HTTP {response.status_code})")
        # a range running past the end of the file is answered up to the last byte (RFC 9110 14.1.1)
        reaches_end = response.headers.get("Content-Range", "").endswith(f"/{start + len(body)}")
        if len(body) != expected and not ((start < 0 or reaches_end) and len(body) < expected):
            raise RegistryError(f"{url} answered {len(body)} bytes for {spec}")
        if cache:
            self._store(key, body)
        return body

    def content_length(self, url: str) -> int:
        """The size of the file at ``url``, from a one-byte Range request (works on every CDN)."""
        response, _ = self._fetch(url, {"Range": "bytes=0-0"}, 1 + RANGE_SLACK)
        total = response.headers.get("Content-Range", "").rpartition("/")[2]
        if response.status_code != 206 or not total.isdigit():
            raise RegistryError(f"{url} did not report its size")
        return int(total)

    def stream_range(self, url: str, start: int, end: int, chunk: int = 1 << 20) -> Iterator[bytes]:
        """Bytes ``start..end`` of ``url`` in chunks, without holding them all (never cached)."""
        limit = end - start + 1
        blocks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
        stop = threading.Event()

        def work() -> None:
            try:
                response = self._open(url, {"Range": f"bytes={start}-{end}"})
                try:
                    if response.status_code != 206:
                        raise RegistryError(
                            f"{url} did not honour a Range request (HTTP {response.status_code})"
                        )
                    total = 0
                    for block in response.iter_content(chunk):
                        total += len(block)
                        if total > limit:
                            raise RegistryError(f"{url} answered more than the {limit} bytes asked")
                        while not stop.is_set():
                            try:
                                blocks.put(block, timeout=0.5)
                                break
                            except queue.Full:
                                continue
                        if stop.is_set():
                            return
                finally:
                    response.close()
                blocks.put(None)
            except requests.RequestException as error:
                blocks.put(RegistryError(f"download of {url} broke off: {type(error).__name__}"))
            except BaseException as error:
                blocks.put(error)

        threading.Thread(target=work, daemon=True, name=f"compat-stream {url}").start()
        deadline = time.monotonic() + STREAM_DEADLINE
        try:
            while True:
                try:
                    item = blocks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise RegistryError(f"{url}: download not done within {STREAM_DEADLINE:.0f} s") from None
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                self.bytes_downloaded += len(item)
                yield item
        finally:
            stop.set()


def _may_redirect(source: str, target: str) -> bool:
    """Only to the same host, or to a registry's file host, and never from https to http."""
    before, after = urlsplit(source), urlsplit(target)
    if after.scheme not in ("https", "http") or (before.scheme == "https" and after.scheme != "https"):
        return False
    return after.hostname == before.hostname or after.hostname in FILE_HOSTS


def _within(seconds: float, url: str, work: Callable[[threading.Event], Any]) -> Any:
    """``work()`` run in a daemon thread; given up (and told to stop) after ``seconds``.

    Socket timeouts bound each read, not the whole answer: a server trickling one byte a
    second would hold a read for hours. The deadline bounds the request from the first byte
    sent to the last byte read; a worker still blocked after it dies with the process.
    """
    outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def run() -> None:
        try:
            outcome.put((True, work(stop)))
        except BaseException as error:
            outcome.put((False, error))

    threading.Thread(target=run, daemon=True, name=f"compat-http {url}").start()
    try:
        ok, value = outcome.get(timeout=seconds)
    except queue.Empty:
        stop.set()
        raise RegistryError(f"{url}: no complete answer within {seconds:.0f} s") from None
    if not ok:
        raise value
    return value


def open_cache(subdir: str = "http") -> Any:
    """The user's disk cache, or None when it cannot be used (see :mod:`compat.cache`)."""
    from compat.cache import open_disk_cache

    return open_disk_cache(subdir)


def default_client(*, offline: bool = False) -> HttpClient:
    return HttpClient(offline=offline, cache=open_cache())
