"""Local bindings in ``compat check``: which cdktf.json entries the code imports, and their API.

What ``cdktf get`` generates is :mod:`compat.project.local_bindings`; here the project's files
that name the ``codeMakerOutput`` package are scanned once for its imports, the result goes into the context
(``ctx.local``, read by VER001, VER010 and IMP004), and the import and api rules run a second time
over ``imports.aws...`` against a stand-in release (:mod:`compat.check.passes.stand_in`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from compat.check.code import CodeReader
from compat.check.context import CheckContext
from compat.check.model import Finding
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile
from compat.index.model import IndexLoader
from compat.project.local_bindings import InstalledCore, LocalUsage, layout_of_core
from compat.project.model import LocalBindings
from compat.record import Record

if TYPE_CHECKING:
    from compat.project.layout_stand_in import LayoutStandIn


class LocalPlan(Record):
    """What the pass reads, known before the files are parsed (the engine keeps only the trees of the
    files that name a module in ``wants``)."""

    bindings: LocalBindings
    prebuilt_imported: bool  # some file names the prebuilt bindings' module

    @property
    def wants(self) -> frozenset[str]:
        return frozenset({self.bindings.package}) if self.bindings.package else frozenset()


def plan_local(ctx: CheckContext, prebuilt_named: bool) -> LocalPlan | None:
    """The local bindings cdktf.json configures (None without a readable one); ``prebuilt_named``: some
    file's text names the prebuilt bindings' module."""
    bindings = ctx.facts.project.generated
    if bindings is None:
        return None
    return LocalPlan(bindings, prebuilt_named)


def gather(ctx: CheckContext, plan: LocalPlan, files: Sequence[SourceFile], code: CodeReader) -> LocalUsage:
    """The imports of the local bindings in ``files`` (parsed once by the engine; at least every file
    naming the package)."""
    root, bindings = ctx.facts.root, plan.bindings
    imports = tuple(i for s in files for i in code.local_imports(root, s, bindings))
    folder = root / bindings.folder
    present = (
        frozenset(p.name.removesuffix(".py") for p in folder.iterdir()) if folder.is_dir() else frozenset()
    )
    return LocalUsage(bindings, imports, present, plan.prebuilt_imported)


class LocalPass(Record):
    """What the pass found: the usage (None without cdktf.json), the stand-in findings and notes."""

    usage: LocalUsage | None
    findings: list[Finding]
    notes: list[str]


def check_local_bindings(
    ctx: CheckContext,
    plan: LocalPlan | None,
    rules: list[Rule],
    files: Sequence[SourceFile],
    code: CodeReader,
    offline: bool,
    index_loader: IndexLoader,
) -> LocalPass:
    """The local-bindings usage (the project rules' context is built with it) and the stand-in findings
    and notes; ``files``: the parsed files the engine kept (at least every file naming the package)."""
    usage = gather(ctx, plan, files, code) if plan is not None else None
    if usage is None or not usage.imports:
        return LocalPass(usage, [], [])
    from compat.check.passes.stand_in import (  # only for code importing local bindings
        LAYOUT_STAND_INS,
        check_against_stand_ins,
    )

    findings, notes = check_against_stand_ins(ctx, usage, rules, files, code, offline, index_loader)
    if any(r.meta.code == "IMP005" for r in rules):
        ctx.shared.keep(LAYOUT_STAND_INS, _layout_stand_ins(ctx, usage, offline, index_loader))
    return LocalPass(usage, findings, notes)


def _layout_stand_ins(
    ctx: CheckContext, usage: LocalUsage, offline: bool, index_loader: IndexLoader
) -> dict[str, LayoutStandIn]:
    """The stand-in of each provider package whose classes the code imports from the package itself,
    when the core's ``get`` writes one module per resource (opened only then: most projects have none)."""
    core = InstalledCore(ctx.core.name, ctx.core.version) if ctx.core is not None else None
    if core is None or layout_of_core(core) != "resource":
        return {}
    from compat.project.layout_stand_in import choose_stand_in, indexed_releases, open_stand_in

    found: dict[str, LayoutStandIn] = {}
    providers = ctx.facts.project.cdktf.providers if ctx.facts.project.cdktf is not None else []
    for item in usage.imports:
        entry = item.entry
        if entry is None or entry.kind != "provider" or "." in item.dotted or item.dotted in found:
            continue
        if not any(n[:1].isupper() for n in item.names) or not 0 <= entry.position < len(providers):
            continue
        requirement = providers[entry.position].requirement
        choice = choose_stand_in(
            ctx.snapshot, requirement.source, requirement.constraint, core, indexed_releases
        )
        found[item.dotted] = open_stand_in(choice, index_loader, offline)
    return found
