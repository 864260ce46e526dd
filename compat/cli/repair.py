"""``compat repair``: finish a write that compat was killed in the middle of."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command(name="repair")
    def _command(
        path: Annotated[Path, typer.Argument(help="Project directory (default: the current one).")] = Path(
            "."
        ),
    ) -> None:
        """Complete (or undo) a write of pin, migrate --write or check --fix that was interrupted."""
        from compat.errors import CompatError
        from compat.transaction import repair, shipped_journal

        root = path.resolve()
        if not root.is_dir():
            raise CompatError(f"{path}: not a directory")
        shipped = shipped_journal(root)
        if shipped:
            typer.echo(f"compat: note: {shipped}", err=True)
        recovery = repair(root)
        if recovery is None:
            typer.echo(f"No interrupted write in {root}.")
            return
        typer.echo(recovery.note()[:1].upper() + recovery.note()[1:] + ".")
        if recovery.left_alone or recovery.ignored:
            raise typer.Exit(1)
