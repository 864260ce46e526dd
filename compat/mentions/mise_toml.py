"""Mentions in mise's config files (``mise.toml``, ``.mise.toml``, ``.config/mise.toml``, ...): the
Node.js version of ``[tools]`` (see :mod:`compat.versions.mise` for the files and value forms).

The span of the version is found with tomlkit, which keeps every byte of the document it parses: the
value is replaced by a marker in the parsed document, and what differs between the text and the
document written back is exactly where the value is written (a string, a list's first item, a
table's ``version``; any quoting, any key spelling, dotted keys). A migration's edit of that span
then keeps every byte outside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path

from tomlkit.items import Array, String

from compat.mentions.model import LineIndex, Mention, Span, mention
from compat.versions.mise import NODE_TOOLS

_MARKER = "compat-mise-marker-0f3a"


def _swap(tools: MutableMapping[str, object], key: str, marker: Callable[[String], String]) -> String | None:
    """Put ``marker(original)`` where ``tools[key]`` writes its version (a string, a list's first, a
    table's ``version``); the original string, or None when the value names no version string."""
    value = tools[key]
    if isinstance(value, Array):
        first = value[0] if len(value) else None
        if isinstance(first, String):
            value[0] = marker(first)
            return first
        return None
    if isinstance(value, MutableMapping):
        original = value.get("version")
        if isinstance(original, String):
            value["version"] = marker(original)
            return original
        return None
    if isinstance(value, String):
        tools[key] = marker(value)
        return value
    return None


def _marker(original: String) -> String:
    """The marker, quoted as ``original`` is (tomlkit then writes every other byte as it read them)."""
    import tomlkit

    style = original.type
    return tomlkit.string(_MARKER, literal=style.is_literal(), multiline=style.is_multiline())


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
    if not isinstance(tools, MutableMapping):
        return
    for key in NODE_TOOLS:
        if key not in tools:
            continue
        original = _swap(tools, key, _marker)
        if original is None:
            return
        version = str(original)
        span = _locate(text, tomlkit.dumps(document), version)
        if span is not None:
            yield mention(
                path, LineIndex(text), "node-version", "node", None, version, span, f"[tools] {key}"
            )
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
