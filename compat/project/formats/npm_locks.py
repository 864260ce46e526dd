"""The npm, Yarn and pnpm lock files: which version of a package installs for one workspace member.

- ``package-lock.json`` / ``npm-shrinkwrap.json`` v1 (``dependencies`` tree), v2 and v3
  (``packages`` keyed by ``node_modules`` paths: resolved as Node does, from the member's folder up);
- ``yarn.lock`` v1 (its own format, read here: ``name@range, name@range:`` blocks with ``version``)
  and Berry (YAML, descriptors ``name@npm:range``);
- ``pnpm-lock.yaml`` v5 to v9 (``importers.<path>`` of workspaces, or the top level before them;
  peer suffixes ``7.0.2(cdktf@0.15.5)`` and ``7.0.2_cdktf@0.15.5`` cut off);
- ``bun.lock``, bun's text lock (bun >= 1.2; JSONC, ``lockfileVersion`` 0 to 2): ``workspaces`` keyed
  by member folder, ``packages`` keyed by install path (``cdktn``, ``@cdktn/provider-aws/cdktn`` for
  the copy nested under a package, ``<member's name>/cdktn`` for one member's own), each entry an
  array ``["name@version", registry, {dependencies, peerDependencies, ...}, integrity]`` for a
  registry package (``name@workspace:``, ``link:``, ``file:``, git and tarball entries install no
  registry version and are skipped). bun's binary ``bun.lockb`` is not read.

Each locked package keeps its line and, where the lock records them, its deprecation message and
peer ranges. :class:`NpmLock` is the whole lock (every workspace member's packages, which the
TypeScript checks resolve per member); each format's :meth:`~NpmLockFormat.read` gives the
language-neutral :class:`~compat.project.model.LockFile` of npm pins, as every lock format does.
One class per format (:class:`PackageLockFormat`, :class:`YarnLockFormat`,
:class:`YarnBerryLockFormat`, :class:`PnpmLockFormat`, :class:`BunLockFormat`), keyed by kind in
:data:`NPM_LOCK_FORMATS`.
"""

from __future__ import annotations

import json
import re
from abc import abstractmethod
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, ClassVar

from compat.errors import CompatError
from compat.project._toml import read_text
from compat.project.formats.base import LockFormat
from compat.project.model import LockFile, NpmLockKind, Pin
from compat.project.textpos import KeyLines
from compat.record import Record
from compat.versions.npm_semver import NpmRange, NpmVersion


class LockedPackage(Record):
    name: str
    version: str
    line: int  # 1-based line of its entry in the lock; 0 when unknown
    deprecated: str | None = None  # the deprecation message the lock records
    deprecated_line: int = 0
    peers: Mapping[str, str] = MappingProxyType({})  # peerDependencies the lock records
    engines_node: str | None = None  # engines.node the lock records (npm v2/v3, pnpm)


