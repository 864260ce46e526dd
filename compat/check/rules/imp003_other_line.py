"""IMP003: an import of the other line's packages (cdktf in a cdktn project, or the reverse).

CDK Terrain renamed the packages (``cdktf`` -> ``cdktn``, ``cdktf_cdktf_provider_aws`` ->
``cdktn_provider_aws``) and tells users to rename imports by hand; a missed one fails at import
time because the old package is no longer installed. The fix renames the dotted name.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Edit, Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile
from compat.lines import LINES

META = RuleMeta("IMP003", "import", "error", "import-other-line",
                "Import of the other line's package (cdktf in a cdktn project or the reverse).")


def _renames(ctx: CheckContext) -> dict[str, str]:
    """Top-level module of the other line -> the project's own, for packages the project does not install."""
    other = next(line for name, line in LINES.items() if name != ctx.line.name)
    installed = {p.name for p in (*ctx.facts.manifest_pins, *ctx.facts.lock_pins)}
    renames = {}
    if canonicalize_name(other.core) not in installed:
        renames[other.core] = ctx.line.core
    if canonicalize_name(other.bindings) not in installed:
        renames[other.module] = ctx.line.module
    return renames


def other_line_modules(ctx: CheckContext) -> frozenset[str]:
    """What the walk should record as foreign imports (empty when the project pins neither line)."""
    if ctx.bindings is None and ctx.core is None:
        return frozenset()
    return frozenset(_renames(ctx))


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    if not facts.foreign_imports:
        return
    renames = _renames(ctx)
    for item in facts.foreign_imports:
        new_top = renames.get(item.top)
        if new_top is None:
            continue
        new = new_top + item.dotted[len(item.top):]
        edits = (Edit(source.rel, item.line, item.column, item.dotted, new),) if item.fixable else ()
        yield META.finding(source.rel, item.line, item.column,
                           f"{item.dotted} belongs to the {'cdktn' if ctx.line.name == 'cdktf' else 'cdktf'} "
                           f"line, which this {ctx.line.name} project does not install",
                           symbol=item.dotted, suggestion=f"import {new}", edits=edits)


RULE = Rule(META, on_file=_check)
