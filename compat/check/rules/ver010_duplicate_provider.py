"""VER010: a provider both generated locally (cdktf.json) and installed prebuilt.

Even when the two agree today, ``cdktf get`` writes a second set of bindings into
``codeMakerOutput`` and the two drift apart at the next upgrade of either (VER001 then fires).

One definition, :func:`duplicate_source`, decides for every prebuilt provider in both languages
(``cdktf-cdktf-provider-google`` or ``@cdktf/provider-google`` beside a ``google`` entry as the AWS
package beside ``aws``): the code imports the prebuilt package (installed at a known version) and the
entry admits the provider the package was built for (otherwise VER001 reports the disagreement).
What the code imports of the bindings generated from the entry decides only the advice: none, drop
the entry; some, keep it until those imports move to the prebuilt package.

The code importing both sources is reported. In cdktf's core (``lib/terraform-provider.js`` of cdktf
0.15.5 as of 0.21.0) only a ``TerraformProvider`` writes ``required_providers`` (its generator
metadata's ``providerVersion``: the prebuilt's exact build, or the version ``cdktf get`` generated
from); resources write none, and ``ValidateProviderPresence`` matches them to a provider construct by
provider name only. So synth and ``terraform init`` succeed, and the classes of the other source run
against a provider version they were not generated for: the two sources of truth meet in one
configuration. A project importing neither (a template) is not reported: no import says which source
is the one in use, so the advice would rest on a guess, and the generated imports may be out of the
scan's sight.
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
NPM_MESSAGE = (
    "cdktf.json lists '{entry}' while {name} {installed} ({decided}) is installed and imported: two sources "
    "of truth for the {provider} provider (cdktf get still generates bindings for the entry)"
)


def duplicate_source(
    entry: ProviderEntry, provider: str, built_for: Version | None, prebuilt_imported: bool
) -> bool:
    """Whether cdktf.json ``entry`` duplicates an installed prebuilt package of ``provider`` (built for
    provider version ``built_for``, None: not known), in both languages: the code imports the package
    (``prebuilt_imported``) and the entry admits ``built_for`` (an entry excluding it is VER001's
    disagreement; an unknown version is no finding). Whether the code also imports bindings generated
    from the entry changes the advice (:func:`advice`), not the finding."""
    requirement = entry.requirement
    if requirement.name != provider or not prebuilt_imported:
        return False
    return built_for is not None and requirement.constraint.allows(built_for)


def advice(entry: str, used_at: str, prebuilt: str) -> str:
    """What to do with the duplicated ``entry``: drop it, or, while the code imports the bindings generated
    from it (first at ``used_at``), move those imports to ``prebuilt`` first."""
    if not used_at:
        return f"drop {entry} from terraformProviders; the code uses {prebuilt}"
    return (
        f"keep {entry} while the code imports the bindings generated from it ({used_at}); to use one "
        f"source, move those imports to {prebuilt} first, then drop the entry"
    )


#: the message's tail when the code imports both sources
BOTH = (
    "; the code imports the bindings generated from the entry too ({used_at}): in a stack using both, only "
    "its provider construct writes required_providers, so the other source's classes run against a provider "
    "version they were not generated for"
)


def _used_at(local: LocalUsage | None, position: int) -> str:
    """Where the code first imports the bindings generated from the ``position``-th entry ("": nowhere)."""
    return local.where(position) if local is not None else ""


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
                entry, provider, found.provider_version, imported
            ):
                continue
            used_at = _used_at(ctx.local, entry.position)
            message = NPM_MESSAGE.format(
                provider="AWS" if provider == "aws" else repr(provider),
                entry=requirement.raw,
                name=found.name,
                installed=found.installed.version,
                decided=decided(run.project, found.installed),
            )
            reported.add(entry.position)
            yield META.finding(
                rel(run.root, run.config.path),
                entry.line,
                0,
                message + (BOTH.format(used_at=used_at) if used_at else ""),
                symbol=found.name,
                suggestion=advice(f"'{requirement.raw}'", used_at, found.name),
                basis=found.basis,  # a version assumed from a range: said so
            )


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    if ctx.facts.cdktf_json is None or ctx.snapshot is None or ctx.local is None:
        return
    if not _generated_imports_known(ctx.local, ctx.imported):
        return
    reported: set[int] = set()  # one finding an entry, whichever prebuilt packages of it are installed
    installed = (ctx.bindings, *ctx.providers) if ctx.bindings is not None else ctx.providers
    for resolved in installed:
        package = ctx.snapshot.provider_package(resolved.name)
        release = ctx.release_of(resolved)
        if package is None or release is None:
            continue
        module = ctx.package_module if resolved is ctx.bindings else package.module
        imported = module in ctx.imported
        for entry in ctx.facts.providers:
            if entry.position in reported or not duplicate_source(
                entry, package.provider, release.provider_version, imported
            ):
                continue
            reported.add(entry.position)
            used_at = _used_at(ctx.local, entry.position)
            label = "AWS" if package.provider == "aws" else repr(package.provider)
            yield META.finding(
                ctx.facts.cdktf_json,
                entry.line,
                1,
                f"cdktf.json lists {entry.text} while {resolved.name} {resolved.version} (built for "
                f"{package.provider} {release.provider_version}) is installed and imported: two sources of "
                f"truth for the {label} provider (cdktf get still generates bindings for the entry)"
                + (BOTH.format(used_at=used_at) if used_at else ""),
                symbol=entry.text,
                basis=Basis(resolved, _always),  # any release duplicates it (or VER001 reports it)
                suggestion=advice(entry.text, used_at, module),
            )


def _generated_imports_known(local: LocalUsage, imported: frozenset[str]) -> bool:
    """Whether the imports of the bindings ``cdktf get`` generates are known. codeMakerOutput an import name
    (``imports``): the scan ties them to their entries, unless for a nested folder (``src/imports``:
    ``src.imports``) some file imports its last part as a top-level module (``from imports.google ...`` run
    from ``src``, which the scan does not tie to an entry). A folder that is no import name (``.gen``, the
    default; ``gen-imports``) is reached only with it on ``sys.path``, each entry's folder then a top-level
    module (``aws``, ``vpc``): known to be unused when the code imports no module of such a name."""
    package = local.bindings.package
    if not package:
        return not any(name.partition(".")[0] in imported for e in local.bindings.entries for name in e.names)
    rest = package.partition(".")[2]
    return not rest or rest.rsplit(".", 1)[-1] not in imported


def _always(version: Version) -> bool:
    return True


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
