"""``compat check`` on a TypeScript project, with the same codes, severities and output as Python: this
module reads the project (package.json, the lock, cdktf.json, runtimes, every file through
:class:`~compat.typescript.code.TypeScriptCode`) and runs the selected rules that check TypeScript
(``Rule.languages``: the rule modules of :mod:`compat.check.rules`, one per code for both languages, which
read the npm side through ``CheckContext.typescript`` and :mod:`compat.typescript.rule_facts`) into one
:class:`~compat.check.model.CheckResult`, as the Python check makes it. It names no rule. The imports
and props of each file are checked against the symbol index as the file is read
(:mod:`compat.typescript.symbols`, :mod:`compat.typescript.symbol_indexes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from compat.check.config import CheckOptions
from compat.check.context import CheckContext
from compat.check.model import CheckResult, Environment, Finding, Releases, ShownRelease
from compat.check.rules.base import Rule
from compat.index.model import IndexLoader
from compat.project.cdktf_json import read_cdktf_json
from compat.snapshot import Snapshot
from compat.typescript.code import ParsedTs, TypeScriptCode
from compat.typescript.context import TsRun, rel
from compat.typescript.project import load_ts_project
from compat.typescript.reader import TsFile
from compat.typescript.rule_facts import installed_notes
from compat.typescript.symbol_indexes import SymbolIndexes

if TYPE_CHECKING:
    from compat.typescript.symbols import SymbolChecker


def _rule_findings(prepared: TsPrepared, files: list[TsFile]) -> list[Finding]:
    """The findings of the rules that read one file, over the facts the TypeScript reader gives them
    (:meth:`TypeScriptCode.analyse`: its ``Fn`` calls, and the reading itself)."""
    from compat.check.sources import SourceFile
    from compat.check.standing import apply_standing

    rules = [r.on_file for r in prepared.rules if r.on_file is not None]
    ctx, code = prepared.context, prepared.code
    found: list[Finding] = []
    for file in files if rules else ():
        if not file.imports and not file.fn_calls:
            continue  # what the file rules read of a TypeScript file: its imports, calls and props
        facts = code.analyse(ParsedTs(file, ()), ctx.package_module, ctx.family.core, None, frozenset())
        source = SourceFile(file.path, file.rel, "", None)
        for on_file in rules:
            found.extend(on_file(ctx, source, facts))
    return apply_standing(found)


def file_findings(prepared: TsPrepared, files: list[TsFile], symbols: Iterable[Finding]) -> list[Finding]:
    """The findings of the rules that read one file at a time (local bindings, imports and props,
    ``Fn`` calls, backend options): what an edit of ``files`` can change against the loaded project.
    ``symbols``: the imports-and-props findings of ``files``, found while each was parsed."""
    found = [*symbols, *_rule_findings(prepared, files)]
    return [f for f in found if f.code in prepared.selected]


class TsPrepared(NamedTuple):
    """A TypeScript project read and judged as a whole: its run (files, project findings and notes),
    runtimes, the symbol checker and the selected rule codes; :func:`file_findings` adds a file's."""

    run: TsRun
    environment: Environment
    checker: SymbolChecker | None
    selected: frozenset[str]
    symbols: tuple[Finding, ...]  # the imports-and-props findings of run.files, found as each was parsed
    context: CheckContext  # what the rules read (compat.typescript.engine_context)
    code: TypeScriptCode  # the reader every file went through
    rules: tuple[Rule, ...]  # the selected rules that check TypeScript (``Rule.languages``)


def prepare_ts(
    root: Path,
    options: CheckOptions | None = None,
    *,
    snapshot: Snapshot | None = None,
    index_loader: IndexLoader | None = None,
) -> TsPrepared:
    """Read the TypeScript project at ``root`` (the folder of its cdktf.json) and run the rules that
    read the project as a whole (manifests, lock, runtimes, imports across files)."""
    from compat.check.engine import default_index_loader, default_snapshot, selected_rules
    from compat.check.project import relative_source
    from compat.check.standing import apply_standing
    from compat.typescript.engine_context import ts_context
    from compat.versions.cli import detect_terraform
    from compat.versions.node import detect_node

    options = options or CheckOptions()
    root = root.resolve()
    rules = selected_rules(options)
    selected = frozenset(r.meta.code for r in rules)
    language_rules = tuple(r for r in rules if "typescript" in r.languages)
    config = read_cdktf_json(root / "cdktf.json") if (root / "cdktf.json").is_file() else None
    project = load_ts_project(root)
    snapshot = snapshot or default_snapshot()
    files: list[TsFile] = []
    run = TsRun(root, project, config, snapshot, files)
    run.notes.extend(config.notes if config else ())
    indexes = SymbolIndexes(run, options, index_loader or default_index_loader)
    symbols: list[Finding] = []
    code = TypeScriptCode((config.code_maker_output if config else None) or ".gen", indexes.check)
    for entry in code.files(root, ()):
        source = code.read(root, entry.path)
        if source.error is not None:
            continue  # unreadable: nothing to check
        parsed = code.parse(source)
        files.append(parsed.file)
        symbols.extend(parsed.findings)
    if snapshot is None:
        run.notes.append("no release snapshot: version rules that need release data were skipped")
    tf = detect_terraform(
        root, options.terraform, opentofu=options.opentofu, cdktf_json=config.document if config else {}
    )
    node, node_notes = detect_node(root, options.node)
    if node is not None:
        node = node._replace(source=relative_source(root, node.source))
    environment = Environment(
        terraform=tf.version if tf else None,
        terraform_source=relative_source(root, tf.source) if tf else None,
        python=None,
        cli=tf.cli if tf else "terraform",
        node=node,
    )
    run.notes.extend(node_notes)
    context = ts_context(run, environment, snapshot, code)
    installed_notes(run)
    found = [f for rule in language_rules if rule.on_project for f in rule.on_project(context)]
    run.findings.extend(apply_standing(found))
    run.findings[:] = [f for f in run.findings if f.code in selected]
    checker = indexes.checker if indexes.checker.packages else None
    return TsPrepared(
        run=run,
        environment=environment,
        checker=checker,
        selected=selected,
        symbols=tuple(symbols),
        context=context,
        code=code,
        rules=language_rules,
    )


def run_ts_check(
    root: Path,
    options: CheckOptions | None = None,
    *,
    snapshot: Snapshot | None = None,
    index_loader: IndexLoader | None = None,
) -> CheckResult:
    """Check the TypeScript project at ``root`` (the folder of its cdktf.json)."""
    return ts_result(prepare_ts(root, options, snapshot=snapshot, index_loader=index_loader))


def ts_result(prepared: TsPrepared, by_file: list[Finding] | None = None) -> CheckResult:
    """The check's result: the project findings and those of every file (``by_file``: already found)."""
    run, root = prepared.run, prepared.run.root
    found = [
        *run.findings,
        *(by_file if by_file is not None else file_findings(prepared, run.files, prepared.symbols)),
    ]
    lock = run.project.lock
    shown_lock = (
        ShownRelease(
            name=rel(root, lock.path), version=f"v{lock.version}", how=f"{lock.kind}; decides what installs"
        )
        if lock
        else None
    )
    return CheckResult(
        project=root,
        environment=prepared.environment,
        releases=Releases(packages=tuple(run.resolved.items()), language="typescript", lock=shown_lock),
        findings=tuple(sorted(found, key=Finding.sort_key)),
        notes=tuple(run.notes),
        files_checked=len(run.files),
    )
