"""The release snapshot: every release of both families, read from ``data/releases.json``.

The file is written by ``compat data build`` (see :mod:`compat.databuild`), never by hand;
``compat data refresh`` stores newer releases in the cache, which :func:`load_snapshot`
lays over the embedded file.
"""

import base64
import binascii
import json
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.providers import ProviderPackage, provider_package
from compat.record import Record

if TYPE_CHECKING:
    from packaging.requirements import Requirement

SCHEMA = 1
FILENAME = "releases.json"
NPM_SECTION = "npm"  # the document key of the npm versions (compat.databuild.npm)
#: the functions each CLI release has, read from the CLI repositories (compat.databuild.cli_sources)
CLI_FUNCTIONS = "cli_functions"


@cache
def _requirement(text: str) -> "Requirement":
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
    def core(self) -> "Requirement | None":
        return _requirement(self.core_requirement) if self.core_requirement else None

    @property
    def core_name(self) -> str | None:
        return _name_and_specifier(self.core_requirement)[0] if self.core_requirement else None

    @property
    def core_specifier(self) -> SpecifierSet:
        return _name_and_specifier(self.core_requirement)[1] if self.core_requirement else SpecifierSet()

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

    @property
    def python_specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python or "")

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

#: The per-package encoding ``compat data build`` writes: the rows as a JSON array of arrays (in
#: the order of ``fields``), zlib-compressed and base64-encoded. A command reads only the packages
#: it asks for, so 21,000 releases of 90 packages load in a few ms (plain JSON rows took 0.4 s).
PACKED = "zlib+base64:json-rows"


def pack_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The packed form of ``rows`` (dicts with the same keys) for the snapshot document."""
    fields = list(rows[0]) if rows else []
    table = json.dumps([[row.get(f) for f in fields] for row in rows], separators=(",", ":"))
    blob = base64.b64encode(zlib.compress(table.encode("utf-8"), 9)).decode("ascii")
    return {"encoding": PACKED, "fields": fields, "rows": blob}


def unpack_rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one package entry (new dicts, the caller's to change): plain ``releases``, or packed."""
    if "releases" in entry:
        return [dict(row) if isinstance(row, dict) else row for row in entry["releases"]]
    fields, table = _unpack_table(entry)
    return [dict(zip(fields, row, strict=True)) for row in table]


def _unpack_table(entry: Mapping[str, object]) -> tuple[list[str], list[list[object]]]:
    """The field names and the rows (lists of values, in the order of the names) of a package entry,
    plain ``releases`` or packed; every row has every field."""
    if "releases" in entry:
        rows = entry["releases"]
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise CompatError("snapshot is malformed: a release row is not an object")
        names = list(dict.fromkeys(key for row in rows for key in row))
        return names, [[row.get(key) for key in names] for row in rows]
    if entry.get("encoding") != PACKED:
        raise CompatError(f"snapshot: unknown package encoding {entry.get('encoding')!r}: rebuild the data")
    packed, fields = entry.get("rows"), entry.get("fields")
    try:
        if not isinstance(packed, str):
            raise TypeError("the packed rows are not a string")
        table: object = json.loads(zlib.decompress(base64.b64decode(packed, validate=True)))
    except (binascii.Error, zlib.error, ValueError, TypeError) as error:
        raise CompatError(f"snapshot is malformed: {error}") from error
    if not (
        isinstance(fields, list)
        and all(isinstance(name, str) for name in fields)
        and isinstance(table, list)
        and all(isinstance(row, list) and len(row) == len(fields) for row in table)
    ):
        raise CompatError(f"snapshot is malformed: packed rows that do not fit their fields {fields!r}")
    return fields, table


class PackageSummary(Record):
    """What ``compat data status`` shows of a package, stored by the build so status unpacks nothing."""

    releases: int  # how many (stored as ``count``)
    highest: str | None
    latest_stable: str | None
    newest: str | None  # by upload time
    newest_uploaded: str

    @classmethod
    def of(cls, rows: list[Any]) -> "PackageSummary":
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
    def from_json(cls, stored: dict[str, Any]) -> "PackageSummary":
        fields = {("releases" if key == "count" else key): value for key, value in stored.items()}
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        return {("count" if key == "releases" else key): value for key, value in self._asdict().items()}


