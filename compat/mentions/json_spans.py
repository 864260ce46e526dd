"""The spans of a JSON document's strings, read without recursion (a hostile file nests 100,000 deep).

:func:`string_members` yields, for each member of an object whose value is a string, its key path,
its key span and its value span (offsets into the text), so an edit replaces those characters only.
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Iterator

from compat.mentions.model import Span
from compat.record import Record

_SPACE = re.compile(r"[ \t\n\r]*")
#: the standard library's JSON reader: ``raw_decode`` at an opening quote reads that one string
_DECODER = json.decoder.JSONDecoder()


def _skip_space(text: str, position: int) -> int:
    """The offset of the first non-blank character at or after ``position``."""
    match = _SPACE.match(text, position)
    return match.end() if match is not None else position


_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class JsonMember(Record):
    path: tuple[str, ...]  # the keys leading to the member, its own last
    key_span: Span  # the key, quotes excluded
    value: str
    value_span: Span  # the value, quotes excluded


class JsonSpanError(ValueError):
    pass


def string_members(text: str, max_depth: int = 3) -> Iterator[JsonMember]:
    """String members of objects at most ``max_depth`` deep (deeper ones are skipped, still validated); a
    leading UTF-8 byte order mark is passed over, as npm reads a package.json."""
    position = _skip_space(text, 1 if text.startswith("\ufeff") else 0)
    # stack of (container kind, key path); each object frame remembers the key being read
    stack: list[tuple[str, tuple[str, ...]]] = []
    key: tuple[str, Span] | None = None
    expect_value = True
    while True:
        position = _skip_space(text, position)
        if position >= len(text):
            raise JsonSpanError("unexpected end of JSON")
        char = text[position]
        if expect_value:
            in_object = bool(stack) and stack[-1][0] == "{" and key is not None
            parent = stack[-1][1] if stack else ()
            # below ``max_depth`` the path stops growing: a hostile file nests 100,000 deep
            path = parent + ((key[0],) if in_object and key and len(parent) <= max_depth else ())
            if char == "{" or char == "[":
                stack.append((char, path))
                key = None
                position += 1
                position = _skip_space(text, position)
                closing = "}" if char == "{" else "]"
                if position < len(text) and text[position] == closing:
                    stack.pop()
                    position += 1
                    expect_value = False
                elif char == "{":
                    position, key = _read_key(text, position)
                else:
                    expect_value = True
                if not stack:
                    return
                continue
            if char == '"':
                value, end = _string(text, position)
                if key is not None and stack and stack[-1][0] == "{" and len(path) <= max_depth:
                    yield JsonMember(path, key[1], value, Span(position + 1, end - 1))
                position = end
            else:
                match = _SCALAR.match(text, position)
                if match is None:
                    raise JsonSpanError(f"unexpected {char!r} at offset {position}")
                position = match.end()
            expect_value = False
            if not stack:
                return
            continue
        # after a value: ',' or a closing bracket
        kind = stack[-1][0] if stack else ""
        if char == ",":
            position += 1
            if kind == "{":
                position, key = _read_key(text, _skip_space(text, position))
            expect_value = True
            continue
        if (char == "}" and kind == "{") or (char == "]" and kind == "["):
            stack.pop()
            position += 1
            if not stack:
                return
            continue
        raise JsonSpanError(f"unexpected {char!r} at offset {position}")


def _string(text: str, position: int) -> tuple[str, int]:
    try:
        value, end = _DECODER.raw_decode(text, position)
        return str(value), end
    except ValueError as error:
        raise JsonSpanError(str(error)) from error


def _read_key(text: str, position: int) -> tuple[int, tuple[str, Span]]:
    if position >= len(text) or text[position] != '"':
        raise JsonSpanError(f"expected a key at offset {position}")
    name, end = _string(text, position)
    colon = _skip_space(text, end)
    if colon >= len(text) or text[colon] != ":":
        raise JsonSpanError(f"expected ':' at offset {colon}")
    return colon + 1, (name, Span(position + 1, end - 1))
