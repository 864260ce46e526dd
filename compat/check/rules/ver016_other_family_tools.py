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
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.families import CDKTF, Family
from compat.mentions.model import Mention
from compat.pep503 import canonical
from compat.providers import provider_package

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


def _built_for_other_core(ctx: CheckContext, mention: Mention) -> bool:
    """Whether a prebuilt package the mention names is built for the other family's core: its name
    says the family, but cdktn-io's first releases (``@cdktn/provider-aws`` 21.23.0 to 22.1.0) peer on
    ``cdktf``. Judged by the release the project installs, else by every release of the package; a
    package the release data does not know goes by its name."""
    if provider_package(mention.name) is None or ctx.snapshot is None:
        return True  # a core or a CLI: its name is its family
    name = canonical(mention.name)
    installed = next((r for r in (ctx.bindings, *ctx.providers) if r and canonical(r.name) == name), None)
    releases = (
        [ctx.release_of(installed._replace(name=mention.name))]  # npm-only: its npm record
        if installed is not None
        else ctx.snapshot.bindings(mention.name)
    )
    cores = {release.core.name for release in releases if release is not None and release.core is not None}
    return not cores or cores == {ctx.other_family.core}


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.core is None and ctx.bindings is None:
        return  # the project's family is not established: nothing to be a leftover of
    from compat.check.repository import repository_mentions

    other = ctx.other_family
    root = ctx.facts.root
    found = repository_mentions(ctx)
    by_file: dict[Path, list[Mention]] = {}
    for mention in found.mentions:
        if (
            names_family(mention, other)
            and mention.kind != "action-input"
            and _built_for_other_core(ctx, mention)
        ):
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


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
