"""The state of one TypeScript check while it runs, and the helpers every TypeScript rule shares."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from packaging.version import InvalidVersion, Version

from compat.check.model import Finding, Resolved, ShownRelease
from compat.project.model import CdktfConfig
from compat.providers import provider_package
from compat.record import Record
from compat.snapshot import Snapshot
from compat.typescript.project import InstalledNpm, TsProject
from compat.typescript.reader import TsFile


def rel(root: Path, path: Path) -> str:
    """``path`` relative to ``root``, POSIX-style (``..`` steps where it lies outside)."""
    # below the root, the rest of the string (on POSIX: both are normalised ``Path`` strings, so a
    # prefix ending in ``/`` is a prefix of parts): called for every file of a listing, and
    # ``relative_to`` costs a few microseconds each
    root_text, text = str(root), str(path)
    cut = len(root_text)
    below = os.sep == "/" and root_text != "/" and len(text) > cut + 1 and text[cut] == "/"
    if below and text.startswith(root_text):
        return text[cut + 1 :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def version_of(text: str | None) -> Version | None:
    if text is None:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def decided(project: TsProject, installed: InstalledNpm) -> str:
    """Which file decided a version, for the message: ``yarn.lock`` or ``package.json "^1.2"``."""
    if installed.how == "lock" and project.lock is not None:
        return rel(project.root, project.lock.path)
    if installed.declared is not None and project.manifest is not None:
        return f'{rel(project.root, project.manifest.path)} "{installed.declared.spec}"'
    return "nowhere"


def resolved_json(project: TsProject, installed: InstalledNpm) -> ShownRelease:
    """What the reporters show for one installed package: the lock (or range) that decided it."""
    how = decided(project, installed)
    if installed.assumed:
        how += f"; assumed: {ASSUMED}"
    return ShownRelease(name=installed.name, version=installed.version, how=how)


#: what a version assumed from a range is (:mod:`compat.typescript.assumed`), for notes and reports
ASSUMED = "the newest release the range admits, which npm would install today"


def resolved_npm(project: TsProject, installed: InstalledNpm) -> Resolved | None:
    """``installed`` as the rules of both languages read a resolved version: a lock's or an exact pin's,
    or one assumed from a range (``Resolved.assumed``, with every release the range admits, so
    :mod:`compat.check.standing` judges a finding on it as on a Python range); None when not known or not
    a release PEP 440 spells the same."""
    from compat.versions.npm_semver import final_release
    from compat.versions.pep440 import written_version

    text = installed.version
    if text is None or not (installed.certain or installed.assumed):
        return None
    version = written_version(text)
    if version is None:
        return None
    admitted = tuple(v for a in installed.admitted if (v := final_release(a)) is not None)
    return Resolved(
        name=installed.name,
        version=version,
        how=decided(project, installed),
        pin=None,
        assumed=installed.assumed,
        admitted=admitted if installed.assumed else (),
    )


class Unindexed(Record):
    """A prebuilt package the code imports whose installed release has no symbol index here."""

    name: str  # npm name
    version: str
    pypi: str  # the name ``compat index build`` takes
    line: int  # of its package.json entry (0: not declared)
    npm_only: bool = False  # PyPI has no such release: the index is read from its npm tarball


class TsRun:
    """One project being checked: what was read, and the findings, notes and versions found so far."""

    def __init__(
        self,
        root: Path,
        project: TsProject,
        config: CdktfConfig | None,
        snapshot: Snapshot | None,
        files: list[TsFile],
    ) -> None:
        self.root = root
        self.project = project
        self.config = config
        self.snapshot = snapshot
        self.files = files
        self.findings: list[Finding] = []
        self.notes: list[str] = list(project.notes)
        self.resolved: dict[str, ShownRelease] = {}
        self._imported: frozenset[str] | None = None
        #: the imported prebuilt packages without a symbol index (npm name -> what SRC002 says of it)
        self.unindexed: dict[str, Unindexed] = {}

    def imported_packages(self) -> frozenset[str]:
        """The npm packages the code loads (a type-only import is erased: it loads nothing); read once."""
        if self._imported is None:
            specifiers = {
                item.specifier for file in self.files for item in file.imports if not item.type_only
            }
            self._imported = frozenset(
                package_of(specifier) for specifier in specifiers if not specifier.startswith((".", "/"))
            )
        return self._imported


def package_of(specifier: str) -> str:
    """The npm package an import specifier loads: ``@cdktf/provider-aws`` for ``.../lib/vpc``."""
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


def local_folder(run: TsRun) -> str:
    return folder_of_bindings((run.config.code_maker_output if run.config else None) or ".gen")


def folder_of_bindings(code_maker_output: str) -> str:
    """codeMakerOutput as a POSIX path relative to the project (``./src/.gen/`` -> ``src/.gen``)."""
    return code_maker_output.replace("\\", "/").strip().removeprefix("./").strip("/") or ".gen"


def local_below(run: TsRun, file: TsFile, specifier: str) -> tuple[str, ...] | None:
    """The parts below codeMakerOutput a relative import reaches (``("providers", "aws", "vpc")``)."""
    return local_parts(local_folder(run), file.rel, specifier)


def local_parts(folder: str, file_rel: str, specifier: str) -> tuple[str, ...] | None:
    """The parts below the local bindings ``folder`` (:func:`folder_of_bindings`) an import of the file
    at ``file_rel`` reaches; None for an import of a package or of anything else."""
    if not specifier.startswith((".", "/")):
        return None
    target = PurePosixPath(posix_norm((PurePosixPath(file_rel).parent / specifier).as_posix()))
    try:
        return target.relative_to(PurePosixPath(folder)).parts
    except ValueError:
        return None


def posix_norm(path: str) -> str:
    """``path`` with ``.`` and ``..`` parts resolved as a POSIX path (a leading ``..`` kept)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append("..")
            continue
        parts.append(part)
    return "/".join(parts)


def prebuilt_packages(project: TsProject) -> list[str]:
    if project.manifest is None:
        return []
    names = dict.fromkeys(
        d.name for d in project.manifest.dependencies if provider_package(d.name) is not None
    )
    return list(names)


def provider_folder(raw: object) -> str:
    """The folder ``cdktf get`` writes a terraformProviders entry's TypeScript bindings to
    (``.gen/providers/<folder>``): the address's last part before ``@``, or an object's ``name``."""
    if isinstance(raw, dict):
        name = raw.get("name")
        return name.strip() if isinstance(name, str) else ""
    if isinstance(raw, str):
        return raw.split("@")[0].strip().split("/")[-1].strip()
    return ""
