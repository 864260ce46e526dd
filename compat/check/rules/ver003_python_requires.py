"""VER003: the project's Python is outside Requires-Python of the pinned bindings or core."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("VER003", "version", "error", "python-outside-requires-python",
                "The project's Python version is outside Requires-Python of a pinned release.")


def _check(ctx: CheckContext) -> Iterator[Finding]:
    python = ctx.environment.python
    if python is None:
        return
    version = Version(python)
    candidates = []
    binding, core = ctx.binding_release(), ctx.core_release()
    if binding is not None and binding.requires_python and ctx.bindings is not None:
        candidates.append((binding.package, str(binding.version), binding.python_specifier, ctx.bindings.pin))
    if core is not None and core.requires_python and ctx.core is not None:
        candidates.append((core.package, str(core.version), core.python_specifier, ctx.core.pin))
    for package, release, specifier, pin in candidates:
        if specifier.contains(version, prereleases=True):
            continue
        path, line = (pin.path, pin.line) if pin else ("", 0)
        # a Python the project never declared (the interpreter running compat) only warns
        guessed = ctx.environment.python_source == "the running interpreter"
        message = (f"{package} {release} requires Python {specifier}, the project uses {python} "
                   f"({ctx.environment.python_source})")
        yield META.finding(path, line, 1, message, symbol=f"{package}=={release}",
                           suggestion=f"use Python {specifier} or a {package} release that supports {python}",
                           severity="warning" if guessed else None)


RULE = Rule(META, on_project=_check)
