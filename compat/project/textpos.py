"""Line numbers for values that TOML and JSON parsers do not report.

Small scanners over the original text: good enough to point a user at ``Pipfile:7``, never
used to edit (edits go through tomlkit or the requirements line editor).

Readers ask for the line of every entry of a manifest, so each kind of lookup reads the text
once into an index (cached for the last few texts) and answers each question from it: reading
a manifest of n entries stays linear in n, not n passes over the text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from compat.patterns import LazyPattern

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")
#: a whole string per match (an unterminated one runs to the line's end), so a scan never restarts inside one
_QUOTED = re.compile(r""""((?:[^"\\\n]|\\.)*)(?:"(\s*:)?|\\?$)|'([^'\n]*)'""")
_ARRAY_VALUE = LazyPattern(r"""^\s*([A-Za-z0-9_.\-]+)\s*=\s*["']([^"']+)["']""")
#: how many texts keep their index: a reader asks about one text at a time
_CACHED = 8


def _unquote(key: str) -> str:
    if key[:1] in "\"'":
        return key[1:-1]
    return key


def _table_name(header: str) -> str:
    return ".".join(_unquote(part.strip()) for part in re.findall(r"""("[^"]*"|'[^']*'|[^.]+)""", header))


def _norm(name: str, normalise: bool) -> str:
    return re.sub(r"[-_.]+", "-", name).lower() if normalise else name


def _quoted(line: str) -> Iterator[tuple[str, bool]]:
    """Each closed string of ``line`` (JSON / TOML basic strings unescaped) and whether a ``:`` follows."""
    for match in _QUOTED.finditer(line):
        if match.group(3) is not None:
            yield match.group(3), False
            continue
        body_end = match.end(1)
        if body_end >= len(line) or line[body_end] != '"':
            continue  # not closed on this line
        try:
            value = json.loads(f'"{match.group(1)}"')
        except ValueError:
            value = match.group(1)
        yield value, match.group(2) is not None


def _first_after(lines: list[int] | None, after: int) -> int:
    """The first of the ascending ``lines`` greater than ``after`` (0 when none)."""
    if not lines:
        return 0
    position = bisect_right(lines, after)
    return lines[position] if position < len(lines) else 0


@lru_cache(maxsize=_CACHED)
def _toml_keys(text: str, normalise: bool) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """First line of each ``(table, key)`` and of each table header, in one pass."""
    keys: dict[tuple[str, str], int] = {}
    tables: dict[str, int] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            tables.setdefault(_table_name(header.group(1)), number)
        key = _KEY.match(line)
        if header and not key:
            current = _table_name(header.group(1))
            continue
        if key:
            keys.setdefault((current, _norm(_unquote(key.group(1)), normalise)), number)
    return keys, tables


@lru_cache(maxsize=_CACHED)
def _strings(text: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Every line holding each quoted string, and each ``"key":``, ascending."""
    strings: dict[str, list[int]] = {}
    keys: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for value, is_key in _quoted(line):
            for index in (strings, keys) if is_key else (strings,):
                lines = index.setdefault(value, [])
                if not lines or lines[-1] != number:
                    lines.append(number)
    return strings, keys


def toml_key_line(text: str, table: str, key: str, *, normalise: bool = True) -> int:
    """1-based line of ``key = ...`` inside ``[table]`` (0 when not found)."""
    return _toml_keys(text, normalise)[0].get((table, _norm(key, normalise)), 0)


def toml_table_line(text: str, table: str) -> int:
    return _toml_keys(text, True)[1].get(table, 0)


def string_line(text: str, value: str, after: int = 0) -> int:
    """1-based line (after line ``after``) holding the quoted string ``value`` (0 when not found)."""
    return _first_after(_strings(text)[0].get(value), after)


def array_table_lines(text: str, table: str, key: str) -> dict[str, int]:
    """For ``[[table]]`` arrays (lock files): the line of each ``key = "value"`` -> value."""
    found: dict[str, int] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and line.lstrip().startswith("[") and not _KEY.match(line):
            current = _table_name(header.group(1))
            continue
        if current == table:
            match = _ARRAY_VALUE.match(line)
            if match and match.group(1) == key:
                found.setdefault(match.group(2), number)
    return found


def json_key_line(text: str, key: str, after: int = 0) -> int:
    """1-based line of ``"key":`` after line ``after`` (0 when not found)."""
    return _first_after(_strings(text)[1].get(key), after)


_JSON_KEY = LazyPattern(r'"((?:[^"\\\n]|\\.)*)"\s*:')


class KeyLines:
    """The line of every ``"key":`` of a JSON text, read once (a lookup is a bisect, not a scan)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, list[int]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _JSON_KEY.finditer(line):
                self._lines.setdefault(match.group(1), []).append(number)

    def first(self, key: str, after: int = 0) -> int:
        """The first line at or after ``after`` holding ``key``; 0 when there is none."""
        lines = self._lines.get(key) or []
        at = bisect_left(lines, after)
        return lines[at] if at < len(lines) else 0
