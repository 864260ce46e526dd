"""What the moved code uses that the releases a move picks lack or change: the check's own import and
API rules run over the moved code against the project as the move leaves it (the releases the move
picks in place of the installed ones: :mod:`compat.check.moved`, :mod:`compat.typescript.moved`), so
each problem is defined once, in the check.

Only what is new at the target is listed: an error the same rules report on the project as it is
(before the move) is not the move's. Each new error is an :class:`Unresolved` item with its file and
line, and what the target release has instead where the rule knows it. The check before the move reads
only the files with an error after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from compat.errors import CompatError
from compat.families import Family
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.model import Release, Unresolved
from compat.migrations.providers import picks
from compat.pep503 import canonical
from compat.project.changes import FileChange
from compat.record import Record

if TYPE_CHECKING:
    from compat.check.model import CheckResult, Finding, Resolved
    from compat.index.typescript import TsRelease
    from compat.migrations.model import Change
    from compat.migrations.resolve import Resolver
    from compat.migrations.ts_imports import ProviderMove
    from compat.project.model import Project


class MovePicks(Record):
    """What a move installs, as its planner states it: the target family, core and AWS bindings (None:
    as installed), the pins of the other prebuilt packages (``package -> "==1.2.3"``) and the new name
    of each package that changes name."""

    family: Family
    core: Release | None
    bindings: Release | None
    pins: Mapping[str, str]
    renames: Mapping[str, str]
    #: the rename graph from each installed release to the move's, by the target package's import name
    #: (``cdktn_provider_azurerm``): an item names what the target has instead where it proves it
    resolvers: Mapping[str, Resolver] = {}


#: the rules whose errors a move can cause in code it leaves as it is: a module or name the target
#: lacks, and every API rule (an unknown keyword or attribute, a block's shape, a required argument, ...);
#: SRC002 says which release could not be checked (an info, never an item)
RULES = ("IMP001", "IMP002", "API", "SRC002")


def _resolved(release: Release | None) -> Resolved | None:
    from compat.check.model import Resolved

    if release is None:
        return None
    how = f"{release.package} {release.version}, picked by the move"
    return Resolved(name=release.package, version=release.version, how=how, pin=None)


def new_api_items(
    project: Project,
    changes: Sequence[FileChange],
    moved: MovePicks,
    catalogue: ReleaseCatalogue,
    unresolved: Iterable[Unresolved],
) -> tuple[list[Unresolved], list[str]]:
    """The uses in the moved code of a Python ``project`` that the move's releases lack or change and the
    project as it is has no error for, as unresolved items (none at a place ``unresolved`` lists); the
    notes of what could not be checked."""
    from compat.check.config import CheckOptions
    from compat.check.moved import MovedReleases

    others, bindings = picks(moved.pins), moved.bindings
    target = MovedReleases(
        family=moved.family,
        core=_resolved(moved.core),
        bindings=_resolved(bindings),
        others=others,
        renames={canonical(old): new for old, new in moved.renames.items()},
    )
    options = CheckOptions(offline=catalogue.offline, select=RULES)
    buffers = {c.path: c.after for c in changes if c.path.suffix == ".py"}  # the engine resolves them

    def run(after: bool, only: frozenset[Path] | None) -> CheckResult:
        from compat.check.engine import complete, prepare

        prepared = prepare(
            project.root,
            options,
            snapshot=catalogue.snapshot,
            index_loader=catalogue.index_or_none,
            buffers=buffers if after else None,
            language="python",
            project=project,
            moved=target if after else None,
        )
        return complete(prepared, only=only)

    labels = [f"{bindings.package} {bindings.version}"] if bindings else []
    labels.extend(f"{name} {version}" for name, version in others.items())
    known = {module: r for module, r in moved.resolvers.items() if r.source_known}
    return _compared(project.root, run, unresolved, labels, changes, lambda f: instead(f, known))


def new_ts_api_items(
    root: Path,
    changes: Sequence[FileChange],
    chosen: Mapping[str, str],
    catalogue: ReleaseCatalogue,
    unresolved: Iterable[Unresolved],
    moves: Sequence[ProviderMove] = (),
) -> tuple[list[Unresolved], list[str]]:
    """:func:`new_api_items` of a TypeScript project: ``chosen`` the npm name and version of every package
    the move installs (the core, the AWS bindings, every other prebuilt package); ``moves``: the prebuilt
    packages' moves, whose rename graphs name what the target has instead (:func:`ts_instead`)."""
    from functools import partial

    from compat.check.config import CheckOptions
    from compat.providers import provider_package
    from compat.typescript.moved import MovedNpm
    from compat.typescript.project import SOURCE_SUFFIXES

    options = CheckOptions(offline=catalogue.offline, select=RULES)
    buffers = {c.path.resolve(): c.after for c in changes if c.path.suffix in SOURCE_SUFFIXES}
    manifests = {c.path.resolve(): c.after for c in changes if c.path.name == "package.json"}
    target = MovedNpm(releases=dict(chosen), manifests=manifests)

    def run(after: bool, only: frozenset[Path] | None) -> CheckResult:
        from compat.check.engine import complete_read, prepare_read
        from compat.typescript.loader import load_typescript

        prepared = prepare_read(
            partial(load_typescript, moved=target if after else None),
            root,
            options,
            language="typescript",
            snapshot=catalogue.snapshot,
            index_loader=catalogue.index_or_none,
            buffers=buffers if after else None,
        )
        return complete_read(prepared)

    labels = [f"{name} {version}" for name, version in chosen.items() if provider_package(name) is not None]
    return _compared(root, run, unresolved, labels, changes, lambda f: ts_instead(f, moves))


