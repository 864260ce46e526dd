"""Value objects of a project: its pins (with file and line), lock, cdktf.json and environment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.families import Family
from compat.pep503 import canonical as canonical  # re-exported: the projects' name key
from compat.project.terraform_lock import TerraformLock
from compat.record import Record
from compat.versions.detect import Detected
from compat.versions.providers import ProviderRequirement
from compat.versions.python import ProjectPython

if TYPE_CHECKING:  # a Python project's check never loads npm semver
    from compat.versions.npm_semver import NpmRange

PypiManifestKind = Literal["pipfile", "requirements", "pep621", "poetry"]
NpmManifestKind = Literal["package.json"]
ManifestKind = PypiManifestKind | NpmManifestKind
PypiLockKind = Literal["pipfile.lock", "poetry.lock", "uv.lock"]
#: npm's ``package-lock.json`` / ``npm-shrinkwrap.json`` (v1-v3), Yarn v1, Yarn Berry, pnpm, ``bun.lock``
NpmLockKind = Literal["npm", "yarn", "yarn-berry", "pnpm", "bun"]
LockKind = PypiLockKind | NpmLockKind

#: the range a pin requires, in its ecosystem's own terms: a PEP 440 ``SpecifierSet`` for a PyPI
#: package (Poetry's ``^``/``~`` translated), an :class:`NpmRange` (npm semver) for an npm one. The
#: manifest and lock records are generic in it, so one format base serves both ecosystems.
R = TypeVar("R", SpecifierSet, "NpmRange")


NPM_KINDS: frozenset[str] = frozenset(("package.json", "npm", "yarn", "yarn-berry", "pnpm", "bun"))


def package_key(name: str, kind: ManifestKind | LockKind) -> str:
    """The name lookups use in a file of ``kind``: PEP 503 for PyPI, as written for npm (npm names are
    lowercase already, and ``lodash.merge`` is not ``lodash-merge``)."""
    return name if kind in NPM_KINDS else canonical(name)


#: keys naming where a package comes from when it is not a registry release (Pipfile, Pipfile.lock,
#: Poetry tables, uv.lock ``source``): a local path, a file or URL, a VCS checkout
SOURCE_KEYS = ("path", "file", "directory", "editable", "url", "git", "hg", "svn", "bzr")


def direct_source(entry: Mapping[str, object]) -> str | None:
    """``"path ../dist/cdktf-0.0.0-py3-none-any.whl"`` for an entry installed from outside a registry."""
    for key in SOURCE_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return f"{key} {value.strip()}"
    return None


def is_cdktf_package(name: str) -> bool:
    """True for the core libraries and every prebuilt provider of both families (what compat checks)."""
    key = canonical(name)
    return key in ("cdktf", "cdktn") or key.startswith(("cdktf-", "cdktn-"))


class Pin(Record, Generic[R]):
    """One mention of a package in a manifest or lock file.

    ``raw`` is the text as written (a requirements line, a TOML value, a package.json range, a lock
    version); ``specifier`` its meaning in the ecosystem's terms (:data:`R`); ``line`` is 1-based.
    ``source`` says where a package installed from outside a registry comes from (``"path
    ../dist/cdktf-0.0.0-py3-none-any.whl"``, ``"git https://..."``, ``"workspace:*"``): the package is
    installed, but not as a registry release, so no version of it is ever looked up (None for a
    registry release).
    """

    package: str  # canonical name (PEP 503 for PyPI; npm names as written)
    name_as_written: str
    path: Path
    line: int
    raw: str
    specifier: R
    kind: ManifestKind | LockKind
    #: "packages", "dev-packages", "project.dependencies", "tool.poetry.dependencies", "default",
    #: "dependencies", "devDependencies", ... (a lock of workspaces: the member's folder)
    section: str
    source: str | None = None

    @property
    def exact(self) -> Version | None:
        """The registry release when the specifier is a single ``==X`` (``===X``) without wildcard
        (None for an npm range: ``compat.versions.npm_semver`` says which releases one takes)."""
        if self.source is not None or not isinstance(self.specifier, SpecifierSet):
            return None
        specs = list(self.specifier)
        if len(specs) == 1 and specs[0].operator in ("==", "===") and not specs[0].version.endswith(".*"):
            try:
                return Version(specs[0].version)
            except ValueError:
                return None
        return None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


class Manifest(Record, Generic[R]):
    path: Path
    kind: ManifestKind
    pins: tuple[Pin[R], ...]
    notes: tuple[str, ...] = ()  # entries of other packages that could not be read, skipped
    #: files it includes that hold more requirements, as written (``-r base.txt``, ``-c constraints.txt``)
    includes: tuple[str, ...] = ()
    #: the installer is told to consider pre-releases (pip ``--pre``, Pipfile ``[pipenv] allow_prereleases``)
    allows_prereleases: bool = False

    def find(self, package: str) -> list[Pin[R]]:
        key = package_key(package, self.kind)
        return [p for p in self.pins if p.package == key]


class LockFile(Record, Generic[R]):
    path: Path
    kind: LockKind
    pins: tuple[Pin[R], ...]
    #: every package it names (canonical), also entries that carry no version (a Pipfile.lock path entry)
    names: frozenset[str] = frozenset()

    def installed(self) -> dict[str, Pin[R]]:
        """Each locked package's pin: the main section's, else Pipfile.lock's ``develop`` one.

        A project that lists cdktf under ``[dev-packages]`` installs it from ``develop``.
        """
        found: dict[str, Pin[R]] = {}
        for pin in sorted(self.pins, key=lambda p: p.section == "develop"):
            found.setdefault(pin.package, pin)
        return found

    def find(self, package: str) -> Pin[R] | None:
        return self.installed().get(package_key(package, self.kind))


class ProviderEntry(Record):
    """One ``terraformProviders`` entry of cdktf.json, with where it is."""

    requirement: ProviderRequirement
    position: int  # in terraformProviders, from 0
    line: int
    raw: object  # the JSON value as written (string or object)

    @property
    def text(self) -> str:
        """The entry as written: the string, or the object as JSON (``{"name": "aws", ...}``)."""
        return self.raw if isinstance(self.raw, str) else json.dumps(self.raw)


class CdktfConfig(Record):
    """``cdktf.json``: the fields compat reads, plus the whole document (key order kept)."""

    path: Path
    document: Mapping[str, Any]
    app: str | None
    language: str | None
    code_maker_output: str | None
    providers: tuple[ProviderEntry, ...]
    modules: tuple[Any, ...]
    target_versions: Mapping[str, str]
    indent: int | str | None  # the indentation json.dumps needs to write the file back alike
    #: what could not be read entry by entry (a ``terraformProviders`` entry Terraform would reject,
    #: ``"hashicorp/aws@~"``): said, and the entry left out, so the rest of the project is still checked
    notes: tuple[str, ...] = ()

    def provider(self, name: str = "aws") -> ProviderEntry | None:
        return next((p for p in self.providers if p.requirement.name == name), None)


#: ``codeMakerOutput`` when cdktf.json does not set it (``CONFIG_DEFAULTS`` in commons/src/config.ts)
DEFAULT_OUTPUT = ".gen"

GeneratedKind = Literal["provider", "module"]


class Generated(Record):
    """One cdktf.json entry and the Python package(s) ``cdktf get`` makes of it."""

    kind: GeneratedKind
    names: tuple[str, ...]  # dotted names below codeMakerOutput, one per CLI era ("aws"; "vpc")
    raw: str  # the entry as written (objects rendered compactly)
    position: int  # in terraformProviders / terraformModules, from 0

    @property
    def name(self) -> str:
        return self.names[0]

    def generates(self, dotted: str) -> bool:
        """Whether ``dotted`` (below codeMakerOutput, ``aws.s3_bucket``) lies in this entry's package."""
        return any(dotted == n or dotted.startswith(n + ".") for n in self.names)


class LocalBindings(Record):
    """Everything ``cdktf get`` generates for one cdktf.json."""

    folder: str  # codeMakerOutput, relative to the project root
    package: str  # its Python import name ("imports"); "" when the folder is no importable name
    entries: tuple[Generated, ...]

    def entry_for(self, dotted: str) -> Generated | None:
        """The entry that generates ``dotted`` (below the package), if any."""
        return next((e for e in self.entries if e.generates(dotted)), None)

    def provider(self, position: int) -> Generated | None:
        return next((e for e in self.entries if e.kind == "provider" and e.position == position), None)


#: ``source``: installed from a local path, file, URL or VCS checkout (:attr:`Pin.source`): no version
InstalledHow = Literal["lock", "exact", "range", "source", "unresolved"]


class Installed(Record):
    """The version of a package the project installs, and how compat knows it.

    For a range (``how == "range"``) ``version`` is an assumption: the newest release the installer
    would pick today; ``admitted`` holds every release it could pick, newest first, so that a finding
    true of ``version`` but not of some other admitted release is not reported as certain.
    """

    package: str
    version: Version | None
    how: InstalledHow
    pin: Pin[SpecifierSet] | None  # the lock entry or manifest pin it comes from
    note: str  # one sentence, e.g. "cdktf = '*' in Pipfile: the newest release it admits is 0.21.0"
    admitted: tuple[Version, ...] = ()


class ResolutionSettings(Record):
    """What decides how the project's installer picks versions, beyond the pins."""

    #: the tool that installs the project, from the files it owns: "pip", "pipenv", "Poetry", "PDM", "uv"
    installer: str
    #: a setting makes the installer consider pre-releases (``--pre`` in requirements.txt, Pipfile
    #: ``[pipenv] allow_prereleases``)
    prereleases: bool = False


class StaleLock(Record):
    """A lock file its manifest no longer produces (:mod:`compat.project.lock_freshness`)."""

    lock: Path
    manifest: Path
    reason: str  # "its _meta.hash.sha256 (...) is not the hash of Pipfile as it is now"
    relock: str  # what the owning tool does about it: "pipenv install relocks it"


class Project(Record):
    """Every fact a command needs about one project, read once (:func:`compat.project.load_project`).

    Versions and specifiers are ``packaging`` values, paths are absolute. Nothing downstream reads a
    project file again: a command that needs another fact of the project adds it here.
    """

    root: Path
    family: Family
    family_source: str
    cdktf: CdktfConfig | None
    manifests: tuple[Manifest[SpecifierSet], ...]
    lock: LockFile[SpecifierSet] | None
    installed: Mapping[str, Installed]
    terraform: Detected | None  # the CLI (Terraform or OpenTofu) and where its version came from
    python: ProjectPython
    notes: tuple[str, ...] = ()
    #: the source language (cdktf.json ``language``; "python" when it names none)
    language: str = "python"
    settings: ResolutionSettings = ResolutionSettings(installer="pip")
    #: Node.js, which runs the jsii runtime under every binding (None: not asked for, or not found)
    node: Detected | None = None
    node_notes: tuple[str, ...] = ()  # sources of a Node.js version that could not be read
    #: what ``cdktf get`` generates (None without cdktf.json)
    generated: LocalBindings | None = None
    #: the lock when its manifest no longer produces it (``installed`` then comes from the manifests when
    #: the project was loaded with ``relock_stale``)
    stale_lock: StaleLock | None = None
    #: ``.terraform.lock.hcl`` files: the committed one, then each synthesized stack's
    terraform_locks: tuple[TerraformLock, ...] = ()

    @property
    def lock_in_force(self) -> LockFile[SpecifierSet] | None:
        """The lock the installer would install from: none when it is stale (the installer relocks)."""
        return None if self.stale_lock is not None else self.lock

    def pins(self, package: str) -> list[Pin[SpecifierSet]]:
        """Every manifest pin of ``package`` (not the lock), in manifest order."""
        return [p for m in self.manifests for p in m.find(package)]

    def installed_version(self, package: str) -> Version | None:
        entry = self.installed.get(canonical(package))
        return entry.version if entry else None

    @property
    def uses_prebuilt(self) -> bool:
        """True when a manifest names the prebuilt AWS bindings of the project's family."""
        return bool(self.pins(self.family.bindings))
