"""`compat why` (not built yet)."""

from __future__ import annotations

import typer

from compat.cli._options import not_built


def register(app: typer.Typer) -> None:
    @app.command(name="why", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def _command() -> None:
        """Not built yet."""
        not_built("why")
