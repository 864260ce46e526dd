"""IMP004: an import of the local bindings package that no cdktf.json entry generates.

``from imports.google.x import Y`` needs a ``terraformProviders`` (or ``terraformModules``) entry
that ``cdktf get`` turns into ``imports/google``; without one the next ``cdktf get`` creates
nothing there and the import fails. A package already in the checkout (committed or hand-written
under ``codeMakerOutput``) imports today and is left alone, and so is a name that a module entry's
source mentions (go-getter sources have spellings the naming rules may not foresee), and so is a
module that ``cdk8s import`` may write into the same folder (:mod:`compat.project.cdk8s`).

In TypeScript, a relative import of ``<codeMakerOutput>/providers/<folder>`` that no terraformProviders
entry writes, judged file by file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.sources import SourceFile
from compat.project.model import LocalBindings

if TYPE_CHECKING:
    from compat.project.cdk8s import Cdk8sImports

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


#: a TypeScript import of local bindings that no entry generates
TYPESCRIPT_MESSAGE = (
    "'{spec}' imports local bindings of provider '{provider}', but no cdktf.json terraformProviders entry "
    "generates them: cdktf get never writes {folder}/providers/{provider}"
)


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    """A TypeScript file's imports (a Python project's are judged as a whole, by :func:`_check`)."""
    file = facts.typescript
    if file is None or not file.imports:
        return
    from compat.typescript.rule_facts import local_layout, provider_imports

    layout = local_layout(ctx)
    if layout is None:
        return
    for item, below in provider_imports(ctx, file):
        if below[1] not in layout.providers:
            message = TYPESCRIPT_MESSAGE.format(spec=item.specifier, provider=below[1], folder=layout.folder)
            yield META.finding(file.rel, item.line, item.column, message, symbol=item.specifier)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        return  # judged file by file (:func:`_file`)
    usage = ctx.local
    if usage is None or ctx.facts.cdktf_json is None:
        return
    package = usage.bindings.package
    cdk8s: Cdk8sImports | None = None
    cdk8s_read = False  # cdk8s.yaml is read at the first import nothing else explains
    for item in usage.imports:
        top = item.dotted.split(".")[0]
        if item.entry is not None or top in usage.present or _mentioned(usage.bindings, top):
            continue
        if not cdk8s_read:
            from compat.project.cdk8s import cdk8s_imports  # only a project with such an import reads it

            cdk8s, cdk8s_read = cdk8s_imports(ctx.facts.root, usage.bindings.folder), True
        if cdk8s is not None and cdk8s.may_write(top):
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


RULE = Rule(META, on_file=_file, on_project=_check, languages=EVERY_LANGUAGE)
