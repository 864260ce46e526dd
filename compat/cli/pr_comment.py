"""``compat pr-comment``: the pull-request comment of a dependency change, as Markdown on stdout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import IndexUrlOption, OfflineOption


def register(app: typer.Typer) -> None:
    @app.command(name="pr-comment")
    def _command(
        path: Annotated[
            Path, typer.Argument(help="The head checkout: a cdktf project or a folder holding several.")
        ] = Path("."),
        base: Annotated[
            Path,
            typer.Option(
                "--base", metavar="PATH", help="The base checkout, the same folder on the target branch."
            ),
        ] = Path(),
        event: Annotated[
            Path | None,
            typer.Option(
                "--event", metavar="FILE", help="The pull_request event (GITHUB_EVENT_PATH), for the footer."
            ),
        ] = None,
        offline: OfflineOption = False,
        index_url: IndexUrlOption = None,
    ) -> None:
        """What a dependency bump also requires, the provider versions it spans, the call sites that
        break and the pin result, as one Markdown comment (empty when no dependency changed)."""
        import json

        from compat.cli._options import use_registries
        from compat.errors import CompatError
        from compat.pullrequest.model import pull_request_report
        from compat.pullrequest.render import render
        from compat.snapshot import load_snapshot

        if base == Path() or not base.is_dir():
            raise CompatError(f"--base {base}: give the base branch's checkout (a directory)")
        if not path.is_dir():
            raise CompatError(f"{path}: not a directory")
        document = None
        if event is not None:
            try:
                document = json.loads(event.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise CompatError(f"--event {event}: not a readable JSON event ({error})") from error
        use_registries(index_url, path)
        report = pull_request_report(path, base, document, offline=offline, snapshot=load_snapshot())
        typer.echo(render(report), nl=False)
