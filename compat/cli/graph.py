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
        from compat.lines import line_of_package
        from compat.migrations.graph import build_graph
        from compat.migrations.indexes import indexed_versions, open_index, resolution_cache
        from compat.migrations.renames import symbols_named
        from compat.migrations.target import parse_release

        releases = [parse_release(text, indexed_versions) for text in [source, *(via or []), target]]
        if not via and releases[0].package != releases[-1].package:
            # a line move: show the step to the last release of the old line, then the rename
            line = line_of_package(releases[0].package)
            last = parse_release(line.name, indexed_versions) if line else releases[0]
            if last != releases[0]:
                releases.insert(1, last)
        chain = [open_index(r.package, r.version) for r in releases]
        symbols = [s for name in names for s in symbols_named(chain[0], name)]
        graph = build_graph(symbols, chain, resolution_cache())
        typer.echo(graph.to_dot() if fmt is GraphFormat.dot else graph.to_mermaid(), nl=False)
