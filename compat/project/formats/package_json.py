"""``package.json``: the dependencies npm, yarn and pnpm install, engines, overrides, workspaces.

Each dependency keeps the line of its key, so a finding points at ``package.json:24``.
:class:`PackageJson` is the whole manifest as the TypeScript checks read it;
:class:`PackageJsonFormat` is its entry in the format registry: the language-neutral
:class:`~compat.project.model.Manifest` of npm pins, and the edit that writes wanted versions into
the value spans of the entries (every other byte kept), each in the range style the project writes
for it (``^``, ``~`` or exact).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from compat.errors import CompatError
from compat.project._toml import read_text
from compat.project.formats.base import Edited, ManifestFormat, ManifestSource
from compat.project.formats.npm_locks import NPM_LOCK_FORMATS
from compat.project.model import Manifest, Pin
from compat.project.textpos import KeyLines
from compat.record import Record
from compat.versions.npm_semver import NpmRange

if TYPE_CHECKING:
    from compat.project.wanted import WantedPin

FILENAME = "package.json"
Section = Literal["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
#: the order a package.json is read in: what installs first (npm installs dev dependencies too)
SECTIONS: tuple[Section, ...] = (
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
)


#: the section whose range an installer keeps when one package is named in several (first wins):
#: pnpm merges ``{...devDependencies, ...dependencies, ...optionalDependencies}`` and
#: ``--frozen-lockfile`` compares the lock's one specifier with that merge (satisfiesPackageManifest,
#: pnpm 9.15 / lockfile.verification); npm's Arborist loads the root's edges peer, prod, optional, dev,
#: each replacing the edge before it (Node._loadDeps, @npmcli/arborist 9), so the dev range is the one
#: the lock must satisfy (npm 11.19 ci accepts constructs 10.3.0 under dev "^10.0.0" beside prod
#: "^10.4.2"). Yarn v1 keeps one range too, in pnpm's order: yarn 1.22.22 given dev "^6.0.0" and prod
#: "^7.0.0" of one package locks only "^7.0.0" (and --frozen-lockfile passes), and an optional range
#: beats both ("collides" warning). Yarn Berry, not checked here, is read as keying every range.
INSTALLER_SECTIONS: Mapping[str, tuple[Section, ...]] = MappingProxyType(
    {
        "pnpm": ("optionalDependencies", "dependencies", "devDependencies"),
        "yarn": ("optionalDependencies", "dependencies", "devDependencies"),
        "npm": ("devDependencies", "optionalDependencies", "dependencies", "peerDependencies"),
    }
)


class NpmDependency(Record):
    """One entry of a dependency section: ``"cdktf": "^0.20.0"``."""

    name: str
    spec: str  # as written: a range, a dist-tag, ``workspace:*``, ``file:..``, a URL
    section: Section
    line: int  # 1-based line of the key in package.json

    @property
    def range(self) -> NpmRange | None:
        """The registry range ``spec`` is, or None (dist-tag, workspace, file, git, alias)."""
        return NpmRange.parse(self.spec)

    @property
    def installs(self) -> bool:
        """Whether ``npm install`` installs it for this package (peer dependencies only via the others)."""
        return self.section != "peerDependencies"


class PackageJson(Record):
    path: Path
    name: str | None
    dependencies: tuple[NpmDependency, ...]
    engines_node: str | None
    engines_line: int
    overrides: Mapping[str, str]  # npm ``overrides`` / yarn ``resolutions`` / pnpm ``pnpm.overrides`` (flat)
    workspaces: tuple[str, ...]
    package_manager: str | None  # ``packageManager``: "pnpm@9.1.0", "yarn@4.1.0"
    #: every package name an override rule targets, at any depth or selector (:func:`_overridden`)
    overridden: frozenset[str] = frozenset()
    #: what compat could not read of ``overrides`` / ``resolutions`` / ``pnpm.overrides`` and skipped
    #: (:func:`_override_problems`): "\"resolutions\" is no object", ...
    override_problems: tuple[str, ...] = ()

    def find(self, name: str) -> list[NpmDependency]:
        return [d for d in self.dependencies if d.name == name]

    def declared(self, name: str) -> NpmDependency | None:
        """The entry that decides what installs: dependencies, then dev, optional, then peer."""
        entries = self.find(name)
        return entries[0] if entries else None

    def compared_by(self, name: str, installer: str) -> NpmDependency | None:
        """The one entry of ``name`` a lock of ``installer`` ("npm", "pnpm", "yarn") is checked against
        when several sections name it; None for an installer that checks every entry (Yarn Berry's, as
        read here: :data:`INSTALLER_SECTIONS`)."""
        order = INSTALLER_SECTIONS.get(installer)
        if order is None:
            return None
        entries = {entry.section: entry for entry in self.find(name)}
        return next((entries[section] for section in order if section in entries), None)


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _selector_target(selector: str) -> str:
    """The package a rule's key rewrites: ``cdktf``, ``cdktf@^0.19``, yarn's ``**/cdktf`` or
    ``@cdktf/provider-aws/cdktf``, pnpm's ``@cdktf/provider-aws@18>cdktf``: the last name, version cut."""
    last = selector.rsplit(">", 1)[-1].strip()
    parts = [p for p in last.split("/") if p and p != "**"]
    if len(parts) >= 2 and parts[-2].startswith("@"):
        name = f"{parts[-2]}/{parts[-1]}"
    else:
        name = parts[-1] if parts else ""
    scoped = name.startswith("@")
    return name[:1] + name[1:].split("@", 1)[0] if scoped else name.split("@", 1)[0]


