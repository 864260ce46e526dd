"""mise's config files (``mise.toml`` and its other names) and ``.tool-versions``: the one definition of
where mise reads a tool's version, and what a version written there installs.

Files. mise reads, in each folder from the current one up, these files, the first overriding the rest
(``LOCAL_CONFIG_FILENAMES`` and ``env_config_patterns`` in mise's src/config/mod.rs, read from the last
entry up; its configuration docs list the same names): first the files of the selected config
environments (``mise.{env}.toml`` and their other names, ``.local`` ones first; with ``MISE_ENV=a,b``
the last, ``b``, wins), then ``.mise.local.toml``, ``mise.local.toml``, ... ``.mise.toml``,
``mise.toml``, ``mise/config.toml``, ``.mise/config.toml``, ``.config/mise.toml``,
``.config/mise/mise.toml``, ``.config/mise/config.toml``, ``.config/mise/conf.d/*.toml`` (the last one
alphabetically wins), and ``.tool-versions`` last. A nearer folder overrides a farther one.

mise's "Config Environments" docs order ``mise.local.toml`` above ``mise.{env}.toml``; its code loads
every environment file above every base file. The code is what runs, so compat follows it.

Environments. ``MISE_ENV`` (``-E``) selects the environment files, else ``env`` in the nearest
``.miserc.toml`` / ``.config/miserc.toml`` (the only file that can set it: ``MISE_ENV`` cannot be set in
``mise.toml``). An environment file that is not selected is read by nobody: it is no source, and what
it names is said in a note (the assumption made), never the ground of a finding.

Values. A tool is ``[tools] terraform = "1.9.8"``, a list (``["1.9", "1.8"]``: the first is the
default on PATH), a table (``{ version = "1.9" }``) or a dotted key (``tools.terraform``).
``1.9.8`` is that release; ``1.9`` or ``prefix:1.9`` the newest 1.9.x mise finds when it installs;
``latest``, ``lts``, ``ref:...``, ``path:...``, ``sub-1:...``, ``system`` name no version compat can
read: the caller says so in a note and decides nothing on it.

Platforms. A table may limit the tool to some platforms: ``{ version = "1.9.8", os = ["macos"] }``
(``os`` a string or a list of ``linux``, ``macos``/``darwin``, ``windows``/``win``, each optionally
``/arch``: ``linux/x64``). mise (src/toolset/tool_request.rs ``is_os_supported``) keeps the nearest
file's entries of a tool whole (``Toolset::merge``) and then uses only the entries that admit the
machine it runs on: the first such entry of a list is the default; when none admits it, the tool is
not installed there, and no farther file is read for it. compat decides for Linux on x64, where CI
runs (:data:`CI_PLATFORM`), and says so in a note whenever an ``os`` option passed an entry over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import tomllib

from compat.record import Record
from compat.versions.detect import FolderNames, _tool_versions

#: the base config files of one folder, highest precedence first (the conf.d folder is read apart)
MISE_FILES: tuple[str, ...] = (
    ".mise.local.toml",
    "mise.local.toml",
    ".rtx.local.toml",
    "mise/config.local.toml",
    ".mise/config.local.toml",
    ".config/mise.local.toml",
    ".config/mise/mise.local.toml",
    ".config/mise/config.local.toml",
    ".mise.toml",
    "mise.toml",
    ".rtx.toml",
    "mise/config.toml",
    ".mise/config.toml",
    ".config/mise.toml",
    ".config/mise/mise.toml",
    ".config/mise/config.toml",
)
#: the files of one config environment ``{env}``, highest precedence first
_ENV_FILES: tuple[str, ...] = (
    ".mise.{env}.local.toml",
    ".mise/config.{env}.local.toml",
    "mise.{env}.local.toml",
    "mise/config.{env}.local.toml",
    ".config/mise.{env}.local.toml",
    ".config/mise/config.{env}.local.toml",
    ".mise.{env}.toml",
    ".mise/config.{env}.toml",
    "mise.{env}.toml",
    "mise/config.{env}.toml",
    ".config/mise.{env}.toml",
    ".config/mise/config.{env}.toml",
)
#: the names of mise config files that stand in a folder itself (``.config/mise.toml`` shares one)
MISE_NAMES = frozenset(name.rsplit("/", 1)[-1] for name in MISE_FILES if "/" not in name)

#: mise's tool names of each tool compat reads (its registry: ``node`` has the alias ``nodejs``; a
#: backend spelt out names the same tool)
NODE_TOOLS = ("node", "nodejs", "core:node")
TERRAFORM_TOOLS = ("terraform", "aqua:hashicorp/terraform")
OPENTOFU_TOOLS = ("opentofu", "aqua:opentofu/opentofu")

#: the files that can select config environments (mise's docs, "Setting MISE_ENV in .miserc.toml")
_MISERC = (".miserc.toml", ".config/miserc.toml")


def _environment_of(name: str) -> str | None:
    """The environment an environment file's name carries (``mise.ci.toml`` -> ``ci``), else None."""
    for prefix in (".mise.", "mise.", "config."):
        if not name.startswith(prefix) or not name.endswith(".toml"):
            continue
        middle = name[len(prefix) : -len(".toml")].removesuffix(".local")
        if middle and middle != "local" and "." not in middle:
            return middle
    return None


