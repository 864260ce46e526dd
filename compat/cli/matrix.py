"""`compat matrix`: for each Terraform (or OpenTofu) minor, the newest allowed provider / package / core."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from compat.cli._options import emit_json


class MatrixFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command(name="matrix")
    def _command(
        line: Annotated[str, typer.Option("--line", help="cdktf or cdktn.")] = "cdktf",
        python: Annotated[
            str | None, typer.Option("--python", help="Only releases that run on this Python.")
        ] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="AWS provider constraint, e.g. 'aws@~> 5.0'.")
        ] = None,
        until: Annotated[
            str | None,
            typer.Option("--until", help="Last minor (default: the newest the data names, with its source)."),
        ] = None,
        opentofu: Annotated[
            bool, typer.Option("--opentofu", help="Rows are OpenTofu minors (1.6 on) instead of Terraform's.")
        ] = False,
        output: Annotated[
            MatrixFormat, typer.Option("--format", "-f", help="Output format.")
        ] = MatrixFormat.text,
    ) -> None:
        """The table to paste into your docs: Terraform (or OpenTofu) minor -> provider, bindings, core."""
        from packaging.version import InvalidVersion, Version

        from compat.errors import CompatError
        from compat.lines import LINES
        from compat.resolver import Target, matrix, newest_minor
        from compat.snapshot import load_snapshot
        from compat.versions.cli_names import CLI_LABELS, Cli
        from compat.versions.providers import parse_provider

        if line not in LINES:
            raise CompatError(f"--line must be cdktf or cdktn, not {line!r}")
        try:
            py = Version(python) if python else None
            last = Version(until) if until else None
        except InvalidVersion as error:
            raise CompatError(f"invalid version: {error}") from error
        constraint = parse_provider(provider, "--provider").constraint if provider else None
        cli: Cli = "opentofu" if opentofu else "terraform"
        target = Target(LINES[line], python=py, provider=constraint, cli=cli)
        snapshot = load_snapshot()
        newest, newest_source = newest_minor(snapshot, cli)
        rows = matrix(snapshot, target, until=last)
        table = [
            (
                row.terraform,
                str(row.provider_version) if row.provider_version else "-",
                f"{row.package} {row.package_version}" if row.package else "none",
                f"{row.core} {row.core_version}" if row.core else "-",
            )
            for row in rows
        ]
        header = (cli, "aws provider", "bindings", "core")
        if output is MatrixFormat.json:
            emit_json(
                {
                    "line": line,
                    "cli": cli,
                    "python": python,
                    "newest": {"version": str(newest), "source": newest_source},
                    "rows": [
                        {
                            "terraform": r.terraform,
                            "provider_version": str(r.provider_version) if r.provider_version else None,
                            "package": {"name": r.package, "version": str(r.package_version)}
                            if r.package
                            else None,
                            "core": {"name": r.core, "version": str(r.core_version)} if r.core else None,
                        }
                        for r in rows
                    ],
                }
            )
        elif output is MatrixFormat.markdown:
            typer.echo("| " + " | ".join(header) + " |")
            typer.echo("|" + "|".join("---" for _ in header) + "|")
            for cells in table:
                typer.echo("| " + " | ".join(cells) + " |")
        else:
            widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
            for cells in [header, *table]:
                typer.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
            typer.echo(f"newest {CLI_LABELS[cli]} the data names: {newest} ({newest_source})")
