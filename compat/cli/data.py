"""`compat data ...` (not built yet)."""

from __future__ import annotations

import typer

from compat.cli._options import not_built

group = typer.Typer(help="Not built yet.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="data")


@group.command(name="status", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def _placeholder() -> None:
    """Not built yet."""
    not_built("data")
