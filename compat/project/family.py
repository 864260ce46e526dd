"""Which family (cdktf or cdktn) a project is on: from its manifests and lock, else from its imports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from packaging.specifiers import SpecifierSet

from compat.families import CDKTF, CDKTN, FAMILIES, Family
from compat.patterns import LazyPattern
from compat.project.files import source_paths
from compat.project.model import LockFile, Manifest

_IMPORT = LazyPattern(
    r"^\s*(?:from|import)\s+(cdktf_cdktf_provider_aws|cdktn_provider_aws|cdktf|cdktn)\b", re.MULTILINE
)
MAX_FILES = 2000  # enough to tell a family; a larger tree is not read further


def _from_names(names: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        for family in FAMILIES.values():
            if name in (family.core, family.bindings):
                found.add(family.name)
    return found


def imported_families(root: Path, skip: Iterable[str] = ()) -> set[str]:
    found: set[str] = set()
    for path in islice(source_paths(root, tuple(skip)), MAX_FILES):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for module in _IMPORT.findall(text):
            found.add("cdktn" if module.startswith("cdktn") else "cdktf")
    return found


def detect_family(
    root: Path,
    manifests: Iterable[Manifest[SpecifierSet]],
    lock: LockFile[SpecifierSet] | None,
    skip_dirs: Iterable[str] = (),
) -> tuple[Family, str]:
    """The line and a sentence saying why: from what the manifests and the lock install (a path or VCS
    entry included); a mix says so and picks cdktn (a migration in progress)."""
    declared = _from_names(p.package for m in manifests for p in m.pins)
    locked = _from_names(p.package for p in lock.pins) if lock else set()
    where = (
        "the manifests name"
        if not locked - declared
        else "the lock names"
        if not declared
        else "the manifests and the lock name"
    )
    declared |= locked
    if declared == {"cdktf"}:
        return CDKTF, f"{where} cdktf packages"
    if declared == {"cdktn"}:
        return CDKTN, f"{where} cdktn packages"
    if declared:
        return CDKTN, f"{where} both cdktf and cdktn packages (a migration in progress): cdktn"
    imported = imported_families(root, skip_dirs)
    if imported == {"cdktn"}:
        return CDKTN, "the code imports cdktn"
    if imported == {"cdktf"}:
        return CDKTF, "the code imports cdktf"
    if imported:
        return CDKTN, "the code imports both cdktf and cdktn (a migration in progress): using cdktn"
    return CDKTF, (
        "nothing names a line yet: defaulting to cdktf (cdktn, the live community fork, is --line cdktn)"
    )
