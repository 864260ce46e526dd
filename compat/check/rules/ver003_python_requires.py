"""VER003: the project's Python is outside Requires-Python of the installed bindings or core.

"The project's Python" is read the way the tool that owns it reads it (see
:class:`compat.versions.python.ProjectPython`): pipenv's ``python_version = "3"`` runs one Python 3
that may well be 3.12, while uv and Poetry lock for every Python ``requires-python`` admits. Only a
Python the project really uses makes an error; a release that is itself an assumption (a range
without a lock), or a Python nobody declared (the interpreter running compat), makes a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, Resolved, RuleMeta
from compat.check.rules.base import Rule
from compat.versions.python import ProjectPython, admits

META = RuleMeta(
    "VER003",
    "version",
    "error",
    "python-outside-requires-python",
    "The project's Python version is outside Requires-Python of an installed release.",
)


def _why(python: ProjectPython, requires: SpecifierSet) -> tuple[Version, str] | None:
    """The Python that ``requires`` rules out and the clause saying where it comes from, or None."""
    if python.declared:
        excluded = python.excluded_by(requires)
        return (excluded, python.explain(excluded)) if excluded else None
    running = python.version
    if running is None or admits(requires, running):
        return None
    return running, (
        f"the project declares no Python and compat runs on {running}: assuming the project does too"
    )


def _check(ctx: CheckContext) -> Iterator[Finding]:
    python = ctx.environment.python
    if python is None:
        return
    candidates: list[tuple[str, str, SpecifierSet, Resolved]] = []
    binding, core = ctx.binding_release(), ctx.core_release()
    if binding is not None and binding.requires_python and ctx.bindings is not None:
        candidates.append((binding.package, str(binding.version), binding.python_specifier, ctx.bindings))
    if core is not None and core.requires_python and ctx.core is not None:
        candidates.append((core.package, str(core.version), core.python_specifier, ctx.core))
    for package, release, specifier, resolved in candidates:
        why = _why(python, specifier)
        if why is None:
            continue
        excluded, clause = why
        pin = resolved.pin
        message = f"{package} {release} requires Python {specifier}, but {clause}"
        assumed = resolved.assumed
        if assumed:
            message += f" ({package} {release} is itself assumed: {resolved.how})"
        if python.declared and python.resolution != "one":
            suggestion = (
                f"narrow {python.source} to Pythons within {specifier}, or use a {package} release "
                f"that supports {excluded}"
            )
        else:
            suggestion = f"use Python {specifier} or a {package} release that supports {excluded}"
        path, line = (pin.path, pin.line) if pin else ("", 0)
        yield META.finding(
            path,
            line,
            1,
            message,
            symbol=f"{package}=={release}",
            suggestion=suggestion,
            severity="warning" if assumed or not python.declared else None,
        )


RULE = Rule(META, on_project=_check)
