"""`compat matrix`: for each Terraform (or OpenTofu) minor, the newest allowed provider / package / core."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import OfflineOption, emit_json

if TYPE_CHECKING:
    from compat.resolver.matrix_view import MatrixReport


class MatrixFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command(name="matrix")
    def _command(
        family: Annotated[
            str | None,
            typer.Option(
                "--line", metavar="LINE", help="cdktf or cdktn (default: the package's, else cdktf)."
            ),
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
        from compat.resolver.matrix_view import matrix_json, render_markdown, render_text

        report = _report(family, package, python, provider, until, opentofu)
        if output is MatrixFormat.json:
            emit_json(matrix_json(report))
        else:
            typer.echo(render_markdown(report) if output is MatrixFormat.markdown else render_text(report))


def _report(
    family: str | None,
    package: str | None,
    python: str | None,
    provider: str | None,
    until: str | None,
    opentofu: bool,
) -> MatrixReport:
    """Parse the options once and compute the matrix (parse -> core)."""
    from packaging.version import InvalidVersion, Version

    from compat.errors import CompatError
    from compat.resolver.matrix import (
        matrix,
        matrix_package,
        matrix_target,
        newest_minor,
        unknown_provider_releases,
    )
    from compat.resolver.matrix_view import MatrixReport
    from compat.snapshot import load_snapshot

    try:
        last = Version(until) if until else None
    except InvalidVersion as error:
        raise CompatError(f"invalid version: {error}") from error
    snapshot = load_snapshot()
    chosen = matrix_package(snapshot, family, package)
    target = matrix_target(chosen, python=python, provider=provider, opentofu=opentofu)
    newest, newest_source = newest_minor(snapshot, target.cli)
    return MatrixReport(
        family=chosen.family.name,
        cli=target.cli,
        python=python,
        newest=newest,
        newest_source=newest_source,
        provider=chosen.provider,
        package=chosen.pypi,
        asked_package=bool(package),
        rows=tuple(matrix(snapshot, target, until=last)),
        unknown=unknown_provider_releases(snapshot, chosen.pypi),
        releases=len(snapshot.bindings(chosen.pypi)),
    )
