"""The release snapshot: every release of both families, read from ``data/releases.json``.

The file is written by ``compat data build`` (see :mod:`compat.databuild`), never by hand;
``compat data refresh`` stores newer releases in the cache, which :func:`load_snapshot`
lays over the embedded file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.packed_rows import PACKED_KEYED, KeyedTable, keyed_table, unpack_rows, unpack_table
from compat.patterns import LazyPattern
from compat.providers import ProviderPackage, provider_package
from compat.record import Record
from compat.snapshot_layout import IndexedDocument

if TYPE_CHECKING:
    from packaging.requirements import Requirement

SCHEMA = 1
FILENAME = "releases.json"
NPM_SECTION = "npm"  # the document key of the npm versions (compat.databuild.npm)
#: the functions each CLI release has, read from the CLI repositories (compat.databuild.cli_sources)
CLI_FUNCTIONS = "cli_functions"


@cache
def _requirement(text: str) -> Requirement:
    """A parsed ``Requires-Dist`` line; the few distinct ones are shared by thousands of releases."""
    from packaging.requirements import Requirement  # PEP 508's parser: see _name_and_specifier

    return Requirement(text)


_SPECIFIER = r"(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+"
#: A requirement that is a name and version specifiers only (``cdktf<0.22.0,>=0.21.0``: every core
#: requirement a binding release has), without extras, URL or markers.
_PLAIN_REQUIREMENT = re.compile(
    rf"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*((?:{_SPECIFIER}(?:\s*,\s*{_SPECIFIER})*)?)\s*"
)


@cache
def _name_and_specifier(text: str) -> tuple[str, SpecifierSet]:
    """The name and specifier set of a requirement, as :class:`Requirement` reads them: a plain one
    is split here, as importing PEP 508's parser (markers, ``packaging.tags``) costs a check more than
    all its own requirement reading; any other goes to the parser (which raises what it raises)."""
    match = _PLAIN_REQUIREMENT.fullmatch(text)
    if match is not None:
        try:
            return match.group(1), SpecifierSet(match.group(2))
        except InvalidSpecifier:
            pass
    requirement = _requirement(text)
    return requirement.name, requirement.specifier


class BindingRelease(Record):
    """One release of a prebuilt provider package of either family (``cdktf-cdktf-provider-aws``,
    ``cdktn-provider-google``, ...)."""

    package: str
    version: Version
    uploaded: str  # ISO 8601, UTC, from PyPI
    provider_source: str | None  # "registry.terraform.io/hashicorp/aws"
    provider_version: Version | None
    provider_version_from: str | None  # "npm" or "wheel"
    core_requirement: str | None  # the Requires-Dist line for the core, e.g. "cdktf<0.22.0,>=0.21.0"
    constructs_requirement: str | None  # e.g. "constructs<11.0.0,>=10.4.2"
    requires_python: str | None
    yanked: bool
    deprecated: bool
    engines_node: str | None = None  # npm ``engines.node`` of the same version, e.g. ">= 18.12.0"

    @property
    def core(self) -> Requirement | None:
        return _requirement(self.core_requirement) if self.core_requirement else None

    @property
    def core_name(self) -> str | None:
        return _name_and_specifier(self.core_requirement)[0] if self.core_requirement else None

    @property
    def core_specifier(self) -> SpecifierSet:
        return _name_and_specifier(self.core_requirement)[1] if self.core_requirement else SpecifierSet()

    @property
    def constructs_specifier(self) -> SpecifierSet | None:
        """The ``constructs`` versions the release accepts (None: none stated, or one that does not read)."""
        return _constructs_specifier(self.constructs_requirement)

    @property
    def python_specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": str(self.version),
            "uploaded": self.uploaded,
            "provider_source": self.provider_source,
            "provider_version": str(self.provider_version) if self.provider_version else None,
            "provider_version_from": self.provider_version_from,
            "core_requirement": self.core_requirement,
            "constructs_requirement": self.constructs_requirement,
            "requires_python": self.requires_python,
            "yanked": self.yanked,
            "deprecated": self.deprecated,
            "engines_node": self.engines_node,
        }


class CoreRelease(Record):
    """One release of a core library (``cdktf`` or ``cdktn``)."""

    package: str
    version: Version
    uploaded: str
    requires_python: str | None
    yanked: bool
    node_min: str | None  # minimum Node.js of the jsii runtime
    terraform_min: str | None  # the Terraform version below which the core's CLI warns
    #: the core's own ``Requires-Dist: constructs`` (its wheel's METADATA), e.g. "constructs<11.0.0,>=10.4.2"
    constructs_requirement: str | None = None

    @property
    def python_specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python or "")

    @property
    def constructs_specifier(self) -> SpecifierSet | None:
        """The ``constructs`` versions the core accepts (None: not recorded, or does not read)."""
        return _constructs_specifier(self.constructs_requirement)

    @property
    def node_floor(self) -> Version | None:
        """:attr:`node_min` as a version (None when not recorded)."""
        return Version(self.node_min) if self.node_min else None

    @property
    def terraform_floor(self) -> Version | None:
        """:attr:`terraform_min` as a version (None when not recorded)."""
        return Version(self.terraform_min) if self.terraform_min else None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": str(self.version),
            "uploaded": self.uploaded,
            "requires_python": self.requires_python,
            "yanked": self.yanked,
            "node_min": self.node_min,
            "terraform_min": self.terraform_min,
            "constructs_requirement": self.constructs_requirement,
        }


class NpmRelease(Record):
    """One npm version of a prebuilt package or core (``@cdktf/provider-aws``, ``cdktf``).

    Versions and ranges stay npm's text (npm semver, not PEP 440: ``0.0.17-pre.06e1...``,
    ``^0.21.0``, ``>=10.6.0 <10.8.0``); a TypeScript reader parses them with an npm-semver library.
    """

    package: str  # the npm name
    version: str
    peer_core: str | None  # ``peerDependencies.cdktf`` (or ``cdktn``) of a prebuilt package
    peer_constructs: str | None  # ``peerDependencies.constructs``
    engines_node: str | None  # ``engines.node``, e.g. ">= 20.9.0"
    provider_source: str | None  # ``cdktf.provider.name``
    provider_version: str | None  # ``cdktf.provider.version``
    deprecated: bool  # npm ``deprecated`` or ``cdktf.isDeprecated``
    deprecated_message: str | None  # the npm ``deprecated`` message, when there is one


class TerraformFeature(Record):
    """A language or backend feature that can appear in synthesized JSON and needs a newer CLI."""

    key: str  # stable id, e.g. "s3_backend_use_lockfile"
    description: str
    min_terraform: str | None  # first CLI version that accepts it
    removed_in: str | None  # first CLI version that rejects it (removed S3 backend arguments)
    provider_min: str | None  # AWS provider version that introduced it, where that matters
    source: str  # URL of the changelog or documentation stating it
    # the OpenTofu side of the row (compat.databuild.facts); no opentofu_source: not known, not judged
    min_opentofu: str | None = None
    opentofu_removed_in: str | None = None
    opentofu_source: str | None = None
    experimental_from: str | None = None  # Terraform accepts it as experimental from here to min_terraform
    only: str | None = None  # "terraform" / "opentofu": the other CLI never accepts it

    @property
    def provider_floor(self) -> Version | None:
        """:attr:`provider_min` as a version (None when the provider does not matter)."""
        return Version(self.provider_min) if self.provider_min else None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "description": self.description,
            "min_terraform": self.min_terraform,
            "removed_in": self.removed_in,
            "provider_min": self.provider_min,
            "source": self.source,
            "min_opentofu": self.min_opentofu,
            "opentofu_removed_in": self.opentofu_removed_in,
            "opentofu_source": self.opentofu_source,
            "experimental_from": self.experimental_from,
            "only": self.only,
        }


_Row = TypeVar("_Row", BindingRelease, CoreRelease)
#: JSON objects by name as the document holds them: the npm entries, the CLI function tables
_Tables = dict[str, dict[str, Any]]


class PackageSummary(Record):
    """What ``compat data status`` shows of a package, stored by the build so status unpacks nothing."""

    releases: int  # how many (stored as ``count``)
    highest: str | None
    latest_stable: str | None
    newest: str | None  # by upload time
    newest_uploaded: str

    @classmethod
    def of(cls, rows: list[Any]) -> PackageSummary:
        ordered = sorted(rows, key=lambda r: r.version)
        stable = [r for r in ordered if not r.version.is_prerelease and not r.yanked]
        newest = max(ordered, key=lambda r: r.uploaded) if ordered else None
        return cls(
            releases=len(ordered),
            highest=str(ordered[-1].version) if ordered else None,
            latest_stable=str(stable[-1].version) if stable else None,
            newest=str(newest.version) if newest else None,
            newest_uploaded=newest.uploaded if newest else "",
        )

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> PackageSummary:
        fields = {("releases" if key == "count" else key): value for key, value in stored.items()}
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        return {("count" if key == "releases" else key): value for key, value in self._asdict().items()}


class _Unpacked(Generic[_Row]):
    """A package's rows unpacked for :meth:`Releases.release`: its versions (parsed where they were
    compared), the row index of each version asked for (None: no such release) and the rows parsed.

    A row of a :data:`~compat.packed_rows.PACKED_KEYED` entry is decoded when first read, found by its
    version key; of an older entry every row is decoded and its version text matched
    (:meth:`candidates`). A row becomes a dict only when it is parsed (:meth:`row`).
    """

    def __init__(self, package: str, entry: Mapping[str, object]) -> None:
        self.package: str = package
        self.keyed: KeyedTable | None = keyed_table(entry)
        if self.keyed is not None:
            fields = self.keyed.fields
            self._table: list[list[object] | None] = [None] * len(self.keyed)
        else:
            fields, table = unpack_table(entry)
            self._table = list(table)
        if self._table and "version" not in fields:
            raise CompatError(f"snapshot is malformed: the releases of {package} have no version")
        self._fields: list[str] = fields
        self._at: int = fields.index("version") if self._table else 0
        self.versions: list[Version | None] = [None] * len(self._table)
        self.indexes: dict[Version, int | None] = {}
        self.done: dict[int, _Row] = {}
        if self.keyed is None:  # the first row of each version text, and the rows not written canonically
            texts = [self.text(index) for index in range(len(self._table))]
            last = len(texts) - 1
            self.first_of: dict[str, int] = dict(zip(reversed(texts), range(last, -1, -1), strict=True))
            matches = enumerate(map(_CANONICAL.fullmatch, texts))
            self.not_canonical = [i for i, match in matches if match is None]
            self._not_canonical = frozenset(self.not_canonical)
            self.longest = max(map(len, texts), default=0)

    def __len__(self) -> int:
        return len(self._table)

    def values(self, index: int) -> list[object]:
        values = self._table[index]
        if values is None:
            assert self.keyed is not None
            values = self._table[index] = self.keyed.values(index)
        return values

    def text(self, index: int) -> str:
        """The version text of row ``index``, as the build wrote it."""
        version = self.values(index)[self._at]
        if not isinstance(version, str):
            raise CompatError(f"snapshot is malformed: version {version!r} of {self.package} is not a string")
        return version

    def version(self, index: int) -> Version:
        """The version of row ``index``, parsed once."""
        version = self.versions[index]
        if version is None:
            version = self.versions[index] = _version(self.text(index), self.package)
        return version

    def candidates(self, wanted: Version) -> Iterable[int]:
        """The rows, in file order, that may equal ``wanted``: of a keyed entry the first row with its key;
        of an older one the first row written canonically with that key (its release padded with ``.0``
        or not) and the rows before it not written canonically (every other row is canonical with another
        key: another version); every row when ``wanted`` has an epoch or a local part."""
        key = _version_key(wanted)
        if key is None:
            return range(len(self._table))
        release, rest = key
        if self.keyed is not None:
            keys = self.keyed.keys
            return [keys.index(release + rest)] if release + rest in keys else []
        spellings = (release + ".0" * n + rest for n in range(self.longest // 2 + 1))
        equal: list[int] = [index for index in map(self.first_of.get, spellings) if index is not None]
        first: int = min(equal, default=len(self._table))
        return [*(i for i in self.not_canonical if i < first), *([first] if equal else [])]

    def prerelease_text(self, index: int) -> bool:
        """Whether row ``index`` is a pre-release by the canonical text of its version (its key, or a
        text written canonically: a, b, rc or dev; a post release has none); False when not known so."""
        if self.keyed is not None:
            text = self.keyed.keys[index]
        elif index in self._not_canonical:
            return False
        else:
            text = self.text(index)
        return "a" in text or "b" in text or "c" in text or "dev" in text

    def newest_first(self) -> list[int]:
        """The row indexes, newest version first (of equal versions, the last row first): the keyed rows
        are sorted by the build; the others' versions are parsed and sorted (stably)."""
        if self.keyed is not None:
            return list(reversed(range(len(self._table))))
        return list(reversed(sorted(range(len(self._table)), key=self.version)))

    def row(self, index: int) -> dict[str, object]:
        """Row ``index`` as a dict, its version parsed if it was."""
        row = dict(zip(self._fields, self.values(index), strict=True))
        version = self.versions[index]
        return {**row, "version": self.text(index) if version is None else version}

    def rows(self) -> list[dict[str, object]]:
        return [self.row(index) for index in range(len(self._table))]


