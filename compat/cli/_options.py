"""Options shared by several commands, declared once."""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer


class TextJson(str, enum.Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[TextJson, typer.Option("--format", "-f", help="Output format.")]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Never touch the network: embedded snapshot and cache only.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print less.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Print more.")]


def use_colour(stream: object = None) -> bool:
    """Colour only on a terminal and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


def emit_json(payload: object) -> None:
    import json

    typer.echo(json.dumps(payload, indent=2, sort_keys=False))


def recover_project(path: object) -> None:
    """Finish a write a killed run left in the project at ``path`` before anything reads it."""
    from pathlib import Path

    from compat.transaction import recover

    target = Path(str(path))
    root = target.parent if target.is_file() else target
    if root.is_dir():
        note = recover(root)
        if note:
            typer.echo(f"compat: note: {note}", err=True)
