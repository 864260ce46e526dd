"""The Node.js floor of the CLI package a project installs (``cdktn-cli`` 0.24: ``engines.node
>=22.19.0``), for VER011.

Where the CLI comes from: a TypeScript project's package.json (the version its lock installs, else an
exact pin), a Python project's package.json (an exact pin), and every install line in CI, a Dockerfile,
a Makefile or a script (``npm i -g cdktn-cli@0.24.0``, exact versions only). Its ``engines.node``: the
lock's record, else compat's npm data (``npm`` rows of the snapshot), else ``runtimes.json``. A version
neither lists is no finding: compat's npm data comes from a registry that lists only some releases.

Which Node.js runs it: for an install line, the Node.js the same file names (``setup-node``
``node-version``, a ``node:`` image) when it names one, else the project's; a Node.js found only on
PATH says nothing of the CI's, so it is not used.

The severity: npm and pnpm print EBADENGINE and install anyway (unless ``engine-strict``), and the
0.24 CLI does not stop on an older Node.js, so a warning; Yarn v1 refuses to install a package whose
``engines`` excludes the running Node.js ("The engine "node" is incompatible with this module"), and so
does npm with ``engine-strict=true`` in the project's ``.npmrc``: an error for a TypeScript project's
package.json installed that way. An install line in CI stays a warning (its Node.js may be assumed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compat.check.context import CheckContext
from compat.mentions.model import Mention
from compat.record import Record
from compat.runtimes import load_runtimes
from compat.versions.detect import Detected
from compat.versions.node import exact_npm_version, written_node

CLI_PACKAGES = ("cdktf-cli", "cdktn-cli")


class CliNode(Record):
    """A CLI release that will run on a Node.js its ``engines.node`` excludes, and where it is installed."""

    package: str
    version: str
    engines: str
    node: str  # the Node.js as written ("22.18")
    node_source: str  # where that Node.js is named
    path: Path  # the file that installs the CLI
    line: int
    strict: bool  # the installer refuses (Yarn v1, engine-strict): an error


def cli_engines(ctx: CheckContext, package: str, version: str, recorded: str | None = None) -> str | None:
    """``engines.node`` of ``package@version``: ``recorded`` (the lock's), else the npm data's, else
    ``runtimes.json``'s."""
    if recorded:
        return recorded
    snapshot = ctx.snapshot
    row = snapshot.npm_release(package, version) if snapshot is not None else None
    if row is not None and row.engines_node:
        return row.engines_node
    return load_runtimes().engines.get(package, {}).get(version)


def engine_strict(root: Path) -> bool:
    """Whether the project's ``.npmrc`` sets ``engine-strict=true`` (npm then refuses the install)."""
    from compat.project.formats.npmrc import npmrc_settings

    value = (npmrc_settings(root) or {}).get("engine-strict", "")  # unreadable: npm's default, not strict
    return value.split("#", 1)[0].split(";", 1)[0].strip().lower() == "true"


def file_nodes(mentions: list[Mention]) -> list[str]:
    """The Node.js versions one file names (``setup-node`` inputs, ``node:`` images)."""
    return [
        m.version.strip()
        for m in mentions
        if m.kind == "node-version" and m.version and not m.dynamic_version
    ]


def install_lines(ctx: CheckContext, every_package_json: bool) -> Iterator[tuple[Mention, str]]:
    """Each exact install of a CLI package in the repository files: the mention and its version.
    ``every_package_json``: also package.json entries (a Python project's; a TypeScript project's
    package.json is read with its lock instead)."""
    from compat.check.repository import repository_mentions

    for found in repository_mentions(ctx).mentions:
        if found.name not in CLI_PACKAGES:
            continue
        if found.kind == "npm-dependency" and not every_package_json:
            continue
        if found.kind not in ("npm-package", "npm-dependency"):
            continue
        if found.kind == "npm-package" and found.path.name == "package.json":
            continue  # a package.json script (an upgrade script): no install of this project's CLI
        version = exact_npm_version(found.version)
        if version is not None:
            yield found, version


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _node_admitted(node: str, engines: str) -> bool | None:
    """Whether the Node.js ``node`` (as written: ``22``, ``v22.18.0``) may satisfy ``engines``; None when
    it names no version."""
    from compat.typescript.rule_facts import node_outside

    version = written_node(node)
    return None if version is None else not node_outside(version, engines)


def outside_lines(ctx: CheckContext, node: Detected | None, every_package_json: bool) -> Iterator[CliNode]:
    """Every CLI install line whose Node.js ``engines.node`` excludes."""
    from compat.check.repository import repository_mentions

    found = repository_mentions(ctx)
    for line, version in install_lines(ctx, every_package_json):
        engines = cli_engines(ctx, line.name, version)
        if engines is None:
            continue
        own = file_nodes(found.in_file(line.path))
        if own:
            verdicts = [_node_admitted(text, engines) for text in own]
            if any(v is not False for v in verdicts):
                continue  # the file's own Node.js may satisfy it (or names none compat reads)
            written, source = own[0], _rel(ctx.facts.root, line.path)
        elif node is not None and not node.source.endswith("--version'"):
            if _node_admitted(node.raw, engines) is not False:
                continue
            written, source = node.raw, node.source
        else:
            continue
        yield CliNode(
            package=line.name,
            version=version,
            engines=engines,
            node=written,
            node_source=source,
            path=line.path,
            line=line.line,
            strict=False,  # npm i -g and a package.json beside no lock compat reads: npm's warning
        )