class Releases(MutableMapping[str, list[_Row]], Generic[_Row]):
    """Releases per package, oldest first; a package's rows are parsed when first asked for.

    Looking up one release (:meth:`release`) of a package not parsed yet parses that one row and the
    versions that may equal it (a check asks for the installed release of a package with hundreds).
    """

    def __init__(
        self,
        parse: Callable[[str, dict[str, Any]], _Row] | None = None,
        rows: dict[str, list[_Row]] | None = None,
    ) -> None:
        self._parse: Callable[[str, dict[str, Any]], _Row] | None = parse
        #: each unparsed package's document entry, or the loader that decodes it when first asked for
        self._raw: dict[str, dict[str, Any] | Callable[[], dict[str, object]]] = {}
        self._rows: dict[str, list[_Row]] = dict(rows or {})
        self._by_version: dict[str, tuple[list[_Row], int, dict[Version, _Row]]] = {}
        #: per unparsed package :meth:`release` looked into: its rows (``version`` parsed where it was
        #: compared), the row index of each version asked for (None: no such release) and the rows it parsed
        self._unpacked: dict[str, _Unpacked[_Row]]
        self._unpacked = {}

    def add_entry(self, package: str, entry: dict[str, object] | Callable[[], dict[str, object]]) -> None:
        """``package``'s document entry, or a loader that decodes it when it is first asked for."""
        self._raw[package] = entry
        self._rows.pop(package, None)
        self._unpacked.pop(package, None)

    def entry(self, package: str) -> dict[str, Any] | None:
        """The unparsed document entry of ``package``, while it has not been parsed or replaced."""
        return self._entry_of(package) if package in self._raw and package not in self._rows else None

    def carried_entry(self, package: str) -> dict[str, object] | Callable[[], dict[str, object]] | None:
        """What :meth:`add_entry` was given for ``package`` (not decoded), while it is unparsed."""
        return self._raw.get(package) if package not in self._rows else None

    def _entry_of(self, package: str) -> dict[str, object]:
        entry = self._raw[package]
        if callable(entry):
            entry = self._raw[package] = entry()
        return entry

    def _parsed(self, package: str, rows: list[dict[str, Any]]) -> list[_Row]:
        parse = self._parse
        assert parse is not None
        try:
            return [parse(package, row) for row in rows]
        except (KeyError, TypeError) as error:
            raise CompatError(f"snapshot is malformed: {error}") from error

    def __getitem__(self, package: str) -> list[_Row]:
        if package not in self._rows:
            if package in self._unpacked or self._entry_of(package).get("encoding") == PACKED_KEYED:
                unpacked = self._unpacked_rows(package)
                del self._unpacked[package]
                rows, done = unpacked.rows(), unpacked.done
            else:
                rows, done = unpack_rows(self._entry_of(package)), {}
            parsed = self._parsed(package, rows)
            for index, row in done.items():  # the very rows release() returned
                parsed[index] = row
            self._rows[package] = sorted(parsed, key=lambda r: r.version)
        return self._rows[package]

    def release(self, package: str, version: Version) -> _Row | None:
        """The first release of ``package`` (oldest first) equal to ``version``, found in a table."""
        if package in self._raw and package not in self._rows:
            return self._unparsed_release(package, version)
        rows = self.get(package) or []
        cached = self._by_version.get(package)
        if cached is None or cached[0] is not rows or cached[1] != len(rows):  # replaced or extended since
            cached = (rows, len(rows), {r.version: r for r in reversed(rows)})
            self._by_version[package] = cached
        return cached[2].get(version)

    def _unparsed_release(self, package: str, version: Version) -> _Row | None:
        """:meth:`release` parsing the one row found and the versions that may equal it, no other.

        A version written in its canonical form (as PyPI lists nearly all) equals ``version`` only
        when their canonical keys (:func:`_canonical_key`) are equal, so only the rows whose key
        matches, or that are not written canonically, are parsed: about 2,000 ``Version`` parses
        (a tenth of a small check) become a few."""
        unpacked = self._unpacked_rows(package)
        indexes, done = unpacked.indexes, unpacked.done
        if version not in indexes:  # sorting is stable: the first equal row is the first in the file
            equal = (i for i in unpacked.candidates(version) if unpacked.version(i) == version)
            indexes[version] = next(equal, None)
        index = indexes[version]
        if index is None:
            return None
        if index not in done:
            done[index] = self._parsed(package, [unpacked.row(index)])[0]
        return done[index]

    def _unpacked_rows(self, package: str) -> _Unpacked[_Row]:
        if package not in self._unpacked:
            self._unpacked[package] = _Unpacked(package, self._entry_of(package))
        return self._unpacked[package]

    def any_final(self, package: str, wanted: Callable[[Version], bool]) -> bool:
        """Whether a final (or post) release of ``package`` has a version ``wanted`` accepts.

        Of a package not parsed yet only versions are parsed, newest row first, until one is accepted,
        and a pre-release written canonically is skipped by its text: a check asks this of a core
        with some 900 releases, nearly all dev releases (parsing them all was 5 ms of a small check).
        """
        if package not in self._raw or package in self._rows:
            return any(wanted(r.version) for r in self.get(package) or [] if not r.version.is_prerelease)
        unpacked = self._unpacked_rows(package)
        for i in reversed(range(len(unpacked))):
            if unpacked.prerelease_text(i):
                continue
            version = unpacked.version(i)
            if not version.is_prerelease and wanted(version):
                return True
        return False

    def newest_first(self, package: str) -> Iterator[_Row]:
        """The releases of ``package``, newest first: the sorted list reversed (of equal versions, the
        last first), each row parsed when the iteration reaches it.

        A check asks for the newest release of a package with hundreds that is not yanked, or is built
        for a provider (the AWS bindings), and parsing every row was ~6 % of it: of a package not parsed
        yet only the rows reached are parsed (of one packed without keys, its versions first, to sort
        them). The caller stops where it likes (a generator, so that no callable of a module above this
        one is called from here).
        """
        if package not in self._raw or package in self._rows:
            yield from reversed(self.get(package) or [])
            return
        unpacked = self._unpacked_rows(package)
        done = unpacked.done
        for index in unpacked.newest_first():
            if index not in done:
                done[index] = self._parsed(package, [unpacked.row(index)])[0]
            yield done[index]

    def __setitem__(self, package: str, rows: list[_Row]) -> None:
        self._raw.pop(package, None)
        self._unpacked.pop(package, None)
        self._rows[package] = rows

    def __delitem__(self, package: str) -> None:
        self._raw.pop(package, None)
        self._unpacked.pop(package, None)
        del self._rows[package]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._raw, *self._rows]))

    def __len__(self) -> int:
        return len(set(self._raw) | set(self._rows))

    def __contains__(self, package: object) -> bool:
        return package in self._raw or package in self._rows


