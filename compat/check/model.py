"""Value objects of ``compat check``: rules, findings, the result of a run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from packaging.version import Version

from compat.versions.cli_names import CLI_LABELS, Cli
from compat.versions.detect import Detected
from compat.versions.python import ProjectPython

if TYPE_CHECKING:
    from compat.check.standing import Basis

#: ``info`` says what could not be checked and how to fix that; it never fails a run (not even --strict)
Severity = Literal["error", "warning", "info"]
Category = Literal["source", "import", "api", "version", "synth"]


class RuleMeta(NamedTuple):
    """What a rule is: its stable code, category, default severity and a one-line summary (for SARIF)."""

    code: str
    category: Category
    severity: Severity
    name: str  # short kebab-case id, e.g. "import-name-missing"
    summary: str

    def finding(self, path: str, line: int, column: int, message: str, *, symbol: str | None = None,
                suggestion: str | None = None, edits: tuple[Edit, ...] = (),
                severity: Severity | None = None, related: tuple[Location, ...] = (),
                basis: Basis | None = None) -> Finding:
        return Finding(code=self.code, category=self.category, severity=severity or self.severity,
                       path=path, line=line, column=column, message=message, symbol=symbol,
                       suggestion=suggestion, edits=edits, related=related, basis=basis)


class Edit(NamedTuple):
    """A text replacement that fixes a finding: ``old`` at (line, column) becomes ``new`` (1-based line)."""

    path: str
    line: int
    column: int
    old: str
    new: str


class Location(NamedTuple):
    """Another place of the same cause (SARIF ``relatedLocations``): a finding is reported once."""

    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based
    column: int  # 1-based; 0 when unknown
    message: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


class Finding(NamedTuple):
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

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "symbol": self.symbol,
            "suggestion": self.suggestion,
            "fixable": self.fixable,
            "related": [location.to_json() for location in self.related],
        }


class Environment(NamedTuple):
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

    def to_json(self) -> dict[str, Any]:
        python = self.python
        return {
            "cli": self.cli,
            "terraform": str(self.terraform) if self.terraform is not None else None,
            "terraform_source": self.terraform_source,
            "node": str(self.node.version) if self.node else None,
            "node_source": self.node.source if self.node else None,
            "python": str(python) if python else None,
            "python_source": self.python_source,
            "python_declared": python.declared if python else False,
            "python_resolution": python.resolution if python and python.declared else None,
        }


class CheckResult(NamedTuple):
    project: str
    environment: Environment
    resolved: dict[str, Any]
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

    def summary(self) -> dict[str, Any]:
        by_category: dict[str, int] = {}
        for finding in self.findings:
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "fixable": sum(1 for f in self.findings if f.fixable),
            "files": self.files_checked,
            "by_category": dict(sorted(by_category.items())),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "environment": self.environment.to_json(),
            "resolved": self.resolved,
            "findings": [f.to_json() for f in self.findings],
            "notes": list(self.notes),
            "summary": self.summary(),
        }