def _overridden(*rules: object) -> frozenset[str]:
    """The names npm ``overrides`` (nested objects: a package's own dependencies), yarn ``resolutions``
    and ``pnpm.overrides`` rewrite. npm, yarn and pnpm replace every range on such a name, peer ranges
    included, so a peer range of the registry is no longer what the installer checks."""
    names: set[str] = set()
    stack = list(rules)
    while stack:
        rule = stack.pop()
        if not isinstance(rule, dict):
            continue
        for key, value in rule.items():
            if isinstance(key, str) and key != ".":
                target = _selector_target(key)
                if target and (isinstance(value, str) or (isinstance(value, dict) and "." in value)):
                    names.add(target)
            if isinstance(value, dict):
                stack.append(value)
    return frozenset(names)


def _kind_of(value: object) -> str:
    """What a JSON value is, for a message: "a number", "a list", "null", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _override_problems(document: dict[str, object]) -> tuple[str, ...]:
    """What of the override fields compat skips because it is malformed: a field that is no object, an
    entry whose value is no version (npm ``overrides`` may also nest an object, a package's own
    dependencies, whose ``"."`` is the package's version). Each names the field and the entry."""
    pnpm = document.get("pnpm")
    fields: list[tuple[str, object, bool]] = [
        ("overrides", document.get("overrides"), True),
        ("resolutions", document.get("resolutions"), False),
        ("pnpm.overrides", pnpm.get("overrides") if isinstance(pnpm, dict) else None, False),
    ]
    problems: list[str] = []
    for field, rules, nests in fields:
        if rules is None:
            continue
        if not isinstance(rules, dict):
            problems.append(f'"{field}" is {_kind_of(rules)}, not an object')
            continue
        stack: list[tuple[str, dict[object, object]]] = [(field, rules)]
        while stack:
            where, rule = stack.pop()
            for key, value in rule.items():
                if isinstance(value, str) or (nests and isinstance(value, dict) and key != "."):
                    if isinstance(value, dict):
                        stack.append((f"{where} > {key}", value))
                    continue
                problems.append(f'"{where}" entry "{key}" is {_kind_of(value)}, not a version')
    return tuple(problems)


def _workspaces(value: object) -> tuple[str, ...]:
    if isinstance(value, dict):  # yarn v1: {"packages": [...], "nohoist": [...]}
        value = value.get("packages")
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def parse_package_json(path: Path, text: str) -> PackageJson:
    """``text`` read as npm reads a package.json (past a UTF-8 byte order mark, which an edit keeps)."""
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except ValueError as error:
        raise CompatError(f"{path}: not valid JSON ({error})") from error
    except RecursionError as error:
        raise CompatError(f"{path}: JSON nested too deeply to read") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not a package.json (no JSON object)")
    keys = KeyLines(text)
    dependencies = []
    for section in SECTIONS:
        entries = document.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise CompatError(f'{path}: "{section}" must be an object of package names and versions')
        start = keys.first(section)
        for name, spec in entries.items():
            if not isinstance(spec, str):
                raise CompatError(f'{path}: "{section}" entry "{name}" must be a string')
            dependencies.append(
                NpmDependency(name=name, spec=spec, section=section, line=keys.first(name, start) or start)
            )
    engines = document.get("engines")
    engines_node = engines.get("node") if isinstance(engines, dict) else None
    pnpm = document.get("pnpm")
    overrides = {
        **_strings(document.get("resolutions")),
        **_strings(document.get("overrides")),
        **_strings(pnpm.get("overrides") if isinstance(pnpm, dict) else None),
    }
    name = document.get("name")
    manager = document.get("packageManager")
    return PackageJson(
        path=path,
        name=name if isinstance(name, str) else None,
        dependencies=tuple(dependencies),
        engines_node=engines_node if isinstance(engines_node, str) else None,
        engines_line=keys.first("node", keys.first("engines")) if engines_node else 0,
        overrides=MappingProxyType(overrides),
        workspaces=_workspaces(document.get("workspaces")),
        package_manager=manager if isinstance(manager, str) else None,
        overridden=_overridden(
            document.get("resolutions"),
            document.get("overrides"),
            pnpm.get("overrides") if isinstance(pnpm, dict) else None,
        ),
        override_problems=_override_problems(document),
    )


def read_package_json(path: Path) -> PackageJson:
    return parse_package_json(path, read_text(path))


#: what a dependency that is no registry range admits (its :attr:`Pin.source` says where it comes from)
_ANY = NpmRange("*", "*")


def npm_pins(manifest: PackageJson) -> tuple[Pin[NpmRange], ...]:
    """Every dependency entry as a pin; an alias, workspace, file, git or dist-tag entry is a pin with
    its text as :attr:`Pin.source` (installed, but not as the registry release of a range)."""
    pins = []
    for dependency in manifest.dependencies:
        found = dependency.range
        pins.append(
            Pin(
                package=dependency.name,
                name_as_written=dependency.name,
                path=manifest.path,
                line=dependency.line,
                raw=dependency.spec,
                specifier=found if found is not None else _ANY,
                kind="package.json",
                section=dependency.section,
                source=None if found is not None else dependency.spec,
            )
        )
    return tuple(pins)


def style_of(spec: str) -> str:
    """How the project writes a range: ``^``, ``~`` or ``""`` (exact); other ranges are rewritten as ``^``."""
    text = spec.strip()
    if text.startswith(("^", "~")):
        return text[0]
    parsed = NpmRange.parse(text)
    return "" if parsed is not None and parsed.exact is not None else "^"


def written_value(dependency: NpmDependency, version: str) -> str | None:
    """What an entry becomes when ``version`` is wanted: the version in the entry's range style; None
    for an entry that is no registry range (an alias, workspace, file or git dependency), left as is."""
    return style_of(dependency.spec) + version if dependency.range is not None else None


_STRING = r'"(?:[^"\\\n]|\\.)*"'


def edit_values(text: str, wanted: dict[tuple[str, str], str]) -> str:
    """``text`` with the value of each ``(section, name)`` entry replaced; every other byte kept."""
    spans: list[tuple[int, int, str]] = []
    for (section, name), value in wanted.items():
        opening = re.search(rf'"{re.escape(section)}"\s*:\s*\{{', text)
        if opening is None:
            raise CompatError(f'package.json: no "{section}" object to edit')
        end = text.find("}", opening.end())
        pattern = re.compile(rf"{re.escape(json.dumps(name))}\s*:\s*({_STRING})")
        entry = pattern.search(text, opening.end(), end)
        if entry is None:
            raise CompatError(f'package.json: "{name}" not found in "{section}"')
        spans.append((entry.start(1), entry.end(1), json.dumps(value)))
    for start, stop, value in sorted(spans, reverse=True):
        text = text[:start] + value + text[stop:]
    return text


class PackageJsonFormat(ManifestFormat[NpmRange]):
    """``package.json`` (npm, Yarn, pnpm) in the format registry."""

    kind = "package.json"
    filename = FILENAME
    rank = 0
    locks = NPM_LOCK_FORMATS

    def parse(self, path: Path) -> ManifestSource:
        text = read_text(path)
        return ManifestSource(path, text, parse_package_json(path, text))

    def read(self, source: ManifestSource) -> Manifest[NpmRange]:
        manifest = source.document
        if not isinstance(manifest, PackageJson):
            manifest = parse_package_json(source.path, source.text)
        return Manifest(path=source.path, kind="package.json", pins=npm_pins(manifest))

    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[NpmRange]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[NpmRange]],
    ) -> Edited:
        """Every entry of a wanted package, in every section (npm reads dependencies, devDependencies
        and optionalDependencies alike, and a stale peerDependencies entry fails the package's
        consumers), set to the wanted version in its own range style. compat adds no package to a
        package.json and renames none there (a family move of a TypeScript project is ``migrate``'s)."""
        if renames or add:
            raise CompatError(f"{path}: compat neither renames nor adds package.json entries")
        manifest = parse_package_json(path, text)
        edits: dict[tuple[str, str], str] = {}
        for name, pin in wanted.items():
            version = pin.specifier.exact
            if version is None:
                raise CompatError(f"{path}: {name} is wanted at {pin.specifier.text!r}, not at one version")
            for dependency in manifest.find(name):
                value = written_value(dependency, version.text)
                if value is not None and value != dependency.spec:
                    edits[(dependency.section, name)] = value
        return Edited(edit_values(text, edits) if edits else text)


#: the npm manifest formats (the registry, :mod:`compat.project.formats`, imports them on first use)
NPM_MANIFEST_FORMATS: tuple[ManifestFormat[NpmRange], ...] = (PackageJsonFormat(),)
