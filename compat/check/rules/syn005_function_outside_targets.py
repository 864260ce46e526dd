"""SYN005: a built-in function the project's declared ``targetVersions`` (or cdktn's defaults) reject.

cdktn 0.24 validates at synth every ``Fn.<name>`` it tracks against ``targetVersions`` in cdktf.json,
defaulting to every supported release of both CLIs (``terraform >=1.5.7``, ``opentofu >=1.6.0``), and
fails synth when a targeted range includes a release without the function, whatever CLI is
installed (``lib/validations/validate-function-version-support.js``). The tables are cdktn's own
(``data/runtimes.json``, read by ``compat data runtimes`` from the cdktn package); the rule applies to
a cdktn core at or above the release they were read from. The fix declares the CLI the project
uses (when compat knows it and it has the function) as ``targetVersions``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Edit, Finding, RuleMeta
from compat.check.rules._functions import missing
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.shared import Shared
from compat.check.sources import SourceFile
from compat.families import CDKTN
from compat.record import Record
from compat.runtimes import CliConstraints, load_runtimes
from compat.versions.cli_names import CLI_LABELS, Cli

META = RuleMeta(
    "SYN005",
    "synth",
    "error",
    "function-outside-targets",
    "A built-in function, provider function, write-only attribute or ephemeral resource that "
    "the declared targetVersions (or cdktn's defaults) reject: cdktn >= 0.24 fails synth.",
)

_PRODUCTS: tuple[Cli, ...] = ("terraform", "opentofu")


class _Targets(Record):
    """The targets cdktn validates against, whether cdktf.json declares them, and its indentation."""

    targets: Mapping[str, str]
    declared: bool
    indent: int | str | None


_TARGETS: Shared[_Targets | None] = Shared("cdktn targetVersions (declared, else the defaults), read once")


def _validating_core(ctx: CheckContext) -> bool:
    core = ctx.core
    if core is None or core.name != CDKTN.core:
        return False
    validating_from = load_runtimes().cdktn_release
    return validating_from is not None and core.version >= validating_from


def _targets(ctx: CheckContext) -> _Targets | None:
    def read() -> _Targets | None:
        config = ctx.facts.project.cdktf
        declared = config.document.get("targetVersions") if config is not None else None
        indent = config.indent if config is not None else None
        if declared is None:
            return _Targets(dict(load_runtimes().cdktn_floor), False, indent)
        if not isinstance(declared, dict) or not all(isinstance(v, str) for v in declared.values()):
            return None  # cdktn reports a malformed targetVersions itself
        return _Targets(dict(declared), True, indent)

    memo = ctx.shared
    return memo[_TARGETS] if _TARGETS in memo else memo.keep(_TARGETS, read())


def _rejections(row: CliConstraints, targets: Mapping[str, str]) -> list[str]:
    """Why cdktn rejects a function with availability ``row`` for ``targets`` (empty: it accepts it)."""
    out = []
    for product in _PRODUCTS:
        target = targets.get(product)
        if not target:
            continue
        supported = row.opentofu if product == "opentofu" else row.terraform
        label = CLI_LABELS[product]
        if supported is None:
            out.append(f"no {label} release has it, but the project targets {label} {target}")
            continue
        from compat.versions.npm_semver import starts_at_or_above  # cdktn targets only: not on every check

        verdict = starts_at_or_above(target, supported)
        if verdict is False:
            out.append(f"it needs {label} {supported}, but the project targets {label} {target}")
    return out


def _fix(ctx: CheckContext, targets: _Targets, row: CliConstraints) -> tuple[str, tuple[Edit, ...]]:
    """The targetVersions that would pass: the project's own CLI when compat knows it and it has the
    function; an edit only when cdktf.json declares none yet (inserted as its first key)."""
    env = ctx.environment
    cli, version = env.cli, env.terraform
    supported = row.opentofu if cli == "opentofu" else row.terraform
    sides: tuple[tuple[Cli, str | None], ...] = (("terraform", row.terraform), ("opentofu", row.opentofu))
    where = [f"{CLI_LABELS[product]} {r}" for product, r in sides if r]
    from compat.versions.npm_semver import starts_at_or_above

    if version is None or supported is None or starts_at_or_above(f">={version}", supported) is not True:
        return (
            f"declare targetVersions in cdktf.json admitting only releases that have it "
            f"({' or '.join(where)})",
            (),
        )
    wanted = {cli: f">={version}"}
    text = f'"targetVersions": {json.dumps(wanted)}'
    suggestion = (
        f"declare {text} in cdktf.json (the {CLI_LABELS[cli]} the project uses, {env.terraform_source})"
    )
    if targets.declared or not ctx.facts.cdktf_json:
        return suggestion, ()
    # the edit replaces the opening brace at 1:1, so it applies only to a file that starts with it
    indent = targets.indent
    spacing = " " if indent is None else "\n" + (indent if isinstance(indent, str) else " " * indent)
    return suggestion, (Edit(ctx.facts.cdktf_json, 1, 1, "{", f"{{{spacing}{text},"),)


def _reported_by_syn004(ctx: CheckContext, row: CliConstraints) -> bool:
    """The CLI version compat uses was read from targetVersions and lacks the function: SYN004 says it."""
    env = ctx.environment
    return (
        env.terraform is not None
        and "targetVersions" in (env.terraform_source or "")
        and missing(row, env.cli, env.terraform) is not None
    )


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    if not _validating_core(ctx):
        return
    yield from _write_only(ctx, source, facts)
    if not facts.function_calls:
        return
    runtimes = load_runtimes()
    targets = None
    for call in facts.function_calls:
        row = runtimes.functions.get(call.name) or runtimes.functions.get(call.name.lower())
        if row is None:
            continue
        targets = targets or _targets(ctx)
        if targets is None:
            return
        reasons = _rejections(row, targets.targets)
        if not reasons or _reported_by_syn004(ctx, row):
            continue
        whose = (
            "the declared targetVersions"
            if targets.declared
            else "cdktn's default targets (no targetVersions)"
        )
        suggestion, edits = _fix(ctx, targets, row)
        core = ctx.core
        label = f"{core.name} {core.version}" if core else "cdktn"
        message = (
            f"Fn.{call.name}: {label} fails synth "
            f"against {whose}: {'; '.join(reasons)} ({runtimes.cdktn_source} "
            "lib/functions/function-availability.generated.js)"
        )
        yield META.finding(
            source.rel,
            call.line,
            call.column,
            message,
            symbol=f"Fn.{call.name}",
            suggestion=suggestion,
            edits=edits,
        )


#: compat's feature keys (:func:`compat.check.features.detect`) -> cdktn's provider-feature families
_FAMILIES = {
    "provider_functions": "providerFunctions",
    "ephemeral_resources": "ephemeralResources",
    "write_only_arguments": "writeOnlyAttributes",
}
_FEATURES_FILE = "lib/provider-feature-constraints.js"


def _feature_finding(
    ctx: CheckContext, family: str, what: str, rel: str, line: int, column: int, symbol: str
) -> Finding | None:
    runtimes = load_runtimes()
    row = runtimes.provider_features.get(family)
    targets = _targets(ctx)
    if row is None or targets is None:
        return None
    reasons = _rejections(row, targets.targets)
    if not reasons or _reported_by_syn004(ctx, row):
        return None
    whose = (
        "the declared targetVersions" if targets.declared else "cdktn's default targets (no targetVersions)"
    )
    suggestion, edits = _fix(ctx, targets, row)
    label = f"{ctx.core.name} {ctx.core.version}" if ctx.core else "cdktn"
    message = (
        f"{what}: {label} fails synth against {whose}: {'; '.join(reasons)} "
        f"({runtimes.cdktn_source} {_FEATURES_FILE})"
    )
    return META.finding(rel, line, column, message, symbol=symbol, suggestion=suggestion, edits=edits)


#: how a write-only argument reads in each language's code (Python keyword, TypeScript prop)
WRITE_ONLY_WORDING = {
    "python": "{construct}({argument}=...), a write-only attribute",
    "typescript": "new {construct}({{ {argument}: ... }}), a write-only attribute",
}


def _write_only(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    wording = WRITE_ONLY_WORDING["typescript" if facts.typescript is not None else "python"]
    for use in facts.write_only:
        found = _feature_finding(
            ctx,
            "writeOnlyAttributes",
            wording.format(construct=use.construct, argument=use.argument),
            source.rel,
            use.line,
            use.column,
            f"{use.construct}.{use.argument}",
        )
        if found is not None:
            yield found


def _project(ctx: CheckContext) -> Iterator[Finding]:
    """Provider functions and ephemeral resources in the synthesized stacks (the source has no other
    trace of them that compat reads)."""
    if not _validating_core(ctx):
        return
    from compat.check.features import detect
    from compat.check.rules._synth import json_position, stacks

    for rel, text, doc in stacks(ctx):
        for use in detect(doc):
            family = _FAMILIES.get(use.key)
            if family is None or family == "writeOnlyAttributes":
                continue
            line, column = json_position(text, use.path)
            what = "a provider-defined function" if family == "providerFunctions" else "an ephemeral resource"
            found = _feature_finding(ctx, family, f"{use.dotted}: {what}", rel, line, column, use.dotted)
            if found is not None:
                yield found


RULE = Rule(META, on_file=_file, on_project=_project, languages=EVERY_LANGUAGE)
