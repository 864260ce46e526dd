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
        from compat.migrations.indexes import indexed_versions, open_index, resolution_cache
        from compat.migrations.renames import explain, render_text, resolution_json
        from compat.migrations.target import parse_release

        a = parse_release(source, indexed_versions)
        b = parse_release(target, indexed_versions)
        graph, resolutions = explain(
            [name],
            open_index(a.package, a.version),
            open_index(b.package, b.version),
            opener=(lambda p, v: open_index(p, v)) if date else None,
            versions=indexed_versions(a.package) if date else (),
            cache=resolution_cache(),
        )
        if fmt is RenamesFormat.json:
            emit_json({"from": str(a), "to": str(b), "symbols": [resolution_json(r) for r in resolutions]})
        elif fmt is RenamesFormat.mermaid:
            typer.echo(graph.to_mermaid(), nl=False)
        else:
            typer.echo(render_text(resolutions), nl=False)
