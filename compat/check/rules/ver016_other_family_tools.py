"""VER016: repository files install or run the other family's CLI, core or bindings.

A project on cdktn whose CI still runs ``npm i -g cdktf-cli@0.21.0`` synthesizes with the old CLI
(its ``get`` generates bindings importing ``cdktf``); a package.json, Makefile, Dockerfile or
workflow naming ``cdktf`` next to a ``cdktn`` core is a leftover of a half-done move (and the other
way round). The mentions come from :mod:`compat.mentions` (package.json, GitHub Actions, GitLab CI,
Makefile, Dockerfile, shell scripts, pre-commit), one finding per file, its other places related.
Installing the other family's packages is an error; only running its CLI by name (``cdktf synth``,
which may resolve to whatever is on PATH) is a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from compat.check.context import CheckContext
from compat.check.model import Finding, Location, RuleMeta
from compat.check.rules.base import Rule
from compat.families import CDKTF, Family
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


def names_family(mention: Mention, family: Family) -> bool:
    """Whether ``mention`` installs or runs a tool of ``line``."""
    name = mention.name
    if mention.kind == "cli-command":
        return name == family.core
    if mention.kind in ("action", "action-input"):
        return family is CDKTF and (
            name == "hashicorp/terraform-cdk-action" or mention.kind == "action-input"
        )
    if mention.kind not in _INSTALLS:
        return False
    prefix = "cdktf-cdktf-provider-" if family is CDKTF else "cdktn-provider-"
    return name in (family.core, f"{family.core}-cli") or name.startswith((f"@{family.name}/", prefix))


def _what(mention: Mention) -> str:
    if mention.kind == "cli-command":
        return f"runs {mention.name}"
    if mention.kind == "action":
        return f"uses {mention.name} (installs cdktf-cli)"
    version = f" {mention.version}" if mention.version else ""
    return f"installs {mention.name}{version}"


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.core is None and ctx.bindings is None:
        return  # the project's family is not established: nothing to be a leftover of
    from compat.check.repository import repository_mentions

    other = ctx.other_family
    root = ctx.facts.root
    found = repository_mentions(ctx)
    by_file: dict[Path, list[Mention]] = {}
    for mention in found.mentions:
        if names_family(mention, other) and mention.kind != "action-input":
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
            + (f" (the {other.name} CLI would synthesize a {ctx.family.name} app)" if installs else "")
        )
        related = tuple(Location(rel, m.line, m.column, _what(m)) for m in mentions[1:])
        yield META.finding(
            rel,
            first.line,
            first.column,
            message,
            symbol=first.name,
            suggestion=f"run 'compat migrate --to {ctx.family.name}' "
            "(it moves these and lists what it cannot)",
            severity=None if installs else "warning",
            related=related,
        )


RULE = Rule(META, on_project=_check)
