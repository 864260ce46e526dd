"""Credentials in an index URL never reach the screen, a log or the cache: redacted as pip does.

``https://alice:s3cret@mirror.example/simple`` is shown as ``https://alice:****@mirror.example/simple``
and ``https://TOKEN@mirror.example/simple`` (a token as the user name) as ``https://****@...``
(pip's ``redact_auth_from_url``). The URL itself, credentials included, is what requests sends.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from compat.patterns import LazyPattern

#: a URL with user information inside free text (an error message quoting one)
_URL_WITH_USER = LazyPattern(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\s]*)@")


def redact_url(url: str) -> str:
    """``url`` with its password (or its token-as-user) replaced by ``****``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_urls(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    shown = f"{quote(user, safe='%')}:****" if colon else "****"
    return urlunsplit(parts._replace(netloc=f"{shown}@{host}"))


def redact_urls(text: str) -> str:
    """Every URL with user information in ``text`` redacted (for messages that quote one)."""

    def one(match: re.Match[str]) -> str:
        user, colon, _ = match.group(2).partition(":")
        return match.group(1) + (f"{user}:****" if colon else "****") + "@"

    return _URL_WITH_USER.sub(one, text)
