"""mise's config files (``mise.toml`` and its other names) as a source of a tool's version.

mise reads, in each folder from the current one up, these files, the first overriding the rest
(mise's configuration docs, "in order of precedence"; ``LOCAL_CONFIG_FILENAMES`` in mise's
src/config/mod.rs): ``mise.local.toml``, ``mise.toml``, ``mise/config.toml``, ``.config/mise.toml``,
``.config/mise/config.toml``, ``.config/mise/conf.d/*.toml`` (the last one alphabetically wins); each
name starting with ``mise`` may also be a dotfile (``.mise.toml``, ``.mise/config.toml``), ranked first.
``.tool-versions`` ranks below all of them. A nearer folder overrides a farther one.

A tool is ``[tools] node = "22.18"`` (a fuzzy version: the newest 22.18.x), a list (``["22", "20"]``:
the first is the default on PATH), a table (``{ version = "22" }``), or a dotted key (``tools.node``).
``prefix:22`` names the newest 22.x; ``lts``, ``latest``, ``ref:...``, ``path:...``, ``system``
name no version compat can read: the caller skips them with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import tomllib

#: the config files of one folder, highest precedence first (the conf.d folder is read apart)
MISE_FILES: tuple[str, ...] = (
    ".mise.local.toml",
    "mise.local.toml",
    ".mise.toml",
    "mise.toml",
    ".mise/config.toml",
    "mise/config.toml",
    ".config/mise.toml",
    ".config/mise/config.toml",
)
#: the names of mise config files that stand in a folder itself (``.config/mise.toml`` shares one)
MISE_NAMES = frozenset(name.rsplit("/", 1)[-1] for name in MISE_FILES if "/" not in name)

#: mise's tool names of Node.js (``nodejs`` is its alias; ``core:node`` the backend spelt out)
NODE_TOOLS = ("node", "nodejs", "core:node")


def is_mise_config(path: Path) -> bool:
    """Whether ``path`` is one of mise's config files by its name and folder."""
    name, parent = path.name, path.parent.name
    if name in MISE_NAMES:
        return True
    if name == "config.toml" and parent in ("mise", ".mise"):
        return True
    return parent == "conf.d" and path.parent.parent.name == "mise" and name.endswith(".toml")


def mise_files(directory: Path) -> Iterator[Path]:
    """mise's config files in ``directory``, highest precedence first."""
    for name in MISE_FILES:
        candidate = directory / name
        if candidate.is_file():
            yield candidate
    conf_d = directory / ".config" / "mise" / "conf.d"
    if conf_d.is_dir():
        yield from sorted((p for p in conf_d.glob("*.toml") if p.is_file()), reverse=True)


def tool_value(value: object) -> str | None:
    """The version text a ``[tools]`` value names: a string, a list's first, a table's ``version``."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("version")
    return value.strip() if isinstance(value, str) else None


def read_tool(path: Path, tools: tuple[str, ...], notes: list[str]) -> str | None:
    """The version text ``path``'s ``[tools]`` names for the first of ``tools`` it has (None: none).

    A file that is not TOML is skipped with a note, as a version file naming no version is."""
    try:
        document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        notes.append(f"{path} is not valid TOML ({error}): skipped")
        return None
    except RecursionError:
        notes.append(f"{path} is nested too deeply to read: skipped")
        return None
    table = document.get("tools")
    if not isinstance(table, dict):
        return None
    for tool in tools:
        if tool in table:
            text = tool_value(table[tool])
            if text is None:
                notes.append(f"{path} [tools] {tool} names no version: skipped")
                return None
            return text.removeprefix("prefix:")
    return None
