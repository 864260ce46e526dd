"""Gated Terraform features in ``cdktf.out/stacks/*/cdk.tf.json`` and in the Python sources."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.features import Gate, Use, detect, document_for_path, gates, judge, provider_gate, source_of
from compat.check.shared import Shared
from compat.record import Record

Kind = Literal["too_new", "removed", "provider"]


class Hit(Record):
    kind: Kind
    severity: str
    path: str
    line: int
    column: int
    message: str
    symbol: str
    suggestion: str | None = None


def json_position(text: str, path: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of the JSON key at ``path``: each key searched after the previous one."""
    at = 0
    found = None
    for key in path:
        if key.isdigit():
            continue  # a list index has no key of its own
        match = re.compile(rf"\"{re.escape(key)}\"\s*:").search(text, at)
        if match is None:
            break
        found, at = match.start(), match.end()
    if found is None:
        return 1, 1
    line = text.count("\n", 0, found) + 1
    return line, found - (text.rfind("\n", 0, found) + 1) + 1


def _hits(
    ctx: CheckContext,
    uses: list[Use],
    where: str,
    locate: dict[str, tuple[int, int]] | None,
    text: str | None,
    origin: str,
) -> Iterator[Hit]:
    terraform = ctx.environment.terraform
    table = gates(ctx.features)
    release = ctx.binding_release()
    provider = release.provider_version if release is not None else None
    for use in uses:
        gate = table.get(use.key)
        if gate is None:
            continue
        if locate is not None and use.dotted in locate:
            line, column = locate[use.dotted]
        elif text is not None:
            line, column = json_position(text, use.path)
        else:
            line, column = 1, 1
        cli = ctx.environment.cli
        verdict = judge(gate, terraform, cli) if terraform is not None else None
        if verdict is not None:
            kind: Kind = "removed" if verdict.removed else "too_new"
            yield Hit(
                kind,
                verdict.severity,
                where,
                line,
                column,
                f"{origin}{use.dotted}: {verdict.message}",
                use.dotted,
                f"{verdict.fix} (source: {source_of(gate, cli)})",
            )
        needs = provider_gate(table, use)
        floor = needs.provider_floor if needs is not None else None
        if provider is not None and needs is not None and floor is not None and provider < floor:
            assert release is not None
            message = (
                f"{origin}{use.dotted}: {needs.description}: needs AWS provider >= "
                f"{needs.provider_min}, {release.package} {release.version} is built for {provider}"
            )
            yield Hit("provider", "error", where, line, column, message, use.dotted)


class _Stacks(Record):
    readable: list[tuple[str, str, dict[str, Any]]]  # (relative path, text, document)
    errors: list[tuple[str, int, int, str]]  # stacks that could not be read: (path, line, column, message)


STACKS: Shared[_Stacks] = Shared("the synthesized stacks, read once")
STACK_HITS: Shared[list[Hit]] = Shared("the problems of the synthesized stacks")
SOURCE_HITS: Shared[list[Hit]] = Shared("the Terraform-feature problems of a file")


def stacks(ctx: CheckContext) -> list[tuple[str, str, dict[str, Any]]]:
    """Every readable ``cdktf.out/stacks/*/cdk.tf.json``: (path, text, document), read once per run."""
    return _read_stacks(ctx).readable


def synth_hits(ctx: CheckContext) -> list[Hit]:
    """Problems of every synthesized stack, computed once per run."""
    memo = ctx.shared
    if STACK_HITS in memo:
        return memo[STACK_HITS]
    return memo.keep(
        STACK_HITS,
        [hit for rel, text, doc in stacks(ctx) for hit in _hits(ctx, detect(doc), rel, None, text, "")],
    )


def synth_errors(ctx: CheckContext) -> list[tuple[str, int, int, str]]:
    """Synthesized stacks that could not be read: (path, line, column, message)."""
    return _read_stacks(ctx).errors


def _read_stacks(ctx: CheckContext) -> _Stacks:
    """The synthesized stacks, read once per run."""
    memo = ctx.shared
    return memo[STACKS] if STACKS in memo else memo.keep(STACKS, _stacks(ctx))


