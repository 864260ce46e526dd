"""One bindings source: a module the code imports, checked against the index of one release.

The import and api rules read the context's index, module and release label. The family's AWS
bindings are the engine's own context; every other source runs the same rules through
:func:`source_context` (a :class:`CheckContext` with its ``source_module`` and ``source_label``):
the bindings ``cdktf get`` generates (``imports.aws``, against a prebuilt release standing in,
:mod:`compat.check.passes.stand_in`) and every other prebuilt package the project installs
(``cdktf_cdktf_provider_random``, against its own release, :mod:`compat.check.passes.prebuilt`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from compat.check.analysis import FileFacts
from compat.check.code import CodeReader
from compat.check.context import CheckContext
from compat.check.model import Finding, Resolved
from compat.check.rules.base import Rule
from compat.check.shared import Memo
from compat.check.sources import SourceFile
from compat.index.cached import CachedIndex
from compat.index.model import ReleaseIndex
from compat.record import Record


class BindingsSource(Record):
    """The module the code imports, the index of the release it is checked against, and that release."""

    module: str  # the import name: "cdktf_cdktf_provider_random", "imports.aws.aws"
    symbols: ReleaseIndex  # the symbol index of ``release``
    release: Resolved  # the package, version and how that version was decided
    label: str  # how findings name the release: "cdktf-cdktf-provider-random 11.0.0"


def source_context(ctx: CheckContext, source: BindingsSource) -> CheckContext:
    """``ctx`` re-aimed at ``source`` (a fresh per-run cache: rules cache what they read of the index;
    no newer release is looked at)."""
    return CheckContext(
        facts=ctx.facts,
        environment=ctx.environment,
        family=ctx.family,
        bindings=source.release,
        core=ctx.core,
        snapshot=ctx.snapshot,
        symbol_index=CachedIndex(source.symbols),
        shared=Memo(),
        features=ctx.features,
        source_module=source.module,
        source_label=source.label,
    )


def check_files(
    ctx: CheckContext, rules: Iterable[Rule], files: Iterable[SourceFile], code: CodeReader
) -> Iterator[tuple[SourceFile, FileFacts, Finding]]:
    """Every finding of the file rules over ``files`` (parsed ones, read by ``code``), with the file and
    what was read of it."""
    index = ctx.symbol_index
    assert index is not None
    file_rules = [rule for rule in rules if rule.on_file is not None]
    for source in files:
        if source.tree is None:
            continue
        try:
            facts = code.analyse(source, ctx.package_module, ctx.family.core, index.is_module, frozenset())
            found = [
                finding
                for rule in file_rules
                if rule.on_file is not None
                for finding in rule.on_file(ctx, source, facts)
            ]
        except RecursionError:  # the engine's own walk notes the file
            continue
        for finding in found:
            yield source, facts, finding
