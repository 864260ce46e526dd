"""The runner: every rewrite command over one file, in a fixed order.

It sits above :mod:`~compat.migrations.rewrite.base` and the commands, which import only ``base``:
the commands never know the runner, so the package has no import cycle.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper

from compat.errors import CompatError
from compat.migrations.model import Unresolved
from compat.migrations.rewrite.base import RewriteCommand, RewriteContext, RewriteResult
from compat.migrations.rewrite.calls import FixCalls
from compat.migrations.rewrite.imports import RewriteFromImports
from compat.migrations.rewrite.layout import KeepAlignment
from compat.migrations.rewrite.modules import RewriteModuleAttributes
from compat.migrations.rewrite.packages import RenamePackages
from compat.parse_guard import too_complex


def default_commands() -> list[RewriteCommand]:
    return [FixCalls(), RewriteModuleAttributes(), RewriteFromImports(), RenamePackages(), KeepAlignment()]


def rewrite_source(
    source: str, ctx: RewriteContext, commands: list[RewriteCommand] | None = None
) -> RewriteResult:
    """Rewrite one Python file; raises :class:`CompatError` when it does not parse."""
    if (reason := too_complex(source)) is not None:  # LibCST would crash on it: reported, left as is
        return RewriteResult(source, source, (Unresolved(ctx.path, 1, "<file>", reason),))
    try:
        original = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise CompatError(f"{ctx.path}: cannot parse ({error.message} at line {error.raw_line})") from error
    wrapper = MetadataWrapper(original, unsafe_skip_copy=True)  # no command changes a tree in place
    unresolved: list[Unresolved] = []
    current = original
    for command in commands if commands is not None else default_commands():
        unresolved.extend(command.report(wrapper, ctx))
        try:
            current = command.apply(current, ctx)
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
            # a rewrite that would not parse is never written: the file stays as it is, and says so
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            reason = f"compat could not rewrite this file ({command.name}: {first}); it was left unchanged"
            failed = ctx.unresolved(1, ctx.path, reason)
            return RewriteResult(source, source, (*sorted(set(unresolved), key=_order), failed), ())
    unique = sorted(set(unresolved), key=_order)
    return RewriteResult(source, current.code, tuple(unique), tuple(ctx.notes))


def _order(item: Unresolved) -> tuple[int, str, str]:
    return (item.line, item.symbol, item.reason)
