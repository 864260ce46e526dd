"""VER010: a provider both generated locally (cdktf.json) and installed prebuilt.

Even when the two agree today, ``cdktf get`` writes a second set of bindings into
``codeMakerOutput`` and the two drift apart at the next upgrade of either (VER001 then fires).
An entry whose generated bindings the code imports (``imports.aws...``) is never to be dropped:
with the prebuilt bindings unused nothing is duplicated; with both in use the imports move first.

Every provider with a prebuilt package is covered, in both languages (``cdktf-cdktf-provider-google``
or ``@cdktf/provider-google`` beside a ``google`` entry as the AWS package beside ``aws``), by one
definition, :func:`duplicate_source`: the code imports the prebuilt package (installed at a known
version), imports no bindings generated from the entry, and the entry admits the provider the package
was built for (otherwise VER001 reports the disagreement). A Python project's own family AWS bindings keep
their older, wider policy (:func:`_family_aws`): reported also when the code imports neither source, or
both (with a suggestion to move the imports first).

One provider from both sources in one stack (a prebuilt ``RandomProvider`` beside a ``Password`` generated
from the ``random`` entry) is not reported for the other providers: in cdktf's core (0.15.5 as 0.21) only a
``TerraformProvider`` writes ``required_providers`` (its generator metadata's ``providerVersion``, the
prebuilt's exact build), resources write none, and ``ValidateProviderPresence`` matches by provider name
only, so synth and ``terraform init`` succeed with the provider construct's version; only an argument the
generated bindings have and that version lacks would fail, at plan, which the imports alone cannot tell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

if TYPE_CHECKING:
    from compat.project.local_bindings import LocalUsage
    from compat.project.model import ProviderEntry

META = RuleMeta(
    "VER010",
    "version",
    "warning",
    "duplicate-provider-source",
    "A provider is listed in cdktf.json although its prebuilt bindings are installed.",
)


#: the TypeScript finding's wording
NPM_MESSAGES = {
    "duplicate": "cdktf.json lists '{entry}' while {name} {installed} ({decided}) is installed and imported: "
    "two sources of truth for the {provider} provider (cdktf get still generates bindings for the entry)",
    "suggestion": "drop '{entry}' from terraformProviders in cdktf.json; the code uses {name}",
}


def duplicate_source(
    entry: ProviderEntry,
    provider: str,
    built_for: Version | None,
    prebuilt_imported: bool,
    local: LocalUsage | None,
) -> bool:
    """Whether cdktf.json ``entry`` duplicates an installed prebuilt package of ``provider`` (built for
    provider version ``built_for``, None: not known), in both languages: the code imports the package
    (``prebuilt_imported``) and no bindings generated from the entry (``local``: what the code imports of
    them; None: nothing generated), and the entry admits ``built_for`` (an entry excluding it is VER001's
    disagreement; an unknown version is no finding)."""
    requirement = entry.requirement
    if requirement.name != provider or not prebuilt_imported:
        return False
    if local is not None and local.of_provider(entry.position):
        return False  # the code imports the generated bindings: the entry is in use
    return built_for is not None and requirement.constraint.allows(built_for)


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """A cdktf.json entry beside an installed prebuilt package of its provider (:func:`duplicate_source`)."""
    from compat.typescript.context import decided, rel
    from compat.typescript.rule_facts import prebuilt_installs, ts_run

    run = ts_run(ctx)
    if run.config is None:
        return
    reported: set[int] = set()  # one finding an entry, whichever prebuilt packages of it are installed
    for found in prebuilt_installs(ctx):
        provider = found.package.provider
        imported = found.name in ctx.imported
        for entry in run.config.providers:
            requirement = entry.requirement
            if entry.position in reported or not duplicate_source(
                entry, provider, found.provider_version, imported, ctx.local
            ):
                continue
            words = {
                "provider": "AWS" if provider == "aws" else repr(provider),
                "entry": requirement.raw,
                "name": found.name,
                "installed": found.installed.version,
                "decided": decided(run.project, found.installed),
            }
            reported.add(entry.position)
            yield META.finding(
                rel(run.root, run.config.path),
                entry.line,
                0,
                NPM_MESSAGES["duplicate"].format(**words),
                symbol=found.name,
                suggestion=NPM_MESSAGES["suggestion"].format(**words),
                basis=found.basis,  # a version assumed from a range: said so
            )


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    if ctx.facts.cdktf_json is None:
        return
    reported: set[int] = set()  # one finding an entry, whichever prebuilt packages of it are installed
    for finding, position in _family_aws(ctx):
        reported.add(position)
        yield finding
    yield from _every_provider(ctx, reported)


def _every_provider(ctx: CheckContext, reported: set[int]) -> Iterator[Finding]:
    """The entries duplicating an installed prebuilt package other than the family's AWS bindings
    (``cdktf-cdktf-provider-google`` beside ``google@~> 5.0``): :func:`duplicate_source`, the code's
    imports of the package by its module (as the release data names it)."""
    assert ctx.facts.cdktf_json is not None
    if ctx.snapshot is None or ctx.local is None or not _generated_imports_known(ctx.local, ctx.imported):
        return
    for resolved in ctx.providers:
        package = ctx.snapshot.provider_package(resolved.name)
        release = ctx.release_of(resolved)
        if package is None or release is None:
            continue
        imported = package.module in ctx.imported
        for entry in ctx.facts.providers:
            if entry.position in reported or not duplicate_source(
                entry, package.provider, release.provider_version, imported, ctx.local
            ):
                continue
            reported.add(entry.position)
            label = "AWS" if package.provider == "aws" else repr(package.provider)
            yield META.finding(
                ctx.facts.cdktf_json,
                entry.line,
                1,
                f"cdktf.json lists {entry.text} while {resolved.name} {resolved.version} (built for "
                f"{package.provider} {release.provider_version}) is installed and imported: two sources of "
                f"truth for the {label} provider (cdktf get still generates bindings for the entry)",
                symbol=entry.text,
                basis=Basis(resolved, _always),  # any release duplicates it (or VER001 reports it)
                suggestion=f"drop {entry.text} from terraformProviders; the code uses {package.module}",
            )


def _generated_imports_known(local: LocalUsage, imported: frozenset[str]) -> bool:
    """Whether the imports of the bindings ``cdktf get`` generates are known: codeMakerOutput is an import
    name (``imports``), and for a nested folder (``src/imports``: ``src.imports``) no file imports its last
    part as a top-level module (``from imports.google ...`` run from ``src``, which the scan does not tie to
    an entry)."""
    package = local.bindings.package
    if not package:
        return False
    rest = package.partition(".")[2]
    return not rest or rest.rsplit(".", 1)[-1] not in imported


def _family_aws(ctx: CheckContext) -> Iterator[tuple[Finding, int]]:
    """The ``aws`` entries beside the family's AWS bindings the project installs, with their positions."""
    assert ctx.facts.cdktf_json is not None
    release = ctx.binding_release()
    if ctx.bindings is None:
        return
    for position, entry in enumerate(ctx.facts.providers):
        requirement = entry.requirement
        if requirement.name != "aws":
            continue
        if ctx.local is not None and ctx.local.local_only(position):
            continue  # the local bindings are the ones in use; the prebuilt package is only installed
        used_at = ctx.local.where(position) if ctx.local is not None else ""
        if (
            release is not None
            and release.provider_version is not None
            and not requirement.constraint.is_any
            and not requirement.constraint.allows(release.provider_version)
        ):
            continue  # a disagreement: VER001's
        installed = f"{ctx.bindings.name} {ctx.bindings.version}"
        finding = META.finding(
            ctx.facts.cdktf_json,
            entry.line,
            1,
            f"cdktf.json lists {entry.text} while {installed} is installed: "
            f"two sources of truth for the AWS provider",
            symbol=entry.text,
            basis=Basis(ctx.bindings, _always),  # any release duplicates it
            suggestion=_suggestion(entry.text, used_at, ctx),
        )
        yield finding, entry.position


def _always(version: Version) -> bool:
    return True


def _suggestion(raw: str, used_at: str, ctx: CheckContext) -> str:
    if not used_at:
        return f"drop {raw} from terraformProviders; use the prebuilt bindings"
    return (
        f"keep {raw} while the code imports the bindings generated from it ({used_at}); to use one "
        f"source, move those imports to {ctx.package_module} first, then drop the entry"
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
