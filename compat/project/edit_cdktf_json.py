"""Rewriting ``cdktf.json``: the AWS entry of ``terraformProviders`` and top-level keys.

The document is written back with its key order and measured indentation. With prebuilt
bindings the ``aws`` entry goes (the package brings the provider: two sources of truth otherwise),
unless the code imports the bindings ``cdktf get`` generates from it (``keep``): removing it would
leave every ``imports.aws`` import without a package. A project that generates bindings locally
gets ``aws@~> MAJOR.MINOR`` of the selected provider.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from packaging.version import Version

from compat.project.model import CdktfConfig
from compat.versions.hashicorp import pessimistic
from compat.versions.providers import AWS_SOURCE

_SEPARATORS = ((",", ": "), (", ", ": "), (",", ":"), (", ", ":"))
_BLANK = re.compile(r"[ \t\r\n]*")


def dump_like(
    document: object, indent: int | str | None, original: str, separators: tuple[str, str] | None = None
) -> str:
    text = json.dumps(document, indent=indent, ensure_ascii=False, separators=separators)
    return text + "\n" if original.endswith("\n") else text


def _separators_of(indent: int | str | None, original: str) -> tuple[str, str] | None:
    """The separators that write ``original`` back byte for byte (compact files: ``,`` and ``:``)."""
    document = json.loads(original)
    for separators in _SEPARATORS:
        if dump_like(document, indent, original, separators) == original:
            return separators
    return None


def _elements(text: str, start: int) -> list[tuple[object, int, int]] | None:
    """Each element of the JSON array opening at ``text[start]`` with its span; None if not an array."""
    decoder = json.JSONDecoder()

    def blank_after(position: int) -> int:
        match = _BLANK.match(text, position)
        return match.end() if match is not None else position

    if text[start : start + 1] != "[":
        return None
    position = blank_after(start + 1)
    found: list[tuple[object, int, int]] = []
    while text[position : position + 1] != "]":
        try:
            value, after = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return None
        found.append((value, position, after))
        position = blank_after(after)
        if text[position : position + 1] == ",":
            position = blank_after(position + 1)
        elif text[position : position + 1] != "]":
            return None
    return found


def _element_text(old: object, old_text: str, new: object) -> str:
    """``new`` written as ``old_text`` was: the same text when equal, only the changed string values
    replaced in a flat object, else ``new`` on one line."""
    if new == old:
        return old_text
    if isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
        edited = old_text
        for key, value in new.items():
            if value == old[key]:
                continue
            if not isinstance(value, str) or not isinstance(old[key], str):
                break
            member = re.compile(rf'"{re.escape(key)}"\s*:\s*({re.escape(json.dumps(old[key]))})')
            found = list(member.finditer(edited))
            if len(found) != 1:
                break
            start, end = found[0].span(1)
            edited = edited[:start] + json.dumps(value, ensure_ascii=False) + edited[end:]
        else:
            if json.loads(edited) == new:
                return edited
    return json.dumps(new, ensure_ascii=False)


def _splice_array(
    text: str, key: str, items: list[tuple[int, object]], document: dict[str, object]
) -> str | None:
    """``text`` with only the array of top-level ``key`` rewritten (the rest byte for byte).

    ``items`` are the new array's items, each with its index in the old one. Each item the edit
    leaves is its old text; a changed item keeps its layout and only its changed values are
    replaced; a removed item goes with its separator (the separators are the array's own). None
    when the splice would not give ``document`` (then the caller dumps).
    """
    for match in re.finditer(rf'"{re.escape(key)}"\s*:\s*', text):
        elements = _elements(text, match.end())
        if not elements or any(origin >= len(elements) for origin, _ in items):
            continue  # not the array (or an empty one: nothing in it to edit)
        texts = [
            _element_text(elements[origin][0], text[elements[origin][1] : elements[origin][2]], item)
            for origin, item in items
        ]
        separator = text[elements[0][2] : elements[1][1]] if len(elements) > 1 else ", "
        if texts:
            spliced = text[: elements[0][1]] + separator.join(texts) + text[elements[-1][2] :]
        else:
            spliced = text[: match.end()] + "[]" + text[text.index("]", elements[-1][2]) + 1 :]
        try:
            if json.loads(spliced) == document:
                return spliced
        except json.JSONDecodeError:
            return None
    return None


def edit_cdktf_json(
    config: CdktfConfig,
    text: str,
    *,
    prebuilt: bool,
    provider_version: Version | None,
    updates: Mapping[str, object] | None = None,
    keep: Mapping[int, str] | None = None,
    drop: Mapping[int, str] | None = None,
) -> tuple[str, list[str]]:
    """The new text (``text`` itself when nothing changes) and notes saying what changed and why.

    ``keep`` maps the index of a ``terraformProviders`` entry whose generated bindings the code
    imports to where (``main.py:3``): such an entry stays, with the selected provider's constraint.
    ``drop`` maps the index of an entry of another provider to the prebuilt package that now
    brings it (``compat migrate --to-prebuilt``): such an entry goes.
    """
    document: dict[str, Any] = json.loads(text)
    notes: list[str] = []
    changed = False
    providers = document.get("terraformProviders")
    if isinstance(providers, list):
        kept: list[tuple[int, Any]] = []  # (its index in the old array, the entry)
        entries = {entry.position: entry for entry in config.providers}
        for position, raw in enumerate(providers):
            entry = entries.get(position)
            if entry is None:  # an entry compat could not read (a note said so) stays as it is
                kept.append((position, raw))
                continue
            if position in (drop or {}) and entry.requirement.source != AWS_SOURCE:
                changed = True
                notes.append(
                    f"{config.path.name}: removed {entry.requirement.raw!r} from terraformProviders: "
                    f"the prebuilt package {(drop or {})[position]} brings it"
                )
                continue
            if entry.requirement.source != AWS_SOURCE:
                kept.append((position, raw))
                continue
            kept_for = (keep or {}).get(position)
            if kept_for and prebuilt:
                notes.append(
                    f"{config.path.name}: kept {entry.requirement.raw!r} in terraformProviders: {kept_for} "
                    "imports the bindings 'cdktf get' generates from it (convert those imports to drop it)"
                )
            if prebuilt and not kept_for:
                changed = True
                notes.append(
                    f"{config.path.name}: removed {entry.requirement.raw!r} from terraformProviders: "
                    "the prebuilt bindings bring the AWS provider (one source of truth)"
                )
                continue
            if provider_version is None:
                kept.append((position, raw))
                continue
            constraint = pessimistic(provider_version)
            if isinstance(raw, str):
                address = raw.partition("@")[0].strip()
                new: object = f"{address}@{constraint}"
            else:
                new = {**raw, "version": constraint}
            if new != raw:
                changed = True
                notes.append(
                    f"{config.path.name}: {entry.requirement.raw!r} -> {constraint!r} (generated bindings)"
                )
            kept.append((position, new))
        document["terraformProviders"] = [entry for _, entry in kept]
    for key, value in (updates or {}).items():
        if document.get(key) != value:
            document[key] = value
            changed = True
    if not changed:
        return text, []
    if not updates and isinstance(providers, list):
        spliced = _splice_array(text, "terraformProviders", kept, document)
        if spliced is not None:
            return spliced, notes
    separators = _separators_of(config.indent, text)
    if separators is None:
        notes.append(
            f"{config.path.name}: rewritten with its key order and indentation; other spacing may differ"
        )
    return dump_like(document, config.indent, text, separators), notes