def _moved_lines(
    root: Path, changes: Sequence[FileChange], wanted: Iterable[str] | None = None
) -> dict[str, Callable[[int], int]]:
    """For each file the move rewrites (by its path relative to ``root``; ``wanted``: only those), the
    line of the file as it is that holds a line of the moved text (a rewritten import may take more
    lines, or fewer): an item names the line the user reads before applying the diff, as the rewrite's
    own items do."""
    from difflib import SequenceMatcher

    lines: dict[str, Callable[[int], int]] = {}
    resolved_root = root.resolve()
    for change in changes:
        try:
            rel = change.path.resolve().relative_to(resolved_root).as_posix()
        except ValueError:
            continue
        if wanted is not None and rel not in wanted:
            continue
        blocks = SequenceMatcher(
            None, change.before.splitlines(), change.after.splitlines(), autojunk=False
        ).get_opcodes()

        def original(line: int, blocks: Sequence[tuple[str, int, int, int, int]] = blocks) -> int:
            for tag, start, _, moved_start, moved_end in blocks:
                if moved_start <= line - 1 < moved_end:
                    return start + (line - 1 - moved_start) + 1 if tag == "equal" else start + 1
            return line

        lines[rel] = original
    return lines


def _compared(
    root: Path,
    run: Callable[[bool, frozenset[Path] | None], CheckResult],
    unresolved: Iterable[Unresolved],
    labels: Sequence[str],
    changes: Sequence[FileChange],
    has_instead: Callable[[Finding], Instead | None] = lambda finding: None,
) -> tuple[list[Unresolved], list[str]]:
    """``run(after, only)`` checks the project as the move leaves it (``after``) or as it is (``only``:
    those files): the errors new at the move's releases (``labels``: ``package version`` of each prebuilt
    release the move picks), and the notes of what the check could not judge."""
    try:
        after = run(True, None)
        found = [f for f in after.findings if f.severity == "error"]
        before = run(False, frozenset(root / f.path for f in found)) if found else None
    except CompatError as error:
        return [], [f"the moved code was not checked against the move's releases: {error}"]
    notes = [f"the moved code against the move's releases: {gap}" for gap in _gaps(after)]
    moved_lines = _moved_lines(root, changes, {f.path for f in found}) if found else {}
    placed = [
        f._replace(line=moved_lines[f.path](f.line)) if f.path in moved_lines else f for f in found
    ]  # the lines of the files as they are, where the check before the move reads them too
    items = fresh(placed, before.findings if before else (), unresolved, labels, has_instead)
    gaps = _gaps(before) if before else []
    if gaps and items:  # the project as it is could not be checked: the error may predate the move
        why = gaps[0].split(": ")[0]
        caveat = f"; whether it predates the move is unknown: the project as it is was not checked ({why})"
        items = [replace(item, reason=item.reason + caveat) for item in items]
    return items, notes


def _gaps(result: CheckResult) -> list[str]:
    """What a check says it could not check for want of a release's symbol index (a note, a rule that
    could not run, or a SRC002 finding); local bindings the move leaves as they are are not its concern."""
    notes = [note for note in result.notes if "symbol index" in note]
    return notes + [f.message for f in result.findings if f.code == "SRC002"]


def _units(finding: Finding) -> list[tuple[str, str, str]]:
    """What one finding says, in parts that two releases' findings share: one part per missing argument
    of API010 (``Instance(ami, vpc)``: the move may drop one and add none), else the symbol (or the line)."""
    symbol = finding.symbol or f"line {finding.line}"
    owner, paren, args = symbol.partition("(")
    if finding.code == "API010" and paren and args.endswith(")"):
        return [(finding.path, finding.code, f"{owner}({arg.strip()})") for arg in args[:-1].split(",")]
    return [(finding.path, finding.code, symbol)]


