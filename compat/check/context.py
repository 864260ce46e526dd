"""Everything a rule may consult, gathered once per run."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from compat.check.model import Environment, Resolved
from compat.check.shared import Memo, Shared
from compat.families import FAMILIES, Family
from compat.index.cached import CachedIndex
from compat.index.loader import no_index
from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease, Snapshot, TerraformFeature

if TYPE_CHECKING:
    from packaging.version import Version

    from compat.check.project import ProjectFacts
    from compat.project.local_bindings import LocalUsage
    from compat.typescript.context import TsRun

_RELEASE_LABEL: Shared[str] = Shared("the release the code is checked against, as worded in findings")


class CheckContext(Record):
    """Everything a rule may consult; a record: a pass that learns more returns it, and the engine builds
    the next context with it (``_replace``: the project rules see ``local``, the file rules of the main loop
    do not). ``shared`` is given by whoever builds a context for a run (a fresh ``Memo``)."""

    facts: ProjectFacts
    environment: Environment
    family: Family
    bindings: Resolved | None
    core: Resolved | None
    snapshot: Snapshot | None
    symbol_index: CachedIndex | None  # the symbol index of the release checked against (None: no index)
    features: list[TerraformFeature]
    shared: Memo  # per-run results rules share (see compat.check.shared)
    #: the index of the newest release of the family (for "newer than the pinned release"), loaded lazily
    newest_index: Callable[[], CachedIndex | None] = no_index
    local: LocalUsage | None = None  # imports of the bindings `cdktf get` generates (None: not scanned)
    #: the release the code is checked against when no manifest declares the bindings (an assumption)
    inferred: Resolved | None = None
    #: every other prebuilt package the project installs whose version is known (``google``, ``random`` ...)
    providers: tuple[Resolved, ...] = ()
    #: what the project's code imports: Python's top-level modules, TypeScript's npm packages
    imported: frozenset[str] = frozenset()
    #: a bindings source other than the family's AWS bindings that the context is aimed at
    #: (:func:`compat.check.passes.bindings_source.source_context`): its import name and how findings
    #: name its release; empty: the family's module and :meth:`release_label`
    source_module: str = ""
    source_label: str = ""
    #: a TypeScript project as its check read it (package.json, the lock, every file's reading): what a
    #: rule of both languages reads of it (:mod:`compat.typescript.rule_facts`); None for a Python project
    typescript: TsRun | None = None
    #: the installed prebuilt releases PyPI does not have, as their npm versions give them (a TypeScript
    #: project's npm-only releases, :func:`compat.typescript.npm_facts.npm_only_release`): what
    #: :meth:`release_of` answers where the snapshot has no row
    npm_only: tuple[BindingRelease, ...] = ()

    @property
    def package_module(self) -> str:
        return self.source_module or self.family.module

    @property
    def other_family(self) -> Family:
        return next(family for name, family in FAMILIES.items() if name != self.family.name)

    def imports_package(self, package: str) -> bool:
        """Whether the code imports ``package``: by its module in Python (``cdktf_cdktf_provider_aws``, the
        PyPI name with ``_``), by its own name in TypeScript (``@cdktf/provider-aws``)."""
        return package.replace("-", "_") in self.imported or package in self.imported

    def binding_release(self) -> BindingRelease | None:
        return self.release_of(self.bindings) if self.bindings is not None else None

    def release_of(self, resolved: Resolved, version: Version | None = None) -> BindingRelease | None:
        """The release record of the installed prebuilt package ``resolved`` (or of its ``version``): the
        snapshot's, else its npm-only release's (:attr:`npm_only`)."""
        if self.snapshot is None:
            return None
        wanted = resolved.version if version is None else version
        found = self.snapshot.binding(resolved.name, wanted)
        if found is None and self.npm_only:
            same = (r for r in self.npm_only if r.package == resolved.name and r.version == wanted)
            found = next(same, None)
        return found

    def core_release(self) -> CoreRelease | None:
        if self.snapshot is None or self.core is None:
            return None
        return self.snapshot.core(self.core.name, self.core.version)

    def qualified(self, module: str, name: str | None = None) -> str:
        dotted = f"{self.package_module}.{module}" if module else self.package_module
        return f"{dotted}.{name}" if name else dotted

    def terraform_file(self) -> str:
        """The project file the Terraform version came from (``.terraform-version``), else ``""``."""
        source = self.environment.terraform_source or ""
        return source if source and (self.facts.root / source).is_file() else ""

    def release_label(self) -> str:
        """``cdktf-cdktf-provider-aws 19.0.0``: what the code is checked against (worded once per run)."""
        if self.source_label:
            return self.source_label
        memo = self.shared
        return (
            memo[_RELEASE_LABEL]
            if _RELEASE_LABEL in memo
            else memo.keep(_RELEASE_LABEL, self._release_label())
        )

    def _release_label(self) -> str:
        if self.bindings is None and self.inferred is not None:
            return f"{self.inferred.name} {self.inferred.version} (inferred: not declared)"
        if self.bindings is None:
            return self.family.bindings
        return f"{self.bindings.name} {self.bindings.version}"
