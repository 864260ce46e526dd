"""Value objects of ``compat check``: rules, findings, the result of a run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.record import Record
from compat.versions.cli_names import CLI_LABELS, Cli
from compat.versions.detect import Detected
from compat.versions.python import ProjectPython

#: ``info`` says what could not be checked and how to fix that; it never fails a run (not even --strict)
Severity = Literal["error", "warning", "info"]
Category = Literal["source", "import", "api", "version", "synth"]


class RuleMeta(Record):
    """What a rule is: its stable code, category, default severity and a one-line summary (for SARIF)."""

    code: str
    category: Category
    severity: Severity
    name: str  # short kebab-case id, e.g. "import-name-missing"
    summary: str

    def finding(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        symbol: str | None = None,
        suggestion: str | None = None,
        edits: tuple[Edit, ...] = (),
        severity: Severity | None = None,
        related: tuple[Location, ...] = (),
        basis: Basis | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            category=self.category,
            severity=severity or self.severity,
            path=path,
            line=line,
            column=column,
            message=message,
            symbol=symbol,
            suggestion=suggestion,
            edits=edits,
            related=related,
            basis=basis,
        )


class Edit(Record):
    """A text replacement that fixes a finding: ``old`` at (line, column) becomes ``new`` (1-based line)."""

    path: str
    line: int
    column: int
    old: str
    new: str


class Location(Record):
    """Another place of the same cause (SARIF ``relatedLocations``): a finding is reported once."""

    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based
    column: int  # 1-based; 0 when unknown
    message: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Finding(Record):
    code: str
    category: Category
    severity: Severity
    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based; 0 when the finding is about a file as a whole
    column: int  # 1-based; 0 when unknown
    message: str
    symbol: str | None = None
    suggestion: str | None = None
    edits: tuple[Edit, ...] = ()
    related: tuple[Location, ...] = ()  # the other places of this cause
    #: the version it rests on, until the engine applies :func:`compat.check.standing.standing`
    basis: Basis | None = None

    @property
    def fixable(self) -> bool:
        return bool(self.edits)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


class Environment(Record):
    """The Terraform CLI and the Python the project runs on (Python as the project model read it)."""

    terraform: Version | None  # the CLI's version (Terraform or OpenTofu: see ``cli``)
    terraform_source: str | None
    python: ProjectPython | None
    cli: Cli = "terraform"
    node: Detected | None = None  # the Node.js that runs jsii (compat.versions.node)

    @property
    def cli_label(self) -> str:
        return CLI_LABELS[self.cli]

    @property
    def python_source(self) -> str | None:
        return self.python.source if self.python else None


class PinFact(Record):
    """One package as a manifest or lock file states it."""

    name: str  # canonical PyPI name
    specifier: SpecifierSet  # PEP 440 ("==19.65.1", "", ">=0.20,<0.21")
    path: str  # file, relative to the project root
    line: int  # 1-based line of the entry (0 when unknown)
    locked: bool  # from a lock file
    exact: Version | None  # the version when the specifier pins exactly one


class Resolved(Record):
    """The version of a package the project installs, and how it was decided.

    ``assumed``: the version is compat's reading of a range without a lock (the newest release the
    installer would pick today), not a lock or an exact pin; ``admitted`` then lists every release
    it could pick, newest first. How a finding about it is reported: :mod:`compat.check.standing`.
    """

    name: str
    version: Version
    how: str  # one sentence from the project model: "cdktf-cdktf-provider-aws pinned at Pipfile:3"
    pin: PinFact | None
    assumed: bool = False
    admitted: tuple[Version, ...] = ()
    #: chosen by compat for bindings the code imports but no manifest declares (an assumption)
    inferred: bool = False


class Basis(Record):
    """What a finding rests on: the version ``resolved`` and, for a version rule, ``holds(version)``:
    whether a release has the problem (None: the finding is about the code checked against it)."""

    resolved: Resolved
    holds: Callable[[Version], bool] | None = None


class ProviderUsed(Record):
    """The Terraform provider the bindings are built for."""

    source: str | None  # "registry.terraform.io/hashicorp/aws"
    version: Version


class ShownRelease(Record):
    """A release a report names, its version as the registry writes it (an npm version is not PEP 440)."""

    name: str
    version: str | None  # None: not decided (a range no lock settles)
    how: str  # what decided it: "package-lock.json", "cdktf@^0.21 in package.json"


class Releases(Record):
    """The releases a check judged the project against."""

    bindings: Resolved | None = None
    core: Resolved | None = None
    inferred_bindings: Resolved | None = None  # bindings the code imports but no manifest declares
    provider: ProviderUsed | None = None
    #: a project of another language: its packages by name, its language and the lock that decided them
    packages: tuple[tuple[str, ShownRelease], ...] = ()
    language: str | None = None  # None: Python (the reports name no language then)
    lock: ShownRelease | None = None

    def named(self) -> list[tuple[str, Resolved | ShownRelease]]:
        """``(role, release)`` of the releases known, in the order reports show them."""
        roles = (
            ("bindings", self.bindings),
            ("core", self.core),
            ("inferred_bindings", self.inferred_bindings),
            *self.packages,
            ("lock", self.lock),
        )
        return [(role, release) for role, release in roles if release is not None]


def plural(count: int, noun: str) -> str:
    """``"1 file"``, ``"2 files"``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Summary(Record):
    """The counts of a run (or of several, added up)."""

    errors: int
    warnings: int
    infos: int
    fixable: int
    files: int
    by_category: dict[str, int]

    def counts(self) -> str:
        """``"1 error, 2 warnings"``: the counts as the reports word them."""
        return f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"


class CheckResult(Record):
    project: Path
    environment: Environment
    releases: Releases
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    files_checked: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        return sum(1 for f in self.findings if f.severity == "info")

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def summary(self) -> Summary:
        by_category: dict[str, int] = {}
        for finding in self.findings:
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return Summary(
            errors=self.errors,
            warnings=self.warnings,
            infos=self.infos,
            fixable=sum(1 for f in self.findings if f.fixable),
            files=self.files_checked,
            by_category=dict(sorted(by_category.items())),
        )
