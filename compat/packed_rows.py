"""A package's release rows packed in ``data/releases.json``, as ``compat data build`` writes them.

Both encodings are a zlib-compressed, base64-encoded text beside the field names (``fields``):

- ``zlib+base64:json-rows`` (:data:`PACKED`): the rows as one JSON array of arrays, in the order of
  ``fields``. The npm section is written so, and so were the PyPI packages of earlier builds.
- ``zlib+base64:keyed-json-lines`` (:data:`PACKED_KEYED`): the PyPI packages (:func:`pack_release_rows`).
  Line 0 holds each row's version key, space-separated: its version in canonical form with the
  release's trailing zeros stripped, as ``packaging.utils.canonicalize_version`` gives it, so two rows
  are equal versions exactly when their keys are; line ``i + 1`` holds row ``i`` as a JSON array. The
  rows are sorted by version, oldest first (equal versions in the order the build had them). A check
  looks up one release of a package with hundreds: it finds the row by its key and decodes that row
  alone (decoding every row and matching each version text was ~3 % of a small check).
"""

from __future__ import annotations

import binascii
import json
import sys
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from compat.errors import CompatError

PACKED = "zlib+base64:json-rows"
PACKED_KEYED = "zlib+base64:keyed-json-lines"


def _blob(text: str) -> str:
    return binascii.b2a_base64(zlib.compress(text.encode("utf-8"), 9), newline=False).decode("ascii")


def _unbase64(packed: str) -> bytes:
    """``base64.b64decode(packed, validate=True)``, what it runs on Python 3.11+ called directly: the
    ``base64`` module (and ``struct``) cost a check ~2 M instructions to import for this one call."""
    if sys.version_info >= (3, 11):
        return binascii.a2b_base64(packed, strict_mode=True)
    import base64

    return base64.b64decode(packed, validate=True)


def pack_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The :data:`PACKED` form of ``rows`` (dicts with the same keys) for the snapshot document."""
    fields = list(rows[0]) if rows else []
    table = json.dumps([[row.get(f) for f in fields] for row in rows], separators=(",", ":"))
    return {"encoding": PACKED, "fields": fields, "rows": _blob(table)}


def pack_release_rows(rows: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """The :data:`PACKED_KEYED` form of PyPI release ``rows`` (dicts with the same keys, each with a
    PEP 440 ``version``), sorted by version."""
    from packaging.utils import canonicalize_version
    from packaging.version import Version

    ordered = sorted(((Version(str(row["version"])), row) for row in rows), key=lambda pair: pair[0])
    fields = list(rows[0]) if rows else []
    keys = " ".join(canonicalize_version(version) for version, _ in ordered)
    lines = (json.dumps([row.get(f) for f in fields], separators=(",", ":")) for _, row in ordered)
    return {"encoding": PACKED_KEYED, "fields": fields, "rows": _blob("\n".join([keys, *lines]))}


def _text(entry: Mapping[str, object]) -> str:
    packed = entry.get("rows")
    try:
        if not isinstance(packed, str):
            raise TypeError("the packed rows are not a string")
        return zlib.decompress(_unbase64(packed)).decode("utf-8")
    except (binascii.Error, zlib.error, ValueError, TypeError) as error:
        raise CompatError(f"snapshot is malformed: {error}") from error


def _fields(entry: Mapping[str, object]) -> list[str]:
    fields = entry.get("fields")
    if not isinstance(fields, list) or not all(isinstance(name, str) for name in fields):
        raise CompatError(f"snapshot is malformed: packed rows without field names ({fields!r})")
    return fields


class KeyedTable:
    """The rows of a :data:`PACKED_KEYED` entry: the keys read, each row decoded when first asked for."""

    __slots__ = ("_lines", "fields", "keys")

    def __init__(self, entry: Mapping[str, object]) -> None:
        self.fields = _fields(entry)
        lines = _text(entry).split("\n")
        keys = lines[0].split(" ") if lines[0] else []
        if len(keys) != len(lines) - 1:
            raise CompatError(f"snapshot is malformed: {len(keys)} version keys for {len(lines) - 1} rows")
        self.keys: list[str] = keys
        self._lines = lines

    def __len__(self) -> int:
        return len(self.keys)

    def values(self, index: int) -> list[object]:
        """Row ``index`` as a list of values, in the order of :attr:`fields`."""
        try:
            row: object = json.loads(self._lines[index + 1])
        except ValueError as error:
            raise CompatError(f"snapshot is malformed: {error}") from error
        if not isinstance(row, list) or len(row) != len(self.fields):
            raise CompatError(
                f"snapshot is malformed: a packed row that does not fit its fields {self.fields!r}"
            )
        return row


def keyed_table(entry: Mapping[str, object]) -> KeyedTable | None:
    """The :class:`KeyedTable` of a :data:`PACKED_KEYED` entry; None for any other entry."""
    return KeyedTable(entry) if entry.get("encoding") == PACKED_KEYED else None


def unpack_table(entry: Mapping[str, object]) -> tuple[list[str], list[list[object]]]:
    """The field names and the rows (lists of values, in the order of the names) of a package entry,
    plain ``releases`` or packed; every row has every field."""
    if "releases" in entry:
        rows = entry["releases"]
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise CompatError("snapshot is malformed: a release row is not an object")
        names = list(dict.fromkeys(key for row in rows for key in row))
        return names, [[row.get(key) for key in names] for row in rows]
    keyed = keyed_table(entry)
    if keyed is not None:
        return keyed.fields, [keyed.values(index) for index in range(len(keyed))]
    if entry.get("encoding") != PACKED:
        raise CompatError(f"snapshot: unknown package encoding {entry.get('encoding')!r}: rebuild the data")
    text, fields = _text(entry), entry.get("fields")
    try:
        table: object = json.loads(text)
    except ValueError as error:
        raise CompatError(f"snapshot is malformed: {error}") from error
    if not (
        isinstance(fields, list)
        and all(isinstance(name, str) for name in fields)
        and isinstance(table, list)
        and all(isinstance(row, list) and len(row) == len(fields) for row in table)
    ):
        raise CompatError(f"snapshot is malformed: packed rows that do not fit their fields {fields!r}")
    return fields, table


def unpack_rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one package entry (new dicts, the caller's to change): plain ``releases``, or packed."""
    if "releases" in entry:
        return [dict(row) if isinstance(row, dict) else row for row in entry["releases"]]
    fields, table = unpack_table(entry)
    return [dict(zip(fields, row, strict=True)) for row in table]
