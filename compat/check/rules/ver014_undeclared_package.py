"""VER014: the code imports a package of its family (bindings or core) that no manifest declares.

A clean install from the manifests lacks it, so the import fails. Reported once per package at its
first import, the other imports being related locations, with the release to declare: the one the
code was checked against (see :mod:`compat.check.undeclared`). A core that the declared bindings pull
in is installed, only not pinned: a warning. Without any manifest compat cannot tell: the rule does
not run (the run's notes say so).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, Location, RuleMeta, Severity
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.shared import Gathered, Shared
from compat.check.sources import SourceFile
from compat.check.undeclared import declares, fitting_core, unread_declarations

META = RuleMeta(
    "VER014",
    "version",
    "error",
    "undeclared-package",
    "The code imports a package that no manifest declares: a clean install lacks it.",
)

_Sites = dict[str, set[tuple[str, int, int]]]  # top-level module -> {(path, line, column)}


def _merge_sites(into: _Sites, more: _Sites) -> None:
    for top, places in more.items():
        into.setdefault(top, set()).update(places)


SITES: Gathered[_Sites] = Gathered("where the code imports each package of its line", _merge_sites)


_UNDECLARED: Shared[tuple[bool, bool]] = Shared("whether the bindings / the core are undeclared")


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterable[Finding]:
    """Only gathers the import sites; the judgement needs all of them. Only the sites of a package no
    manifest declares are kept (the only ones a finding names): a project that declares both keeps
    nothing per file."""
    if facts.typescript is not None:
        return ()  # a TypeScript project's imports are judged as a whole (:func:`_npm`)
    memo = ctx.shared
    bindings_undeclared, core_undeclared = (
        memo[_UNDECLARED]
        if _UNDECLARED in memo
        else memo.keep(
            _UNDECLARED,
            (not declares(ctx.facts, ctx.family.bindings), not declares(ctx.facts, ctx.family.core)),
        )
    )
    sites = memo.setdefault(SITES, {})
    if bindings_undeclared:
        bindings = sites.setdefault(ctx.family.module, set())
        for item in facts.imported_names:
            column = item.module_span[1] if item.module_span else item.column
            bindings.add((source.rel, item.statement_line, column))
        bindings.update((source.rel, m.line, m.column) for m in facts.imported_modules)
    if core_undeclared:
        sites.setdefault(ctx.family.core, set()).update(
            (source.rel, c.line, c.column) for c in facts.core_imports
        )
    return ()


def _manifest(ctx: CheckContext) -> str:
    """Where the missing entry goes: next to the core's, else in the first manifest."""
    pin = next((p for p in ctx.facts.manifest_pins if p.name == ctx.family.core), None)
    return pin.path if pin else ctx.facts.manifests[0]


def _imported(top: str, places: list[tuple[str, int, int]]) -> str:
    rest = len(places) - 1
    return f"{top} is imported" + (f" (and {rest} more import{'s' if rest != 1 else ''})" if rest else "")


def _finding(
    ctx: CheckContext,
    package: str,
    top: str,
    places: list[tuple[str, int, int]],
    message: str,
    suggestion: str,
    severity: Severity,
) -> Finding:
    """The finding at the first import; at most a warning when files compat does not read may declare it."""
    (path, line, column), rest = places[0], places[1:]
    related = tuple(Location(p, n, c, f"imports {top}") for p, n, c in rest)
    unread = unread_declarations(ctx.facts)
    if unread:
        message += f" (unless {' or '.join(unread)} declares it: compat does not read it)"
        severity = "warning"
    return META.finding(
        path, line, column, message, symbol=package, suggestion=suggestion, severity=severity, related=related
    )


def _bindings(ctx: CheckContext, places: list[tuple[str, int, int]]) -> Finding:
    package, top, inferred = ctx.family.bindings, ctx.family.module, ctx.inferred
    where = _manifest(ctx)
    message = f"{_imported(top, places)} but no manifest declares {package}: a clean install lacks it"
    if inferred is not None:
        message += f"; the code was checked against {inferred.version} ({inferred.how})"
        suggestion = f"add {package}=={inferred.version} to {where}"
    else:
        suggestion = f"add {package} to {where}"
    return _finding(ctx, package, top, places, message, suggestion, "error")


def _core(ctx: CheckContext, places: list[tuple[str, int, int]]) -> Finding:
    package = ctx.family.core
    prefix = ctx.family.bindings.removesuffix("aws")
    carriers = sorted(name for name in ctx.facts.declared if name.startswith(prefix))
    inferred = ctx.inferred
    release = ctx.binding_release() or (
        ctx.snapshot.binding(inferred.name, inferred.version) if ctx.snapshot and inferred else None
    )
    fitting = fitting_core(ctx.family, release, ctx.snapshot)
    suggestion = f"add {package}{f'=={fitting.version}' if fitting else ''} to {_manifest(ctx)}"
    if carriers:
        return _finding(
            ctx,
            package,
            package,
            places,
            f"{_imported(package, places)} but no manifest declares it: it is installed only "
            f"as a dependency of {', '.join(carriers)}, at whatever version that admits",
            suggestion,
            "warning",
        )
    return _finding(
        ctx,
        package,
        package,
        places,
        f"{_imported(package, places)} but no manifest declares it: a clean install lacks it",
        suggestion,
        "error",
    )


#: an import of a TypeScript project that nothing installs, by whether a lock shows it
NPM_MESSAGES = {
    True: "'{name}' is imported, but no package.json up to the repository root declares it, nor does {lock} "
    "install it",
    False: "'{name}' is imported, but no package.json up to the repository root declares it, and there is no "
    "lock to show it arrives with another package (assumed missing)",
}


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """An import of a core or prebuilt package that no package.json declares and no lock installs (of the
    other family's: IMP003)."""
    from compat.typescript.rule_facts import ts_run, undeclared_imports

    lock = ts_run(ctx).project.lock
    for found in undeclared_imports(ctx):
        if found.other_family is not None:
            continue
        yield META.finding(
            found.path,
            found.line,
            found.column,
            NPM_MESSAGES[lock is not None].format(name=found.name, lock=lock.path.name if lock else ""),
            symbol=found.name,
            severity=None if lock is not None else "warning",
        )


def _project(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    sites = ctx.shared.setdefault(SITES, {})
    if not sites:
        return
    bindings = sorted(sites.get(ctx.family.module, ()))
    if bindings and not declares(ctx.facts, ctx.family.bindings):
        yield _bindings(ctx, bindings)
    core = sorted(sites.get(ctx.family.core, ()))
    if core and not declares(ctx.facts, ctx.family.core):
        yield _core(ctx, core)


RULE = Rule(META, on_file=_file, on_project=_project, needs_manifest=True, languages=EVERY_LANGUAGE)