class NpmLock(Record):
    path: Path
    kind: NpmLockKind
    version: str  # lockfileVersion ("3", "9.0", "1" for yarn v1, the __metadata version for Berry)
    #: member folder (POSIX, relative to the lock's folder, "" for the root) -> name -> package
    importers: Mapping[str, Mapping[str, LockedPackage]]
    #: pnpm: member folder -> name -> the package.json specifier the lock was made from
    specifiers: Mapping[str, Mapping[str, str]] = MappingProxyType({})

    def recorded_specifier(self, name: str, member: str = "") -> str | None:
        """The specifier of ``name`` the lock was made from (pnpm records it per importer), if any."""
        return self.specifiers.get(member, {}).get(name)

    def has_other_descriptor(self, name: str, spec: str) -> bool:
        """Yarn: the lock holds ``name`` but not the ``name@spec`` package.json declares now."""
        if self.kind not in ("yarn", "yarn-berry"):
            return False
        entries = self.importers.get("", {})
        if f"{name}@{spec}" in entries or f"{name}@npm:{spec}" in entries:
            return False
        return any(locked.name == name for locked in entries.values())

    @property
    def label(self) -> str:
        return f"{self.path.name} v{self.version}"

    @property
    def install_command(self) -> str:
        return npm_lock_format(self.kind).command

    def installed(self, name: str, member: str = "", spec: str | None = None) -> LockedPackage | None:
        """The version that installs for ``name`` in the workspace member at ``member``.

        npm v2/v3 resolve from the member's ``node_modules`` up to the root's; Yarn by the
        ``name@spec`` the member declares (``spec``: its package.json range); pnpm by the member's
        importer.
        """
        found = self.importers.get(member, {}).get(name)
        if found is not None:
            return found
        if self.kind in ("npm", "bun"):  # bun: a member's own copy, else the hoisted one
            parts = PurePosixPath(member).parts if member else ()
            for depth in range(len(parts) - 1, -1, -1):
                found = self.importers.get("/".join(parts[:depth]), {}).get(name)
                if found is not None:
                    return found
        if self.kind in ("yarn", "yarn-berry") and spec is not None:
            return self.importers.get("", {}).get(f"{name}@{spec}")
        return None

    def lock_file(self) -> LockFile[NpmRange]:
        """The language-neutral lock: one exact pin per locked package and member (``section``: the
        member's folder, ``"."`` for the root; Yarn's descriptors read once per package version)."""
        pins: dict[tuple[str, str, str], Pin[NpmRange]] = {}
        for member, packages in self.importers.items():
            for locked in packages.values():
                exact = NpmRange.parse(locked.version)
                key = (member or ".", locked.name, locked.version)
                if exact is None or key in pins:
                    continue
                pins[key] = Pin(
                    package=locked.name,
                    name_as_written=locked.name,
                    path=self.path,
                    line=locked.line,
                    raw=locked.version,
                    specifier=exact,
                    kind=self.kind,
                    section=member or ".",
                )
        return LockFile(
            path=self.path,
            kind=self.kind,
            pins=tuple(pins.values()),
            names=frozenset(p.package for p in pins.values()),
        )


