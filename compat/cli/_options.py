"""Options shared by several commands, declared once."""

from __future__ import annotations

import contextlib
import enum
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer


class TextJson(str, enum.Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[TextJson, typer.Option("--format", "-f", help="Output format.")]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Never touch the network: embedded snapshot and cache only.")
]
#: the CLI and Python a project is checked for (check, server): detected when not given
TerraformOption = Annotated[
    str | None,
    typer.Option(
        "--terraform",
        metavar="VERSION",
        help="Terraform CLI version (default: TF_VERSION, .terraform-version, ...)",
    ),
]
PythonOption = Annotated[
    str | None,
    typer.Option(
        "--python",
        metavar="VERSION",
        help="Python version (default: Pipfile, pyproject, .python-version).",
    ),
]
OpenTofuOption = Annotated[
    str | None,
    typer.Option(
        "--opentofu",
        metavar="VERSION",
        help="The CLI is OpenTofu at this version (excludes --terraform; see docs/RUNTIMES.md).",
    ),
]
NodeOption = Annotated[
    str | None,
    typer.Option("--node", metavar="VERSION", help="Node.js version (default: .nvmrc, .node-version, ...)."),
]
IndexUrlOption = Annotated[
    str | None,
    typer.Option(
        "--index-url",
        metavar="URL",
        help="A PyPI mirror (simple index); default PIP_INDEX_URL, [tool.compat] index-url, pip's config.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print less.")]


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


@contextlib.contextmanager
def project_session(path: Path, *, write: bool) -> Iterator[None]:
    """A writing command holds the project's lock and first finishes a write a killed run left.

    Holding the lock from planning to writing makes a second writer plan on the first one's result.
    A read-only command completes or undoes nothing: it only says that a write was interrupted.
    """
    root = path.parent if path.is_file() else path
    if not root.is_dir():
        yield
        return
    if not write:
        from compat.journal import PROJECT_JOURNAL, no_journal_anywhere

        if not os.path.lexists(root / PROJECT_JOURNAL) and no_journal_anywhere():
            yield  # nothing to note: the write machinery (hashlib, the transaction) is not imported
            return
        from compat.transaction import interrupted

        for note in interrupted(root):
            typer.echo(f"compat: note: {note}", err=True)
        yield
        return
    from compat.transaction import project_lock, recover, shipped_journal

    with project_lock(root):
        for line in (shipped_journal(root.resolve()), recover(root)):
            if line:
                typer.echo(f"compat: note: {line}", err=True)
        yield


def use_registries(index_url: str | None, root: Path) -> None:
    """``--index-url`` and the project's ``[tool.compat]`` registry settings, for this run.

    ``root`` may be a file of the project; a path that does not exist has no settings.
    """
    from compat.check.config import load_settings
    from compat.registry import deadline
    from compat.registry.endpoints import use

    deadline.start(deadline.ONLINE_CHECK)  # one network deadline for all the command's requests
    root = root.parent if root.is_file() else root
    settings = load_settings(root) if root.is_dir() else None
    use(
        index_url=index_url,
        project_index_url=settings.index_url if settings else None,
        project_npm_registry=settings.npm_registry if settings else None,
    )
