"""Mentions in mise's config files (``mise.toml``, ``.mise.toml``, ``.config/mise.toml``, ...): the
Node.js, Terraform and OpenTofu versions of ``[tools]`` (see :mod:`compat.versions.mise` for the files
and value forms), as ``.tool-versions`` gives them (:mod:`compat.mentions.version_files`). The entry is
the one mise uses on Linux, where CI runs (an ``os`` option may pass a list's first over); a tool whose
every entry is limited to other platforms is no mention.

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

from compat.mentions.model import LineIndex, Mention, MentionKind, Span, mention
from compat.versions.mise import NODE_TOOLS, OPENTOFU_TOOLS, TERRAFORM_TOOLS, tool_choice

_MARKER = "compat-mise-marker-0f3a"


def _swap(
    tools: MutableMapping[str, object], key: str, position: int | None, marker: Callable[[String], String]
) -> String | None:
    """Put ``marker(original)`` where ``tools[key]`` writes the version of its entry at ``position`` (a
    list's item, None: the value itself): a string, or a table's ``version``; the original string, or
    None when that entry names no version string."""
    value = tools[key]
    if isinstance(value, Array):
        if position is None or position >= len(value):
            return None
        entry = value[position]
        if isinstance(entry, String):
            value[position] = marker(entry)
            return entry
        value = entry
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


#: the tools a mise file is read for, each with the mention kind and name its version is
_TOOL_KINDS: tuple[tuple[tuple[str, ...], MentionKind, str], ...] = (
    (NODE_TOOLS, "node-version", "node"),
    (TERRAFORM_TOOLS, "terraform-version", "terraform"),
    (OPENTOFU_TOOLS, "opentofu-version", "opentofu"),
)


def mise_mentions(path: Path, text: str) -> Iterator[Mention]:
    """The Node.js, Terraform and OpenTofu versions a mise config file names in ``[tools]``, at their
    spans (nothing when it names none; :class:`MiseTomlError` when the file is not TOML). A value whose
    characters cannot be placed is a mention without a version span, at its key's line."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    bom = 1 if text.startswith("\ufeff") else 0  # read past as tomllib's utf-8-sig does; spans count it
    try:
        tools = tomlkit.parse(text[bom:]).get("tools")
    except (TOMLKitError, ValueError, RecursionError) as error:
        raise MiseTomlError(str(error).splitlines()[0] if str(error) else type(error).__name__) from error
    if not isinstance(tools, MutableMapping):
        return
    index = LineIndex(text)
    for names, kind, name in _TOOL_KINDS:
        key = next((key for key in names if key in tools), None)
        if key is not None:
            yield from _tool_mention(path, text, bom, index, key, kind, name)


def _tool_mention(
    path: Path, text: str, bom: int, index: LineIndex, key: str, kind: MentionKind, name: str
) -> Iterator[Mention]:
    import tomlkit

    document = tomlkit.parse(text[bom:])  # a fresh document per tool: the marker changes the one it is put in
    tools = document["tools"]
    if not isinstance(tools, MutableMapping):
        return
    value = tools[key]
    plain = value.unwrap() if hasattr(value, "unwrap") else value
    choice = tool_choice(plain)
    if not choice.applies:  # limited to other platforms than Linux: mise installs none there
        return
    original = _swap(tools, key, choice.position, _marker)
    context = f"[tools] {key}"
    if original is None:
        entry = plain[choice.position] if choice.position is not None else plain
        if isinstance(entry, int) and not isinstance(entry, bool):  # ``node = 22``: no string to edit
            yield mention(path, index, kind, name, _key_span(text, key), str(entry), None, context)
        return
    span = _locate(text[bom:], tomlkit.dumps(document))
    span = Span(span.start + bom, span.end + bom) if span is not None else None
    # a value whose place is not found still is a mention (at its key's line): the migration lists it
    # as a leftover rather than skip it
    key_span = None if span is not None else _key_span(text, key)
    yield mention(path, index, kind, name, key_span, str(original), span, context)


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
