"""IMP002: a name imported from (or read on) a bindings module that does not export it.

The fix renames to the construct of the same Terraform type in that module
(``S3BucketVersioning`` -> ``S3BucketVersioningA``) or points at the module it moved to.

In TypeScript, a class imported from a provider's root in the local bindings (``./.gen/providers/aws``):
from cdktf 0.13 on ``cdktf get`` writes one folder per resource and the root exports only namespaces.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Edit, Finding, RuleMeta
from compat.check.rules._symbols import Replacement, release_range, replacement
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.sources import SourceFile

META = RuleMeta(
    "IMP002",
    "import",
    "error",
    "import-name-missing",
    "Imported name is not exported by that module in the pinned release.",
)


def _suggest(ctx: CheckContext, module: str, name: str, repl: Replacement | None) -> str | None:
    if repl is not None and repl.module == module:
        return f"use {repl.name} ({repl.reason})"
    if repl is not None:
        return f"import {repl.name} from {ctx.qualified(repl.module)} ({repl.reason})"
    where = release_range(ctx, name)
    return f"{name} exists in {where}" if where else None


#: a TypeScript import of a class from a provider's root in the local bindings
TYPESCRIPT_MESSAGE = (
    "'{name}' is not exported by '{spec}': from cdktf 0.13 on, cdktf get writes one folder per resource and "
    "the provider's root exports only namespaces ({generator}); import it from its own folder (TS2305)"
)


def _typescript(ctx: CheckContext, facts: FileFacts) -> Iterator[Finding]:
    from compat.typescript.rule_facts import FOLDER_PER_RESOURCE, generator, local_layout, provider_imports

    file = facts.typescript
    layout = local_layout(ctx) if file is not None and file.imports else None
    if file is None or layout is None:
        return
    for item, below in provider_imports(ctx, file):
        if below[1] not in layout.providers or len(below) != 2:
            continue
        made_by = generator(ctx)
        if made_by is None or made_by.version < FOLDER_PER_RESOURCE:
            return
        for name in item.names:
            if not name.name[:1].isupper():
                continue
            yield META.finding(
                file.rel,
                name.line,
                name.column,
                TYPESCRIPT_MESSAGE.format(name=name.name, spec=item.specifier, generator=made_by.what),
                symbol=f"{item.specifier}.{name.name}",
                severity=None if made_by.certain else "warning",
            )


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    if facts.typescript is not None:
        yield from _typescript(ctx, facts)
        return
    index = ctx.symbol_index
    if index is None:
        return
    release = ctx.release_label()
    for item in facts.imported_names:
        exports = index.exports(item.module)
        if exports is None or item.name in exports:
            continue  # a missing module is IMP001's
        repl = replacement(index, item.module, item.name)
        edits: tuple[Edit, ...] = ()
        if repl is not None and repl.module == item.module:
            edits = (Edit(source.rel, item.line, item.column, item.name, repl.name),)
            if item.local == item.name:
                edits += tuple(
                    Edit(source.rel, use.line, use.column, item.name, repl.name)
                    for use in facts.name_uses
                    if use.local == item.local
                )
        yield META.finding(
            source.rel,
            item.line,
            item.column,
            f"{ctx.qualified(item.module)} has no {item.name} in {release}",
            symbol=ctx.qualified(item.module, item.name),
            suggestion=_suggest(ctx, item.module, item.name, repl),
            edits=edits,
        )
    for attr in facts.module_attributes:
        exports = index.exports(attr.module)
        if exports is None or attr.name in exports or attr.name.startswith("_"):
            continue
        repl = replacement(index, attr.module, attr.name)
        attr_edits: tuple[Edit, ...] = ()
        if repl is not None and repl.module == attr.module:
            attr_edits = (Edit(source.rel, attr.line, attr.column, attr.name, repl.name),)
        yield META.finding(
            source.rel,
            attr.line,
            attr.column,
            f"{ctx.qualified(attr.module)} has no {attr.name} in {release}",
            symbol=ctx.qualified(attr.module, attr.name),
            suggestion=_suggest(ctx, attr.module, attr.name, repl),
            edits=attr_edits,
        )


RULE = Rule(META, on_file=_check, needs_index=True, languages=EVERY_LANGUAGE)
