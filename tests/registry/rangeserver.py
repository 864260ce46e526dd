"""Serve bytes through ``responses`` the way files.pythonhosted.org does: HTTP Range -> 206."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import responses

Callback = Callable[[Any], tuple[int, dict[str, str], bytes]]


def range_callback(blob: bytes, requests_seen: list[str] | None = None) -> Callback:
    def reply(request: Any) -> tuple[int, dict[str, str], bytes]:
        spec = request.headers.get("Range", "")
        if requests_seen is not None:
            requests_seen.append(spec)
        size = len(blob)
        suffix = re.fullmatch(r"bytes=-(\d+)", spec)
        span = re.fullmatch(r"bytes=(\d+)-(\d+)", spec)
        if suffix:
            start, end = max(0, size - int(suffix.group(1))), size - 1
        elif span:
            start, end = int(span.group(1)), min(int(span.group(2)), size - 1)
        else:
            return 200, {}, blob
        return 206, {"Content-Range": f"bytes {start}-{end}/{size}"}, blob[start : end + 1]

    return reply


def serve(mock: responses.RequestsMock, url: str, blob: bytes, seen: list[str] | None = None) -> None:
    mock.add_callback(responses.GET, url, callback=range_callback(blob, seen))
