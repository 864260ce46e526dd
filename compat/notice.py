"""Warnings on stderr, each said once per run: the lowest layer, so anything may say one.

``paths`` (an unusable cache directory) and ``cache`` (a damaged cache) both warn; the function
lives here, below both, so neither imports the other to say so.
"""

from __future__ import annotations

import sys

from compat.registry.redact import redact_urls

_warned: set[str] = set()


def warn_once(message: str) -> None:
    """``compat: warning: message`` on stderr, once per run and message; an index URL's
    credentials are redacted, whatever quoted it."""
    message = redact_urls(message)
    if message not in _warned:
        _warned.add(message)
        print(f"compat: warning: {message}", file=sys.stderr)
