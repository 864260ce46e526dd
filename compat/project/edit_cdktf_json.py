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


def _splice_array(text: str, key: str, items: list[object], document: dict[str, object]) -> str | None:
    """``text`` with only the array of top-level ``key`` rewritten (the rest byte for byte).

    The array keeps its own form: one line stays one line, one item per line keeps the first
    item's indentation. None when the splice would not give ``document`` (then the caller dumps).
    """
    decoder = json.JSONDecoder()
    for match in re.finditer(rf'"{re.escape(key)}"\s*:\s*', text):
        try:
            value, end = decoder.raw_decode(text, match.end())
        except json.JSONDecodeError:
            continue
        old = text[match.end() : end]
        inner = re.search(r"\[\s*\n([ \t]*)\S", old)
        if not items:
            new = "[]"
        elif inner is None:
            new = "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"
        else:
            pad = inner.group(1)
            closing = old[old.rfind("\n") + 1 : -1] if "\n" in old else ""
            body = (",\n").join(pad + json.dumps(i, ensure_ascii=False) for i in items)
            new = f"[\n{body}\n{closing}]"
        spliced = text[: match.end()] + new + text[end:]
        try:
            if isinstance(value, list) and json.loads(spliced) == document:
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
        kept: list[Any] = []
        for entry in config.providers:
            raw = providers[entry.position]
            if entry.position in (drop or {}) and entry.requirement.source != AWS_SOURCE:
                changed = True
                notes.append(
                    f"{config.path.name}: removed {entry.requirement.raw!r} from terraformProviders: "
                    f"the prebuilt package {(drop or {})[entry.position]} brings it"
                )
                continue
            if entry.requirement.source != AWS_SOURCE:
                kept.append(raw)
                continue
            kept_for = (keep or {}).get(entry.position)
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
                kept.append(raw)
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
            kept.append(new)
        document["terraformProviders"] = kept
    for key, value in (updates or {}).items():
        if document.get(key) != value:
            document[key] = value
            changed = True
    if not changed:
        return text, []
    if not updates and isinstance(providers, list):
        spliced = _splice_array(text, "terraformProviders", document["terraformProviders"], document)
        if spliced is not None:
            return spliced, notes
    separators = _separators_of(config.indent, text)
    if separators is None:
        notes.append(
            f"{config.path.name}: rewritten with its key order and indentation; other spacing may differ"
        )
    return dump_like(document, config.indent, text, separators), notes
