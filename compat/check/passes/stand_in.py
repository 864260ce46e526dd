"""Checking ``imports.aws...`` (from ``cdktf get``) against an indexed prebuilt release standing in.

``cdktf get`` generates the newest AWS provider the cdktf.json constraint admits, in the layout of
the CLI's version. No index of those generated files exists, but the prebuilt releases were made by
the same generator: the stand-in is the release, among those in the CLI's layout, built for the
newest provider the constraint admits (ties go to a release whose core range admits the project's
core). The layout: one flat module up to prebuilt 2.0.12 (cdktf < 0.7), per-service modules to 9.x
(cdktf < 0.13), one module per resource from 10.0.0 (cdktf 0.13); the core stands in for the CLI.

Every finding says it rests on an approximation. Only a missing import is an error, and only when
no release of the same provider major that the constraint admits has that name in that module (in
any module when the layout's newest admitted provider is older than the newest admitted overall:
per-service releases stop at AWS 4.33.0, while a cdktf 0.12 CLI generates every later 4.x);
everything else (keywords, block shapes, keys, names present in some nearby provider version)
depends on which exact provider was generated and is a warning, without an automatic fix; so is
everything when the project's core, and with it the layout, is unknown.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from compat.check.analysis import FileFacts
from compat.check.code import CodeReader
from compat.check.context import CheckContext
from compat.check.model import Finding, Resolved
from compat.check.passes.bindings_source import BindingsSource, check_files, source_context
from compat.check.rules.base import Rule
from compat.check.shared import Shared
from compat.check.sources import SourceFile
from compat.errors import CompatError
from compat.index.model import IndexLoader
from compat.project.local_bindings import InstalledCore, LocalImport, LocalUsage, stand_in_release
from compat.project.model import Generated

if TYPE_CHECKING:
    from compat.project.layout_stand_in import LayoutStandIn
from compat.snapshot import BindingRelease, Snapshot
from compat.versions.hashicorp import HashiConstraint
from compat.versions.providers import AWS_SOURCE

#: the generated packages (``aws``) whose imports were checked against a stand-in release (IMP005 leaves
#: their names to IMP002, which knows each name's module)
STOOD_IN: Shared[set[str]] = Shared("local provider packages checked against a stand-in release")
#: per generated provider package (``random``) imported in the layout before cdktf 0.13, the release
#: whose symbol index says where the core's ``get`` puts each class (IMP005 names each class's module;
#: :mod:`compat.check.passes.local_bindings` opens them)
LAYOUT_STAND_INS: Shared[dict[str, LayoutStandIn]] = Shared("where get puts each class, per provider package")


def _nearby(snapshot: Snapshot, stand_in: BindingRelease, constraint: HashiConstraint) -> _Nearby:
    """Releases of the stand-in's package with a provider of its major that the constraint admits."""
    assert stand_in.provider_version is not None
    major = stand_in.provider_version.major
    near = [
        r
        for r in snapshot.bindings(stand_in.package)
        if r.provider_version is not None
        and r.provider_version.major == major
        and constraint.allows(r.provider_version)
    ]
    newest = max(
        (r.provider_version for r in near if r.provider_version is not None),
        default=stand_in.provider_version,
    )
    return _Nearby(stand_in.package, [str(r.version) for r in near], newest > stand_in.provider_version)


def _pascal(module: str) -> str:
    return "".join(part.capitalize() for part in module.rsplit(".", 1)[-1].split("_"))


class _Nearby:
    """Whether some nearby release exports a name from a module (the symbol index's ``find``)."""

    def __init__(self, package: str, versions: list[str], anywhere: bool) -> None:
        from compat.index.store import version_key

        self.package = package
        self.keys = [version_key(v) for v in versions]
        self.anywhere = anywhere  # newer providers exist only in another layout: any module counts

    def has(self, module: str, name: str) -> bool:
        from compat.index import find
        from compat.index.store import version_key

        try:
            hits = find(name, package=self.package)
        except (CompatError, sqlite3.Error, OSError):  # no index: nothing can be shown to exist
            return False
        return any(
            (self.anywhere or hit.module == module)
            and version_key(hit.first_version) <= key <= version_key(hit.last_version)
            for hit in hits
            for key in self.keys
        )


