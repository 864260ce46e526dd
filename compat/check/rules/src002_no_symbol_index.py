"""SRC002: no symbol index for the pinned release, so the import and api rules could not run.

On a TypeScript project, each imported prebuilt package whose installed release has no symbol index (an
info: its imports and props were not checked), in package.json's order.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

META = RuleMeta(
    "SRC002",
    "source",
    "warning",
    "no-symbol-index",
    "The pinned release has no symbol index: import and api rules were skipped.",
)


#: a TypeScript project's prebuilt package without a symbol index
TYPESCRIPT_MESSAGE = (
    "{name} {version} has no symbol index here: its imports and props were not checked "
    "(compat index build {pypi}=={version} indexes it{how})"
)
#: how an npm-only release (PyPI has no wheel of it) is indexed
NPM_ONLY = ", from its npm tarball: PyPI has no such release"


def _typescript(ctx: CheckContext) -> Iterator[Finding]:
    from compat.typescript.context import prebuilt_packages
    from compat.typescript.rule_facts import package_json_rel, ts_run

    run = ts_run(ctx)
    for name in prebuilt_packages(run.project) if run.unindexed else ():
        found = run.unindexed.get(name)
        if found is not None:
            how = NPM_ONLY if found.npm_only else ""
            message = TYPESCRIPT_MESSAGE.format(name=name, version=found.version, pypi=found.pypi, how=how)
            yield META.finding(package_json_rel(run), found.line, 0, message, symbol=name, severity="info")


def _project(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _typescript(ctx)
        return
    bindings = ctx.bindings
    if bindings is None or ctx.symbol_index is not None:
        return
    pin = bindings.pin
    yield META.finding(
        pin.path if pin else "",
        pin.line if pin else 0,
        1,
        f"no symbol index for {bindings.name} {bindings.version}: import and api rules were skipped",
        symbol=f"{bindings.name}=={bindings.version}",
        suggestion="run 'compat index build' or check without --offline",
    )


RULE = Rule(META, on_project=_project, languages=EVERY_LANGUAGE)