class _Unpacked(Generic[_Row]):
    """A package's rows unpacked for :meth:`Releases.release`: its versions (parsed where they were
    compared), the row index of each version asked for (None: no such release) and the rows parsed.

    A row becomes a dict only when it is parsed (:meth:`row`): a core has some 900 rows, and making each
    a dict up front was ~1 % of a small check.
    """

    def __init__(self, package: str, entry: Mapping[str, object]) -> None:
        fields, table = _unpack_table(entry)
        if "version" not in fields:
            raise CompatError(f"snapshot is malformed: the releases of {package} have no version")
        at = fields.index("version")
        self.texts: list[str] = []
        for row in table:
            version = row[at]
            if not isinstance(version, str):
                raise CompatError(f"snapshot is malformed: version {version!r} of {package} is not a string")
            self.texts.append(version)
        self.versions: list[str | Version] = list(self.texts)
        #: the first row of each version text, and the rows not written canonically (see :meth:`candidates`)
        last = len(self.texts) - 1
        self.first_of: dict[str, int] = dict(zip(reversed(self.texts), range(last, -1, -1), strict=True))
        self.not_canonical = [
            i for i, match in enumerate(map(_CANONICAL.fullmatch, self.texts)) if match is None
        ]
        self.longest = max(map(len, self.texts), default=0)
        self._fields = fields
        self._table = table
        self.indexes: dict[Version, int | None] = {}
        self.done: dict[int, _Row] = {}

    def candidates(self, wanted: tuple[str, str]) -> list[int]:
        """The rows, in file order, that may equal a version of canonical key ``wanted``: the first row
        written canonically with that key (its release padded with ``.0`` or not) and the rows before it
        not written canonically. Every other row is canonical with another key: another version."""
        release, rest = wanted
        spellings = (release + ".0" * n + rest for n in range(self.longest // 2 + 1))
        equal: list[int] = [index for index in map(self.first_of.get, spellings) if index is not None]
        first: int = min(equal, default=len(self.texts))
        return [*(i for i in self.not_canonical if i < first), *([first] if equal else [])]

    def row(self, index: int) -> dict[str, object]:
        """Row ``index`` as a dict, its version as far as it was parsed."""
        return {**dict(zip(self._fields, self._table[index], strict=True)), "version": self.versions[index]}

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
        self._raw: dict[str, dict[str, Any]] = {}
        self._rows: dict[str, list[_Row]] = dict(rows or {})
        self._by_version: dict[str, tuple[list[_Row], int, dict[Version, _Row]]] = {}
        #: per unparsed package :meth:`release` looked into: its rows (``version`` parsed where it was
        #: compared), the row index of each version asked for (None: no such release) and the rows it parsed
        self._unpacked: dict[str, _Unpacked[_Row]]
        self._unpacked = {}

    def add_entry(self, package: str, entry: dict[str, object]) -> None:
        self._raw[package] = entry
        self._rows.pop(package, None)
        self._unpacked.pop(package, None)

    def entry(self, package: str) -> dict[str, Any] | None:
        """The unparsed document entry of ``package``, while it has not been parsed or replaced."""
        return self._raw.get(package) if package not in self._rows else None

    def _parsed(self, package: str, rows: list[dict[str, Any]]) -> list[_Row]:
        parse = self._parse
        assert parse is not None
        try:
            return [parse(package, row) for row in rows]
        except (KeyError, TypeError) as error:
            raise CompatError(f"snapshot is malformed: {error}") from error

    def __getitem__(self, package: str) -> list[_Row]:
        if package not in self._rows:
            if package in self._unpacked:
                unpacked = self._unpacked.pop(package)
                rows, done = unpacked.rows(), unpacked.done
            else:
                rows, done = unpack_rows(self._raw[package]), {}
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
        versions, indexes, done = unpacked.versions, unpacked.indexes, unpacked.done
        if version not in indexes:  # sorting is stable: the first equal row is the first in the file
            wanted = _canonical_key(str(version))
            found = None
            for i in range(len(versions)) if wanted is None else unpacked.candidates(wanted):
                parsed = versions[i] = _version(versions[i], package)  # the full parse (see _version)
                if parsed == version:
                    found = i
                    break
            indexes[version] = found
        index = indexes[version]
        if index is None:
            return None
        if index not in done:
            done[index] = self._parsed(package, [unpacked.row(index)])[0]
        return done[index]

    def _unpacked_rows(self, package: str) -> _Unpacked[_Row]:
        if package not in self._unpacked:
            self._unpacked[package] = _Unpacked(package, self._raw[package])
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
        versions, texts, not_canonical = unpacked.versions, unpacked.texts, set(unpacked.not_canonical)
        for i in reversed(range(len(versions))):
            text = texts[i]
            if i not in not_canonical and ("a" in text or "b" in text or "c" in text or "dev" in text):
                continue  # a pre-release, by its canonical text (a, b, rc or dev; a post release has none)
            version = versions[i] = _version(versions[i], package)  # the full parse takes it (see _version)
            if not version.is_prerelease and wanted(version):
                return True
        return False

    def newest(self, package: str, accept: Callable[[_Row], bool]) -> _Row | None:
        """The newest release of ``package`` that ``accept`` takes: the last such row of the sorted list.

        Of a package not parsed yet only the versions are parsed, then whole rows newest first until one
        is accepted: a check asks for the newest release of a package with hundreds (the AWS bindings),
        and parsing each row whole was ~6 % of a small check.
        """
        if package not in self._raw or package in self._rows:
            return next((r for r in reversed(self.get(package) or []) if accept(r)), None)
        unpacked = self._unpacked_rows(package)
        versions = [_version(text, package) for text in unpacked.versions]
        unpacked.versions[:] = versions
        done = unpacked.done
        for index in reversed(sorted(range(len(versions)), key=versions.__getitem__)):  # stable sort
            if index not in done:
                done[index] = self._parsed(package, [unpacked.row(index)])[0]
            if accept(done[index]):
                return done[index]
        return None

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
        self.sources: dict[str, str] = {} if sources is None else sources
        self.npm_entries: dict[str, dict[str, Any]] = {}
        self._npm_rows: dict[str, list[NpmRelease]] = {}
        self.package_names: dict[str, dict[str, Any]] = {}
        self.cli_functions: dict[str, dict[str, Any]] = {}
        self.refreshed_at = refreshed_at

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

    def newest_binding(self, package: str, accept: Callable[[BindingRelease], bool]) -> BindingRelease | None:
        """The newest release of ``package`` (its PyPI or npm name) that ``accept`` takes, None when none
        does: ``[r for r in self.bindings(package) if accept(r)][-1]`` without parsing every release."""
        return self.bindings_by_package.newest(self._bindings_key(package), accept)

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


#: A version in PEP 440's canonical form without epoch or local part (what PyPI lists).
_CANONICAL = re.compile(
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


def _version(text: object, where: str) -> Version:
    if isinstance(text, Version):  # parsed already (Releases parses a package's versions first)
        return text
    try:
        return Version(str(text))
    except InvalidVersion as error:
        raise CompatError(f"snapshot: invalid version {text!r} in {where}") from error


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
            if not isinstance(entry, dict) or ("releases" not in entry and "rows" not in entry):
                raise CompatError(f"snapshot is malformed: package {package!r} has no releases")
            target: Releases[Any] = (
                snapshot.bindings_by_package if entry["kind"] == "bindings" else snapshot.cores_by_package
            )
            target.add_entry(package, entry)
            if isinstance(entry.get("names"), dict):
                snapshot.package_names[package] = {"names": entry["names"]}
        snapshot.features = [TerraformFeature(**row) for row in document.get("features", [])]
        npm = document.get(NPM_SECTION, {})
        if not isinstance(npm, dict) or not all(isinstance(e, dict) for e in npm.values()):
            raise CompatError("snapshot is malformed: the npm section is not an object of packages")
        snapshot.npm_entries = dict(npm)
        functions = document.get(CLI_FUNCTIONS, {})
        if not isinstance(functions, dict) or not all(isinstance(t, dict) for t in functions.values()):
            raise CompatError("snapshot is malformed: cli_functions is not an object per CLI")
        snapshot.cli_functions = dict(functions)
    except (KeyError, TypeError, AttributeError) as error:
        raise CompatError(f"snapshot is malformed: {error}") from error
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
        entry = base.entry(package)
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
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
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