def _said(finding: Finding, unresolved: Sequence[Unresolved]) -> bool:
    """Whether an item of ``unresolved`` is about the finding's place or (an import of a module or name
    the rewrite already reports in that file) its name."""
    if any(u.path == finding.path and u.line == finding.line for u in unresolved):
        return True
    if finding.code not in ("IMP001", "IMP002") or not finding.symbol:
        return False
    name = finding.symbol.rpartition(".")[2]
    return any(u.path == finding.path and f".{name}." in f".{u.symbol}." for u in unresolved)


def fresh(
    after: Iterable[Finding],
    before: Iterable[Finding],
    unresolved: Iterable[Unresolved],
    labels: Sequence[str] = (),
    has_instead: Callable[[Finding], Instead | None] = lambda finding: None,
) -> list[Unresolved]:
    """The findings of ``after`` that ``before`` does not have (every part of one in the same file, or one
    of the same rule at the same line), as unresolved items, but where ``unresolved`` already says it; a
    message naming none of the move's releases (``labels``) is told which they are, and one whose
    subject the target release has under another name (``has_instead``) names it."""
    against = f" (the move installs {', '.join(labels)})" if labels else ""
    earlier = list(before)
    parts = {part for f in earlier for part in _units(f)}
    places = {(f.path, f.code, f.line) for f in earlier}
    said = list(unresolved)  # what the rewrite and the other steps already list
    items: list[Unresolved] = []
    for finding in sorted(after, key=lambda f: f.sort_key()):
        if (finding.path, finding.code, finding.line) in places or parts.issuperset(_units(finding)):
            continue
        if _said(finding, said):
            continue
        named = any(label in finding.message for label in labels)
        other = has_instead(finding)
        items.append(
            Unresolved(
                path=finding.path,
                line=finding.line,
                symbol=finding.symbol or finding.code,
                reason=f"{finding.code} after the move: {finding.message}"
                + ("" if named else against)
                + (f"; {other.words}" if other else ""),
                replacement=other.replacement if other and other.replacement else finding.suggestion,
            )
        )
    return items


class ClassHome(Record):
    """Where the move's release has a class the moved code names, as the rename graph from the installed
    release proves it: the one definition both languages name the replacement from."""

    module: str  # the target release's module key ("" for the root)
    name: str
    how: str  # "renamed from Thing to ThingA (matched by Terraform type)"; a documented type's detail
    documented: bool  # the provider documents the class's Terraform type as replaced by this one's


def class_home(resolver: Resolver, module: str, name: str) -> ClassHome | None:
    """The class of the target that ``module.name`` of the installed release became: matched under
    another name or module, or a Terraform type the provider documents as replaced where the target has
    one class of the replacement type (``cloudflare_record`` -> ``DnsRecord``: the resolver's ``removed``
    change names it). None when the graph proves nothing, or the class kept its module and name."""
    resolution = resolver.resolve(module, name)
    found = resolution.target
    if found is None:
        for change in resolution.changes:
            if change.kind == "removed" and change.after:
                where, _, cls = change.after.rpartition(".")
                return ClassHome(
                    module=where,
                    name=cls,
                    how=f"{change.detail}; documented: {change.source}",
                    documented=True,
                )
        return None
    if (found.module, found.name) == (module, name):
        return None
    how = "; ".join(c.detail for c in resolution.changes if c.kind in ("renamed", "moved"))
    return ClassHome(module=found.module, name=found.name, how=how, documented=False)


def documented_param(resolver: Resolver, module: str, cls: str, param: str) -> Change | None:
    """The provider's documented replacement of the parameter ``param`` (its Python name) of
    ``module.cls``, removed at the target (``aws_eip.vpc`` -> ``domain = "vpc"``)."""
    for change in resolver.resolve(module, cls).changes:
        if change.kind == "param_removed" and change.param == param and change.replacement:
            return change
    return None


class Instead(Record):
    """What the move's release has in place of what a finding says it lacks."""

    words: str  # "Foo is gone from pkg.mod in cdktn-provider-x 2.0.0; it has pkg.mod.Bar (...)"
    replacement: str | None  # what to write, when it is one import or one argument


def _param_instead(cls: str, param: str, resolver: Resolver, change: Change) -> Instead:
    target = resolver.target
    return Instead(
        f"{param} is gone from {cls} in {target.package} {target.version}; "
        f"it has {change.replacement} (documented: {change.source})",
        change.replacement,
    )