_Decoded = TypeVar("_Decoded")


class _DecodedOnRead(Generic[_Decoded]):
    """An attribute set to its value, or to a loader that decodes it the first time it is read (an
    indexed snapshot decodes only the parts a run asks for); kept in the instance as ``_name``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = "_" + name

    def __get__(self, instance: object, owner: type | None = None) -> _Decoded:
        held: _Decoded | Callable[[], _Decoded] = instance.__dict__[self._slot]
        if callable(held):
            held = instance.__dict__[self._slot] = held()
        return held

    def __set__(self, instance: object, value: _Decoded | Callable[[], _Decoded]) -> None:
        instance.__dict__[self._slot] = value


class Snapshot:
    """Every release compat knows of, each package's rows parsed when first asked for.

    A plain class built by keyword (a dataclass would compile its methods each time a check starts).
    ``npm_entries`` are the packed ``npm`` entries by npm name, unpacked per package on first use
    (:meth:`npm`); ``package_names`` holds, per prebuilt package whose scheme does not fix its names,
    ``{"names": {"module": ..., "npm": ...}}`` as the data build read them (kept here once the package's
    rows are parsed); ``cli_functions``, per CLI (``terraform``, ``opentofu``), the function table read
    from its repository (these three are filled in after the snapshot is made); ``refreshed_at`` when
    ``compat data refresh`` last laid newer releases over it (None: never)."""

    def __init__(
        self,
        *,
        built_at: str,
        bindings_by_package: Releases[BindingRelease] | None = None,
        cores_by_package: Releases[CoreRelease] | None = None,
        features: list[TerraformFeature] | None = None,
        sources: dict[str, str] | None = None,
        refreshed_at: str | None = None,
    ) -> None:
        self.built_at = built_at
        self.bindings_by_package: Releases[BindingRelease] = (
            Releases(_binding) if bindings_by_package is None else bindings_by_package
        )
        self.cores_by_package: Releases[CoreRelease] = (
            Releases(_core) if cores_by_package is None else cores_by_package
        )
        self.features: list[TerraformFeature] = [] if features is None else features
        self.sources = {} if sources is None else sources
        self.npm_entries = {}
        self._npm_rows: dict[str, list[NpmRelease]] = {}
        self.package_names: dict[str, dict[str, Any]] = {}
        self.cli_functions = {}
        self.refreshed_at = refreshed_at

    #: each read from the document when first asked for (see :func:`read_snapshot`)
    sources: _DecodedOnRead[dict[str, str]] = _DecodedOnRead()  # where the build read each package
    npm_entries: _DecodedOnRead[_Tables] = _DecodedOnRead()
    cli_functions: _DecodedOnRead[_Tables] = _DecodedOnRead()

    def npm_packages(self) -> list[str]:
        """The npm names the snapshot has npm versions of (prebuilt packages and cores)."""
        return sorted(self.npm_entries)

    def npm(self, package: str) -> list[NpmRelease]:
        """Every npm version of ``package`` (an npm name), in the registry's order; [] when npm lacks it."""
        if package not in self._npm_rows:
            entry = self.npm_entries.get(package)
            rows = unpack_rows(entry) if entry is not None else []
            try:
                self._npm_rows[package] = [_npm(package, row) for row in rows]
            except (KeyError, TypeError) as error:
                raise CompatError(f"snapshot is malformed: {error}") from error
        return self._npm_rows[package]

    def npm_release(self, package: str, version: str) -> NpmRelease | None:
        """The npm version ``version`` (npm's text) of ``package``, if npm lists it."""
        return next((row for row in self.npm(package) if row.version == version), None)

    def npm_pypi_name(self, package: str) -> str | None:
        """The PyPI twin of an npm package the snapshot holds (``@cdktf/provider-aws``: the AWS bindings)."""
        entry = self.npm_entries.get(package)
        return entry.get("pypi") if entry is not None else None

    @property
    def data_date(self) -> str:
        """When the release data was last read from the registries: the refresh, else the build."""
        return max(self.built_at, self.refreshed_at or "")

    def bindings(self, package: str) -> list[BindingRelease]:
        """All releases of ``package`` (its PyPI or npm name), oldest first."""
        return self.bindings_by_package.get(self._bindings_key(package)) or []

    def bindings_newest_first(self, package: str) -> Iterator[BindingRelease]:
        """``reversed(self.bindings(package))``, each release parsed when reached (see
        :meth:`Releases.newest_first`)."""
        return self.bindings_by_package.newest_first(self._bindings_key(package))

    def cores(self, package: str) -> list[CoreRelease]:
        return self.cores_by_package.get(package) or []

    def binding(self, package: str, version: str | Version) -> BindingRelease | None:
        """The release ``version`` of ``package`` (its PyPI or npm name: the same jsii build publishes
        one numbering to both registries)."""
        return self.bindings_by_package.release(self._bindings_key(package), Version(str(version)))

    def _bindings_key(self, package: str) -> str:
        """The name ``package``'s releases are kept under: its own (PyPI data; the npm view of
        :func:`compat.typescript.pin.npm_view`), else its PyPI twin's (``@cdktf/provider-aws`` ->
        ``cdktf-cdktf-provider-aws``)."""
        if not package.startswith("@") or package in self.bindings_by_package:
            return package
        found = provider_package(package)
        return found.pypi if found is not None else package

    def core(self, package: str, version: str | Version) -> CoreRelease | None:
        return self.cores_by_package.release(package, Version(str(version)))

    def provider_package(self, name: str) -> ProviderPackage | None:
        """The prebuilt package ``name`` denotes, with the import and npm names the data build read from
        the package itself where its scheme does not fix them (``clevercloud_cdktf_provider_...``)."""
        found = provider_package(name)
        if found is None:
            return None
        names = self.package_names.get(found.pypi, {}).get("names")
        if not isinstance(names, dict):
            return found
        module, npm = names.get("module"), names.get("npm")
        return found._replace(
            module_name=module if isinstance(module, str) and module != found.module else None,
            npm_package=npm if isinstance(npm, str) and npm != found.npm else None,
        )

    def summary(self, package: str) -> PackageSummary:
        """Counts and newest releases of ``package``, from the build's summary while unparsed."""
        for releases in (self.bindings_by_package, self.cores_by_package):
            entry = releases.entry(package)
            if entry is not None and isinstance(entry.get("summary"), dict):
                return PackageSummary.from_json(entry["summary"])
            if package in releases:
                return PackageSummary.of(list(releases[package]))
        return PackageSummary.of([])


