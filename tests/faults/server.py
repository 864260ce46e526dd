"""A real HTTP server on 127.0.0.1 that answers the way a hostile or broken registry would.

Each route is a function of the request handler; :class:`HostileServer` runs them in threads and
is stopped at the end of the test. Routes share ``self.hits`` to count requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.registry.rangeserver import range_span

Route = Callable[[BaseHTTPRequestHandler], None]


class HostileServer:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path) or server.routes.get("*")  # "*": every other path
                if route is None:
                    self.send_error(404)
                    return
                with suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args: object) -> None:
                return None

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a trickling route is not waited for
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    @contextmanager
    def running(self) -> Iterator[HostileServer]:
        thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._httpd.shutdown()
            self._httpd.server_close()


def body(data: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Route:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply


def trickle(prefix: bytes = b"", seconds: float = 30.0) -> Route:
    """Headers at once, then one byte a second: every read succeeds, the answer never ends."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(10**6))
        handler.end_headers()
        handler.wfile.write(prefix)
        handler.wfile.flush()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)

    return reply


def silent(seconds: float = 30.0) -> Route:
    """The request is taken and nothing is answered, not even a status line."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)

    return reply


def endless(chunk: bytes = b"[" * 65536) -> Route:
    """A body without a length that never ends (a 1 GiB answer, only faster)."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(16384):
            handler.wfile.write(chunk)

    return reply


def redirect(location: str) -> Route:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return reply


def ranged(blob: bytes) -> Route:
    """A file served with HTTP Range, as files.pythonhosted.org does."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        wanted = range_span(handler.headers.get("Range", ""), len(blob))
        if wanted is None:
            body(blob)(handler)
            return
        start, end = wanted
        body(blob[start : end + 1], 206, {"Content-Range": f"bytes {start}-{end}/{len(blob)}"})(handler)

    return reply
