"""VER016: repository files install or run the other line's CLI, core or bindings.

A project on cdktn whose CI still runs ``npm i -g cdktf-cli@0.21.0`` synthesizes with the old CLI
(its ``get`` generates bindings importing ``cdktf``); a package.json, Makefile, Dockerfile or
workflow naming ``cdktf`` next to a ``cdktn`` core is a leftover of a half-done move (and the other
way round). The mentions come from :mod:`compat.mentions` (package.json, GitHub Actions, GitLab CI,
Makefile, Dockerfile, shell scripts, pre-commit), one finding per file, its other places related.
Installing the other line's packages is an error; only running its CLI by name (``cdktf synth``,
which may resolve to whatever is on PATH) is a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from compat.check.context import CheckContext
from compat.check.model import Finding, Location, RuleMeta
from compat.check.rules.base import Rule
from compat.lines import CDKTF, Line
from compat.mentions.model import Mention

META = RuleMeta(
    "VER016",
    "version",
    "error",
    "other-line-tools",
    "Repository files (CI, package.json, Makefile, Dockerfile) install or run the other "
    "line's CLI, core or bindings.",
)

_INSTALLS = frozenset({"npm-dependency", "npm-package", "python-package", "action", "action-input"})


def names_line(mention: Mention, line: Line) -> bool:
    """Whether ``mention`` installs or runs a tool of ``line``."""
    name = mention.name
    if mention.kind == "cli-command":
        return name == line.core
    if mention.kind in ("action", "action-input"):
        return line is CDKTF and (name == "hashicorp/terraform-cdk-action" or mention.kind == "action-input")
    if mention.kind not in _INSTALLS:
        return False
    prefix = "cdktf-cdktf-provider-" if line is CDKTF else "cdktn-provider-"
    return name in (line.core, f"{line.core}-cli") or name.startswith((f"@{line.name}/", prefix))


def _what(mention: Mention) -> str:
    if mention.kind == "cli-command":
        return f"runs {mention.name}"
    if mention.kind == "action":
        return f"uses {mention.name} (installs cdktf-cli)"
    version = f" {mention.version}" if mention.version else ""
    return f"installs {mention.name}{version}"


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.core is None and ctx.bindings is None:
        return  # the project's line is not established: nothing to be a leftover of
    from compat.check.repository import repository_mentions

    other = ctx.other_line
    root = ctx.facts.root
    found = repository_mentions(ctx)
    by_file: dict[Path, list[Mention]] = {}
    for mention in found.mentions:
        if names_line(mention, other) and mention.kind != "action-input":
            by_file.setdefault(mention.path, []).append(mention)
    own = ctx.core or ctx.bindings
    assert own is not None
    for path, mentions in by_file.items():
        rel = Path(os.path.relpath(path, root)).as_posix()
        first = mentions[0]
        what = sorted({_what(m) for m in mentions})
        installs = any(m.kind in _INSTALLS for m in mentions)
        message = (
            f"{rel} {', '.join(what)} while the project installs {own.name} {own.version}: "
            f"a leftover of the {other.name} line"
            + (f" (the {other.name} CLI would synthesize a {ctx.line.name} app)" if installs else "")
        )
        related = tuple(Location(rel, m.line, m.column, _what(m)) for m in mentions[1:])
        yield META.finding(
            rel,
            first.line,
            first.column,
            message,
            symbol=first.name,
            suggestion=f"run 'compat migrate --to {ctx.line.name}' (it moves these and lists what it cannot)",
            severity=None if installs else "warning",
            related=related,
        )


RULE = Rule(META, on_project=_check)
