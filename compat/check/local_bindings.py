"""Local bindings in ``compat check``: which cdktf.json entries the code imports, and their API.

What ``cdktf get`` generates is :mod:`compat.project.local_bindings`; here the project's files
that name the ``codeMakerOutput`` package are scanned once for its imports, the result goes into the context
(``ctx.local``, read by VER001, VER010 and IMP004), and the import and api rules run a second time
over ``imports.aws...`` against a stand-in release (:mod:`compat.check.stand_in`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from compat.check.code import CodeReader
from compat.check.context import CheckContext
from compat.check.model import Finding
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile
from compat.index.model import ReleaseIndex
from compat.project.local_bindings import LocalImport
from compat.project.model import Generated, LocalBindings

IndexLoader = Callable[[str, str, bool], "ReleaseIndex | None"]


class LocalUsage(NamedTuple):
    """The project's local bindings and every import of them."""

    bindings: LocalBindings
    imports: tuple[LocalImport, ...]
    present: frozenset[str]  # top-level names that exist under codeMakerOutput in the checkout
    prebuilt_imported: bool  # some file names the prebuilt bindings' module

    def of(self, entry: Generated | None) -> list[LocalImport]:
        return [i for i in self.imports if entry is not None and i.entry == entry]

    def of_provider(self, position: int) -> list[LocalImport]:
        """Imports of what the ``position``-th terraformProviders entry generates."""
        return self.of(self.bindings.provider(position))

    def local_only(self, position: int) -> bool:
        """The code imports that provider's generated bindings and never the prebuilt package."""
        return bool(self.of_provider(position)) and not self.prebuilt_imported

    def where(self, position: int) -> str:
        """``main.py:5`` of the first import of that provider's bindings, else ``""``."""
        found = self.of_provider(position)
        return f"{found[0].path}:{found[0].line}" if found else ""


class LocalPlan(NamedTuple):
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
    present = frozenset(p.name.removesuffix(".py") for p in folder.iterdir()) if folder.is_dir() \
        else frozenset()
    return LocalUsage(bindings, imports, present, plan.prebuilt_imported)


def check_local_bindings(ctx: CheckContext, plan: LocalPlan | None, rules: list[Rule],
                         files: Sequence[SourceFile], code: CodeReader, offline: bool,
                         index_loader: IndexLoader) -> tuple[list[Finding], list[str]]:
    """Record the local-bindings usage in ``ctx.local``; the stand-in findings and notes."""
    ctx.local = gather(ctx, plan, files, code) if plan is not None else None
    if ctx.local is None or not ctx.local.imports:
        return [], []
    from compat.check.stand_in import check_against_stand_ins  # only for code importing local bindings

    return check_against_stand_ins(ctx, ctx.local, rules, offline, index_loader)
