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
    from compat.migrations.model import Change
    from compat.migrations.resolve import Resolver
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
) -> tuple[list[Unresolved], list[str]]:
    """:func:`new_api_items` of a TypeScript project: ``chosen`` the npm name and version of every package
    the move installs (the core, the AWS bindings, every other prebuilt package)."""
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
    return _compared(root, run, unresolved, labels, changes)


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


def _documented(resolver: Resolver, package: str, name: str, changes: Sequence[Change]) -> Instead | None:
    """A class whose Terraform type the target lacks, where the provider documents the type that replaces
    it and the target release has one class of that type (``cloudflare_record`` -> ``DnsRecord``: the
    resolver's ``removed`` change names it)."""
    target = resolver.target
    for change in changes:
        if change.kind != "removed" or not change.after:
            continue
        module, _, found = change.after.rpartition(".")
        where = f"{package}.{module}" if module else package
        return Instead(
            f"{name} is gone in {target.package} {target.version}; it has {where}.{found} "
            f"({change.detail}; documented: {change.source})",
            f"from {where} import {found}",
        )
    return None


def _classes_named(resolver: Resolver, name: str) -> list[str]:
    """The modules of the installed release that export class ``name``."""
    source = resolver.source
    return [m for m in source.modules_exporting(name) if source.class_info(m, name) is not None]


class Instead(Record):
    """What the move's release has in place of what a finding says it lacks."""

    words: str  # "Foo is gone from pkg.mod in cdktn-provider-x 2.0.0; it has pkg.mod.Bar (...)"
    replacement: str | None  # what to write, when it is one import or one argument


def instead(finding: Finding, resolvers: Mapping[str, Resolver]) -> Instead | None:
    """What the move's release has instead of the class (IMP002) or the keyword or block key (API001,
    API008) ``finding`` says it lacks, where the rename graph from the installed release proves it: the
    class matched by its Terraform type or struct path under another name or module, or a parameter the
    provider documents a replacement for. None otherwise (never a guess from the name)."""
    symbol = finding.symbol or ""
    if finding.code == "IMP002":
        package, _, dotted = symbol.partition(".")
        resolver = resolvers.get(package)
        module, _, name = dotted.rpartition(".")
        if resolver is None or not name:
            return None
        resolution = resolver.resolve(module, name)
        found = resolution.target
        if found is None:
            return _documented(resolver, package, name, resolution.changes)
        if (found.module, found.name) == (module, name):
            return None
        how = "; ".join(c.detail for c in resolution.changes if c.kind in ("renamed", "moved"))
        where = f"{package}.{found.module}" if found.module else package
        return Instead(
            f"{name} is gone from {package}{'.' + module if module else ''} in "
            f"{resolver.target.package} {resolver.target.version}; it has {where}.{found.name} ({how})",
            f"from {where} import {found.name}",
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
    for change in resolver.resolve(module, cls).changes:
        if change.kind == "param_removed" and change.param == param and change.replacement:
            return Instead(
                f"{param} is gone from {cls} in {resolver.target.package} {resolver.target.version}; "
                f"it has {change.replacement} (documented: {change.source})",
                change.replacement,
            )
    return None
