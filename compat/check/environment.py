"""The Terraform CLI and Python versions a project runs with, each with where it was found.

First hit wins. Terraform: ``--terraform``, ``TF_VERSION``, ``.terraform-version`` (walking up),
``.tool-versions`` (asdf), cdktf.json ``targetVersions``. Python: ``--python``, Pipfile
``[requires]``, pyproject ``requires-python`` (its lower bound), ``.python-version``.
Nothing is run: no ``terraform version`` subprocess, so a check stays hermetic.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.check.model import Environment
from compat.check.project import ProjectFacts
from compat.errors import CompatError


def _walk_up(start: Path, name: str) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def _valid(text: str, where: str) -> str:
    try:
        return str(Version(text.strip().lstrip("v")))
    except InvalidVersion as error:
        raise CompatError(f"{where}: {text.strip()!r} is not a version") from error


def _tool_versions(path: Path, tool: str) -> str | None:
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split("#", 1)[0].split()
        if len(parts) >= 2 and parts[0] == tool:
            return parts[1]
    return None


def detect_terraform(facts: ProjectFacts, flag: str | None) -> tuple[str | None, str | None]:
    if flag:
        return _valid(flag, "--terraform"), "--terraform"
    if os.environ.get("TF_VERSION"):
        return _valid(os.environ["TF_VERSION"], "TF_VERSION"), "TF_VERSION"
    found = _walk_up(facts.root.resolve(), ".terraform-version")
    if found:
        text = found.read_text(encoding="utf-8").strip().splitlines()
        if text and re.match(r"^v?\d", text[0].strip()):
            return _valid(text[0], str(found)), _source(facts.root, found)
    found = _walk_up(facts.root.resolve(), ".tool-versions")
    if found:
        value = _tool_versions(found, "terraform")
        if value:
            return _valid(value, str(found)), _source(facts.root, found)
    if facts.target_terraform:
        return _valid(facts.target_terraform, "cdktf.json targetVersions"), "cdktf.json targetVersions"
    return None, None


def _source(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def lower_bound(spec: str) -> str | None:
    """The lowest Python a requirement like ``>=3.8`` or ``~=3.9`` admits, or an exact ``3.11``."""
    text = spec.strip()
    if re.fullmatch(r"\d+(\.\d+){0,2}", text):
        return text
    try:
        specifiers = SpecifierSet(text.replace("^", ">="))
    except InvalidSpecifier:
        return None
    lows = [s.version for s in specifiers if s.operator in (">=", "~=", "==", "===")]
    return min(lows, key=Version) if lows else None


def detect_python(facts: ProjectFacts, flag: str | None) -> tuple[str | None, str | None]:
    if flag:
        return _valid(flag, "--python"), "--python"
    if facts.python_requires:
        spec, path, _ = facts.python_requires
        low = lower_bound(spec)
        if low:
            return low, f"{path} ({spec})"
    found = _walk_up(facts.root.resolve(), ".python-version")
    if found:
        lines = found.read_text(encoding="utf-8").split()
        if lines and re.fullmatch(r"\d+(\.\d+){0,2}", lines[0]):
            return lines[0], _source(facts.root, found)
    return None, None


def detect(facts: ProjectFacts, terraform: str | None, python: str | None) -> Environment:
    tf, tf_source = detect_terraform(facts, terraform)
    py, py_source = detect_python(facts, python)
    return Environment(tf, tf_source, py, py_source)
