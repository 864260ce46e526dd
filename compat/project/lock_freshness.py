"""Whether a lock file still locks its manifest, decided the way the tool that wrote it decides.

- **Pipfile.lock**: ``_meta.hash.sha256`` is the SHA-256 of the Pipfile's ``source``, ``requires``,
  ``packages``, ``dev-packages`` (and custom categories) as sorted compact JSON (plette's
  ``Pipfile.get_hash``; a Pipfile without ``[[source]]`` gets PyPI's). pipenv since 2026 writes the
  package names in their PEP 503 form first, older releases as written, and the ``pipfile``
  library before plette left custom categories out: a lock is fresh when any of these matches.
  ``pipenv install`` relocks a stale lock; ``pipenv install --deploy`` refuses it.
- **poetry.lock**: ``metadata.content-hash``, Poetry's ``Locker._get_content_hash`` (``[project]``
  ``requires-python``/``dependencies``/``optional-dependencies``, ``[dependency-groups]`` since
  Poetry 2.3, ``[tool.poetry]`` ``dependencies``/``source``/``extras``/``dev-dependencies``/``group``).
  ``poetry install`` refuses a stale lock ("pyproject.toml changed significantly").
- **uv.lock** records no hash: the project's own ``[[package]]`` (``source = { editable = "." }``
  or ``{ virtual = "." }``) lists the ``requires-dist`` it was resolved for, and ``uv sync``
  relocks when ``[project] dependencies`` no longer equal it. Compared here by name and specifier
  (markers and extras are not compared, so a lock is never called stale on their account).

A lock whose freshness cannot be told (no hash recorded, a value JSON cannot carry) is fresh:
compat never calls a lock stale on a guess.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from compat.project.model import LockKind, StaleLock

#: what pipenv (plette's ``DEFAULT_SOURCE_TOML``) puts in a Pipfile that names no source
_PIPENV_DEFAULT_SOURCES = [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]
_PIPFILE_SECTIONS = frozenset(
    {"source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv"}
)
_POETRY_LEGACY_KEYS = ("dependencies", "source", "extras", "dev-dependencies")
_POETRY_PROJECT_KEYS = ("requires-python", "dependencies", "optional-dependencies")


def _sha256(data: object) -> str | None:
    try:
        content = json.dumps(data, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):  # a TOML date or time: nothing pipenv's hash could be compared with
        return None
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _pep503(section: object) -> object:
    if not isinstance(section, dict):
        return section
    return {canonicalize_name(str(k)): v for k, v in section.items()}


def pipfile_hashes(document: Mapping[str, object]) -> set[str]:
    """Every ``_meta.hash.sha256`` a pipenv release would write for this Pipfile."""
    found: set[str] = set()
    for canonical in (False, True):
        name = _pep503 if canonical else (lambda section: section)
        for custom in (True, False):
            data: dict[str, Any] = {
                "_meta": {
                    "sources": document.get("source", _PIPENV_DEFAULT_SOURCES),
                    "requires": document.get("requires", {}),
                },
                "default": name(document.get("packages", {})),
                "develop": name(document.get("dev-packages", {})),
            }
            if custom:
                data.update(
                    {
                        key: name(value)
                        for key, value in document.items()
                        if key not in _PIPFILE_SECTIONS and key not in ("default", "develop")
                    }
                )
            digest = _sha256(data)
            if digest is not None:
                found.add(digest)
    return found


def poetry_content_hashes(document: Mapping[str, Any]) -> set[str]:
    """Every ``metadata.content-hash`` a Poetry release would write for this pyproject.toml."""
    project = document.get("project") or {}
    tool = (document.get("tool") or {}).get("poetry") or {}
    found: set[str] = set()
    for with_groups in (True, False):
        groups = (document.get("dependency-groups") or {}) if with_groups else {}
        relevant_project = {key: project[key] for key in _POETRY_PROJECT_KEYS if project.get(key) is not None}
        relevant_poetry: dict[str, Any] = {}
        for key in (*_POETRY_LEGACY_KEYS, "group"):
            value = tool.get(key)
            if value is None and (key not in _POETRY_LEGACY_KEYS or relevant_project or groups):
                continue
            relevant_poetry[key] = value
        content: dict[str, Any] = {}
        if relevant_project:
            content["project"] = relevant_project
        if groups:
            content["dependency-groups"] = groups
        content = {**content, "tool": {"poetry": relevant_poetry}} if content else relevant_poetry
        try:
            digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        except (TypeError, ValueError):
            continue
        found.add(digest)
    return found


def _requirements(entries: object) -> Counter_ | None:
    """``{(name, specifier set)}`` counted, from PEP 508 strings; None when one cannot be read."""
    if not isinstance(entries, list):
        return None
    counted: Counter_ = {}
    for entry in entries:
        try:
            requirement = Requirement(str(entry))
        except InvalidRequirement:
            return None
        key = (canonicalize_name(requirement.name), _specifier_key(requirement.specifier))
        counted[key] = counted.get(key, 0) + 1
    return counted


Counter_ = dict[tuple[str, frozenset[str]], int]


def _specifier_key(specifier: SpecifierSet) -> frozenset[str]:
    return frozenset(str(s) for s in specifier)


def _uv_requires_dist(lock: Mapping[str, object]) -> Counter_ | None:
    """The ``requires-dist`` uv resolved the project for (its own ``[[package]]``), counted."""
    packages = lock.get("package")
    if not isinstance(packages, list):
        return None
    own = [
        p
        for p in packages
        if isinstance(p, dict)
        and isinstance(p.get("source"), dict)
        and (p["source"].get("editable") == "." or p["source"].get("virtual") == ".")
    ]
    if len(own) != 1:
        return None
    metadata = own[0].get("metadata")
    requires = metadata.get("requires-dist") if isinstance(metadata, dict) else None
    if not isinstance(requires, list):
        return None
    counted: Counter_ = {}
    for entry in requires:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            return None
        try:
            specifier = SpecifierSet(str(entry.get("specifier") or ""))
        except InvalidSpecifier:
            return None
        key = (canonicalize_name(entry["name"]), _specifier_key(specifier))
        counted[key] = counted.get(key, 0) + 1
    return counted


def _names(counted: Counter_) -> Iterator[str]:
    for (name, specifier), _ in sorted(counted.items(), key=lambda item: item[0][0]):
        yield name + ",".join(sorted(specifier))


def _uv_difference(declared: Counter_, locked: Counter_) -> str | None:
    if declared == locked:
        return None
    added = {k: v for k, v in declared.items() if locked.get(k, 0) < v}
    removed = {k: v for k, v in locked.items() if declared.get(k, 0) < v}
    parts = []
    if added:
        parts.append(f"pyproject.toml declares {', '.join(_names(added))} which it was not resolved for")
    if removed:
        parts.append(
            f"it was resolved for {', '.join(_names(removed))} which pyproject.toml no longer declares"
        )
    return "; ".join(parts)


def _read_lock(path: Path) -> Mapping[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        if path.name == "Pipfile.lock":
            document = json.loads(text)
        else:
            import tomllib

            document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _short(digest: object) -> str:
    if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
        return digest[:12] + "..."
    return repr(digest)


def stale_lock(
    lock: Path, kind: LockKind, manifest: Path, document: Mapping[str, Any] | None
) -> StaleLock | None:
    """``lock`` when its manifest (``document``: the Pipfile's or pyproject.toml's data) no longer
    produces it; None when it is fresh or freshness cannot be told."""
    data = _read_lock(lock)
    if data is None or document is None:
        return None
    if kind == "pipfile.lock":
        meta = data.get("_meta")
        recorded = (
            meta.get("hash", {}).get("sha256")
            if isinstance(meta, dict) and isinstance(meta.get("hash"), dict)
            else None
        )
        if not isinstance(recorded, str) or not recorded or recorded in pipfile_hashes(document):
            return None
        return StaleLock(
            lock,
            manifest,
            f"its _meta.hash.sha256 ({_short(recorded)}) is not the hash of {manifest.name} as it is now",
            "pipenv install relocks it (pipenv install --deploy refuses it)",
        )
    if kind == "poetry.lock":
        metadata = data.get("metadata")
        recorded = metadata.get("content-hash") if isinstance(metadata, dict) else None
        if not isinstance(recorded, str) or not recorded or recorded in poetry_content_hashes(document):
            return None
        return StaleLock(
            lock,
            manifest,
            f"its content-hash ({_short(recorded)}) is not the hash of {manifest.name} as it is now",
            "poetry install refuses it until 'poetry lock' runs",
        )
    locked = _uv_requires_dist(data)
    project = document.get("project")
    declared = _requirements(project.get("dependencies", [])) if isinstance(project, dict) else None
    if locked is None or declared is None:
        return None
    difference = _uv_difference(declared, locked)
    if difference is None:
        return None
    return StaleLock(lock, manifest, difference, "uv sync relocks it (uv sync --locked refuses it)")
