"""Mentions in ``package.json``: dependencies on the tools' npm packages, scripts running the CLI,
``engines.node``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from compat.mentions.json_spans import string_members
from compat.mentions.model import LineIndex, Mention, mention
from compat.mentions.shell import shell_mentions

DEPENDENCY_FIELDS = frozenset(
    {
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "resolutions",
        "overrides",
    }
)
_TOOL_PACKAGE = re.compile(r"^(?:cdkt[fn]-cli|cdkt[fn]|@cdkt[fn]/[a-z0-9][\w.-]*)$")


def is_tool_package(name: str) -> bool:
    """An npm package of either family: the CLI, the core, a prebuilt provider or another ``@cdktf/*``."""
    return bool(_TOOL_PACKAGE.match(name))


def package_json_mentions(path: Path, text: str) -> Iterator[Mention]:
    """Mentions of ``text`` (a package.json); :class:`~compat.mentions.json_spans.JsonSpanError` if bad."""
    index = LineIndex(text)
    for member in string_members(text, max_depth=2):
        if len(member.path) != 2:
            continue
        field, key = member.path
        if field in DEPENDENCY_FIELDS and is_tool_package(key):
            yield mention(
                path, index, "npm-dependency", key, member.key_span, member.value, member.value_span, field
            )
        elif field == "scripts":
            yield from shell_mentions(
                path, text, index, f"scripts.{key}", member.value_span.start, member.value_span.end
            )
        elif field == "engines" and key == "node":
            yield mention(
                path, index, "node-version", "node", None, member.value, member.value_span, "engines.node"
            )
