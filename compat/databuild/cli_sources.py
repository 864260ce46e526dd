"""Feature and function rows read from the Terraform and OpenTofu repositories themselves.

``compat data build --terraform-source DIR --opentofu-source DIR`` takes a local git repository
(a clone or a bare mirror) of hashicorp/terraform and of opentofu/opentofu and reads, on each
release branch ``v<major>.<minor>``:

- ``internal/lang/funcs/descriptions.go``: ``DescriptionList``, "all functions available within
  Terraform" (OpenTofu kept the file). A function's first minor is the first branch that lists it;
  a function listed on the first branch read is there since that branch at least (Terraform 1.4,
  OpenTofu 1.6: the file did not exist before), so older CLIs are not judged by this table.
- ``CHANGELOG.md``: the section (``## 1.16.0``) that first names a feature's pull request or
  issue (:data:`compat.databuild.facts.CHANGELOG_FEATURES` says which entry states which feature).

Every row keeps its source: repository, file, branch, commit and section. The git repository is
the build's own input, never a project under check; it is only read (``git show``,
``git for-each-ref``).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from packaging.version import Version

from compat.databuild.facts import ChangelogFeature
from compat.errors import CompatError
from compat.record import Record
from compat.snapshot import TerraformFeature
from compat.versions.cli_names import CLI_LABELS, Cli

FUNCTIONS_FILE = "internal/lang/funcs/descriptions.go"
CHANGELOG = "CHANGELOG.md"
REPOSITORIES: dict[Cli, str] = {"terraform": "hashicorp/terraform", "opentofu": "opentofu/opentofu"}

_BRANCH = re.compile(r"^(?:origin/)?v(\d+)\.(\d+)$")
_DESCRIPTION = re.compile(r'^\t"([a-z0-9_]+)": \{', re.M)
_SECTION = re.compile(r"^## (\d+\.\d+\.\d+)\b.*$", re.M)


class FunctionRow(TypedDict):
    since: str  # "1.15.0": the first release branch that lists the function
    removed_in: str | None
    source: str  # the file on that branch, at its commit


#: one CLI's table as the snapshot stores it (``from`` is a keyword: the functional form)
FunctionTableDocument = TypedDict(
    "FunctionTableDocument",
    {
        "repository": str,
        "file": str,
        "from": str,  # "1.4.0": the first release branch read (the file did not exist before)
        "through": str,  # "1.16": the last release branch read
        "branches": dict[str, str],  # minor -> commit read
        "through_date": str,  # the commit date of the last branch read (how fresh the table is)
        "functions": dict[str, FunctionRow],
    },
)


class CliTables(Record):
    """What the build read from the CLI repositories: function tables per CLI and feature rows."""

    functions: Mapping[str, Mapping[str, object]]  # cli -> FunctionTableDocument (as read, or as stored)
    features: tuple[TerraformFeature, ...]


@dataclass(frozen=True)
class Branch:
    minor: tuple[int, int]
    ref: str  # "v1.16" (or "origin/v1.16" in a clone)
    commit: str

    @property
    def label(self) -> str:
        return f"{self.minor[0]}.{self.minor[1]}"


@dataclass(frozen=True)
class CliSource:
    """A local git repository of one CLI, read on its release branches."""

    cli: Cli
    path: Path

    def _git(self, *args: str) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.path), *args], capture_output=True, text=True, timeout=120, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CompatError(f"cannot run git on {self.path}: {error}") from error
        if done.returncode != 0:
            raise CompatError(f"{self.path}: git {' '.join(args[:2])} failed: {done.stderr.strip()[:200]}")
        return done.stdout

    def branches(self) -> list[Branch]:
        """The release branches, oldest first (a minor on both a local and a remote branch: the local)."""
        found: dict[tuple[int, int], Branch] = {}
        listing = self._git(
            "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads", "refs/remotes"
        )
        for row in listing.splitlines():
            ref, _, commit = row.partition(" ")
            match = _BRANCH.match(ref)
            if match is not None:
                minor = (int(match.group(1)), int(match.group(2)))
                if minor not in found or not ref.startswith("origin/"):
                    found[minor] = Branch(minor, ref, commit)
        if not found:
            raise CompatError(
                f"{self.path} has no release branches v<major>.<minor>: not a {self.cli} repository"
            )
        return [found[minor] for minor in sorted(found)]

    def read(self, branch: Branch, file: str) -> str | None:
        try:
            return self._git("show", f"{branch.commit}:{file}")
        except CompatError:
            return None

    def commit_date(self, branch: Branch) -> str:
        return self._git("log", "-1", "--format=%cI", branch.commit).strip()

    def cite(self, branch: Branch, file: str, section: str | None = None) -> str:
        where = f"https://github.com/{REPOSITORIES[self.cli]}/blob/{branch.commit}/{file}"
        return f"{where} (branch v{branch.label}{f', section {section}' if section else ''})"


def function_names(text: str) -> set[str]:
    """The function names of a ``descriptions.go`` (``DescriptionList`` keys)."""
    start = text.find("DescriptionList")
    return set(_DESCRIPTION.findall(text[start:])) if start >= 0 else set()


def function_table(source: CliSource) -> FunctionTableDocument:
    """Every function of every release branch that has the file, each with its first branch."""
    rows: dict[str, FunctionRow] = {}
    read: list[Branch] = []
    previous: set[str] | None = None
    for branch in source.branches():
        text = source.read(branch, FUNCTIONS_FILE)
        names = function_names(text) if text else set()
        if not names:
            if previous is not None:
                raise CompatError(f"{source.path}: {FUNCTIONS_FILE} missing or unreadable on v{branch.label}")
            continue  # before the file existed
        cite = source.cite(branch, FUNCTIONS_FILE)
        for name in sorted(names - (previous or set())):
            rows[name] = {"since": f"{branch.label}.0", "removed_in": None, "source": cite}
        for name in sorted((previous or set()) - names):
            rows[name]["removed_in"] = f"{branch.label}.0"  # the branch's commit is in "branches"
        previous, read = names, [*read, branch]
    if not read:
        raise CompatError(f"{source.path}: no release branch has {FUNCTIONS_FILE}")
    return {
        "repository": f"https://github.com/{REPOSITORIES[source.cli]}",
        "file": FUNCTIONS_FILE,
        "from": f"{read[0].label}.0",
        "through": read[-1].label,
        "branches": {b.label: b.commit for b in read},
        "through_date": source.commit_date(read[-1]),
        "functions": rows,
    }


def _mentions(section: str, reference: str) -> bool:
    return re.search(rf"/(?:issues|pull)/{re.escape(reference)}\)", section) is not None


def changelog_version(source: CliSource, reference: str) -> tuple[str, str] | None:
    """``(version, source)`` of the first release whose changelog section names ``reference``."""
    for branch in source.branches():
        text = source.read(branch, CHANGELOG)
        if not text:
            continue
        heads = list(_SECTION.finditer(text))
        found: list[tuple[Version, str]] = []
        for number, head in enumerate(heads):
            end = heads[number + 1].start() if number + 1 < len(heads) else len(text)
            if _mentions(text[head.end() : end], reference):
                found.append((Version(head.group(1)), head.group(0)[3:].strip()))
        if found:
            version, heading = min(found)
            return str(version), source.cite(branch, CHANGELOG, heading)
    return None


def changelog_features(
    sources: dict[Cli, CliSource], specs: tuple[ChangelogFeature, ...], say: Callable[[str], None] = print
) -> list[TerraformFeature]:
    """One row per :class:`compat.databuild.facts.ChangelogFeature`, each side from its CLI's changelog.

    A side whose entry is not found (or whose CLI has no source) stays unknown, and is said.
    """
    rows = []
    for spec in specs:
        sides: dict[Cli, tuple[str, str] | None] = {}
        clis: tuple[tuple[Cli, str | None], ...] = (
            ("terraform", spec.terraform),
            ("opentofu", spec.opentofu),
        )
        for cli, reference in clis:
            source = sources.get(cli)
            sides[cli] = changelog_version(source, reference) if reference and source else None
            if reference and source and sides[cli] is None:
                say(f"{CLI_LABELS[cli]} changelog: no release names #{reference} ({spec.key}): left unknown")
        terraform, opentofu = sides["terraform"], sides["opentofu"]
        if terraform is None and opentofu is None:
            continue
        rows.append(
            TerraformFeature(
                spec.key,
                spec.description,
                terraform[0] if terraform else None,
                None,
                None,
                terraform[1] if terraform else (opentofu[1] if opentofu else ""),
                min_opentofu=opentofu[0] if opentofu else None,
                opentofu_source=opentofu[1] if opentofu else None,
                only=spec.only,
            )
        )
    return rows


def read_cli_tables(
    terraform: Path | None,
    opentofu: Path | None,
    specs: tuple[ChangelogFeature, ...],
    say: Callable[[str], None] = print,
) -> CliTables:
    """The function tables and changelog rows of the given repositories."""
    sources: dict[Cli, CliSource] = {}
    if terraform is not None:
        sources["terraform"] = CliSource("terraform", terraform)
    if opentofu is not None:
        sources["opentofu"] = CliSource("opentofu", opentofu)
    functions: dict[str, FunctionTableDocument] = {}
    for cli, source in sources.items():
        functions[cli] = function_table(source)
        say(
            f"{CLI_LABELS[cli]}: {len(functions[cli]['functions'])} functions from {FUNCTIONS_FILE} "
            f"(v{functions[cli]['from'][:-2]} ... v{functions[cli]['through']})"
        )
    return CliTables(functions, tuple(changelog_features(sources, specs, say)))
