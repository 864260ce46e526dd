"""``compat matrix`` rendered: the report the command computes once, and one renderer per format."""

from __future__ import annotations

from typing import Any

from packaging.version import Version

from compat.record import Record
from compat.resolver.matrix import MatrixRow
from compat.versions.cli_names import CLI_LABELS, Cli


class MatrixReport(Record):
    """A matrix and what the renderers say around it."""

    family: str  # "cdktf" / "cdktn"
    cli: Cli
    python: str | None  # the --python filter as given
    newest: Version  # the newest CLI minor the data names
    newest_source: str
    provider: str  # the provider of the package ("aws")
    package: str  # the package's PyPI name
    asked_package: bool  # --package was given (the JSON document names the package then)
    rows: tuple[MatrixRow, ...]
    unknown: int  # releases of the package that state no provider version
    releases: int  # releases of the package in the snapshot


def _cells(row: MatrixRow) -> tuple[str, str, str, str]:
    return (
        row.terraform,
        str(row.provider_version) if row.provider_version else "unknown" if row.package else "-",
        f"{row.package} {row.package_version}" if row.package else "none",
        (f"{row.core} {row.core_version}" + (" (floor unknown)" if row.caveats else "")) if row.core else "-",
    )


def _header(report: MatrixReport) -> tuple[str, str, str, str]:
    return (report.cli, f"{report.provider} provider", "bindings", "core")


def _notes(report: MatrixReport) -> list[str]:
    """Below the table: the rows that are not verified, and the releases that state no provider."""
    unverified = [r for r in report.rows if r.caveats]
    notes = (
        [
            f"{len(unverified)} row(s) marked 'floor unknown': no source states the minimum Terraform of "
            "that core's CLI, so they are not verified, only not excluded"
        ]
        if unverified
        else []
    )
    return notes + _unknown_note(report)


def _unknown_note(report: MatrixReport) -> list[str]:
    shown_unknown = any(r.package and r.provider_version is None for r in report.rows)
    if not report.unknown or not (report.asked_package or shown_unknown):
        return []
    return [
        f"{report.unknown} of {report.releases} releases of {report.package} state no {report.provider} "
        "provider version (no source names it; shown as 'unknown', never guessed)"
    ]


def render_text(report: MatrixReport) -> str:
    table = [_header(report), *(_cells(r) for r in report.rows)]
    widths = [max(len(cells[i]) for cells in table) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() for cells in table]
    lines.append(f"newest {CLI_LABELS[report.cli]} the data names: {report.newest} ({report.newest_source})")
    return "\n".join([*lines, *_notes(report)])


def render_markdown(report: MatrixReport) -> str:
    header = _header(report)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cells(r)) + " |" for r in report.rows]
    return "\n".join([*lines, *_notes(report)])


def matrix_json(report: MatrixReport) -> dict[str, Any]:
    return {
        "line": report.family,
        "cli": report.cli,
        "python": report.python,
        "newest": {"version": str(report.newest), "source": report.newest_source},
        "rows": [
            {
                "terraform": r.terraform,
                "provider_version": str(r.provider_version) if r.provider_version else None,
                "package": {"name": r.package, "version": str(r.package_version)} if r.package else None,
                "core": {"name": r.core, "version": str(r.core_version)} if r.core else None,
                "verified": not r.caveats,
                "caveats": list(r.caveats),
            }
            for r in report.rows
        ],
        # only for --package: the AWS default keeps its document as it was
        **(
            {"package": report.package, "releases_without_provider_version": report.unknown}
            if report.asked_package
            else {}
        ),
    }