def _error_stands(finding: Finding, prefix: str, facts: FileFacts, nearby: _Nearby) -> bool:
    """A missing module or name stays an error when no nearby release has it there."""
    symbol = (finding.symbol or "").removeprefix(prefix + ".")
    if finding.code == "IMP002" and "." in symbol:
        module, name = symbol.rsplit(".", 1)
        return not nearby.has(module, name)
    if finding.code == "IMP002":
        return not nearby.has("", symbol)
    if finding.code == "IMP001":
        names = {i.name for i in facts.imported_names if i.module == symbol} or {_pascal(symbol)}
        return not any(nearby.has(symbol, name) for name in names)
    return False


def _word(finding: Finding, note: str, error: bool) -> Finding:
    message = finding.message if "approximation" in finding.message else f"{finding.message} ({note})"
    return finding._replace(message=message, severity="error" if error else "warning", edits=())


def check_against_stand_ins(
    ctx: CheckContext,
    usage: LocalUsage,
    rules: list[Rule],
    files: Sequence[SourceFile],
    code: CodeReader,
    offline: bool,
    index_loader: IndexLoader,
) -> tuple[list[Finding], list[str]]:
    """Run the import and api rules over the code importing each local AWS provider package
    (``files``: parsed once by the engine, at least every file importing one)."""
    findings: list[Finding] = []
    notes: list[str] = []
    file_rules = [r for r in rules if r.on_file is not None and r.needs_index]
    for position, entry in enumerate(ctx.facts.providers):
        requirement = entry.requirement
        generated = usage.bindings.provider(position)
        imports = usage.of(generated)
        if not imports or generated is None or requirement.source != AWS_SOURCE or not file_rules:
            continue
        found, note = _check_entry(
            ctx,
            usage,
            generated,
            requirement.constraint,
            imports,
            file_rules,
            files,
            code,
            offline,
            index_loader,
        )
        findings.extend(found)
        notes.append(note)
    return findings, notes


def _check_entry(
    ctx: CheckContext,
    usage: LocalUsage,
    generated: Generated,
    constraint: HashiConstraint,
    imports: list[LocalImport],
    rules: list[Rule],
    parsed: Sequence[SourceFile],
    code: CodeReader,
    offline: bool,
    index_loader: IndexLoader,
) -> tuple[list[Finding], str]:
    package = f"{usage.bindings.package}.{generated.name}"
    core = InstalledCore(ctx.core.name, ctx.core.version) if ctx.core is not None else None
    release = (
        stand_in_release(ctx.snapshot, ctx.family, constraint, core) if ctx.snapshot is not None else None
    )
    if release is None:
        return [], (
            f"{package} (from {generated.raw!r}) not checked: no indexed prebuilt release is known "
            "to be built for a provider that constraint admits"
        )
    loaded = index_loader(release.package, str(release.version), offline)
    if loaded is None:
        return [], f"{package} not checked: no symbol index for {release.package} {release.version}"
    layout = (
        "an assumed module layout"
        if ctx.core is None
        else f"the module layout of {ctx.core.name} {ctx.core.version}"
    )
    note = (
        f"approximation: stood in by {release.package} {release.version} "
        f"(AWS {release.provider_version}) in {layout}"
    )
    label = f"the bindings 'cdktf get' generates for {generated.raw!r} [{note}]"
    pin = Resolved(name=release.package, version=release.version, how=note, pin=None)
    ctx.shared.setdefault(STOOD_IN, set()).add(generated.name)
    stand = source_context(ctx, BindingsSource(module=package, symbols=loaded, release=pin, label=label))
    nearby = _nearby(ctx.snapshot, release, constraint) if ctx.snapshot else None
    importing = {i.path for i in imports}
    files = sorted((f for f in parsed if f.rel in importing), key=lambda f: f.rel)
    findings: list[Finding] = []
    for _, facts, finding in check_files(stand, rules, files, code):
        error = (
            finding.severity == "error"
            and ctx.core is not None
            and nearby is not None
            and _error_stands(finding, package, facts, nearby)
        )
        findings.append(_word(finding, note, error))
    return findings, f"{package} (from {generated.raw!r}) checked with an {note}"
