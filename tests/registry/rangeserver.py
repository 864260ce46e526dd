"""Serve bytes through ``responses`` the way files.pythonhosted.org does: HTTP Range -> 206."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import responses

Callback = Callable[[Any], tuple[int, dict[str, str], bytes]]


def range_span(spec: str, size: int) -> tuple[int, int] | None:
    """The inclusive (start, end) a ``Range`` header asks of ``size`` bytes; None: the whole file."""
    suffix = re.fullmatch(r"bytes=-(\d+)", spec)
    span = re.fullmatch(r"bytes=(\d+)-(\d+)", spec)
    if suffix:
        return max(0, size - int(suffix.group(1))), size - 1
    if span:
        return int(span.group(1)), min(int(span.group(2)), size - 1)
    return None


def range_callback(blob: bytes, requests_seen: list[str] | None = None) -> Callback:
    def reply(request: Any) -> tuple[int, dict[str, str], bytes]:
        spec = request.headers.get("Range", "")
        if requests_seen is not None:
            requests_seen.append(spec)
        wanted = range_span(spec, len(blob))
        if wanted is None:
            return 200, {}, blob
        start, end = wanted
        return 206, {"Content-Range": f"bytes {start}-{end}/{len(blob)}"}, blob[start : end + 1]

    return reply


def serve(mock: responses.RequestsMock, url: str, blob: bytes, seen: list[str] | None = None) -> None:
    mock.add_callback(responses.GET, url, callback=range_callback(blob, seen))
