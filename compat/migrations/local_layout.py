"""Imports of the bindings ``cdktf get`` generated in the layout before cdktf 0.13, after a move to a
core whose CLI writes one module per resource.

Up to cdktf 0.12 ``cdktf get`` wrote a provider's classes into its package (``from imports.aws import
AwsProvider``) or, for AWS, one module per service (``from imports.aws.vpc import Vpc, Subnet``); from
0.13 on, and in every cdktn release, one module per resource (``imports.aws.subnet.Subnet``). A move
across that line is only done once ``get`` has run again, and then these imports fail (``compat
check``: IMP005, IMP002).

For AWS the imports are rewritten (:func:`plan_old_layout`, :mod:`compat.migrations.layout_rewrite`):
the module of each class is where the release standing in for what the target's ``get`` generates
keeps it, read from its symbol index (the same generator made it). That release is the one
``compat check`` uses (:func:`compat.project.local_bindings.stand_in_release`: built for the newest
provider the cdktf.json constraint admits, in the per-resource layout); where none is built for an
admitted provider (``aws@~> 3.67.0``: the first per-resource release is built for AWS 4.33), the one
nearest the constraint (:func:`nearest_per_resource`) stands in, and a class is rewritten only where
the target release of the move keeps it in the same module (the generator's placement of that name
did not change over the providers between them; names it moved, such as the wafv2 structs that
``aws_wafv2_web_acl_rule`` took in AWS 6.x, are listed), which the notes say is assumed.
Another provider's imports are rewritten from its own stand-in the same way; the choice of every
stand-in is :mod:`compat.project.layout_stand_in`, shared with ``compat check`` (IMP005). A class no
index places is listed without an import to write: its module is never guessed from its name
(``AwsProviderAssumeRole`` is in ``provider``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from compat.index.model import ReleaseIndex
from compat.migrations.layout_rewrite import Placer, rewrite_layout
from compat.migrations.model import Unresolved
from compat.project.changes import FileChange, display_path
from compat.project.layout_stand_in import LayoutStandIn as LayoutStandIn  # re-exported: its old home
from compat.project.layout_stand_in import (
    choose_stand_in,
    class_imports,
    open_stand_in,
)
from compat.project.layout_stand_in import nearest_per_resource as nearest_per_resource
from compat.project.local_bindings import (
    InstalledCore,
    layout_of_core,
    local_bindings,
    provider_name,
    scan_files,
)
from compat.project.model import Project, ProviderEntry
from compat.record import Record
from compat.versions.providers import AWS_SOURCE

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue
    from compat.versions.hashicorp import HashiConstraint


def old_layout_imports(
    root: Path,
    project: Project,
    files: Iterable[Path],
    source_core: InstalledCore | None,
    target_core: InstalledCore | None,
    aws_index: ReleaseIndex | None,
    followed: Collection[str] = (),
) -> list[Unresolved]:
    """One item per import of a provider's generated package that the target's ``get`` will not export
    (but of the providers ``followed``, whose imports :func:`plan_old_layout` rewrites or lists)."""
    before, after = layout_of_core(source_core), layout_of_core(target_core)
    if project.cdktf is None or before in (None, "resource") or after != "resource":
        return []
    bindings = local_bindings(project.cdktf)
    if not bindings.package:
        return []
    providers = project.cdktf.providers
    found: list[Unresolved] = []
    for item in scan_files(root, files, bindings):
        entry = item.entry
        classes = [n for n in item.names if n[:1].isupper()]
        if entry is None or entry.kind != "provider" or not classes:
            continue
        top, _, module = item.dotted.partition(".")
        if top in followed:
            continue
        aws = (
            0 <= entry.position < len(providers)
            and providers[entry.position].requirement.source == AWS_SOURCE
        )
        place = {n: _module(n, aws_index if aws else None) for n in classes}
        if module and all(m == module for m in place.values()):
            continue  # already the per-resource module of each class
        fix = class_imports(f"{bindings.package}.{top}", classes, place.__getitem__)
        where = (
            f"{aws_index.package} {aws_index.version} keeps each class in its module"
            if aws and aws_index is not None
            else "no indexed release says the module of each class"
        )
        if fix.unplaced and fix.imports:
            where += f"; of {', '.join(fix.unplaced)} no indexed release says the module"
        found.append(
            Unresolved(
                item.path,
                item.line,
                f"{bindings.package}.{item.dotted}",
                f"'{target_core.name if target_core else 'cdktn'} get' writes one module per resource (the "
                f"layout since cdktf 0.13): {', '.join(classes)} cannot be imported from "
                f"{bindings.package}.{item.dotted} once the bindings are generated again ({where})",
                fix.text or None,
            )
        )
    return found


def _module(name: str, index: ReleaseIndex | None) -> str | None:
    """The one module ``index`` exports class ``name`` from (None: no index, or not one module)."""
    modules = index.modules_exporting(name) if index is not None else []
    return modules[0] if len(modules) == 1 else None


def layout_stand_in(
    catalogue: ReleaseCatalogue,
    constraint: HashiConstraint,
    target_core: InstalledCore,
    guard: ReleaseIndex | None,
) -> LayoutStandIn:
    """The stand-in for what ``get`` of ``target_core`` generates for an AWS entry of ``constraint``."""
    choice = choose_stand_in(catalogue.snapshot, AWS_SOURCE, constraint, target_core, catalogue.indexed)
    return open_stand_in(choice, catalogue.index_or_none, catalogue.offline, guard)


def other_stand_in(
    catalogue: ReleaseCatalogue, entry: ProviderEntry, target_core: InstalledCore
) -> LayoutStandIn:
    """The stand-in for another provider's entry (:func:`compat.project.layout_stand_in.choose_stand_in`)."""
    requirement = entry.requirement
    choice = choose_stand_in(
        catalogue.snapshot, requirement.source, requirement.constraint, target_core, catalogue.indexed
    )
    return open_stand_in(choice, catalogue.index_or_none, catalogue.offline)


