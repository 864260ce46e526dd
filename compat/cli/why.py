"""`compat why <package>==<version>`: the verdict on one bindings release, with reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import FormatOption, OfflineOption, OpenTofuOption, TextJson, emit_json


def register(app: typer.Typer) -> None:
    @app.command(name="why")
    def _command(
        release: Annotated[
            str,
            typer.Argument(
                metavar="PACKAGE==VERSION",
                help=(
                    "A prebuilt package release, e.g. cdktf-cdktf-provider-aws==21.22.1 or google==16.12.1."
                ),
            ),
        ],
        terraform: Annotated[str | None, typer.Option("--terraform", help="Terraform CLI version.")] = None,
        opentofu: OpenTofuOption = None,
        python: Annotated[str | None, typer.Option("--python", help="Python version.")] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="Its provider's constraint, e.g. 'aws@~> 5.0'.")
        ] = None,
        project: Annotated[
            Path, typer.Option("--project", help="Where to detect Terraform and Python when not given.")
        ] = Path("."),
        output: FormatOption = TextJson.text,
        offline: OfflineOption = False,
    ) -> None:
        """Say whether one release works with your Terraform and Python, and why (exit 1 when it does not)."""
        del offline  # always offline: the snapshot (and the cache overlay) only
        from compat.resolver.explain import explain_release
        from compat.resolver.why_view import render_text, why_json

        report = explain_release(
            release, terraform=terraform, opentofu=opentofu, python=python, provider=provider, project=project
        )
        if output is TextJson.json:
            emit_json(why_json(report))
        else:
            typer.echo(render_text(report))
        if not report.verdict.accepted:
            raise typer.Exit(1)