def is_mise_config(path: Path) -> bool:
    """Whether ``path`` is one of mise's config files (an environment's included) by name and folder."""
    name, parent = path.name, path.parent.name
    if name in MISE_NAMES or name in ("config.toml", "config.local.toml") and parent in ("mise", ".mise"):
        return True
    if _environment_of(name) is not None:
        if name.startswith(("mise.", ".mise.")):
            return True
        return name.startswith("config.") and parent in ("mise", ".mise")
    return parent == "conf.d" and path.parent.parent.name == "mise" and name.endswith(".toml")


def selected_environments(
    start: Path, environ: Mapping[str, str] | None = None, folders: FolderNames | None = None
) -> tuple[tuple[str, ...], str]:
    """The config environments mise selects (the last the strongest) and what selected them (``env
    MISE_ENV``, a miserc path; ``""``: none): ``MISE_ENV`` from ``environ``, else ``env`` of the nearest
    miserc file at or above ``start``. A plain pair, not a record: it lives inside one search.
    ``folders``: the listings the run's searches share (else listed here)."""
    env = os.environ if environ is None else environ
    written = env.get("MISE_ENV", "")
    if written.strip():
        return _names(written.split(",")), "env MISE_ENV"
    folders = folders or FolderNames()
    for directory in folders.up(start):
        present = folders.names(directory) or frozenset()
        for name in _MISERC:
            candidate = directory / name
            if not _may_exist(name, present) or not candidate.is_file():
                continue
            try:
                value = tomllib.loads(candidate.read_bytes().decode("utf-8-sig")).get("env")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
                continue
            listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            names = _names(v for v in listed if isinstance(v, str))
            if names:
                return names, str(candidate)
    return (), ""


def _names(parts: Iterable[str]) -> tuple[str, ...]:
    """The environment names of ``parts``; a name holding a path separator is none (a repository's
    ``.miserc.toml`` must not point compat at a file outside the folders mise searches)."""
    names = (part.strip() for part in parts)
    return tuple(name for name in names if name and "/" not in name and "\\" not in name)


def _may_exist(relative: str, names: frozenset[str] | None) -> bool:
    """Whether a path ``relative`` to a folder listing ``names`` (None: not listed) can exist."""
    return names is None or relative.split("/", 1)[0] in names


def mise_files(
    directory: Path, environments: tuple[str, ...] = (), names: frozenset[str] | None = None
) -> Iterator[Path]:
    """mise's config files in ``directory`` that it reads with ``environments`` selected, highest
    precedence first (``.tool-versions`` apart); ``names``: the folder's listing, if the caller has it."""
    for environment in reversed(environments):
        for pattern in _ENV_FILES:
            relative = pattern.format(env=environment)
            if _may_exist(relative, names) and (directory / relative).is_file():
                yield directory / relative
    for name in MISE_FILES:
        if _may_exist(name, names) and (directory / name).is_file():
            yield directory / name
    conf_d = directory / ".config" / "mise" / "conf.d"
    if _may_exist(".config", names) and conf_d.is_dir():
        yield from sorted((p for p in conf_d.glob("*.toml") if p.is_file()), reverse=True)


def environment_files(directory: Path, folders: FolderNames | None = None) -> Iterator[tuple[str, Path]]:
    """Every config environment's file in ``directory``, with its environment (selected or not);
    ``folders``: the listings the run's searches share (else listed here)."""
    folders = folders or FolderNames()
    names = folders.names(directory) or frozenset()  # one that cannot be listed holds none
    config = directory / ".config"
    candidates = [directory]
    candidates += [directory / sub for sub in ("mise", ".mise") if sub in names]
    candidates += [config, config / "mise"] if ".config" in names else []
    for folder in candidates:
        # a folder up the walk may be large (/tmp): names are filtered before any stat or sort
        listed = names if folder == directory else folders.names(folder)
        if listed is None:
            continue
        named = [(env, folder / name) for name in listed if (env := _environment_of(name))]
        for environment, child in sorted(named):
            if child.is_file() and is_mise_config(child):
                yield environment, child


