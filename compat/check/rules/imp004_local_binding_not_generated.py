"""IMP004: an import of the local bindings package that no cdktf.json entry generates.

``from imports.google.x import Y`` needs a ``terraformProviders`` (or ``terraformModules``) entry
that ``cdktf get`` turns into ``imports/google``; without one the next ``cdktf get`` creates
nothing there and the import fails. A package already in the checkout (committed or hand-written
under ``codeMakerOutput``) imports today and is left alone, and so is a name that a module entry's
source mentions (go-getter sources have spellings the naming rules may not foresee).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.project.model import LocalBindings

META = RuleMeta(
    "IMP004",
    "import",
    "error",
    "local-binding-not-generated",
    "Import of a local bindings package that no cdktf.json entry generates.",
)


def _mentioned(bindings: LocalBindings, top: str) -> bool:
    spellings = {top.lower(), top.lower().replace("_", "-")}
    return any(e.kind == "module" and any(s in e.raw.lower() for s in spellings) for e in bindings.entries)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    usage = ctx.local
    if usage is None or ctx.facts.cdktf_json is None:
        return
    package = usage.bindings.package
    for item in usage.imports:
        top = item.dotted.split(".")[0]
        if item.entry is not None or top in usage.present or _mentioned(usage.bindings, top):
            continue
        known = ", ".join(e.name for e in usage.bindings.entries) or "none"
        yield META.finding(
            item.path,
            item.line,
            item.column,
            f"{package}.{top} is not generated: no terraformProviders or terraformModules entry of "
            f"{ctx.facts.cdktf_json} makes '{top}' (it generates: {known}), so 'cdktf get' leaves "
            f"{usage.bindings.folder}/{top} absent",
            symbol=f"{package}.{item.dotted}",
            suggestion=f"add the provider or module that {package}.{top} comes from to "
            f"{ctx.facts.cdktf_json} and run 'cdktf get'",
        )


RULE = Rule(META, on_project=_check)
