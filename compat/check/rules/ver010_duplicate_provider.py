"""VER010: the AWS provider both generated locally (cdktf.json) and installed prebuilt.

Even when the two agree today, ``cdktf get`` writes a second set of bindings into
``codeMakerOutput`` and the two drift apart at the next upgrade of either (VER001 then fires).
An entry whose generated bindings the code imports (``imports.aws...``) is never to be dropped:
with the prebuilt bindings unused nothing is duplicated; with both in use the imports move first.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER010",
    "version",
    "warning",
    "duplicate-provider-source",
    "The AWS provider is listed in cdktf.json although prebuilt bindings are installed.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
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


RULE = Rule(META, on_project=_check)
