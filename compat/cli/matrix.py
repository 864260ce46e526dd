"""`compat matrix`: for each Terraform (or OpenTofu) minor, the newest allowed provider / package / core."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from compat.cli._options import OfflineOption, emit_json


class MatrixFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command(name="matrix")
    def _command(
        line: Annotated[
            str | None, typer.Option("--line", help="cdktf or cdktn (default: the package's, else cdktf).")
        ] = None,
        package: Annotated[
            str | None,
            typer.Option(
                "--package",
                help="Any prebuilt provider package, e.g. cdktf-cdktf-provider-google or 'google' "
                "(default: the AWS bindings).",
            ),
        ] = None,
        python: Annotated[
            str | None, typer.Option("--python", help="Only releases that run on this Python.")
        ] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="Its provider's constraint, e.g. 'aws@~> 5.0'.")
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
        offline: OfflineOption = False,
    ) -> None:
        """The table to paste into your docs: Terraform (or OpenTofu) minor -> provider, bindings, core."""
        del offline  # always offline: the snapshot (and the cache overlay) only
        from packaging.version import InvalidVersion, Version

        from compat.errors import CompatError
        from compat.resolver.matrix import (
            matrix,
            matrix_package,
            matrix_target,
            newest_minor,
            unknown_provider_releases,
        )
        from compat.snapshot import load_snapshot
        from compat.versions.cli_names import CLI_LABELS

        try:
            last = Version(until) if until else None
        except InvalidVersion as error:
            raise CompatError(f"invalid version: {error}") from error
        snapshot = load_snapshot()
        chosen = matrix_package(snapshot, line, package)
        target = matrix_target(chosen, python=python, provider=provider, opentofu=opentofu)
        cli = target.cli
        newest, newest_source = newest_minor(snapshot, cli)
        unknown = unknown_provider_releases(snapshot, chosen.pypi)
        rows = matrix(snapshot, target, until=last)
        table = [
            (
                row.terraform,
                str(row.provider_version) if row.provider_version else "unknown" if row.package else "-",
                f"{row.package} {row.package_version}" if row.package else "none",
                (f"{row.core} {row.core_version}" + (" (floor unknown)" if row.caveats else ""))
                if row.core else "-",
            )
            for row in rows
        ]
        header = (cli, f"{chosen.provider} provider", "bindings", "core")
        if output is MatrixFormat.json:
            emit_json(
                {
                    "line": chosen.line.name,
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
                            "verified": not r.caveats,
                            "caveats": list(r.caveats),
                        }
                        for r in rows
                    ],
                    # only for --package: the AWS default keeps its document as it was
                    **(
                        {"package": chosen.pypi, "releases_without_provider_version": unknown}
                        if package
                        else {}
                    ),
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
        unverified = [r for r in rows if r.caveats]
        if unverified and output is not MatrixFormat.json:
            typer.echo(
                f"{len(unverified)} row(s) marked 'floor unknown': no source states the minimum Terraform of "
                "that core's CLI, so they are not verified, only not excluded"
            )
        shown_unknown = any(r.package and r.provider_version is None for r in rows)
        if unknown and (package or shown_unknown) and output is not MatrixFormat.json:
            total = len(snapshot.bindings(chosen.pypi))
            typer.echo(
                f"{unknown} of {total} releases of {chosen.pypi} state no {chosen.provider} provider "
                "version (no source names it; shown as 'unknown', never guessed)"
            )
