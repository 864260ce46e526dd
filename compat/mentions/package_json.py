"""Mentions in ``package.json``: dependencies on the tools' npm packages, scripts running the CLI,
``engines.node``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from compat.mentions.json_spans import string_members
from compat.mentions.model import LineIndex, Mention, Span, mention
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
#: a script that is the CLI alone, its arguments given by ``npm run NAME -- synth``
_BARE_CLI = re.compile(r"\s*(?:(?:npx|pnpx|bunx|yarn|pnpm)\s+)?(?P<name>cdkt[fn])\s*")
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
            bare = _BARE_CLI.fullmatch(member.value)
            span = member.value_span
            if bare is not None and text[span.start : span.end] == member.value:
                # ``"cdktf": "cdktf"`` (``npm run cdktf -- synth``): the whole script runs the CLI
                name = Span(span.start + bare.start("name"), span.start + bare.end("name"))
                yield mention(
                    path, index, "cli-command", bare.group("name"), name, None, None, f"scripts.{key}"
                )
                continue
            yield from shell_mentions(path, text, index, f"scripts.{key}", span.start, span.end)
        elif field == "engines" and key == "node":
            yield mention(
                path, index, "node-version", "node", None, member.value, member.value_span, "engines.node"
            )
