"""A release's manifest (module key -> module id), looked up in the stored text of its full manifest.

A full manifest is stored as compact JSON, ``{"m":{"<module key>":<id>,...}}`` (the AWS bindings: some
2,200 modules, 150 KB), and most releases as a difference to one (``{"b":"<base version>","m":{changed},
"d":[removed]}``). A check asks a dozen module keys of one release: finding ``"<key>":`` in the text
answers each without decoding the whole base (decoding it was 8 M instructions, 1.5 % of a small
check). Anything else (iterating, a key JSON would escape, a text not laid out so) decodes it once.
"""

from __future__ import annotations

import json
from collections.abc import ItemsView, Iterator, Mapping

#: how a compact full manifest starts (``json.dumps(..., separators=(",", ":"))``, the store's writer)
COMPACT_FULL = b'{"m":{'
_MISSING = object()


class TextManifest(Mapping[str, int]):
    """The manifest of a release: ``changed`` and ``removed`` over the full manifest in ``text``.

    A plain class: it holds the text and, once decoded, the whole mapping.
    """

    __slots__ = ("_changed", "_removed", "_text", "_whole")

    def __init__(self, text: bytes, removed: frozenset[str], changed: dict[str, int]) -> None:
        self._text = text
        self._removed = removed
        self._changed = changed
        self._whole: dict[str, int] | None = None

    def _looked_up(self, key: str) -> object:
        """The id of ``key`` (``_MISSING`` when the manifest has none)."""
        if key in self._changed:
            return self._changed[key]
        if key in self._removed:
            return _MISSING
        found = self._in_text(key) if self._whole is None else None
        return self.whole().get(key, _MISSING) if found is None else found

    def _in_text(self, key: str) -> object:
        """The id of ``key`` found in the compact text (``_MISSING``: not there); None when the text
        cannot say (laid out otherwise, a key JSON escapes, a value that is not a plain number)."""
        text, needle = self._text, json.dumps(key)
        if not text.startswith(COMPACT_FULL) or "\\" in needle:
            return None
        at = text.find(needle.encode("ascii") + b":", len(COMPACT_FULL) - 1)
        if at < 0:
            return _MISSING
        start = at + len(needle) + 1
        ends = [end for end in (text.find(b",", start), text.find(b"}", start)) if end >= 0]
        value = text[start : min(ends)] if ends else b""
        return int(value) if text[at - 1 : at] in (b"{", b",") and value.isdigit() else None

    def whole(self) -> dict[str, int]:
        """Every module key and id (decoded once)."""
        if self._whole is None:
            base: dict[str, int] = json.loads(self._text)["m"]
            kept = {k: v for k, v in base.items() if k not in self._removed} if self._removed else base
            self._whole = kept | self._changed
        return self._whole

    def __getitem__(self, key: str) -> int:
        found = self._looked_up(key)
        if found is _MISSING:
            raise KeyError(key)
        assert isinstance(found, int)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._looked_up(key) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def items(self) -> ItemsView[str, int]:
        return self.whole().items()

    def __len__(self) -> int:
        return len(self.whole())
