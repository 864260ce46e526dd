"""VER001: cdktf.json's provider constraint versus the provider the prebuilt bindings were built for.

``aws@~> 6.0`` in ``terraformProviders`` with cdktf-cdktf-provider-aws 19.65.1 (AWS 5.99.1): two
sources of truth for one provider that disagree. How much that matters depends on what the code
imports (:func:`entry_severity`, the one policy of both languages): only the bindings ``cdktf get``
generates from that entry, the prebuilt package is installed but unused: no finding; both, one stack
mixes two versions of the provider (each construct writes its own ``required_providers``): an error;
only the prebuilt package (or neither), the entry is an unused, conflicting leftover that ``cdktf get``
still generates bindings for, while nothing fails at synth or init: a warning. Every prebuilt package the
project installs is judged against the entry of its provider (``azurerm@~>2.25`` beside
cdktf-cdktf-provider-azurerm 13.14.0, built for azurerm 4.14.0), in both languages. A bindings version
assumed from a range is judged by :mod:`compat.check.standing`. The TypeScript check words the same
finding over npm's facts (:func:`_npm`: the provider each installed prebuilt package was built for, as the
release data or npm says) with this policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, Resolved, RuleMeta, Severity
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.providers import provider_package
from compat.snapshot import BindingRelease, Snapshot
from compat.versions import HashiConstraint

META = RuleMeta(
    "VER001",
    "version",
    "error",
    "provider-constraint-mismatch",
    "cdktf.json provider constraint excludes the provider of the pinned prebuilt bindings.",
)


def entry_severity(local_imported: bool, prebuilt_imported: bool) -> tuple[bool, Severity | None]:
    """Whether a cdktf.json entry excluding the prebuilt package's provider is reported, and its severity
    (None: the rule's error), from what the code imports: the bindings generated from the entry
    (``local_imported``) and the prebuilt package (``prebuilt_imported``)."""
    if local_imported and not prebuilt_imported:
        return (
            False,
            None,
        )  # only the generated bindings are in use: the prebuilt provider never reaches synth
    return True, None if local_imported else "warning"


def _excluded(snapshot: Snapshot, package: str, constraint: HashiConstraint) -> Callable[[Version], bool]:
    """Whether a release of ``package`` is built for a provider ``constraint`` excludes (or not known)."""

    def excluded(version: Version) -> bool:
        release = snapshot.binding(package, version)
        built_for = release.provider_version if release is not None else None
        return built_for is None or not constraint.allows(built_for)

    return excluded


def _built_for(release: BindingRelease, constraint: HashiConstraint) -> bool:
    """Whether ``release`` is not yanked and built for a provider ``constraint`` admits."""
    built_for = release.provider_version
    return built_for is not None and not release.yanked and constraint.allows(built_for)


#: what an excluding entry means, by what the code imports, and the TypeScript finding's wording
NPM_MESSAGES = {
    "mixed": "the code also imports local bindings generated from this entry: one stack mixes two provider "
    "versions",
    "unused": "the code imports only the prebuilt package: the entry is an unused, conflicting second source "
    "(cdktf get still generates bindings for it)",
    "neither": "the code imports neither the prebuilt package nor bindings generated from the entry: the two "
    "disagree before either is used (cdktf get still generates bindings for the entry)",
    "excludes": "cdktf.json '{entry}' excludes {provider} {version}, the provider {name} {installed} "
    "({decided}) was built for; {consequence}",
}


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """The cdktf.json entries that exclude the provider an installed prebuilt package was built for."""
    from compat.typescript.context import decided, rel
    from compat.typescript.rule_facts import prebuilt_installs, ts_run

    run = ts_run(ctx)
    if run.config is None:
        return
    cdktf_rel = rel(run.root, run.config.path)
    for found in prebuilt_installs(ctx):
        installed = found.installed
        provider_version = found.provider_version
        if provider_version is None:
            continue
        for entry in run.config.providers:
            requirement = entry.requirement
            if requirement.name != found.package.provider or requirement.constraint.allows(provider_version):
                continue
            mixed = ctx.local is not None and bool(ctx.local.of_provider(entry.position))
            prebuilt_imported = found.name in ctx.imported
            reported, severity = entry_severity(mixed, prebuilt_imported)
            if not reported:
                continue
            message = NPM_MESSAGES["excludes"].format(
                entry=requirement.raw,
                provider=requirement.name,
                version=provider_version,
                name=found.name,
                installed=installed.version,
                decided=decided(run.project, installed),
                consequence=NPM_MESSAGES["mixed" if mixed else "unused" if prebuilt_imported else "neither"],
            )
            yield META.finding(
                cdktf_rel,
                entry.line,
                0,
                message,
                symbol=found.name,
                severity=severity,
                basis=found.basis,  # a version assumed from a range: a warning saying so
            )


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    if ctx.snapshot is None or ctx.facts.cdktf_json is None:
        return
    release = ctx.binding_release()
    if release is not None and ctx.bindings is not None:
        yield from _python_entries(ctx, ctx.bindings, release, "aws")
    for resolved in ctx.providers:  # every other prebuilt package installed (google, azurerm, ...)
        package = provider_package(resolved.name)
        other = ctx.snapshot.binding(resolved.name, resolved.version)
        if package is not None and other is not None and not package.is_aws:
            yield from _python_entries(ctx, resolved, other, package.provider)


def _core_need(ctx: CheckContext, release: BindingRelease) -> str:
    """``; needs cdktf<0.11,>=0.10`` when the release a hint names cannot install beside the project's
    core (azurerm 0.6.32 beside cdktf 0.20.10): the pin then moves the core too; empty when it fits or is
    unknown."""
    core = ctx.core
    if core is None or not release.core_requirement:  # core_name/core_specifier: no PEP 508 parser
        return ""
    if release.core_name == core.name and release.core_specifier.contains(core.version, prereleases=True):
        return ""
    return f"; needs {release.core_requirement}"


def _python_entries(
    ctx: CheckContext, resolved: Resolved, release: BindingRelease, provider_name: str
) -> Iterator[Finding]:
    """The cdktf.json entries for ``provider_name`` that exclude the provider ``release`` was built for."""
    if release.provider_version is None:
        return
    assert ctx.snapshot is not None and ctx.facts.cdktf_json is not None
    aws = provider_name == "aws"
    label = "AWS" if aws else provider_name
    provider = str(release.provider_version)
    for position, entry in enumerate(ctx.facts.providers):
        requirement = entry.requirement
        if (
            requirement.name != provider_name
            or requirement.constraint.is_any
            or requirement.constraint.allows(provider)
        ):
            continue
        used_at = ctx.local.where(position) if ctx.local is not None else ""
        reported, severity = entry_severity(bool(used_at), ctx.imports_package(resolved.name))
        if not reported:
            continue
        matching = next(
            (
                r
                for r in ctx.snapshot.bindings_newest_first(release.package)
                if _built_for(r, requirement.constraint)
            ),
            None,
        )
        hint = (
            (
                f"pin {release.package} {matching.version} ({label} {matching.provider_version}"
                f"{_core_need(ctx, matching)}) or change the constraint to admit {provider}"
            )
            if matching is not None
            else f"change the constraint to admit {provider}"
        )
        hint += (
            f"; keep the {provider_name} entry: the code imports the bindings generated from it ({used_at})"
            if used_at
            else f"; with prebuilt bindings the {provider_name} entry in terraformProviders can go"
        )
        major = release.provider_version.major
        built_for = f"AWS provider {provider}" if aws else f"the {provider_name} provider {provider}"
        yield META.finding(
            ctx.facts.cdktf_json,
            entry.line,
            1,
            f"cdktf.json asks for {provider_name} {requirement.constraint} but {release.package} "
            f"{release.version} is built for {built_for} ({major}.x)",
            symbol=entry.text,
            suggestion=hint,
            severity=severity,
            basis=Basis(resolved, _excluded(ctx.snapshot, release.package, requirement.constraint)),
        )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