#: A version in PEP 440's canonical form without epoch or local part (what PyPI lists): matched only in a
#: package packed without keys (a keyed one is looked up by :func:`_version_key`, with no pattern)
_CANONICAL = LazyPattern(
    r"((?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*)((?:(?:a|b|rc)(?:0|[1-9][0-9]*))?(?:\.post(?:0|[1-9][0-9]*))?(?:\.dev(?:0|[1-9][0-9]*))?)"
)


def _canonical_key(text: str) -> tuple[str, str] | None:
    """(release without trailing ``.0``, the rest) of a canonically written version: two such texts
    are equal versions exactly when their keys are equal; None for any other spelling."""
    match = _CANONICAL.fullmatch(text)
    if match is None:
        return None
    release = match.group(1)
    while release.endswith(".0"):
        release = release[:-2]
    return release, match.group(2)


def _version_key(version: Version) -> tuple[str, str] | None:
    """:func:`_canonical_key` of packaging's text of ``version``, made from its parts (that text is
    canonical but for an epoch or a local part): compiling the pattern cost a check 3 M instructions
    for the two versions it keys."""
    if version.epoch or version.local is not None:
        return None
    release = list(version.release)
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    rest = "".join(map(str, version.pre)) if version.pre is not None else ""
    rest += f".post{version.post}" if version.post is not None else ""
    rest += f".dev{version.dev}" if version.dev is not None else ""
    return ".".join(map(str, release)), rest


