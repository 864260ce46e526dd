"""PyPI: the JSON API (releases, files, upload times, yanked) and the simple JSON API.

File URLs are resolved with :func:`urllib.parse.urljoin` against the URL the document came
from: this index answers relative URLs (``../../packages/...``) for some projects.
Project names are normalized (PEP 503) before the request so PyPI does not redirect and the
request URL is the response URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from compat.errors import RegistryError
from compat.registry.http import HttpClient, Validator
from compat.registry.wheel import RemoteWheel

PYPI_URL = "https://pypi.org"
SIMPLE_ACCEPT = "application/vnd.pypi.simple.v1+json"
PROJECT_TTL = 3600.0  # one hour: new releases show up quickly, repeated runs stay offline
#: the most files a project document may list: cdktf-cdktf-provider-null, among the longest, has ~2,000;
#: more is refused before any row is read (and never cached): a hostile mirror's 150,000 rows cost 7 s
MAX_FILES = 20_000


@dataclass(frozen=True)
class PyPIFile:
    """One distribution file of a release."""

    filename: str
    url: str  # absolute
    packagetype: str  # "bdist_wheel" or "sdist"
    size: int
    uploaded: str  # ISO 8601 UTC, e.g. "2025-12-10T23:49:28.640942Z"
    requires_python: str | None
    yanked: bool
    yanked_reason: str | None
    sha256: str | None

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")


@dataclass(frozen=True)
class PyPIRelease:
    """One version of a project with its files."""

    version: Version
    files: tuple[PyPIFile, ...]

    @property
    def wheel(self) -> PyPIFile | None:
        """The (first) wheel of the release; the prebuilt bindings publish one ``py3-none-any`` wheel."""
        return next((f for f in self.files if f.is_wheel), None)

    @property
    def uploaded(self) -> str:
        """Upload time of the wheel (of the earliest file when there is no wheel; "" without files)."""
        wheel = self.wheel
        if wheel is not None:
            return wheel.uploaded
        return min((f.uploaded for f in self.files), default="")

    @property
    def yanked(self) -> bool:
        """A release is yanked when all its files are (PEP 592)."""
        return bool(self.files) and all(f.yanked for f in self.files)

    @property
    def requires_python(self) -> str | None:
        wheel = self.wheel
        if wheel is not None:
            return wheel.requires_python
        return next((f.requires_python for f in self.files if f.requires_python), None)


@dataclass(frozen=True)
class PyPIProject:
    name: str
    releases: tuple[PyPIRelease, ...]  # oldest first; versions PEP 440 cannot parse are left out

    @property
    def versions(self) -> list[Version]:
        return [r.version for r in self.releases]

    def release(self, version: str | Version) -> PyPIRelease | None:
        wanted = Version(str(version))
        return next((r for r in self.releases if r.version == wanted), None)

    def latest(self, include_prereleases: bool = False) -> PyPIRelease | None:
        candidates = [
            r
            for r in self.releases
            if r.files and not r.yanked and (include_prereleases or not r.version.is_prerelease)
        ]
        return candidates[-1] if candidates else None


# -- shape validation (a body that fails here is neither returned nor cached) -------------------


def _require(condition: bool, url: str, what: str) -> None:
    if not condition:
        raise RegistryError(f"{url} answered an unexpected document: {what}")


def _check_json_file(row: Any, url: str) -> None:
    _require(isinstance(row, dict), url, "a file entry is not an object")
    named = isinstance(row.get("filename"), str) and isinstance(row.get("url"), str)
    _require(named, url, "file without name/url")
    _require(isinstance(row.get("packagetype", ""), str), url, "file packagetype is not a string")
    uploaded = row.get("upload_time_iso_8601") or row.get("upload_time")
    _require(isinstance(uploaded, str), url, "file without upload time")


def _require_name(found: str, asked: str | None, url: str) -> None:
    """An answer about another project than asked (a misdirected or poisoned answer) is refused."""
    if asked is not None:
        _require(canonicalize_name(found) == canonicalize_name(asked), url, f"about {found!r}, not {asked!r}")


def validate_project_json(url: str, name: str | None = None) -> Validator:
    def validate(body: Any) -> None:
        _require(isinstance(body, dict), url, "not a JSON object")
        _require(isinstance(body.get("info"), dict), url, "no 'info' object")
        _require(isinstance(body["info"].get("name"), str), url, "no project name")
        _require_name(body["info"]["name"], name, url)
        releases = body.get("releases")
        _require(isinstance(releases, dict), url, "no 'releases' object")
        _require(len(releases) <= MAX_FILES, url, f"more than {MAX_FILES} releases")
        count = 0
        for files in releases.values():
            _require(isinstance(files, list), url, "a release is not a list of files")
            count += len(files)
            _require(count <= MAX_FILES, url, f"more than {MAX_FILES} files")
            for row in files:
                _check_json_file(row, url)

    return validate


def validate_simple_json(url: str, name: str | None = None) -> Validator:
    def validate(body: Any) -> None:
        _require(isinstance(body, dict), url, "not a JSON object")
        _require(isinstance(body.get("name"), str), url, "no project name")
        _require_name(body["name"], name, url)
        files = body.get("files")
        _require(isinstance(files, list), url, "no 'files' list")
        _require(len(files) <= MAX_FILES, url, f"more than {MAX_FILES} files")
        for row in files:
            _require(isinstance(row, dict), url, "a file entry is not an object")
            named = isinstance(row.get("filename"), str) and isinstance(row.get("url"), str)
            _require(named, url, "file without name/url")

    return validate


# -- parsing: each row becomes typed values here, or is left out ------------------------------

#: a version longer than this is no real release (the longest on PyPI is under 40 characters); Version
#: would turn each digit run into an int, and thousands of digits are past CPython's int-from-text limit
MAX_VERSION_TEXT = 128


def parse_version(text: object) -> Version | None:
    """``text`` as a PEP 440 version; None for anything else (a hostile index's row is left out)."""
    if not isinstance(text, str) or len(text) > MAX_VERSION_TEXT:
        return None
    try:
        return Version(text)
    except (InvalidVersion, ValueError):
        return None


def _yanked(value: Any) -> tuple[bool, str | None] | None:
    """``yanked`` is a bool in the JSON API and a bool or reason string in the simple API."""
    if isinstance(value, str):
        return True, value or None
    if isinstance(value, bool) or value is None:
        return bool(value), None
    return None


def _size(value: Any) -> int | None:
    """A file size: a non-negative integer (absent: 0); None for anything else."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _sha256(hashes: object) -> tuple[bool, str | None]:
    """``(well formed, sha256)`` of a ``hashes``/``digests`` object of hash name -> hex string."""
    if hashes is None:
        return True, None
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        return False, None
    return True, hashes.get("sha256")


def _optional_text(value: object) -> tuple[bool, str | None]:
    if value is None or isinstance(value, str):
        return True, value or None
    return False, None


def _file(
    row: Mapping[str, Any],
    base_url: str,
    *,
    packagetype: str,
    uploaded: object,
    hashes: object,
    requires_python: object,
    yanked_reason: object = None,
) -> PyPIFile | None:
    """One file row as typed values; None when a field has the wrong type (the row is left out)."""
    yanked = _yanked(row.get("yanked", False))
    size = _size(row.get("size"))
    hashes_ok, sha256 = _sha256(hashes)
    python_ok, python = _optional_text(requires_python)
    reason_ok, reason = _optional_text(yanked_reason)
    if yanked is None or size is None or not (hashes_ok and python_ok and reason_ok):
        return None
    if not isinstance(uploaded, str):
        return None
    return PyPIFile(
        filename=row["filename"],
        url=urljoin(base_url, row["url"]),
        packagetype=packagetype,
        size=size,
        uploaded=uploaded,
        requires_python=python,
        yanked=yanked[0],
        yanked_reason=reason or yanked[1],
        sha256=sha256,
    )


def _version_of_filename(filename: str) -> str | None:
    """The version part of a wheel or sdist name (simple API rows carry no version field)."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        return parts[1] if len(parts) >= 5 else None
    for suffix in (".tar.gz", ".zip", ".tar.bz2"):
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rpartition("-")[2] or None
    return None


def parse_project_json(body: Mapping[str, Any], base_url: str) -> PyPIProject:
    """A :class:`PyPIProject` from a validated ``/pypi/<name>/json`` body fetched from ``base_url``.

    A release whose version PEP 440 cannot parse, and a file row with a field of the wrong type,
    are left out.
    """
    releases = []
    for text, rows in body["releases"].items():
        version = parse_version(text)
        if version is None:
            continue
        files = []
        for row in rows:
            uploaded = row.get("upload_time_iso_8601") or row["upload_time"] + "Z"
            file = _file(
                row,
                base_url,
                packagetype=row.get("packagetype", ""),
                uploaded=uploaded,
                hashes=row.get("digests"),
                requires_python=row.get("requires_python"),
                yanked_reason=row.get("yanked_reason"),
            )
            if file is not None:
                files.append(file)
        releases.append(PyPIRelease(version, tuple(files)))
    releases.sort(key=lambda r: r.version)
    return PyPIProject(name=body["info"]["name"], releases=tuple(releases))


def parse_simple_json(body: Mapping[str, Any], base_url: str) -> PyPIProject:
    """A :class:`PyPIProject` from a validated simple-API JSON body (PEP 691 / PEP 700).

    A file whose name carries no PEP 440 version, or with a field of the wrong type, is left out.
    """
    by_version: dict[Version, list[PyPIFile]] = {}
    for row in body["files"]:
        version = parse_version(_version_of_filename(row["filename"]))
        if version is None:
            continue
        file = _file(
            row,
            base_url,
            packagetype="bdist_wheel" if row["filename"].endswith(".whl") else "sdist",
            uploaded=row.get("upload-time") or "",
            hashes=row.get("hashes"),
            requires_python=row.get("requires-python"),
        )
        if file is not None:
            by_version.setdefault(version, []).append(file)
    releases = tuple(
        sorted((PyPIRelease(v, tuple(f)) for v, f in by_version.items()), key=lambda r: r.version)
    )
    return PyPIProject(name=body["name"], releases=releases)


class PyPIClient:
    """Reads projects from PyPI through an :class:`HttpClient` (its cache, retries, offline mode)."""

    def __init__(
        self, http: HttpClient, base_url: str | None = None, *, index_url: str | None = None
    ) -> None:
        """``base_url``: a warehouse (pypi.org); ``index_url``: a simple index (a mirror).

        With neither, the configured mirror (:mod:`compat.registry.endpoints`) or pypi.org.
        """
        self.http = http
        if base_url is None and index_url is None:
            from compat.registry.endpoints import pypi_index_url

            index_url = pypi_index_url()
        self.base_url = (base_url or PYPI_URL).rstrip("/")
        self.index_url = index_url.rstrip("/") if index_url else None

    def project_url(self, name: str) -> str:
        return f"{self.base_url}/pypi/{canonicalize_name(name)}/json"

    def simple_url(self, name: str) -> str:
        index = self.index_url or f"{self.base_url}/simple"
        return f"{index}/{canonicalize_name(name)}/"

    def project(self, name: str, *, ttl: float = PROJECT_TTL) -> PyPIProject:
        """Every release of ``name``, oldest first (a mirror's simple index, else PyPI's JSON API)."""
        if self.index_url is not None:
            return self.simple(name, ttl=ttl)
        url = self.project_url(name)
        body = self.http.get_json(url, ttl=ttl, validate=validate_project_json(url, name))
        return parse_project_json(body, url)

    def simple(self, name: str, *, ttl: float = PROJECT_TTL) -> PyPIProject:
        """Every release of ``name`` from the simple JSON API (PEP 691 content negotiation)."""
        url = self.simple_url(name)
        body = self.http.get_json(
            url, ttl=ttl, headers={"Accept": SIMPLE_ACCEPT}, validate=validate_simple_json(url, name)
        )
        return parse_simple_json(body, url)

    def wheel(self, name: str, version: str | Version, *, project: PyPIProject | None = None) -> RemoteWheel:
        """The release's wheel, to be read member by member with HTTP Range requests."""
        project = project or self.project(name)
        release = project.release(version)
        if release is None:
            raise RegistryError(f"{name} has no release {version} on PyPI")
        wheel = release.wheel
        if wheel is None:
            raise RegistryError(f"{name} {version} has no wheel on PyPI")
        return RemoteWheel(self.http, wheel.url)
