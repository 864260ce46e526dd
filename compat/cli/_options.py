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
OpenTofuOption = Annotated[
    str | None,
    typer.Option("--opentofu", metavar="VERSION",
                 help="The CLI is OpenTofu at this version (excludes --terraform; see docs/RUNTIMES.md)."),
]
NodeOption = Annotated[
    str | None,
    typer.Option("--node", metavar="VERSION", help="Node.js version (default: .nvmrc, .node-version, ...)."),
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
