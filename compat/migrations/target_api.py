"""What the moved code uses that the releases a move picks lack or change: the check's own import and
API rules run over the moved code, against a view of the project whose installed releases are the
move's picks (:func:`compat.check.engine.prepare`'s ``view``), so each problem is defined once.

Only what is new at the target is listed: a finding the same rules report on the project as it is
(before the move) is not the move's fault. Each new finding is an :class:`Unresolved` item with its
file and line and, where the rule knows it, what the target release has instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.errors import CompatError
from compat.families import Family
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.model import Release, Unresolved
from compat.pep503 import canonical
from compat.project.changes import FileChange
from compat.record import Record

if TYPE_CHECKING:
    from compat.check.config import CheckOptions
    from compat.check.model import CheckResult, Finding, PinFact, Resolved
    from compat.check.project import Loaded
    from compat.index.model import IndexLoader, ReleaseIndex
    from compat.typescript.project import TsProject

#: the rules whose findings a move can cause in unchanged code: a module or name the target lacks, and
#: every API rule (an unknown keyword or attribute, a block's shape, a required argument, ...)
RULES = ("IMP001", "IMP002", "API")


class TargetSet(Record):
    """The releases a move installs: the family, its core, the AWS bindings and every other prebuilt
    package (PyPI name -> version); ``renames``: the old PyPI name of each package that changes name."""

    family: Family
    core: Release | None
    bindings: Release | None
    others: Mapping[str, Version]
    renames: Mapping[str, str]


def picks(pins: Mapping[str, str]) -> dict[str, Version]:
    """The exact versions of a move's prebuilt packages among its pins (``package -> "==1.2.3"``); a
    range is left out."""
    from compat.providers import provider_package

    found: dict[str, Version] = {}
    for package, spec in pins.items():
        if provider_package(package) is None:
            continue  # the core and constructs: the move's core is its own field
        exact = [s.version for s in SpecifierSet(spec) if s.operator in ("==", "===")]
        if len(exact) == 1 and "*" not in exact[0]:
            found[canonical(package)] = Version(exact[0])
    return found


def _loader(catalogue: ReleaseCatalogue) -> IndexLoader:
    """The check's index loader over the move's catalogue (the releases the planner itself opens)."""

    def load(package: str, version: str, offline: bool) -> ReleaseIndex | None:
        try:
            return catalogue.open(Release(package, Version(version)))
        except CompatError:
            return None

    return load


def _resolved(name: str, version: Version, pin: PinFact | None) -> Resolved:
    from compat.check.model import Resolved

    return Resolved(name=name, version=version, how=f"{name} {version}, picked by the move", pin=pin)


def _viewer(target: TargetSet) -> Callable[[Loaded], Loaded]:
    """The function turning the project's loaded facts into those of the moved project."""

    def view(loaded: Loaded) -> Loaded:
        from compat.check.model import PinFact

        facts = loaded.facts
        moved_pins = []
        for pin in facts.prebuilt_pins:
            name = target.renames.get(pin.name, pin.name)
            version = target.others.get(canonical(name))
            if target.bindings is not None and canonical(name) == canonical(target.bindings.package):
                version = target.bindings.version
            if version is not None:
                moved_pins.append(
                    pin._replace(name=name, specifier=SpecifierSet(f"=={version}"), exact=version)
                )
            elif target.family is facts.family:
                moved_pins.append(pin)
        aws = target.bindings
        named = {canonical(p.name) for p in moved_pins}
        where = facts.manifests[0] if facts.manifests else ""
        moved_pins.extend(  # a package the move adds (a local binding turned prebuilt)
            PinFact(
                name=name,
                specifier=SpecifierSet(f"=={version}"),
                path=where,
                line=0,
                locked=False,
                exact=version,
            )
            for name, version in target.others.items()
            if name not in named and (aws is None or name != canonical(aws.package))
        )
        by_name = {p.name: p for p in moved_pins}
        bindings = _resolved(aws.package, aws.version, by_name.get(aws.package)) if aws else loaded.bindings
        core = _resolved(target.core.package, target.core.version, None) if target.core else loaded.core
        moved = {canonical(p.name) for p in moved_pins if p.exact is not None}
        providers = tuple(
            _resolved(p.name, p.exact, p)
            for p in moved_pins
            if p.exact is not None and (aws is None or canonical(p.name) != canonical(aws.package))
        ) + tuple(  # on a move within the family, a package the move leaves keeps its release
            r for r in loaded.providers if target.family is facts.family and canonical(r.name) not in moved
        )
        declared = facts.declared | {canonical(p.name) for p in moved_pins}
        return loaded._replace(
            facts=facts._replace(family=target.family, prebuilt_pins=tuple(moved_pins), declared=declared),
            bindings=bindings,
            core=core,
            providers=providers,
        )

    return view


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.path, finding.code, finding.symbol or f"line {finding.line}")