def _version(text: object, where: str) -> Version:
    if isinstance(text, Version):  # parsed already (Releases parses a package's versions first)
        return text
    try:
        return Version(str(text))
    except InvalidVersion as error:
        raise CompatError(f"snapshot: invalid version {text!r} in {where}") from error


def _constructs_specifier(requirement: str | None) -> SpecifierSet | None:
    """The specifier of a ``constructs`` requirement line; None when there is none or it does not read
    (``InvalidRequirement`` is a ``ValueError``)."""
    if not requirement:
        return None
    try:
        return _name_and_specifier(requirement)[1]
    except ValueError:
        return None


def _binding(package: str, row: dict[str, Any]) -> BindingRelease:
    provider = row.get("provider_version")
    return BindingRelease(
        package=package,
        version=_version(row["version"], package),
        uploaded=row.get("uploaded") or "",
        provider_source=row.get("provider_source"),
        provider_version=_version(provider, package) if provider else None,
        provider_version_from=row.get("provider_version_from"),
        core_requirement=row.get("core_requirement"),
        constructs_requirement=row.get("constructs_requirement"),
        requires_python=row.get("requires_python"),
        yanked=bool(row.get("yanked")),
        deprecated=bool(row.get("deprecated")),
        engines_node=row.get("engines_node"),
    )


