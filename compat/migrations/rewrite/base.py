"""The rewrite pipeline: command objects over one parsed file.

Every command looks at the ORIGINAL file to report what it cannot rewrite (so reported line
numbers are the user's), then transforms the current tree. Commands are independent and run in a
fixed order: calls first (they need the old import table), then module attributes, then from-imports,
then the package renames, so each command reads imports written in source-package terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from compat.migrations.model import SymbolResolution, Unresolved
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite.table import BindingTable, binding_table


@dataclass
class RewriteContext:
    """What a migration needs to rewrite one file."""

    resolver: Resolver  # source bindings release -> target bindings release
    source_package: str  # import name of the source bindings, e.g. "cdktf_cdktf_provider_aws"
    target_package: str  # import name of the target bindings, e.g. "cdktn_provider_aws"
    renames: dict[str, str] = field(default_factory=dict)  # top-level import renames, e.g. {"cdktf": "cdktn"}
    path: str = "<string>"
    notes: list[str] = field(default_factory=list)  # what the user should know of a rewrite that was made
    #: what the layout command has to follow: set by a command that renamed a name or an attribute
    #: (a callee may have changed length) or rewrote an import statement (its line may have grown)
    renamed: bool = False
    reimported: bool = False
    _table: tuple[cst.Module, BindingTable] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.source_package != self.target_package:
            self.renames.setdefault(self.source_package, self.target_package)

    def is_module(self, key: str) -> bool:
        source, target = self.resolver.source, self.resolver.target
        return source.exports(key) is not None or target.exports(key) is not None

    def table(self, module: cst.Module) -> BindingTable:
        """The imports of ``module`` (the last tree asked about is remembered: commands share it)."""
        if self._table is None or self._table[0] is not module:
            self._table = (module, binding_table(module, self.source_package, self.is_module))
        return self._table[1]

    def resolve(self, module: str, name: str) -> SymbolResolution:
        return self.resolver.resolve(module, name)

    def unresolved(self, line: int, symbol: str, reason: str, replacement: str | None = None) -> Unresolved:
        return Unresolved(self.path, line, symbol, reason, replacement)

    def note_reading(self, line: Callable[[], int], resolution: SymbolResolution) -> None:
        """Say so when a name the source release lacks was read as another (``check``'s suggestion).

        ``line`` is asked only then: positions cost a pass over the whole file."""
        for change in resolution.changes_of("intended"):
            note = f"{self.path}:{line()}: {change.detail}"
            if note not in self.notes:
                self.notes.append(note)


class RewriteCommand(Protocol):
    """One kind of rewrite: ``report`` sees the original file, ``apply`` the previous command's output."""

    name: str

    def report(self, wrapper: MetadataWrapper, ctx: RewriteContext) -> list[Unresolved]: ...

    def apply(self, module: cst.Module, ctx: RewriteContext) -> cst.Module: ...


@dataclass(frozen=True)
class RewriteResult:
    before: str
    after: str
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


def line_of(wrapper: MetadataWrapper, node: cst.CSTNode) -> int:
    position = wrapper.resolve(PositionProvider).get(node)
    return position.start.line if position is not None else 0
