"""One HTTP client for every registry: bounded in time and size, retries with backoff, a disk cache.

The cache keeps the last good answer for each request with the time it was fetched.
A fresh entry (younger than its TTL) is served without a request; a stale one is served
only when the network fails or ``offline`` is set. Failed or malformed answers are never
stored: a body is cached only after it parsed and passed the caller's validation (which
also checks that the answer is about what was asked).

Every request has an overall deadline, bounded by the command's one network deadline
(:mod:`compat.registry.deadline`); a body that arrives slower than :data:`MIN_RATE` over
:data:`STALL_WINDOW` is given up (a server sending one byte a second is not waited for), and so is
its host for the rest of the command. Every body has a size limit suited to what it is (a JSON
document, the bytes of a Range); a redirect is followed only to the same host or to a file host of
the registries.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from compat import __version__
from compat.errors import RegistryError
from compat.registry.deadline import Deadline, current
from compat.registry.redact import redact_url

USER_AGENT = f"compat/{__version__} (+https://github.com/compat-cdktf/compat)"
DEFAULT_TIMEOUT = (5.0, 15.0)  # connect, each read (pip's own default read timeout is 15 s)
DEADLINE = 120.0  # seconds for one whole request, its answer included
STREAM_DEADLINE = 900.0  # seconds for one streamed download (the ~37 MB jsii tarball)
JSON_LIMIT = 32 << 20  # the largest registry document compat reads is ~1.5 MB
RANGE_SLACK = 1024  # a Range answer may carry no more than this beyond what was asked
REDIRECTS = 3
MIN_RATE = 1024  # bytes a second: a body slower than this over STALL_WINDOW is given up
STALL_WINDOW = 10.0  # seconds
HEADERS_WITHIN = 15.0  # seconds from the request to the answer's headers, retries included (as pip's timeout)
#: hosts a registry may redirect to for files, besides the host that was asked
FILE_HOSTS = frozenset({"files.pythonhosted.org", "registry.npmjs.org", "releases.hashicorp.com"})

Validator = Callable[[Any], None]
#: turns a body into the (JSON-like) document kept: ``json.loads``, or a reader that keeps only the
#: fields compat uses (a packument), so that memory follows what is kept, not what was sent
Reader = Callable[[bytes], Any]


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
        budget: Deadline | None = None,
    ) -> None:
        """``deadline``: seconds for one request; ``budget``: the command's (default: the running one)."""
        self.offline = offline
        self.timeout = timeout
        self.deadline = deadline
        self.budget = budget or current()
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

    def _store(self, key: str, value: object) -> None:
        if self._cache is not None:
            self._cache.set(key, (time.time(), value))

    # -- requests --------------------------------------------------------------------------------

    def _socket_timeout(self) -> tuple[float, float]:
        """Connect and per-read timeouts, never beyond what is left of the command's deadline."""
        left = max(0.1, self.budget.remaining())
        return min(self.timeout[0], left), min(self.timeout[1], left)

    def _admit(self, url: str) -> str:
        """The host of ``url``, when the command may still ask it (else a :class:`RegistryError`)."""
        host = _host(url)
        if host in self.budget.given_up:  # why was said once, when it happened
            raise HostGivenUp(f"{url} not asked: {host} was given up earlier in this command")
        if self.budget.remaining() <= 0:
            why = f"the network time of this command ({self.budget.seconds or 0:.0f} s) is spent"
            self.budget.give_up(host, why)
            raise HostGivenUp(f"{url} not asked: {why}")
        return host

    def _open(self, url: str, headers: dict[str, str] | None) -> requests.Response:
        """The response to GET ``url`` (body not read), following only the redirects a registry may issue."""
        if self.offline:
            raise RegistryError(f"offline: {url} is not in the cache")
        asked = url
        for _ in range(REDIRECTS + 1):
            try:
                response = self._session.get(
                    url, headers=headers, timeout=self._socket_timeout(), stream=True, allow_redirects=False
                )
            except requests.RequestException as error:  # a timeout gives the host up, a refusal is quick
                failed = HostGivenUp if isinstance(error, requests.Timeout) else RegistryError
                raise failed(f"cannot reach {url}: {type(error).__name__}") from error
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
        """The response and at most ``limit`` bytes of its body, all within the deadline.

        The body is read as it arrives (``read1``), so the time each byte took is known: a body slower
        than :data:`MIN_RATE` is given up after :data:`STALL_WINDOW`, and with it the host.
        """
        host = self._admit(url)

        def work(stop: threading.Event, progress: _Progress) -> tuple[requests.Response, bytes]:
            response = self._open(url, headers)
            try:
                if response.status_code not in (200, 206):
                    return response, b""
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise RegistryError(f"{url} announced {declared} bytes, more than the {limit} expected")
                chunks: list[bytes] = []
                progress.body_started = time.monotonic()
                while not stop.is_set():
                    block = response.raw.read1(1 << 16, decode_content=True)
                    if not block:
                        break
                    progress.received += len(block)
                    if progress.received > limit:
                        raise RegistryError(f"{url} answered more than the {limit} bytes expected")
                    chunks.append(block)
                return response, b"".join(chunks)
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
                raise RegistryError(f"download of {url} broke off: {type(error).__name__}") from error
            finally:
                response.close()

        seconds = min(deadline or self.deadline, self.budget.remaining())
        try:
            response, body = _within(seconds, url, work)
        except HostGivenUp as error:
            self.budget.give_up(host, str(error))
            raise
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
        reader: Reader | None = None,
        kind: str = "",
    ) -> Any:
        """The JSON body at ``url``: fresh from the cache, else fetched, else stale from the cache.

        ``validate`` raises :class:`RegistryError` for a body of the wrong shape (or about another
        name than asked); such a body is neither returned nor cached, and a cached one is not served.
        ``reader`` (default ``json.loads``) makes the document of the body; what it returns is cached,
        under a key naming ``kind`` (what the reader keeps) besides the URL.
        """
        key = "json:" + redact_url(url) + ("|" + json.dumps(headers, sort_keys=True) if headers else "")
        key += f"|{kind}" if kind else ""
        cached = self._cached(key)
        if cached is not None and validate is not None:
            try:
                validate(cached[1])  # a cache is read with the same suspicion as the network
            except RegistryError:
                cached = None
        if cached is not None and (self.offline or time.time() - cached[0] < ttl):
            return cached[1]
        try:
            body = self._fetch_json(url, headers, validate, limit, reader)
        except RegistryError:
            if cached is not None:
                return cached[1]
            raise
        self._store(key, body)
        return body

    def _fetch_json(
        self,
        url: str,
        headers: dict[str, str] | None,
        validate: Validator | None,
        limit: int,
        reader: Reader | None = None,
    ) -> object:
        response, content = self._fetch(url, headers, limit)
        if response.status_code != 200:
            raise RegistryError(f"{url} answered HTTP {response.status_code}")
        try:
            body = (reader or json.loads)(content)
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

        self._admit(url)
        threading.Thread(target=work, daemon=True, name=f"compat-stream {url}").start()
        deadline = time.monotonic() + min(STREAM_DEADLINE, self.budget.remaining())
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


