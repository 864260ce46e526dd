"""Mentions in mise's config files (``mise.toml``, ``.mise.toml``, ``.config/mise.toml``, ...): the
Node.js version of ``[tools]`` (see :mod:`compat.versions.mise` for the files and value forms).

The span of the version is found with tomlkit, which keeps every byte of the document it parses: the
value is replaced by a marker in the parsed document, and what differs between the text and the
document written back is exactly where the value is written (a string, a list's first item, a
table's ``version``; any quoting, any key spelling, dotted keys). A migration's edit of that span
then keeps every byte outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from compat.mentions.model import LineIndex, Mention, Span, mention
from compat.versions.mise import NODE_TOOLS

_MARKER = "compat-mise-marker-0f3a"


def _holder(tools: Any, key: str) -> tuple[Any, Any] | None:
    """The container and key (or index) holding the version string of ``tools[key]``."""
    value = tools[key]
    if isinstance(value, list):
        return (value, 0) if value and isinstance(value[0], str) else None
    if isinstance(value, dict):
        return (value, "version") if isinstance(value.get("version"), str) else None
    return (tools, key) if isinstance(value, str) else None


def mise_mentions(path: Path, text: str) -> Iterator[Mention]:
    """The Node.js version a mise config file names in ``[tools]``, at its span (nothing when the file
    is not TOML or names none)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except (TOMLKitError, ValueError):
        return
    tools = document.get("tools")
    if not isinstance(tools, dict):
        return
    for key in NODE_TOOLS:
        if key not in tools:
            continue
        holder = _holder(tools, key)
        if holder is None:
            return
        container, slot = holder
        original = container[slot]
        version = str(original)
        style = getattr(original, "type", None)
        literal = bool(style is not None and style.is_literal())
        multiline = bool(style is not None and style.is_multiline())
        container[slot] = tomlkit.string(_MARKER, literal=literal, multiline=multiline)
        written = tomlkit.dumps(document)
        span = _locate(text, written, version)
        if span is not None:
            index = LineIndex(text)
            yield mention(path, index, "node-version", "node", None, version, span, f"[tools] {key}")
        return


def _locate(text: str, written: str, version: str) -> Span | None:
    """The span of ``version``'s characters in ``text``: tomlkit wrote the marker where they were."""
    marker_at = written.find(_MARKER)
    if marker_at < 0:
        return None
    # the text before the marker is the text before the value, quote included (the same bytes)
    if text[:marker_at] != written[:marker_at] or text[marker_at : marker_at + len(version)] != version:
        return None
    return Span(marker_at, marker_at + len(version))
