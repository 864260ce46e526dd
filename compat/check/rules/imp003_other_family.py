"""IMP003: imports of the other family's packages (cdktf in a cdktn project, or the reverse).

CDK Terrain renamed the packages (``cdktf`` -> ``cdktn``, ``cdktf_cdktf_provider_aws`` ->
``cdktn_provider_aws``) and tells users to rename imports by hand; such an import fails because the
other family is not installed. A cause is reported once, where it is fixed, the other imports of it
being related locations:

- the code imports only the other family: the manifests and the code disagree about the family. The fix
  moves the project onto the live family (cdktn): the manifest pin when the manifests name cdktf, the
  import renames (fixable) when they already name cdktn.
- the code imports the project's own counterpart nowhere (``cdktf`` imported, ``cdktn`` never): one
  finding for that package, fixed by renaming its imports.
- the code imports both: each foreign import is a rename missed during a migration, one finding each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from compat.check.analysis import FileFacts, ForeignImport
from compat.check.context import CheckContext
from compat.check.model import Edit, Finding, Location, PinFact, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.shared import Gathered
from compat.check.sources import SourceFile
from compat.check.undeclared import declares

META = RuleMeta(
    "IMP003",
    "import",
    "error",
    "import-other-line",
    "Import of the other line's package (cdktf in a cdktn project or the reverse).",
)

_Site = tuple[str, ForeignImport]  # (path, import)


class _Seen:
    """What the files import, gathered for the project-wide judgement: the other family's import sites, and
    the project family's top-level modules the code imports (a plain class: a dataclass would compile its
    methods when a check starts)."""

    def __init__(self) -> None:
        self.foreign: list[_Site] = []
        self.own: set[str] = set()


def _merge_seen(into: _Seen, more: _Seen) -> None:
    into.foreign.extend(more.foreign)
    into.own.update(more.own)


SEEN: Gathered[_Seen] = Gathered("what the files import of either line", _merge_seen)


def _seen(ctx: CheckContext) -> _Seen:
    memo = ctx.shared
    seen = memo.get(SEEN)
    return seen if seen is not None else memo.keep(SEEN, _Seen())


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterable[Finding]:
    """Only gathers: whether an import is one of many of a cause is known after the last file."""
    if facts.typescript is not None:
        return ()  # a TypeScript project's imports are judged as a whole (:func:`_npm`)
    seen = _seen(ctx)
    if facts.imported_names or facts.imported_modules:
        seen.own.add(ctx.family.module)
    if facts.core_imports:
        seen.own.add(ctx.family.core)
    seen.foreign.extend((source.rel, item) for item in facts.foreign_imports)
    return ()


def _renames(ctx: CheckContext) -> dict[str, str]:
    """Top-level module of the other family -> the project's own, for packages the project does not install
    (no manifest and no lock entry, path entries included, names them; a lock at odds with its manifest
    is VER006's).

    Empty when nothing names the project's family (then the family was only guessed from the imports).
    """
    family, other = ctx.family, ctx.other_family
    if not (declares(ctx.facts, family.core) or declares(ctx.facts, family.bindings)):
        return {}
    pairs = ((other.core, family.core, other.core), (other.module, family.module, other.bindings))
    return {top: own for top, own, package in pairs if not declares(ctx.facts, package)}


def _edit(path: str, item: ForeignImport, renames: dict[str, str]) -> Edit | None:
    new = renames[item.top] + item.dotted[len(item.top) :]
    return Edit(path, item.line, item.column, item.dotted, new) if item.fixable else None


def _count(sites: list[_Site]) -> str:
    files = len({path for path, _ in sites})
    return f"{len(sites)} import{'s' if len(sites) != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def _also(sites: list[_Site]) -> str:
    return f" ({_count(sites)})" if len(sites) > 1 else ""


def _related(sites: Iterable[_Site]) -> tuple[Location, ...]:
    return tuple(Location(path, item.line, item.column, f"imports {item.dotted}") for path, item in sites)


def _own_pin(ctx: CheckContext) -> PinFact | None:
    """The manifest entry that puts the project on its family: the core's, else the bindings'."""
    pins = (*ctx.facts.manifest_pins, *ctx.facts.lock_pins)
    for package in (ctx.family.core, ctx.family.bindings):
        found = next((p for p in pins if p.name == package), None)
        if found is not None:
            return found
    return None


def _renamed(
    ctx: CheckContext, sites: list[_Site], renames: dict[str, str], message: str, symbol: str
) -> Finding:
    """One finding at the first import; renaming every import of ``sites`` is its fix."""
    (path, first), rest = sites[0], sites[1:]
    edits = tuple(e for p, item in sites if (e := _edit(p, item, renames)) is not None)
    tops = sorted({item.top for _, item in sites})
    return META.finding(
        path,
        first.line,
        first.column,
        message,
        symbol=symbol,
        edits=edits,
        suggestion=", ".join(f"rename {top} to {renames[top]}" for top in tops),
        related=_related(rest),
    )


def _whole_code(ctx: CheckContext, sites: list[_Site], renames: dict[str, str]) -> Finding:
    family, other = ctx.family, ctx.other_family
    what = f"the code imports only the {other.name} line ({_count(sites)})"
    pin = _own_pin(ctx)
    if family.name == "cdktn" or pin is None:
        return _renamed(
            ctx,
            sites,
            renames,
            f"{what} but the manifests declare {family.name}, not {other.name}",
            other.name,
        )
    wanted = sorted({other.core if item.top == other.core else other.bindings for _, item in sites})
    return META.finding(
        pin.path,
        pin.line,
        1,
        f"{pin.path} declares the {family.name} line ({pin.name}) but {what}, which the "
        "project does not install",
        symbol=pin.name,
        related=_related(sites),
        suggestion=f"declare {' and '.join(wanted)} instead of the {family.name} packages, or "
        f"rename the imports to {family.name}",
    )


#: an import of the other family's package in a TypeScript project, which nothing installs
NPM_MESSAGE = (
    "'{name}' is the {theirs} package, but this is a {mine} project ({decided}) and nothing installs "
    "'{name}': import from '{instead}' (TS2307)"
)


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    from compat.typescript.rule_facts import undeclared_imports

    for found in undeclared_imports(ctx):
        if found.other_family is None:
            continue
        theirs, mine, decided, instead = found.other_family
        message = NPM_MESSAGE.format(
            name=found.name, theirs=theirs, mine=mine, decided=decided, instead=instead
        )
        yield META.finding(found.path, found.line, found.column, message, symbol=found.name)


def _project(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    seen = _seen(ctx)
    if not seen.foreign:
        return
    renames = _renames(ctx)
    sites = sorted(
        ((p, i) for p, i in seen.foreign if i.top in renames),
        key=lambda site: (site[0], site[1].line, site[1].column),
    )
    if sites and not seen.own:
        yield _whole_code(ctx, sites, renames)
        return
    other = ctx.other_family.name
    for top in sorted({item.top for _, item in sites}):
        mine = [(p, i) for p, i in sites if i.top == top]
        if renames[top] not in seen.own:
            yield _renamed(
                ctx,
                mine,
                renames,
                f"{top} belongs to the {other} line, which this "
                f"{ctx.family.name} project does not install{_also(mine)}",
                top,
            )
            continue
        for path, item in mine:
            edit = _edit(path, item, renames)
            yield META.finding(
                path,
                item.line,
                item.column,
                f"{item.dotted} belongs to the {other} line, which this {ctx.family.name} "
                "project does not install",
                symbol=item.dotted,
                suggestion=f"import {renames[top]}{item.dotted[len(top) :]}",
                edits=(edit,) if edit else (),
            )


RULE = Rule(META, on_file=_file, on_project=_project, languages=EVERY_LANGUAGE)