#: the platform compat decides mise's ``os`` option for: CI runs on Linux, on x64 (GitHub's and
#: GitLab's hosted runners)
CI_PLATFORM = ("linux", "x64")
_OS_ALIASES = {"darwin": "macos", "win": "windows"}
_ARCH_ALIASES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}


def _platforms(entry: object) -> tuple[str, ...] | None:
    """The ``os`` option of one tool entry as written (None: the entry has none, it applies everywhere)."""
    if not isinstance(entry, dict) or "os" not in entry:
        return None
    written = entry["os"]
    listed = [written] if isinstance(written, str) else written if isinstance(written, list) else []
    return tuple(str(item) for item in listed)


def admits_ci(platforms: tuple[str, ...]) -> bool:
    """Whether an ``os`` option admits :data:`CI_PLATFORM`, as mise's ``is_os_supported`` matches it: an
    entry ``os`` matches that OS on any architecture, ``os/arch`` both (aliases normalized as mise does);
    an empty list admits nothing."""
    system, arch = CI_PLATFORM
    for entry in platforms:
        named, _slash, named_arch = entry.strip().partition("/")
        if _OS_ALIASES.get(named, named) != system:
            continue
        if not _slash or _ARCH_ALIASES.get(named_arch, named_arch) == arch:
            return True
    return False


class ToolChoice(Record):
    """Which entry of a ``[tools]`` value mise uses on :data:`CI_PLATFORM`."""

    request: str | None  # its version text (None: no entry applies, or it names no version string)
    applies: bool  # some entry applies on that platform
    position: int | None  # the list position of that entry (None: the value is not a list)
    passed_over: tuple[str, ...]  # the entries an ``os`` option excludes there, as said in notes


def _version_text(entry: object) -> str | None:
    value = entry.get("version") if isinstance(entry, dict) else entry
    return value.strip() if isinstance(value, str) else None


def _said(entry: object, platforms: tuple[str, ...]) -> str:
    text = _version_text(entry)
    return f"{text!r} (os = {list(platforms)})" if text is not None else f"an entry (os = {list(platforms)})"


def tool_choice(value: object) -> ToolChoice:
    """The entry of a ``[tools]`` value (a string, a list, a table, a list of tables) mise uses on Linux:
    the first whose ``os`` option, if any, admits :data:`CI_PLATFORM`."""
    entries = value if isinstance(value, list) else [value]
    passed: list[str] = []
    for position, entry in enumerate(entries):
        platforms = _platforms(entry)
        if platforms is not None and not admits_ci(platforms):
            passed.append(_said(entry, platforms))
            continue
        at = position if isinstance(value, list) else None
        return ToolChoice(request=_version_text(entry), applies=True, position=at, passed_over=tuple(passed))
    return ToolChoice(request=None, applies=False, position=None, passed_over=tuple(passed))


def tool_value(value: object) -> str | None:
    """The version text of the ``[tools]`` entry mise uses on Linux (:func:`tool_choice`)."""
    return tool_choice(value).request


class MisePin(Record):
    """A tool's version as one file writes it (``request`` None: the file names the tool, no version)."""

    path: Path
    tool: str  # the tool name as the file spells it
    request: str | None
    applies: bool = True  # False: every entry is limited by ``os`` to other platforms than Linux
    passed_over: tuple[str, ...] = ()  # entries ``os`` limits to other platforms (see ToolChoice)

    @property
    def source(self) -> str:
        return str(self.path)

    def platform_note(self) -> str | None:
        """What the ``os`` option decided, in words (None: it decided nothing)."""
        platform = "/".join(CI_PLATFORM)
        where = f"{self.path} [tools] {self.tool}"
        if not self.applies:
            return (
                f"{where}: {', '.join(self.passed_over)}, limited by mise's os option to other platforms: on "
                f"{platform} (assumed, where CI runs) mise installs no {self.tool} from it and reads no "
                "farther file for it: not a source"
            )
        if self.passed_over:
            return (
                f"{where}: {', '.join(self.passed_over)} passed over on {platform} (mise's os option; "
                f"assumed, where CI runs): mise uses {self.request!r}"
            )
        return None


