"""The imports and calls of every prebuilt package other than the AWS bindings, against its own release.

For each prebuilt package the project installs (``cdktf-cdktf-provider-random``, ``-google`` ...)
and its code imports, the import and api rules run over the files that name its module, against
the symbol index of the installed release (:mod:`compat.check.passes.bindings_source`). Findings name the
package and release; against a version compat assumed (a range without a lock) they are warnings
that say so. A release the index lacks is never silence: online it is indexed on first use into
the user cache (then offline forever); offline it is one ``info`` finding per package naming the
command that indexes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from compat.check.code import CodeReader
from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, PinFact, Resolved
from compat.check.passes.bindings_source import BindingsSource, check_files, source_context
from compat.check.rules import src002_no_symbol_index
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile
from compat.families import FAMILIES
from compat.index.model import IndexLoader
from compat.providers import ProviderPackage, provider_package
from compat.record import Record


class Prebuilt(Record):
    """A prebuilt package of another provider than AWS that the project pins (its first mention)."""

    name: str  # as the manifest spells it
    pin: PinFact
    package: ProviderPackage


class PrebuiltPlan(Record):
    """What the pass will check, known before the files are parsed (the engine keeps only the trees of
    the files that name a module in ``wants``)."""

    packages: tuple[Prebuilt, ...]
    file_rules: tuple[Rule, ...]  # the selected import and api rules
    gaps_as_findings: bool  # SRC002 selected: a release missing from the index is a finding, else a note

    @property
    def wants(self) -> frozenset[str]:
        return frozenset(p.package.module for p in self.packages) if self.file_rules else frozenset()


def _package(ctx: CheckContext, name: str) -> ProviderPackage | None:
    """The package with the import name its data states (a community package names its own module)."""
    return ctx.snapshot.provider_package(name) if ctx.snapshot is not None else provider_package(name)


def plan_prebuilt(ctx: CheckContext, rules: Sequence[Rule]) -> PrebuiltPlan:
    """The prebuilt packages other than the AWS bindings (the engine's own, and IMP003's for the other
    line) that the project pins, in the order of their first mention."""
    aws = {family.bindings for family in FAMILIES.values()}
    pins: dict[str, PinFact] = {}
    for mention in ctx.facts.prebuilt_pins:
        pins.setdefault(mention.name, mention)
    packages = tuple(
        Prebuilt(name, pin, package)
        for name, pin in pins.items()
        if (package := _package(ctx, name)) is not None and package.pypi not in aws
    )
    file_rules = tuple(r for r in rules if r.on_file is not None and r.needs_index)
    gaps_as_findings = any(r.meta.code == src002_no_symbol_index.META.code for r in rules)
    return PrebuiltPlan(packages, file_rules, gaps_as_findings)


def check_prebuilt(
    ctx: CheckContext,
    plan: PrebuiltPlan,
    providers: Sequence[Resolved],
    files: Sequence[SourceFile],
    code: CodeReader,
    offline: bool,
    index_loader: IndexLoader,
) -> tuple[list[Finding], list[str]]:
    """Findings and notes for the packages of ``plan`` (``providers``: their releases; ``files``: at
    least every file naming one of their modules)."""
    if not plan.file_rules:
        return [], []
    releases = {r.name: r for r in providers}
    findings: list[Finding] = []
    notes: list[str] = []
    failed = ""  # a release that could not be indexed on demand: the others are not tried (no network)
    for name, pin, package in plan.packages:
        importing = [f for f in files if f.tree is not None and package.module in f.text]
        if not importing:
            continue
        release = releases.get(package.pypi)
        if release is None:
            notes.append(
                f"{name} ({pin.path}:{pin.line}): its imports and calls were not checked: the "
                "installed release is unknown"
            )
            continue
        index = index_loader(package.pypi, str(release.version), offline or bool(failed))
        if index is None:
            gap = _not_indexed(pin, release, offline, failed)
            failed = failed or f"{release.name}=={release.version}"
            findings.extend([gap] if plan.gaps_as_findings else [])
            notes.extend([] if plan.gaps_as_findings else [f"{gap.message} ({gap.suggestion})"])
            continue
        label = f"{release.name} {release.version}"
        source = BindingsSource(module=package.module, symbols=index, release=release, label=label)
        findings.extend(
            finding._replace(basis=Basis(release))
            for _, _, finding in check_files(source_context(ctx, source), plan.file_rules, importing, code)
        )
    return findings, notes


def _not_indexed(pin: PinFact, release: Resolved, offline: bool, failed: str) -> Finding:
    why = (
        "(offline)"
        if offline
        else f"(not tried after indexing {failed} failed)"
        if failed
        else "and could not be indexed"
    )
    spec = f"{release.name}=={release.version}"
    return src002_no_symbol_index.META.finding(
        pin.path,
        pin.line,
        1,
        f"{release.name} {release.version} is not in the symbol index {why}: its imports and calls were not "
        "checked",
        symbol=spec,
        severity="info",
        suggestion=f"run 'compat index build {spec}' once with the network; check reads it offline then",
    )
