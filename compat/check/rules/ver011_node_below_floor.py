"""VER011: the project's Node.js is below what the installed core or bindings declare.

jsii runs every synth in Node.js; below ``engines.node`` npm refuses or jsii fails at start. The
Node.js comes from ``--node``, ``.nvmrc``, ``.node-version``, ``.tool-versions`` (an error), or only
from PATH (a warning: that is the machine running compat, maybe not the one that synthesizes).

On a TypeScript project the floors are the ``engines.node`` of each installed core and prebuilt package
(the lock's record, else npm's), and Node.js counts only when the project names it (``--node``,
``.nvmrc``, ``.node-version``, ``.tool-versions``): the ``node`` on this machine's PATH says nothing of
the CI's.

The CLI package's own ``engines.node`` (``cdktn-cli`` 0.24: ``>=22.19.0``) is checked too, where
package.json or an install line in CI installs it (:mod:`compat.check.rules._cli_node`): a warning, as
npm and pnpm only warn, an error where the installer refuses (Yarn v1, ``engine-strict``).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._cli_node import CLI_PACKAGES, CliNode, cli_engines, engine_strict, outside_lines
from compat.check.rules._node import below, floors, on_path, project_file
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.versions.node import engines_floor

META = RuleMeta(
    "VER011",
    "version",
    "error",
    "node-below-floor",
    "The project's Node.js is older than the installed core or bindings require.",
)


#: a TypeScript project's Node.js outside a package's ``engines.node``
NPM_MESSAGE = "{name} needs Node.js {floor} (engines.node), but the project runs Node.js {node} ({source})"


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """``engines.node`` of an installed core or prebuilt release that the project's Node.js is outside."""
    from compat.typescript.rule_facts import node_engines, node_outside, relpath, ts_run

    project = ts_run(ctx).project
    node = ctx.environment.node
    if node is None or node.source.endswith("--version'") or project.manifest is None:
        return
    for name, floor in sorted(node_engines(ctx).items()):
        if not node_outside(node.version, floor):
            continue
        declared = project.manifest.declared(name)
        yield META.finding(
            relpath(project.root, project.manifest.path),
            declared.line if declared else 0,
            0,
            NPM_MESSAGE.format(name=name, floor=floor, node=node.raw, source=node.source),
            symbol=name,
        )


#: why a CLI below its ``engines.node`` is a warning (see :mod:`compat.check.rules._cli_node`)
CLI_WARNING = "npm and pnpm warn (EBADENGINE) and install it on a Node.js it does not support"
CLI_STRICT = "{installer} refuses to install it"


def _cli_finding(ctx: CheckContext, found: CliNode, installer: str | None = None) -> Finding:
    from compat.typescript.rule_facts import relpath

    message = NPM_MESSAGE.format(
        name=f"{found.package} {found.version}",
        floor=found.engines,
        node=found.node,
        source=found.node_source,
    )
    floor = engines_floor(found.engines)
    message += ": " + (CLI_STRICT.format(installer=installer) if installer else CLI_WARNING)
    return META.finding(
        relpath(ctx.facts.root, found.path),
        found.line,
        0,
        message,
        symbol=found.package,
        suggestion=f"use Node.js {floor} or newer" if floor else f"use a Node.js that {found.engines} admits",
        severity=None if installer else "warning",
    )


def _ts_cli(ctx: CheckContext) -> Iterator[Finding]:
    """The CLI package.json installs (its lock's version, else an exact pin) below its engines."""
    from compat.typescript.rule_facts import node_outside, ts_run

    project = ts_run(ctx).project
    node = ctx.environment.node
    if node is None or node.source.endswith("--version'") or project.manifest is None:
        return
    lock = project.lock
    installer = "Yarn v1" if lock is not None and lock.kind == "yarn" else None
    if installer is None and engine_strict(project.root):
        installer = "npm with engine-strict"
    for name in CLI_PACKAGES:
        installed = project.installed(name)
        if not installed.certain or installed.version is None:
            continue
        recorded = installed.locked.engines_node if installed.locked is not None else None
        engines = cli_engines(ctx, name, installed.version, recorded)
        if engines is None or not node_outside(node.version, engines):
            continue
        declared = project.manifest.declared(name)
        found = CliNode(
            package=name,
            version=installed.version,
            engines=engines,
            node=node.raw,
            node_source=node.source,
            path=project.manifest.path,
            line=declared.line if declared else 0,
            strict=installer is not None,
        )
        yield _cli_finding(ctx, found, installer)


def _cli(ctx: CheckContext) -> Iterator[Finding]:
    typescript = ctx.typescript is not None
    if typescript:
        yield from _ts_cli(ctx)
    for found in outside_lines(ctx, ctx.environment.node, every_package_json=not typescript):
        yield _cli_finding(ctx, found)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _cli(ctx)
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    node = ctx.environment.node
    if node is None:
        return
    failing = [floor for floor in floors(ctx) if below(node.version, floor.version)]
    if not failing:
        return
    floor = max(failing, key=lambda f: f.version)
    where = project_file(ctx, node)
    message = (
        f"{floor.what} needs Node.js >= {floor.version} ({floor.source}); "
        f"the project's Node.js is {node.raw} (from {node.source})"
    )
    if on_path(node):
        message += ": found on PATH only, assumed to be the one that synthesizes"
    yield META.finding(
        where,
        1 if where else 0,
        1 if where else 0,
        message,
        symbol=f"node {node.raw}",
        suggestion=f"use Node.js {floor.version} or newer" + (f" (set it in {where})" if where else ""),
        severity="warning" if on_path(node) else None,
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