def _stacks(ctx: CheckContext) -> _Stacks:
    readable: list[tuple[str, str, dict[str, Any]]] = []
    errors: list[tuple[str, int, int, str]] = []
    directory = ctx.facts.root / "cdktf.out" / "stacks"
    if directory.is_dir():
        for path in sorted(directory.glob("*/cdk.tf.json")):
            rel = path.relative_to(ctx.facts.root).as_posix()
            try:
                text = path.read_text(encoding="utf-8")
                doc = json.loads(text)
            except (OSError, UnicodeDecodeError) as error:
                errors.append((rel, 0, 0, f"cannot read: {error}"))
                continue
            except json.JSONDecodeError as error:
                errors.append((rel, error.lineno, error.colno, f"does not parse as JSON: {error.msg}"))
                continue
            if isinstance(doc, dict):
                readable.append((rel, text, doc))
    return _Stacks(readable, errors)


def source_hits(ctx: CheckContext, rel: str, facts: FileFacts) -> list[Hit]:
    """Problems of ``add_override("terraform...")`` paths, core backend keywords and ``*_wo`` keywords."""
    memo = facts.shared
    found = memo.get(SOURCE_HITS)  # (four rules ask for each file)
    return found if found is not None else memo.keep(SOURCE_HITS, _source_hits(ctx, rel, facts))


GATE_TABLE: Shared[dict[str, Gate]] = Shared("the Terraform feature gates of the run's release data")


def _typescript_hits(ctx: CheckContext, rel: str, facts: FileFacts) -> list[Hit]:
    """Backend options and write-only arguments of a TypeScript file the project's CLI does not accept,
    worded by the TypeScript names (``S3Backend useLockfile``, ``Instance passwordWo``)."""
    from compat.typescript.rule_facts import feature_uses

    terraform = ctx.environment.terraform
    uses = feature_uses(facts) if terraform is not None else ()
    if terraform is None or not uses:
        return []
    memo, cli = ctx.shared, ctx.environment.cli
    table = memo[GATE_TABLE] if GATE_TABLE in memo else memo.keep(GATE_TABLE, gates(ctx.features))
    hits: list[Hit] = []
    for found in uses:
        gate = table.get(found.use.key)
        verdict = judge(gate, terraform, cli) if gate is not None else None
        if gate is None or verdict is None:
            continue
        hits.append(
            Hit(
                "removed" if verdict.removed else "too_new",
                verdict.severity,
                rel,
                found.line,
                found.column,
                f"{found.what}: {verdict.message} ({source_of(gate, cli)})",
                found.use.dotted,
                verdict.fix or None,
            )
        )
    return hits


def _source_hits(ctx: CheckContext, rel: str, facts: FileFacts) -> list[Hit]:
    if facts.typescript is not None:
        return _typescript_hits(ctx, rel, facts)
    hits: list[Hit] = []
    for override in facts.overrides:
        if override.path.startswith("terraform."):
            uses = detect(document_for_path(override.path))
            hits.extend(
                _hits(
                    ctx,
                    uses,
                    rel,
                    {u.dotted: (override.line, override.column) for u in uses},
                    None,
                    "add_override ",
                )
            )
    for call in facts.core_calls:
        if call.name == "S3Backend":
            for keyword in call.keywords:
                uses = detect(document_for_path(f"terraform.backend.s3.{keyword.name}"))
                hits.extend(
                    _hits(
                        ctx,
                        uses,
                        rel,
                        {u.dotted: (keyword.line, keyword.column) for u in uses},
                        None,
                        "S3Backend ",
                    )
                )
        elif call.name == "CloudBackend":
            uses = [Use("cloud_block", ("terraform", "cloud"))]
            hits.extend(_hits(ctx, uses, rel, {"terraform.cloud": (call.line, call.column)}, None, ""))
    for site in facts.calls if facts.names_write_only else ():
        for keyword in site.keywords:
            if keyword.name.endswith(("_wo", "_wo_version")):
                use = Use("write_only_arguments", (site.cls.name, keyword.name))
                hits.extend(_hits(ctx, [use], rel, {use.dotted: (keyword.line, keyword.column)}, None, ""))
    return hits