def _npm(package: str, row: dict[str, Any]) -> NpmRelease:
    deprecated = row.get("deprecated")
    return NpmRelease(
        package=package,
        version=str(row["version"]),
        peer_core=row.get("peer_core"),
        peer_constructs=row.get("peer_constructs"),
        engines_node=row.get("engines_node"),
        provider_source=row.get("provider_source"),
        provider_version=row.get("provider_version"),
        deprecated=bool(deprecated),
        deprecated_message=deprecated if isinstance(deprecated, str) else None,
    )


def _core(package: str, row: dict[str, Any]) -> CoreRelease:
    return CoreRelease(
        package=package,
        version=_version(row["version"], package),
        uploaded=row.get("uploaded") or "",
        requires_python=row.get("requires_python"),
        yanked=bool(row.get("yanked")),
        node_min=row.get("node_min"),
        terraform_min=row.get("terraform_min"),
        constructs_requirement=row.get("constructs_requirement"),
    )


def parse_snapshot(document: dict[str, Any]) -> Snapshot:
    """A :class:`Snapshot` from the JSON document ``compat data build`` writes.

    Each package's releases are parsed when a command first asks for them.
    """
    if not isinstance(document, dict):
        raise CompatError(f"snapshot is malformed: a JSON {type(document).__name__}, not an object")
    if document.get("schema") != SCHEMA:
        raise CompatError(f"snapshot schema {document.get('schema')!r} is not {SCHEMA}: rebuild the data")
    snapshot = Snapshot(built_at=document.get("built_at", ""), sources=document.get("sources", {}))
    try:
        for package, entry in document["packages"].items():
            _add_package(snapshot, package, _checked_entry(package, entry)["kind"], entry)
            if isinstance(entry.get("names"), dict):
                snapshot.package_names[package] = {"names": entry["names"]}
        snapshot.features = [TerraformFeature(**row) for row in document.get("features", [])]
        snapshot.npm_entries = _npm_section(document.get(NPM_SECTION, {}))
        snapshot.cli_functions = _cli_functions(document.get(CLI_FUNCTIONS, {}))
    except (KeyError, TypeError, AttributeError) as error:
        raise CompatError(f"snapshot is malformed: {error}") from error
    return snapshot


