"""The text layout of ``data/releases.json``: the JSON document with an index of where each part is.

``compat data build`` (and ``refresh``, for the cache overlay) writes the document as
``json.dumps(document, indent=1)`` lays it out, with one key more after ``schema``: ``index``, one
line of compact JSON giving, for each top-level key, each package of ``packages`` and each entry of
``npm``, where its value starts and ends in the text (character offsets counted from the line after
the index), each package's ``kind`` and the ``names`` of the packages that have them. The file stays
one JSON document every JSON reader reads whole (the index is one more key); a check reads the index
and decodes only the parts it asks for: the rows of the two or three packages a project uses, not the
whole file (scanning all of it was 12 M instructions, 2.5 % of a small check).

A part whose offsets do not land on its own key (a file edited by hand, a merge of two builds) makes
the reader decode the whole document once and take the part from it, so a stale index can cost time
but never a wrong answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import cast

#: the document key of the index (dropped and written anew by :func:`dump_snapshot`)
INDEX_KEY = "index"
#: the sections whose entries are indexed one by one
ENTRY_SECTIONS = ("packages", "npm")
_HEAD = '{\n "schema": 1,\n "index": '
_AFTER_INDEX = ",\n"


def _dumps(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(indent=1)`` writes it at ``depth`` inside a document (no raw newline
    occurs inside a JSON string, so every newline is the layout's)."""
    return json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n" + " " * depth)


def dump_snapshot(document: Mapping[str, object]) -> str:
    """The text of a schema-1 snapshot ``document``, with its index (any index it holds is replaced)."""
    body = {key: value for key, value in document.items() if key not in ("schema", INDEX_KEY)}
    if document.get("schema") != 1 or not body:
        return json.dumps(dict(document), indent=1, ensure_ascii=False) + "\n"
    parts: list[str] = []
    at = 0
    sections: dict[str, list[int]] = {}
    entries: dict[str, dict[str, list[int]]] = {}

    def add(text: str) -> None:
        nonlocal at
        parts.append(text)
        at += len(text)

    for position, (key, value) in enumerate(body.items()):
        add(f"{',' if position else ''}\n {json.dumps(key, ensure_ascii=False)}: "[0 if position else 1 :])
        start = at
        if key in ENTRY_SECTIONS and isinstance(value, dict) and value:
            spans = entries[key] = {}
            add("{")
            for number, (name, entry) in enumerate(value.items()):
                add(f"{',' if number else ''}\n  {json.dumps(name, ensure_ascii=False)}: ")
                spans[name] = [at, at + len(text := _dumps(entry, 2))]
                add(text)
            add("\n }")
        else:
            add(_dumps(value, 1))
        sections[key] = [start, at]
    packages = body.get("packages")
    packages = packages if isinstance(packages, dict) else {}
    index = {
        "sections": sections,
        "kinds": {name: entry.get("kind") for name, entry in packages.items() if isinstance(entry, dict)},
        "names": {
            name: entry["names"]
            for name, entry in packages.items()
            if isinstance(entry, dict) and isinstance(entry.get("names"), dict)
        },
        **{section: spans for section, spans in entries.items()},
    }
    head = _HEAD + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + _AFTER_INDEX
    return head + "".join(parts) + "\n}\n"


class IndexedDocument:
    """A snapshot text written by :func:`dump_snapshot`, its parts decoded when asked for.

    A plain class (built by :meth:`read`): it holds the text and, once a part was out of place, the
    whole document decoded.
    """

    __slots__ = ("_base", "_text", "_whole", "index")

    def __init__(self, text: str, base: int, index: dict[str, dict[str, object]]) -> None:
        self._text = text
        self._base = base
        self._whole: dict[str, object] | None = None
        self.index = index

    @classmethod
    def read(cls, text: str) -> IndexedDocument | None:
        """The document of ``text`` when it starts with an index of the expected shape; else None (read
        the text whole)."""
        if not text.startswith(_HEAD):
            return None
        try:
            index, end = json.JSONDecoder().raw_decode(text, len(_HEAD))
        except ValueError:
            return None
        if not text.startswith(_AFTER_INDEX, end) or not _well_formed(index):
            return None
        return cls(text, end + len(_AFTER_INDEX), cast("dict[str, dict[str, object]]", index))

    def kinds(self) -> dict[str, object]:
        """Each package's ``kind``, in the document's order."""
        return self.index["kinds"]

    def names(self) -> dict[str, dict[str, object]]:
        """The ``names`` of the packages that have them."""
        return cast("dict[str, dict[str, object]]", self.index["names"])

    def has(self, key: str) -> bool:
        return key in self.index["sections"]

    def section(self, key: str, default: object = None) -> object:
        """The value of the top-level ``key`` (``default`` when the document has none)."""
        span = self.index["sections"].get(key)
        if span is None:
            return default
        return self._decoded(key, cast("list[int]", span), 1, lambda whole: whole.get(key, default))

    def entry_names(self, section: str) -> list[str]:
        """The names of the entries of ``section`` (``packages``, ``npm``), in the document's order."""
        return list(self.index.get(section, {}))

    def entry(self, section: str, name: str) -> object:
        """The entry ``name`` of ``section``."""
        span = cast("list[int]", self.index[section][name])
        return self._decoded(name, span, 2, lambda whole: cast("dict[str, object]", whole[section])[name])

    def _decoded(
        self, key: str, span: list[int], depth: int, from_whole: Callable[[dict[str, object]], object]
    ) -> object:
        start, end = self._base + span[0], self._base + span[1]
        label = f"{' ' * depth}{json.dumps(key, ensure_ascii=False)}: "
        if self._whole is None and self._text.startswith(label, start - len(label)):
            try:
                decoded: object = json.loads(self._text[start:end])
                return decoded
            except ValueError:
                pass
        if self._whole is None:  # out of place: the whole document, decoded once (raises what it raises)
            whole = json.loads(self._text)
            self._whole = whole if isinstance(whole, dict) else {}
        return from_whole(self._whole)


def _well_formed(index: object) -> bool:
    """Whether ``index`` has the shape :func:`dump_snapshot` writes."""
    if not isinstance(index, dict):
        return False
    spans = [index.get("sections"), *(index.get(section, {}) for section in ENTRY_SECTIONS)]
    return (
        isinstance(index.get("kinds"), dict)
        and isinstance(index.get("names"), dict)
        and all(isinstance(names, dict) for names in index["names"].values())
        and all(
            isinstance(table, dict)
            and all(
                isinstance(span, list) and len(span) == 2 and all(type(n) is int and n >= 0 for n in span)
                for span in table.values()
            )
            for table in spans
        )
    )
