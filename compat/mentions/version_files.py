"""Mentions in version files: ``.nvmrc`` / ``.node-version`` (Node.js) and asdf's ``.tool-versions``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from compat.mentions.model import LineIndex, Mention, MentionKind, Span, mention
from compat.patterns import LazyPattern

NODE_FILES = frozenset({".nvmrc", ".node-version"})
_TOOL = LazyPattern(r"^[ \t]*(?P<tool>[\w-]+)[ \t]+(?P<version>[^\s#]+)", re.MULTILINE)
_TOOLS: dict[str, tuple[MentionKind, str]] = {
    "nodejs": ("node-version", "node"),
    "node": ("node-version", "node"),
    "terraform": ("terraform-version", "terraform"),
    "opentofu": ("opentofu-version", "opentofu"),
}
_FIRST_WORD = LazyPattern(r"^[ \t]*(?P<version>[^\s#]+)", re.MULTILINE)


def version_file_mentions(path: Path, text: str) -> Iterator[Mention]:
    index = LineIndex(text)
    if path.name in NODE_FILES:
        match = _FIRST_WORD.search(text)
        if match is not None:
            span = Span(match.start("version"), match.end("version"))
            yield mention(path, index, "node-version", "node", None, match.group("version"), span, path.name)
        return
    for match in _TOOL.finditer(text):
        known = _TOOLS.get(match.group("tool"))
        if known is None:
            continue
        kind, name = known
        span = Span(match.start("version"), match.end("version"))
        yield mention(path, index, kind, name, None, match.group("version"), span, path.name)