def _add_package(
    snapshot: Snapshot, package: str, kind: object, entry: dict[str, object] | Callable[[], dict[str, object]]
) -> None:
    target: Releases[Any] = snapshot.bindings_by_package if kind == "bindings" else snapshot.cores_by_package
    target.add_entry(package, entry)


def _checked_entry(package: str, entry: object) -> dict[str, object]:
    if not isinstance(entry, dict) or ("releases" not in entry and "rows" not in entry):
        raise CompatError(f"snapshot is malformed: package {package!r} has no releases")
    return entry


def _npm_section(npm: object) -> _Tables:
    if not isinstance(npm, dict) or not all(isinstance(e, dict) for e in npm.values()):
        raise CompatError("snapshot is malformed: the npm section is not an object of packages")
    return dict(npm)


def _cli_functions(functions: object) -> _Tables:
    if not isinstance(functions, dict) or not all(isinstance(t, dict) for t in functions.values()):
        raise CompatError("snapshot is malformed: cli_functions is not an object per CLI")
    return dict(functions)


def _indexed_snapshot(document: IndexedDocument) -> Snapshot:
    """:func:`parse_snapshot` of a document read by its index: the packages, the npm section and the
    CLI function tables are decoded when a command first asks for them (see :mod:`compat.snapshot_layout`)."""

    def decoded(key: str, section: str | None = None) -> object:
        try:
            return document.section(key) if section is None else document.entry(section, key)
        except ValueError as error:
            raise CompatError(f"snapshot is malformed: {error}") from error
        except (KeyError, TypeError, AttributeError) as error:
            raise CompatError(f"snapshot is malformed: {error!r}") from error

    def package_entry(package: str) -> Callable[[], dict[str, object]]:
        return lambda: _checked_entry(package, decoded(package, "packages"))

    head = {key: decoded(key) for key in ("built_at", "features") if document.has(key)}
    snapshot = parse_snapshot({"schema": SCHEMA, "packages": {}, **head})
    if document.has("sources"):
        snapshot.sources = lambda: cast("dict[str, str]", decoded("sources"))
    kinds = document.kinds()
    if not document.has("packages") or list(kinds) != document.entry_names("packages"):
        raise CompatError("snapshot is malformed: its index does not list every package")
    for package, kind in kinds.items():
        if kind is None:
            raise CompatError(f"snapshot is malformed: 'kind' of {package!r}")
        _add_package(snapshot, package, kind, package_entry(package))
    snapshot.package_names = {package: {"names": names} for package, names in document.names().items()}
    if document.has(NPM_SECTION):
        snapshot.npm_entries = lambda: _npm_section(decoded(NPM_SECTION))
    if document.has(CLI_FUNCTIONS):
        snapshot.cli_functions = lambda: _cli_functions(decoded(CLI_FUNCTIONS))
    return snapshot