def _config_tools(path: Path, notes: list[str]) -> Mapping[str, object] | None:
    try:
        document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        notes.append(f"{path} is not valid TOML ({error}): skipped")
        return None
    except RecursionError:
        notes.append(f"{path} is nested too deeply to read: skipped")
        return None
    table = document.get("tools")
    return table if isinstance(table, dict) else None


def file_pin(path: Path, tools: tuple[str, ...], notes: list[str]) -> MisePin | None:
    """The first of ``tools`` that the mise config file or ``.tool-versions`` at ``path`` names."""
    if path.name == ".tool-versions":
        for tool in tools:
            raw = _tool_versions(path, tool)
            if raw is not None:
                return MisePin(path, tool, raw)
        return None
    table = _config_tools(path, notes)
    if table is None:
        return None
    for tool in tools:
        if tool in table:
            choice = tool_choice(table[tool])
            return MisePin(path, tool, choice.request, choice.applies, choice.passed_over)
    return None


def read_tool(path: Path, tools: tuple[str, ...], notes: list[str]) -> str | None:
    """The version text ``path``'s ``[tools]`` names for the first of ``tools`` it has, ``prefix:``
    taken off (None: none; a value naming no version string is skipped with a note)."""
    pin = file_pin(path, tools, notes)
    if pin is None:
        return None
    said = pin.platform_note()
    if said is not None:
        notes.append(said)
    if not pin.applies:
        return None
    if pin.request is None:
        notes.append(f"{path} [tools] {pin.tool} names no version: skipped")
        return None
    return pin.request.removeprefix("prefix:")


def nearest_pin(
    start: Path,
    tools: tuple[str, ...],
    notes: list[str],
    environ: Mapping[str, str] | None = None,
    folders: FolderNames | None = None,
) -> MisePin | None:
    """The pin mise applies for the first of ``tools`` a file names, searching as mise does from
    ``start`` up: per folder the selected environments' files, the base files, ``.tool-versions``.

    Environment files that are not selected and name the tool are said in ``notes`` (not read).
    ``folders``: the listings the run's searches share (else listed here)."""
    folders = folders or FolderNames()
    selected, selected_by = selected_environments(start, environ, folders)
    for directory in folders.up(start):
        names = folders.names(directory) or frozenset()
        _unselected(directory, folders, tools, selected, notes)
        versions_file = [directory / ".tool-versions"] if ".tool-versions" in names else []
        for config in (*mise_files(directory, selected, names), *versions_file):
            if not config.is_file():
                continue
            pin = file_pin(config, tools, notes)
            if pin is not None:
                if selected:
                    notes.append(f"mise config environments {', '.join(selected)} selected by {selected_by}")
                return pin
    return None


def _unselected(
    directory: Path,
    folders: FolderNames,
    tools: tuple[str, ...],
    selected: tuple[str, ...],
    notes: list[str],
) -> None:
    for environment, path in environment_files(directory, folders):
        if environment in selected:
            continue
        pin = file_pin(path, tools, [])
        if pin is not None and pin.request is not None:
            notes.append(
                f"{path} names {pin.tool} {pin.request!r} for mise's config environment {environment!r}, "
                f"read only with MISE_ENV={environment} (not set here): assumed not selected, not read"
            )


def env_setting(
    start: Path,
    name: str,
    notes: list[str],
    environ: Mapping[str, str] | None = None,
    folders: FolderNames | None = None,
) -> tuple[str, Path] | None:
    """The value mise's ``[env]`` gives the variable ``name`` (mise sets it for ``mise exec``, its tasks
    and an activated shell) and the file that sets it, searching the files as for a tool; None when
    no file sets it to a plain string (a template ``{{...}}`` or ``false`` says nothing certain).
    ``folders``: the listings the run's searches share (else listed here)."""
    folders = folders or FolderNames()
    selected, _by = selected_environments(start, environ, folders)
    for directory in folders.up(start):
        for config in mise_files(directory, selected, folders.names(directory) or frozenset()):
            try:
                document = tomllib.loads(config.read_bytes().decode("utf-8-sig"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
                continue  # said by the tool search that reads the same file
            table = document.get("env")
            if not isinstance(table, dict) or name not in table:
                continue
            value = table[name]
            if isinstance(value, str) and value.strip() and "{{" not in value:
                return value.strip(), config
            notes.append(f"{config} [env] {name} = {value!r}: not a plain value, not read")
            return None
    return None