def _json(path: Path, text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise CompatError(f"{path}: not a readable lock file ({error})") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not a lock file (no JSON object)")
    return document


def _deprecated(entry: Mapping[str, object]) -> str | None:
    value = entry.get("deprecated")
    return value if isinstance(value, str) and value else None


def _engines_node(entry: Mapping[str, object]) -> str | None:
    engines = entry.get("engines")
    node = engines.get("node") if isinstance(engines, dict) else None
    return node if isinstance(node, str) else None


def _peers(entry: Mapping[str, object]) -> Mapping[str, str]:
    peers = entry.get("peerDependencies")
    if not isinstance(peers, dict):
        return MappingProxyType({})
    return MappingProxyType({k: v for k, v in peers.items() if isinstance(v, str)})


def _read_npm(path: Path, text: str) -> NpmLock:
    document = _json(path, text)
    keys = KeyLines(text)
    importers: dict[str, dict[str, LockedPackage]] = {}
    packages = document.get("packages")
    if isinstance(packages, dict):  # v2, v3
        for key, entry in packages.items():
            if not isinstance(entry, dict) or "/node_modules/" not in f"/{key}":
                continue
            member, _, name = f"/{key}".rpartition("/node_modules/")
            version = entry.get("version")
            if isinstance(entry.get("name"), str) and entry.get("link") is None:
                pass  # an alias (npm:) installs under the key's name; the version is the real package's
            if not isinstance(version, str):
                continue
            line = keys.first(key)
            deprecated = _deprecated(entry)
            importers.setdefault(member.strip("/"), {})[name] = LockedPackage(
                name=name,
                version=version,
                line=line,
                deprecated=deprecated,
                deprecated_line=keys.first("deprecated", line) if deprecated else 0,
                peers=_peers(entry),
                engines_node=_engines_node(entry),
            )
    else:  # v1: the top level of the dependencies tree is what the root installs
        dependencies = document.get("dependencies")
        root: dict[str, LockedPackage] = {}
        if isinstance(dependencies, dict):
            for name, entry in dependencies.items():
                if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                    line = keys.first(name, keys.first("dependencies"))
                    root[name] = LockedPackage(
                        name=name, version=entry["version"], line=line, deprecated=_deprecated(entry)
                    )
        importers[""] = root
    version = document.get("lockfileVersion", 1)
    return NpmLock(
        path=path,
        kind="npm",
        version=str(version),
        importers=MappingProxyType({k: MappingProxyType(v) for k, v in importers.items()}),
    )


def _descriptor_name(descriptor: str) -> tuple[str, str]:
    """``@scope/name@npm:^1.2`` -> (``@scope/name``, ``npm:^1.2``)."""
    at = descriptor.find("@", 1)
    return (descriptor[:at], descriptor[at + 1 :]) if at > 0 else (descriptor, "")


def _read_yarn_v1(path: Path, text: str) -> NpmLock:
    entries: dict[str, LockedPackage] = {}
    headers: list[str] = []
    header_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            if raw.rstrip().endswith(":"):
                headers = [h.strip().strip('"') for h in raw.rstrip()[:-1].split(",")]
                header_line = number
            continue
        stripped = raw.strip()
        if headers and raw.startswith("  ") and not raw.startswith("   ") and stripped.startswith("version "):
            version = stripped[len("version ") :].strip().strip('"')
            for descriptor in headers:
                name, _ = _descriptor_name(descriptor)
                entries[descriptor] = LockedPackage(name=name, version=version, line=header_line)
            headers = []
    return NpmLock(
        path=path, kind="yarn", version="1", importers=MappingProxyType({"": MappingProxyType(entries)})
    )


def _yaml(path: Path, text: str) -> dict[str, Any]:
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise CompatError(f"{path}: not a readable lock file ({str(error).splitlines()[0]})") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not a lock file (no YAML mapping)")
    return document


def _line_index(text: str) -> dict[str, int]:
    """The line of each top-level-ish YAML key (``  'name@1.0.0':``), first occurrence."""
    found: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if (
            stripped.endswith(":")
            and raw[:1] in (" ", '"', "'")
            or (stripped.endswith(":") and raw[:1].isalnum())
        ):
            found.setdefault(stripped[:-1].strip("'\""), number)
    return found


def _deprecated_line(text_lines: list[str], start: int) -> int:
    for offset, raw in enumerate(text_lines[start : start + 40], start=start + 1):
        if offset > start + 1 and raw.strip() == "":
            return 0
        if raw.strip().startswith("deprecated:"):
            return offset
    return 0


def _read_yarn_berry(path: Path, text: str) -> NpmLock:
    document = _yaml(path, text)
    lines = _line_index(text)
    entries: dict[str, LockedPackage] = {}
    for key, entry in document.items():
        if key == "__metadata" or not isinstance(entry, dict) or not isinstance(key, str):
            continue
        version = entry.get("version")
        if not isinstance(version, str):
            continue
        for descriptor in (d.strip() for d in key.split(",")):
            name, spec = _descriptor_name(descriptor)
            locked = LockedPackage(name=name, version=version, line=lines.get(key, 0), peers=_peers(entry))
            entries[descriptor] = locked
            if spec.startswith("npm:"):  # package.json writes the range without the protocol
                entries[f"{name}@{spec[4:]}"] = locked
    metadata = document.get("__metadata")
    version = str(metadata.get("version", "")) if isinstance(metadata, dict) else ""
    return NpmLock(
        path=path,
        kind="yarn-berry",
        version=version,
        importers=MappingProxyType({"": MappingProxyType(entries)}),
    )


_PEER_SUFFIX = re.compile(r"[(_].*$")


def _pnpm_version(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("version")
    if not isinstance(value, str) or value.startswith(("link:", "file:")):
        return None
    return _PEER_SUFFIX.sub("", value)


def _pnpm_package_key(name: str, version: str, lock_version: str) -> tuple[str, ...]:
    return (f"{name}@{version}", f"/{name}@{version}", f"/{name}/{version}")


def _read_pnpm(path: Path, text: str) -> NpmLock:
    document = _yaml(path, text)
    lock_version = str(document.get("lockfileVersion", ""))
    lines = _line_index(text)
    text_lines = text.splitlines()
    packages = document.get("packages") if isinstance(document.get("packages"), dict) else {}
    assert isinstance(packages, dict)
    importers_raw = document.get("importers")
    if not isinstance(importers_raw, dict):  # a lock without workspaces (v5, v6)
        importers_raw = {".": document}
    importers: dict[str, Mapping[str, LockedPackage]] = {}
    specifiers: dict[str, Mapping[str, str]] = {}
    for member, importer in importers_raw.items():
        if not isinstance(importer, dict):
            continue
        found: dict[str, LockedPackage] = {}
        recorded: dict[str, str] = {}
        old_style = importer.get("specifiers")  # lockfile v5: one map beside the versions
        if isinstance(old_style, dict):
            recorded.update({k: v for k, v in old_style.items() if isinstance(k, str) and isinstance(v, str)})
        for section in ("dependencies", "devDependencies", "optionalDependencies"):
            entries = importer.get(section)
            if not isinstance(entries, dict):
                continue
            for name, value in entries.items():
                if (
                    isinstance(value, dict)
                    and isinstance(value.get("specifier"), str)
                    and isinstance(name, str)
                ):
                    recorded[name] = value["specifier"]
                version = _pnpm_version(value)
                if version is None or not isinstance(name, str):
                    continue
                entry: dict[str, Any] = {}
                line = 0
                for key in _pnpm_package_key(name, version, lock_version):
                    if isinstance(packages.get(key), dict):
                        entry, line = packages[key], lines.get(key, 0)
                        break
                deprecated = _deprecated(entry)
                found[name] = LockedPackage(
                    name=name,
                    version=version,
                    line=line,
                    deprecated=deprecated,
                    deprecated_line=_deprecated_line(text_lines, line) if deprecated and line else 0,
                    peers=_peers(entry),
                    engines_node=_engines_node(entry),
                )
        key = "" if member == "." else str(member).strip("/")
        importers[key] = MappingProxyType(found)
        raw_overrides = document.get("overrides")
        overridden: dict[str, Any] = raw_overrides if isinstance(raw_overrides, dict) else {}
        # an override rewrites the specifier pnpm records: nothing can be compared for those names
        specifiers[key] = MappingProxyType({k: v for k, v in recorded.items() if k not in overridden})
    return NpmLock(
        path=path,
        kind="pnpm",
        version=lock_version,
        importers=MappingProxyType(importers),
        specifiers=MappingProxyType(specifiers),
    )


#: a ``packages`` entry's key at the start of its line in bun.lock: ``    "@cdktn/provider-aws": [``
_BUN_ENTRY = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*:\s*\[')


def _bun_entry_lines(text: str) -> dict[str, int]:
    """The line of each ``packages`` entry (its key opens the line; a dependency map's keys never do)."""
    found: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _BUN_ENTRY.match(raw)
        if match:
            found.setdefault(match.group(1), number)
    return found


def _bun_split(key: str) -> tuple[str, str]:
    """An install path -> (its parent's path, the package's name): ``@a/b/@c/d`` -> (``@a/b``, ``@c/d``)."""
    parts = key.split("/")
    cut = len(parts) - 2 if len(parts) >= 2 and parts[-2].startswith("@") else len(parts) - 1
    return "/".join(parts[:cut]), "/".join(parts[cut:])


def _read_bun(path: Path, text: str) -> NpmLock:
    import pyjson5

    try:
        document = pyjson5.loads(text)
    except (pyjson5.Json5Exception, ValueError, RecursionError) as error:
        # pyjson5's str() is the repr of its arguments; the first is the sentence
        said = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        raise CompatError(f"{path}: not a readable lock file ({said.splitlines()[0]})") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not a lock file (no JSON object)")
    workspaces = document.get("workspaces")
    members: dict[str, str] = {}  # a workspace member's package name -> its folder
    importers: dict[str, dict[str, LockedPackage]] = {"": {}}
    for folder, workspace in workspaces.items() if isinstance(workspaces, dict) else ():
        if not isinstance(folder, str):
            continue
        member = folder.strip("/").removeprefix("./")
        importers.setdefault(member, {})
        name = workspace.get("name") if isinstance(workspace, dict) else None
        if member and isinstance(name, str):
            members[name] = member
    lines = _bun_entry_lines(text)
    packages = document.get("packages")
    for key, entry in packages.items() if isinstance(packages, dict) else ():
        if not isinstance(key, str) or not isinstance(entry, list) or not entry:
            continue
        resolution = entry[0]
        if not isinstance(resolution, str):
            continue
        _, version = _descriptor_name(resolution)
        if NpmVersion.parse(version) is None:
            continue  # workspace:, link:, file:, git, github and tarball entries: no registry version
        parent, name = _bun_split(key)
        owner = "" if not parent else members.get(parent)
        if owner is None:
            continue  # a copy nested under another package: not what the member's own code imports
        info: Mapping[str, object] = next((item for item in entry[1:] if isinstance(item, dict)), {})
        importers[owner][name] = LockedPackage(
            name=name, version=version, line=lines.get(key, 0), peers=_peers(info)
        )
    return NpmLock(
        path=path,
        kind="bun",
        version=str(document.get("lockfileVersion", "")),
        importers=MappingProxyType({k: MappingProxyType(v) for k, v in importers.items()}),
    )


class NpmLockFormat(LockFormat[NpmRange]):
    """A lock npm, Yarn or pnpm writes. ``filenames``: every name it is found under, in the order the
    tool looks; :meth:`parse` the whole :class:`NpmLock`; :meth:`accepts` tells two formats sharing a
    file name apart by the text (Yarn v1 and Berry both write ``yarn.lock``)."""

    kind: ClassVar[NpmLockKind]
    filenames: ClassVar[tuple[str, ...]]

    def accepts(self, text: str) -> bool:
        return True

    @abstractmethod
    def parse(self, path: Path, text: str) -> NpmLock:
        """The lock ``text`` (read from ``path``); unreadable -> CompatError naming it."""

    def read(self, path: Path) -> LockFile[NpmRange]:
        return self.parse(path, read_text(path)).lock_file()


class PackageLockFormat(NpmLockFormat):
    """``package-lock.json`` and ``npm-shrinkwrap.json``, v1 to v3 (npm)."""

    kind = "npm"
    filename = "package-lock.json"
    filenames = ("npm-shrinkwrap.json", "package-lock.json")
    command = "npm install"

    def parse(self, path: Path, text: str) -> NpmLock:
        return _read_npm(path, text)


class PnpmLockFormat(NpmLockFormat):
    """``pnpm-lock.yaml``, lockfile v5 to v9."""

    kind = "pnpm"
    filename = "pnpm-lock.yaml"
    filenames = ("pnpm-lock.yaml",)
    command = "pnpm install"

    def parse(self, path: Path, text: str) -> NpmLock:
        return _read_pnpm(path, text)


class YarnBerryLockFormat(NpmLockFormat):
    """``yarn.lock`` of Yarn 2+ (Berry): YAML with a ``__metadata`` entry."""

    kind = "yarn-berry"
    filename = "yarn.lock"
    filenames = ("yarn.lock",)
    command = "yarn install"

    def accepts(self, text: str) -> bool:
        return "__metadata:" in text[:4000]

    def parse(self, path: Path, text: str) -> NpmLock:
        return _read_yarn_berry(path, text)


class YarnLockFormat(NpmLockFormat):
    """``yarn.lock`` of Yarn 1: its own block format."""

    kind = "yarn"
    filename = "yarn.lock"
    filenames = ("yarn.lock",)
    command = "yarn install"

    def accepts(self, text: str) -> bool:
        return not YarnBerryLockFormat().accepts(text)

    def parse(self, path: Path, text: str) -> NpmLock:
        return _read_yarn_v1(path, text)


class BunLockFormat(NpmLockFormat):
    """``bun.lock``, bun's text lock (bun 1.2 and later; JSONC)."""

    kind = "bun"
    filename = "bun.lock"
    filenames = ("bun.lock",)
    command = "bun install"

    def parse(self, path: Path, text: str) -> NpmLock:
        return _read_bun(path, text)


#: in the order npm, pnpm and Yarn would find them in one folder, bun's last (a format sharing a file
#: name with an earlier one is told apart by :meth:`NpmLockFormat.accepts`)
NPM_LOCK_FORMATS: tuple[NpmLockFormat, ...] = (
    PackageLockFormat(),
    PnpmLockFormat(),
    YarnBerryLockFormat(),
    YarnLockFormat(),
    BunLockFormat(),
)
_BY_KIND: dict[str, NpmLockFormat] = {f.kind: f for f in NPM_LOCK_FORMATS}
#: every lock file name, in the order a folder is searched
LOCK_FILES: tuple[str, ...] = tuple(dict.fromkeys(name for f in NPM_LOCK_FORMATS for name in f.filenames))


def npm_lock_format(kind: NpmLockKind) -> NpmLockFormat:
    return _BY_KIND[kind]


def read_lock(path: Path) -> NpmLock:
    """The lock at ``path``, read by the format its name and text say; unreadable -> CompatError."""
    text = read_text(path)
    for lock_format in NPM_LOCK_FORMATS:
        if path.name in lock_format.filenames and lock_format.accepts(text):
            return lock_format.parse(path, text)
    return PackageLockFormat().parse(path, text)
