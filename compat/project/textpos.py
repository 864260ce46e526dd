"""Line numbers for values that TOML and JSON parsers do not report.

Small scanners over the original text: good enough to point a user at ``Pipfile:7``, never
used to edit (edits go through tomlkit or the requirements line editor).
"""

from __future__ import annotations

import json
import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")


def _unquote(key: str) -> str:
    if key[:1] in "\"'":
        return key[1:-1]
    return key


def _table_name(header: str) -> str:
    return ".".join(_unquote(part.strip()) for part in re.findall(r"""("[^"]*"|'[^']*'|[^.]+)""", header))


def toml_key_line(text: str, table: str, key: str, *, normalise: bool = True) -> int:
    """1-based line of ``key = ...`` inside ``[table]`` (0 when not found)."""
    current = ""

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower() if normalise else name

    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            current = _table_name(header.group(1))
            continue
        if current == table:
            match = _KEY.match(line)
            if match and norm(_unquote(match.group(1))) == norm(key):
                return number
    return 0


def toml_table_line(text: str, table: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and _table_name(header.group(1)) == table:
            return number
    return 0


def string_line(text: str, value: str, after: int = 0) -> int:
    """1-based line (after line ``after``) holding the quoted string ``value`` (0 when not found)."""
    needles = (json.dumps(value), f"'{value}'")
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and any(n in line for n in needles):
            return number
    return 0


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
            match = re.match(rf"""^\s*{re.escape(key)}\s*=\s*["']([^"']+)["']""", line)
            if match:
                found.setdefault(match.group(1), number)
    return found


def json_key_line(text: str, key: str, after: int = 0) -> int:
    """1-based line of ``"key":`` after line ``after`` (0 when not found)."""
    needle = re.compile(r'"' + re.escape(key) + r'"\s*:')
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and needle.search(line):
            return number
    return 0
