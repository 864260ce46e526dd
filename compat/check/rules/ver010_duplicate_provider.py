"""VER010: the AWS provider both generated locally (cdktf.json) and installed prebuilt.

Even when the two agree today, ``cdktf get`` writes a second set of bindings into
``codeMakerOutput`` and the two drift apart at the next upgrade of either (VER001 then fires).
An entry whose generated bindings the code imports (``imports.aws...``) is never to be dropped:
with the prebuilt bindings unused nothing is duplicated; with both in use the imports move first.
On TypeScript the rule covers every provider with a prebuilt package (``@cdktf/provider-google`` beside
a ``google`` entry as ``@cdktf/provider-aws`` beside ``aws``), and warns only where the code imports the
prebuilt package (installed at a known version) and no bindings generated from the entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

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


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """A cdktf.json entry beside an installed prebuilt package of its provider the code imports, when the code
    imports no bindings generated from the entry and the entry admits the provider the package was built
    for (otherwise VER001 reports the disagreement)."""
    from compat.typescript.context import decided, rel
    from compat.typescript.rule_facts import prebuilt_installs, ts_run

    run = ts_run(ctx)
    if run.config is None:
        return
    reported: set[int] = set()  # one finding an entry, whichever prebuilt packages of it are installed
    for found in prebuilt_installs(ctx):
        provider = found.package.provider
        if found.name not in ctx.imported:
            continue
        provider_version = found.provider_version
        for entry in run.config.providers:
            requirement = entry.requirement
            if requirement.name != provider or entry.position in reported:
                continue
            if ctx.local is not None and ctx.local.of_provider(entry.position):
                continue  # the code imports the generated bindings: the entry is in use
            if provider_version is None or not requirement.constraint.allows(provider_version):
                continue  # a disagreement (VER001's), or not known to agree
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
            )


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    release = ctx.binding_release()
    if ctx.bindings is None or ctx.facts.cdktf_json is None:
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
        yield META.finding(
            ctx.facts.cdktf_json,
            entry.line,
            1,
            f"cdktf.json lists {entry.text} while {installed} is installed: "
            f"two sources of truth for the AWS provider",
            symbol=entry.text,
            basis=Basis(ctx.bindings, _always),  # any release duplicates it
            suggestion=_suggestion(entry.text, used_at, ctx),
        )


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
