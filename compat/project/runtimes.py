"""The runtimes a project runs on, and where each version came from: the one place they are detected.

The CLI (Terraform or OpenTofu: flags, ``cdktf.json`` ``targetVersions``, version files, the binary),
Python (flags, the manifests' own fields, version files) and, when asked for, Node.js (flag, version
files, the binary). :func:`compat.project.load_project` detects them for a project; ``compat why``
for a folder that may hold no project.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from compat.record import Record
from compat.versions.cli import detect_terraform
from compat.versions.detect import Detected, FolderNames, detect_python
from compat.versions.node import detect_node
from compat.versions.python import ProjectPython


class Runtimes(Record):
    cli: Detected | None  # Terraform or OpenTofu (``cli.cli`` says which)
    python: ProjectPython | None  # None: not asked for (a folder declaring no Python)
    node: Detected | None = None  # None: not asked for, or not found (``node_notes`` say why)
    node_notes: tuple[str, ...] = ()
    cli_notes: tuple[str, ...] = ()  # sources of a CLI version passed over when ``cli`` is None


def detect_runtimes(
    root: Path,
    *,
    terraform: str | None,
    opentofu: str | None,
    python: str | None,
    cdktf_json: Mapping[str, object] | None = None,
    pipfile: Mapping[str, object] | None = None,
    pyproject: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    with_python: bool = True,
    node: str | None = None,
    with_node: bool = False,
) -> Runtimes:
    """The runtimes of ``root``; ``terraform``/``opentofu``/``python``/``node`` are the flags.

    ``cdktf_json``, ``pipfile`` and ``pyproject`` are the documents the project model has read (None:
    the CLI detection reads ``cdktf.json`` itself); Node.js is detected only ``with_node`` (finding it
    may ask the ``node`` binary), Python only ``with_python``.
    """
    cli_notes: list[str] = []
    folders = FolderNames()  # the CLI's and Node.js's searches ask the same folders
    cli = detect_terraform(
        root,
        terraform,
        opentofu=opentofu,
        cdktf_json=cdktf_json,
        environ=environ,
        unknown=cli_notes,
        folders=folders,
    )
    found_python = detect_python(root, python, pipfile=pipfile, pyproject=pyproject) if with_python else None
    found_node, node_notes = detect_node(root, node, folders=folders) if with_node else (None, ())
    return Runtimes(
        cli=cli, python=found_python, node=found_node, node_notes=node_notes, cli_notes=tuple(cli_notes)
    )