def merge(base: Snapshot, newer: Snapshot) -> Snapshot:
    """``base`` with the releases of ``newer`` added (``newer`` wins for the same version).

    Only the packages ``newer`` holds are parsed; the others stay as ``base`` has them.
    """
    merged = Snapshot(
        built_at=base.built_at,
        bindings_by_package=base.bindings_by_package,
        cores_by_package=base.cores_by_package,
        features=base.features or newer.features,
        sources=base.sources,
        refreshed_at=newer.built_at,
    )
    merged.npm_entries = {**base.npm_entries, **newer.npm_entries}  # newer packuments are whole: they win
    merged.package_names = {**base.package_names, **newer.package_names}
    merged.cli_functions = base.cli_functions or newer.cli_functions
    merged.bindings_by_package = _merged(base.bindings_by_package, newer.bindings_by_package, _binding)
    merged.cores_by_package = _merged(base.cores_by_package, newer.cores_by_package, _core)
    return merged


def _merged(
    base: Releases[_Row], newer: Releases[_Row], parse: Callable[[str, dict[str, Any]], _Row]
) -> Releases[_Row]:
    result: Releases[_Row] = Releases(parse)
    for package in base:
        entry = base.carried_entry(package)
        if entry is not None:
            result.add_entry(package, entry)
        else:
            result[package] = base[package]
    for package in newer:
        by_version = {r.version: r for r in result.get(package, [])}
        by_version.update({r.version: r for r in newer[package]})
        result[package] = sorted(by_version.values(), key=lambda r: r.version)
    return result


def read_snapshot(path: Path) -> Snapshot:
    """The snapshot in ``path``; a file with an index (:mod:`compat.snapshot_layout`) is decoded part by
    part as the parts are asked for, any other whole."""
    try:
        text = path.read_text(encoding="utf-8")
        indexed = IndexedDocument.read(text)
        if indexed is not None:
            return _indexed_snapshot(indexed)
        document = json.loads(text)
    except FileNotFoundError as error:
        raise CompatError(f"no release snapshot at {path}: run 'compat data build'") from error
    except (OSError, ValueError) as error:
        raise CompatError(f"cannot read the release snapshot {path}: {error}") from error
    return parse_snapshot(document)


_loaded: Snapshot | None = None


def load_snapshot() -> Snapshot:
    """The embedded snapshot, with releases added by ``compat data refresh`` laid over it."""
    global _loaded
    if _loaded is None:
        from compat.paths import cache_dir, data_dir

        snapshot = read_snapshot(data_dir() / FILENAME)
        refreshed = cache_dir() / FILENAME
        if refreshed.is_file():
            try:
                snapshot = merge(snapshot, read_snapshot(refreshed))
            except CompatError as error:  # a broken cache never hides the embedded snapshot
                from compat.notice import warn_once

                warn_once(f"ignored the release cache {refreshed}: {error}")
        _loaded = snapshot
    return _loaded
