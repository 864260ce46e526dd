"""`compat graph <Name>... --from A --to B`: a reviewer's picture of a migration (DOT or Mermaid)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer


class GraphFormat(str, enum.Enum):
    dot = "dot"
    mermaid = "mermaid"


def register(app: typer.Typer) -> None:
    @app.command(name="graph")
    def _command(
        names: Annotated[list[str], typer.Argument(help="Class names: Subnet, vpc.Subnet, ...")],
        source: Annotated[
            str, typer.Option("--from", help="Release: a version, cdktf/cdktn, or pkg==version.")
        ],
        target: Annotated[
            str, typer.Option("--to", help="Release: a version, cdktf/cdktn, or pkg==version.")
        ],
        via: Annotated[
            list[str] | None, typer.Option("--via", help="Intermediate releases to show as steps.")
        ] = None,
        fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")] = GraphFormat.dot,
    ) -> None:
        """Export the rename graph of some symbols between two releases."""
        from compat.migrations.catalogue import load_catalogue
        from compat.migrations.graph import build_graph
        from compat.migrations.renames import release_chain, symbols_named
        from compat.migrations.target import parse_spec

        middle = [parse_spec(text, "--via") for text in via or []]
        specs = [parse_spec(source, "--from"), *middle, parse_spec(target, "--to")]
        catalogue = load_catalogue(offline=True, snapshot=False)
        chain = release_chain(specs, catalogue)
        symbols = [s for name in names for s in symbols_named(chain[0], name)]
        graph = build_graph(symbols, chain, catalogue.cache)
        typer.echo(graph.to_dot() if fmt is GraphFormat.dot else graph.to_mermaid(), nl=False)