def new_api_items(
    root: Path,
    changes: Sequence[FileChange],
    target: TargetSet,
    catalogue: ReleaseCatalogue,
    unresolved: Iterable[Unresolved],
) -> tuple[list[Unresolved], list[str]]:
    """The uses of the moved code that ``target`` lacks or changes and the project as it is does not
    already get a finding for, as unresolved items (none at a place already ``unresolved``); the notes
    of what could not be checked."""
    from compat.check.config import CheckOptions

    options = CheckOptions(offline=catalogue.offline, select=RULES)
    buffers = {c.path.resolve(): c.after for c in changes if c.path.suffix == ".py"}
    loader = _loader(catalogue)

    def run(moved: bool, only: frozenset[Path] | None) -> CheckResult:
        view = _viewer(target) if moved else None
        return _check(
            root, options, catalogue, loader, buffers=buffers if moved else None, view=view, only=only
        )

    packages = [
        *([target.bindings] if target.bindings else []),
        *(Release(n, v) for n, v in target.others.items()),
    ]
    return _compared(root, run, unresolved, [f"{r.package} {r.version}" for r in packages])


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
    from compat.check.engine import complete_read, prepare_read
    from compat.typescript.loader import load_typescript
    from compat.typescript.project import SOURCE_SUFFIXES

    options = CheckOptions(offline=catalogue.offline, select=RULES)
    buffers = {c.path.resolve(): c.after for c in changes if c.path.suffix in SOURCE_SUFFIXES}
    manifest = next((c for c in changes if c.path.name == "package.json" and c.path.parent == root), None)
    loader = _loader(catalogue)

    def run(moved: bool, only: frozenset[Path] | None) -> CheckResult:
        view = _ts_viewer(chosen, manifest.after if manifest is not None else None) if moved else None
        prepared = prepare_read(
            partial(load_typescript, view=view),
            root,
            options,
            language="typescript",
            snapshot=catalogue.snapshot,
            index_loader=loader,
            buffers=buffers if moved else None,
        )
        return complete_read(prepared)

    from compat.providers import provider_package

    labels = [f"{name} {version}" for name, version in chosen.items() if provider_package(name) is not None]
    return _compared(root, run, unresolved, labels)


def _ts_viewer(chosen: Mapping[str, str], moved_manifest: str | None) -> Callable[[TsProject], TsProject]:
    """The TypeScript project as the move leaves it: its package.json as moved, every package the move
    picks pinned at its pick, and no lock (the lock command has not run)."""

    def view(project: TsProject) -> TsProject:
        from compat.project.formats.package_json import parse_package_json

        manifest = project.manifest
        if manifest is None:
            return project
        if moved_manifest is not None:
            manifest = parse_package_json(manifest.path, moved_manifest)
        dependencies = tuple(
            d._replace(spec=chosen[d.name]) if d.name in chosen else d for d in manifest.dependencies
        )
        return project._replace(manifest=manifest._replace(dependencies=dependencies), lock=None)

    return view


def _compared(
    root: Path,
    run: Callable[[bool, frozenset[Path] | None], CheckResult],
    unresolved: Iterable[Unresolved],
    labels: Sequence[str],
) -> tuple[list[Unresolved], list[str]]:
    """``run(moved, only)`` checks the moved project (``moved``) or the project as it is (``only``: those
    files): the errors new at the move's releases (``labels``: ``package version`` of each prebuilt
    release the move picks), and the notes of what the check could not judge."""
    try:
        after = run(True, None)
        found = [f for f in after.findings if f.severity == "error"]
        before = run(False, frozenset(root / f.path for f in found)) if found else None
    except CompatError as error:
        return [], [f"the moved code was not checked against the move's releases: {error}"]
    notes = [
        f"the moved code against the move's releases: {note}"
        for note in after.notes
        if "not checked" in note or "could not run" in note
    ]
    return fresh(found, before.findings if before else (), unresolved, labels), notes


def _check(
    root: Path,
    options: CheckOptions,
    catalogue: ReleaseCatalogue,
    loader: IndexLoader,
    *,
    buffers: Mapping[Path, str] | None = None,
    view: Callable[[Loaded], Loaded] | None = None,
    only: frozenset[Path] | None = None,
) -> CheckResult:
    from compat.check.engine import complete, prepare

    prepared = prepare(
        root,
        options,
        snapshot=catalogue.snapshot,
        index_loader=loader,
        buffers=buffers,
        language="python",
        view=view,
    )
    return complete(prepared, only=only)


def fresh(
    after: Iterable[Finding],
    before: Iterable[Finding],
    unresolved: Iterable[Unresolved],
    labels: Sequence[str] = (),
) -> list[Unresolved]:
    """The findings of ``after`` that ``before`` does not have (the same file, rule and symbol, as often),
    as unresolved items, but at a place ``unresolved`` already lists; a message naming none of the
    move's releases (``labels``) is told which they are."""
    against = f" (the move installs {', '.join(labels)})" if labels else ""
    already = Counter(_key(f) for f in before)
    taken = {(u.path, u.line) for u in unresolved}
    items: list[Unresolved] = []
    for finding in sorted(after, key=lambda f: f.sort_key()):
        key = _key(finding)
        if already[key] > 0:
            already[key] -= 1
            continue
        if (finding.path, finding.line) in taken:
            continue
        taken.add((finding.path, finding.line))
        items.append(
            Unresolved(
                path=finding.path,
                line=finding.line,
                symbol=finding.symbol or finding.code,
                reason=f"{finding.code} after the move: {finding.message}"
                + ("" if any(label in finding.message for label in labels) else against),
                replacement=finding.suggestion,
            )
        )
    return items