def _host(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.hostname or ''}:{port}" if port else parts.hostname or ""


class HostGivenUp(RegistryError):
    """The host did not answer (in time, fast enough, or at all), or was given up before: the command
    asks it nothing more, and :mod:`compat.registry.deadline` has said so once."""


@dataclass
class _Progress:
    """How far a worker has read the body (written by the worker, read by the waiting thread)."""

    body_started: float | None = None
    received: int = 0


def _within(seconds: float, url: str, work: Callable[[threading.Event, _Progress], Any]) -> Any:
    """``work()`` run in a daemon thread; given up (and told to stop) after ``seconds``, when no
    answer came within :data:`HEADERS_WITHIN`, or as soon as its body arrives slower than
    :data:`MIN_RATE` over :data:`STALL_WINDOW`.

    Socket timeouts bound each read, not the whole answer: a server trickling one byte a
    second would hold a read for hours. The deadline bounds the request from the first byte
    sent to the last byte read; a worker still blocked after it dies with the process.
    """
    outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()
    progress = _Progress()

    def run() -> None:
        try:
            outcome.put((True, work(stop, progress)))
        except BaseException as error:
            outcome.put((False, error))

    threading.Thread(target=run, daemon=True, name=f"compat-http {url}").start()
    started = time.monotonic()
    ends = started + seconds
    samples: deque[tuple[float, int]] = deque()  # (time, bytes received), about once a second
    while True:
        left = ends - time.monotonic()
        if left <= 0:
            stop.set()
            raise HostGivenUp(f"{url}: no complete answer within {seconds:.0f} s")
        try:
            ok, value = outcome.get(timeout=min(1.0, left))
            break
        except queue.Empty:
            pass
        now = time.monotonic()
        if progress.body_started is None:
            if now - started > HEADERS_WITHIN:
                stop.set()
                raise HostGivenUp(f"{url}: no answer within {HEADERS_WITHIN:.0f} s")
            continue
        samples.append((now, progress.received))
        while len(samples) > 1 and samples[1][0] <= now - STALL_WINDOW:
            samples.popleft()
        then, received = samples[0]
        if then <= now - STALL_WINDOW and progress.received - received < MIN_RATE * STALL_WINDOW:
            stop.set()
            raise HostGivenUp(
                f"{url} sent {progress.received - received} bytes in {now - then:.0f} s, "
                f"slower than {MIN_RATE // 1024} KiB/s: given up"
            )
    if not ok:
        raise value
    return value


def open_cache(subdir: str = "http") -> object:
    """The user's disk cache, or None when it cannot be used (see :mod:`compat.cache`)."""
    from compat.cache import open_disk_cache

    return open_disk_cache(subdir)


def default_client(*, offline: bool = False) -> HttpClient:
    return HttpClient(offline=offline, cache=open_cache())
