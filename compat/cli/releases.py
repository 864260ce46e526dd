"""`compat releases <package>`: every release of a package, from the snapshot (never the network)."""

from __future__ import annotations

from typing import Annotated

import typer

from compat.cli._options import FormatOption, OfflineOption, TextJson, emit_json


def register(app: typer.Typer) -> None:
    @app.command(name="releases")
    def releases(
        package: Annotated[
            str,
            typer.Argument(
                metavar="PACKAGE",
                help=(
                    "A prebuilt provider package by short name (aws, google, azurerm: the cdktf line's; "
                    "cdktn's when only cdktn has it), PyPI, npm or import name (cdktn-provider-aws, "
                    "@cdktf/provider-google), or a core (cdktf, cdktn)."
                ),
            ),
        ],
        output: FormatOption = TextJson.text,
        offline: OfflineOption = False,
    ) -> None:
        """Every release of a package: upload date, provider version, core range, Python (offline)."""
        del offline  # always offline: the snapshot (and the cache overlay) only
        from compat.resolver.release_list import list_releases
        from compat.resolver.releases_view import releases_json, render_text

        report = list_releases(package)
        if output is TextJson.json:
            emit_json(releases_json(report))
        else:
            typer.echo(render_text(report))
