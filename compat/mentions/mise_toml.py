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


class MiseTomlError(ValueError):
    """A mise config file that is not TOML (its mentions cannot be read)."""


def mise_mentions(path: Path, text: str) -> Iterator[Mention]:
    """The Node.js version a mise config file names in ``[tools]``, at its span (nothing when it names
    none; :class:`MiseTomlError` when the file is not TOML). A value whose characters cannot be
    placed is a mention without a version span, at its key's line."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    bom = 1 if text.startswith("\ufeff") else 0  # read past as tomllib's utf-8-sig does; spans count it
    try:
        document = tomlkit.parse(text[bom:])
    except (TOMLKitError, ValueError, RecursionError) as error:
        raise MiseTomlError(str(error).splitlines()[0] if str(error) else type(error).__name__) from error
    tools = document.get("tools")
    if not isinstance(tools, MutableMapping):
        return
    for key in NODE_TOOLS:
        if key not in tools:
            continue
        value = tools[key]
        original = _swap(tools, key, _marker)
        if original is None:
            if isinstance(value, int) and not isinstance(value, bool):  # ``node = 22``: no string to edit
                key_span = _key_span(text, key)
                yield mention(
                    path,
                    LineIndex(text),
                    "node-version",
                    "node",
                    key_span,
                    str(value),
                    None,
                    f"[tools] {key}",
                )
            return
        span = _locate(text[bom:], tomlkit.dumps(document))
        span = Span(span.start + bom, span.end + bom) if span is not None else None
        index = LineIndex(text)
        # a value whose place is not found still is a mention (at its key's line): the migration
        # lists it as a leftover rather than skip it
        key_span = None if span is not None else _key_span(text, key)
        yield mention(path, index, "node-version", "node", key_span, str(original), span, f"[tools] {key}")
        return


def _key_span(text: str, key: str) -> Span | None:
    """Where ``key`` is first written as a key of ``[tools]`` (bare, quoted or dotted), if found."""
    import re

    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = rf"^[ \t]*(?:\[[ \t]*)?(?:tools[ \t]*\.[ \t]*)?(?P<key>{quoted})[ \t]*(?:=|\])"
    found = re.search(pattern, text, re.MULTILINE)
    return Span(found.start("key"), found.end("key")) if found else None


def _locate(text: str, written: str) -> Span | None:
    """The span of the value's characters in ``text`` between its quotes: tomlkit wrote the marker
    there and every other byte as it read it, so the text before the marker and the text after it are
    the same in both. The span holds the value as written: escapes, a multi-line string's first
    newline and line-ending backslashes included (an edit replacing it with plain digits is valid in
    every TOML string form)."""
    marker_at = written.find(_MARKER)
    if marker_at < 0:
        return None
    after = written[marker_at + len(_MARKER) :]
    end = len(text) - len(after)
    if end < marker_at or text[:marker_at] != written[:marker_at] or text[end:] != after:
        return None
    return Span(marker_at, end)
