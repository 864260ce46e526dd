"""`compat renames <Name> --from A --to B`: what a class became between two releases, and when."""

from __future__ import annotations

import enum
from typing import Annotated

import typer


class RenamesFormat(str, enum.Enum):
    text = "text"
    json = "json"
    mermaid = "mermaid"


def register(app: typer.Typer) -> None:
    @app.command(name="renames")
    def _command(
        name: Annotated[str, typer.Argument(help="Class name: Subnet, vpc.Subnet or a full dotted name.")],
        source: Annotated[
            str, typer.Option("--from", help="Release: a version, cdktf/cdktn, or pkg==version.")
        ],
        target: Annotated[
            str, typer.Option("--to", help="Release: a version, cdktf/cdktn, or pkg==version.")
        ],
        fmt: Annotated[
            RenamesFormat, typer.Option("--format", "-f", help="Output format.")
        ] = RenamesFormat.text,
        date: Annotated[
            bool,
            typer.Option(
                "--date/--no-date", help="Find the release of each change (opens ~log2(n) indexes)."
            ),
        ] = True,
    ) -> None:
        """Show the path of a symbol between two releases: moves, renames, removals, parameter changes."""
        from compat.cli._options import emit_json
        from compat.families import CDKTF
        from compat.migrations.catalogue import load_catalogue
        from compat.migrations.renames import explain, render_text, resolution_json
        from compat.migrations.target import choose_target, parse_spec

        specs = parse_spec(source, "--from"), parse_spec(target, "--to")
        catalogue = load_catalogue(offline=True, snapshot=False)
        a, b = (choose_target(spec, CDKTF, catalogue) for spec in specs)
        graph, resolutions = explain([name], catalogue.open(a), catalogue.open(b), catalogue, date=date)
        if fmt is RenamesFormat.json:
            emit_json({"from": str(a), "to": str(b), "symbols": [resolution_json(r) for r in resolutions]})
        elif fmt is RenamesFormat.mermaid:
            typer.echo(graph.to_mermaid(), nl=False)
        else:
            typer.echo(render_text(resolutions), nl=False)
