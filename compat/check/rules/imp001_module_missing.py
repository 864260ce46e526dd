"""IMP001: an imported bindings module that the pinned release does not have.

In TypeScript, an import of the local bindings by a bare specifier (``.gen/providers/aws``, no ``./``):
Node and tsc look for a package of that name, unless a tsconfig.json maps it.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Edit, Finding, RuleMeta
from compat.check.rules._symbols import release_range, replacement
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.sources import SourceFile

META = RuleMeta(
    "IMP001",
    "import",
    "error",
    "import-module-missing",
    "Imported module does not exist in the pinned release of the bindings.",
)


#: a TypeScript import of the local bindings by a bare specifier
TYPESCRIPT_MESSAGE = (
    "'{spec}' is a bare specifier (no './'): Node and tsc look for a package named '{package}' and fail "
    "(TS2307); no tsconfig baseUrl or paths maps it"
)


def _typescript(ctx: CheckContext, facts: FileFacts) -> Iterator[Finding]:
    from compat.typescript.rule_facts import bare_specifiers_mapped, local_layout

    file, layout = facts.typescript, local_layout(ctx)
    if file is None or layout is None:
        return
    for item in file.imports:
        spec = item.specifier
        if spec != layout.folder and not spec.startswith(layout.folder + "/"):
            continue
        if not bare_specifiers_mapped(ctx, file):
            message = TYPESCRIPT_MESSAGE.format(spec=spec, package=spec.split("/")[0])
            yield META.finding(file.rel, item.line, item.column, message, symbol=spec)


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    if facts.typescript is not None:
        yield from _typescript(ctx, facts)
        return
    index = ctx.symbol_index
    if index is None:
        return
    # one lookup per module asked (the release's manifest is not listed: 2,200 modules for the AWS bindings)
    by_statement: dict[int, list[tuple[str, str, int, int, tuple[int, int, str] | None]]] = {}
    for item in facts.imported_names:
        if item.module and not index.is_module(item.module):
            by_statement.setdefault(item.statement_line, []).append(
                (item.module, item.name, item.line, item.column, item.module_span)
            )
    release = ctx.release_label()
    for rows in by_statement.values():
        module = rows[0][0]
        span = rows[0][4]
        targets = {name: replacement(index, module, name) for _, name, _, _, _ in rows}
        hints = []
        for name, repl in targets.items():
            if repl is None:
                where = release_range(ctx, name)
                hints.append(f"{name}: not in {release}" + (f" (exists in {where})" if where else ""))
            else:
                hints.append(f"{name} is now {ctx.qualified(repl.module, repl.name)}")
        edits: tuple[Edit, ...] = ()
        modules = {r.module for r in targets.values() if r is not None}
        same_names = all(r is not None and r.name == n for n, r in targets.items())
        if span and len(modules) == 1 and same_names:
            line, column, text = span
            edits = (Edit(source.rel, line, column, text, ctx.qualified(modules.pop())),)
        line, column = (span[0], span[1]) if span else (rows[0][2], rows[0][3])
        yield META.finding(
            source.rel,
            line,
            column,
            f"module {ctx.qualified(module)} does not exist in {release}",
            symbol=ctx.qualified(module),
            suggestion="; ".join(hints) or None,
            edits=edits,
        )
    for imported in facts.imported_modules:
        if not index.is_module(imported.module):
            yield META.finding(
                source.rel,
                imported.line,
                imported.column,
                f"module {ctx.qualified(imported.module)} does not exist in {release}",
                symbol=ctx.qualified(imported.module),
            )


RULE = Rule(META, on_file=_check, needs_index=True, languages=EVERY_LANGUAGE)