class OldLayoutPlan(Record):
    changes: tuple[FileChange, ...]  # every change of the plan, the rewritten files' included
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...]


def plan_old_layout(
    root: Path,
    project: Project,
    files: Sequence[Path],
    source_core: InstalledCore | None,
    target_core: InstalledCore | None,
    catalogue: ReleaseCatalogue,
    guard: ReleaseIndex | None,
    changes: Sequence[FileChange],
) -> OldLayoutPlan:
    """Rewrite the old-layout imports of the AWS bindings ``cdktf get`` generated, on top of the file
    changes planned so far; list what cannot be rewritten and the other providers' imports."""
    before, after = layout_of_core(source_core), layout_of_core(target_core)
    if project.cdktf is None or target_core is None or after != "resource":
        return OldLayoutPlan(tuple(changes), (), ())
    roots_only = before in (None, "resource")  # see rewrite_layout
    bindings = local_bindings(project.cdktf)
    stand_ins: dict[str, tuple[str, LayoutStandIn]] = {}
    for entry in project.cdktf.providers:
        top = (provider_name(entry.raw) or "").replace("-", "_")
        if not top or top in stand_ins:
            continue
        if entry.requirement.source == AWS_SOURCE:
            stand_in = layout_stand_in(catalogue, entry.requirement.constraint, target_core, guard)
        else:
            stand_in = other_stand_in(catalogue, entry, target_core)
        stand_ins[top] = (entry.text, stand_in)
    placers: dict[str, Placer] = {top: s.place for top, (_, s) in stand_ins.items()}
    command = f"{target_core.name} get"
    out = {c.path: c for c in changes}
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    unread: list[Path] = []
    for path in files if bindings.package and placers else ():
        done = _rewrite_file(root, path, bindings.package, placers, out.get(path), command, roots_only)
        if done is None:
            unread.append(path)
            continue
        if done.change is not None:
            out[path] = done.change
        unresolved.extend(done.unresolved)
        notes.extend(done.notes)
    if notes:
        notes.extend(_stand_in_notes(bindings.folder, command, stand_ins.values()))
    unresolved.extend(
        old_layout_imports(root, project, files, source_core, target_core, None, followed=tuple(placers))
    )
    if unread:  # LibCST could not read them: their AWS imports are listed as before
        listed = old_layout_imports(root, project, unread, source_core, target_core, guard)
        tops = {f"{bindings.package}.{top}" for top in placers}
        unresolved.extend(u for u in listed if u.symbol in tops or u.symbol.rpartition(".")[0] in tops)
    return OldLayoutPlan(tuple(out.values()), tuple(unresolved), tuple(notes))


class _FileLayout(Record):
    change: FileChange | None  # None: the file is left as planned
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...]  # one per rewritten statement or attribute


def _rewrite_file(
    root: Path,
    path: Path,
    package: str,
    placers: Mapping[str, Placer],
    planned: FileChange | None,
    command: str,
    roots_only: bool = False,
) -> _FileLayout | None:
    """The old-layout imports of one file rewritten on top of its ``planned`` change. The items are
    read on the original (their lines are the user's) and written on the planned text; where the two
    readings differ, nothing is written and every item is listed. None when LibCST cannot read it."""
    from compat.python_source import read_python

    try:
        original = read_python(path).text
    except (OSError, SyntaxError):
        return _FileLayout(None, (), ())
    read = rewrite_layout(original, package, placers, roots_only)
    if not read.read:
        return None
    if not read.items:
        return _FileLayout(None, (), ())
    base = planned.after if planned is not None else original
    written = rewrite_layout(base, package, placers, roots_only) if read.rewritten else read
    same = [i.written for i in written.items] == [i.written for i in read.items]
    rel = display_path(path, root)
    why = f"'{command}' writes one module per resource (the layout since cdktf 0.13)"
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    for item in read.items:
        if item.written is not None and same:
            notes.append(f"{rel}:{item.line}: {item.symbol} -> {item.written}")
            continue
        reason = item.reason if item.written is None else "the file changed under the rewrite"
        unresolved.append(
            Unresolved(rel, item.line, item.symbol, f"{why}: {reason}", item.replacement or item.written)
        )
    change = None  # nothing rewritten: the planned change (the family's imports moved) stays as it is
    if read.rewritten and same and written.after != base:
        change = FileChange(path, planned.before if planned is not None else original, written.after)
    return _FileLayout(change, tuple(unresolved), tuple(notes))


def _stand_in_notes(
    folder: str,
    command: str,
    stand_ins: Iterable[tuple[str, LayoutStandIn]],
) -> list[str]:
    """What the rewrite rests on, and the command that regenerates the bindings it names."""
    folder = folder.strip("/") or folder
    notes = [
        f"imports of the bindings in {folder}/ rewritten for the layout '{command}' writes (one module per "
        f"resource): run '{command}' to regenerate {folder}/ before synth"
    ]
    for entry, stand_in in stand_ins:
        if stand_in.symbols is None:
            continue
        if stand_in.certain:
            notes.append(f"the module of each class is where {stand_in.label} keeps it (built for {entry!r})")
            continue
        checked = stand_in.guard
        against = (
            f", and each rewritten one is in the same module in {checked.package} {checked.version}"
            if checked is not None
            else ""
        )
        notes.append(
            f"assumed: no release in the per-resource layout is built for a provider {entry!r} admits; "
            f"the module of each class is where {stand_in.label}, the nearest, keeps it{against}"
        )
    return notes