def instead(finding: Finding, resolvers: Mapping[str, Resolver]) -> Instead | None:
    """What the move's release has instead of the class (IMP002) or the keyword or block key (API001,
    API008) ``finding`` says it lacks, where the rename graph from the installed release proves it
    (:func:`class_home`, :func:`documented_param`), named as Python imports it. None otherwise (never a
    guess from the name)."""
    symbol = finding.symbol or ""
    if finding.code == "IMP002":
        package, _, dotted = symbol.partition(".")
        resolver = resolvers.get(package)
        module, _, name = dotted.rpartition(".")
        if resolver is None or not name:
            return None
        home = class_home(resolver, module, name)
        if home is None:
            return None
        target = resolver.target
        where = f"{package}.{home.module}" if home.module else package
        gone = "is gone" if home.documented else f"is gone from {package}{'.' + module if module else ''}"
        return Instead(
            f"{name} {gone} in {target.package} {target.version}; it has {where}.{home.name} ({home.how})",
            f"from {where} import {home.name}",
        )
    if finding.code not in ("API001", "API008"):
        return None
    owner, _, param = symbol.rpartition(".")
    cls = owner.rpartition(".")[2]
    homes = [
        (resolver, modules[0])
        for resolver in resolvers.values()
        for modules in [
            [m for m in resolver.source.modules_exporting(cls) if resolver.source.class_info(m, cls)]
        ]
        if len(modules) == 1
    ]
    named = [h for h in homes if f"{h[0].target.package} {h[0].target.version}" in finding.message]
    if len(named or homes) != 1:
        return None
    resolver, module = (named or homes)[0]
    change = documented_param(resolver, module, cls, param)
    return _param_instead(cls, param, resolver, change) if change is not None else None


def ts_instead(finding: Finding, moves: Sequence[ProviderMove]) -> Instead | None:
    """:func:`instead` of a TypeScript project: the same proof (:func:`class_home`,
    :func:`documented_param`), named as TypeScript imports it, from the TypeScript layout the index read
    from each release's jsii assembly (folder and namespace of a module; a prop's jsii name). ``moves``:
    the prebuilt packages the move installs, each with its rename graph; a finding of a package whose
    source release or layout is not indexed gets nothing."""
    symbol = finding.symbol or ""
    for move in moves:
        source, target, resolver = move.source, move.target, move.resolver
        if source is None or target is None or resolver is None:
            continue
        if not (source.has_layout and target.has_layout and resolver.source_known):
            continue
        if finding.code == "IMP002" and symbol.startswith(move.target_npm + "."):
            return _ts_class_instead(symbol[len(move.target_npm) + 1 :], move, source, target, resolver)
        if finding.code in ("API001", "API008") and move.target_label in finding.message:
            return _ts_param_instead(symbol, move, source, resolver)
    return None


def _ts_class_instead(
    rest: str, move: ProviderMove, source: TsRelease, target: TsRelease, resolver: Resolver
) -> Instead | None:
    """``rest``: ``Name`` (the package root) or ``namespace.Name`` of the package, as the code names it
    (its namespaces are the installed release's: the rewrite moves only those it resolves)."""
    parts = rest.split(".")
    if len(parts) == 1:
        module: str | None = ""
        owner = f"the root of '{move.target_npm}'"
    elif len(parts) == 2:
        module = source.namespace(parts[0])
        owner = f"namespace '{parts[0]}' of '{move.target_npm}'"
    else:
        return None
    name = parts[-1]
    home = class_home(resolver, module, name) if module is not None else None
    if home is None:
        return None
    where = target.ts_module(home.module) if home.module else None
    if home.module and (where is None or not where.folder):
        return None
    specifier = f"{move.target_npm}/{where.folder}" if where is not None else move.target_npm
    named = (
        f"{where.namespace}.{home.name} ('{specifier}')" if where is not None else f"{home.name} at its root"
    )
    gone = "is gone" if home.documented else f"is gone from {owner}"
    return Instead(
        f"{name} {gone} in {move.target_label}; it has {named} ({home.how})",
        f'import {{ {home.name} }} from "{specifier}"',
    )


def _ts_param_instead(
    symbol: str, move: ProviderMove, source: TsRelease, resolver: Resolver
) -> Instead | None:
    """API001/API008 ``module.Class.prop`` (or ``Struct.prop``): the prop by its jsii name, looked up as a
    parameter of the class in the installed release."""
    owner, _, prop = symbol.rpartition(".")
    cls = owner.rpartition(".")[2]
    modules = [m for m in source.index.modules_exporting(cls) if source.index.class_info(m, cls)]
    if len(modules) != 1:
        return None
    found = source.class_props(modules[0], cls)
    param = found.props.get(prop) if found is not None else None
    if param is None:
        return None
    change = documented_param(resolver, modules[0], cls, param.python_name)
    if change is None:
        return None
    target = resolver.target
    return Instead(
        f"{prop} is gone from {cls} in {move.target_label} ({target.package} {target.version}); "
        f"it has {change.replacement}, in Terraform's names (documented: {change.source})",
        None,
    )
