"""Run the rules over a project: read it once, parse each Python file once, collect findings.

Every file's text is read up front (what the code imports decides the context); the files are then
parsed one at a time, and a tree outlives its turn in the main loop only when a later pass (local
bindings, other prebuilt packages) declared, in its plan's ``wants``, a module the file names: peak
memory follows the largest file, not the whole project.

No user code is imported, no subprocess is started, and the network is touched only when a
symbol index has to be fetched on demand (never with ``offline``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compat.check.cached_index import CachedIndex
from compat.check.code import CodeReader, code_reader
from compat.check.config import CheckOptions
from compat.check.context import CheckContext
from compat.check.local_bindings import check_local_bindings, plan_local
from compat.check.model import CheckResult, Finding
from compat.check.prebuilt import check_prebuilt, plan_prebuilt
from compat.check.project import Loaded, load_facts
from compat.check.rules import ALL_RULES
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile, SourceText
from compat.check.undeclared import declares, infer_bindings
from compat.errors import CompatError
from compat.index.model import ReleaseIndex
from compat.project.files import unread_note
from compat.snapshot import Snapshot

IndexLoader = Callable[[str, str, bool], "ReleaseIndex | None"]


def _matches(rule: Rule, selectors: tuple[str, ...]) -> bool:
    code = rule.meta.code
    return any(code.startswith(s.upper()) or rule.meta.category == s.lower() for s in selectors)


def selected_rules(options: CheckOptions) -> list[Rule]:
    known = {r.meta.code for r in ALL_RULES} | {r.meta.category for r in ALL_RULES}
    for selector in (*options.select, *options.ignore):
        if not any(code.startswith(selector.upper()) or code == selector.lower() for code in known):
            raise CompatError(f"unknown rule code or category {selector!r} in --select/--ignore")
    rules = [r for r in ALL_RULES if not options.select or _matches(r, options.select)]
    return [r for r in rules if not _matches(r, options.ignore)]


def default_index_loader(package: str, version: str, offline: bool) -> ReleaseIndex | None:
    """The index engineer's ``open_release_index`` when it is built; None when it has no answer."""
    try:
        from compat.index import open_release_index
    except ImportError:
        return None
    try:
        index: ReleaseIndex | None = open_release_index(package, version, offline=offline)
    except CompatError:
        return None
    return index


def default_snapshot() -> Snapshot | None:
    from compat.snapshot import load_snapshot

    try:
        return load_snapshot()
    except CompatError:
        return None


@dataclass
class _Run:
    root: Path
    options: CheckOptions
    rules: list[Rule]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_context(loaded: Loaded, options: CheckOptions, snapshot: Snapshot | None,
                  index_loader: IndexLoader, imported: frozenset[str] = frozenset()) -> CheckContext:
    """``imported``: the top-level modules the code imports (bindings no manifest declares get a release)."""
    facts, environment, bindings, core = loaded.facts, loaded.environment, loaded.bindings, loaded.core
    inferred = None
    if bindings is None and facts.line.module in imported and not declares(facts, facts.line.bindings):
        inferred = infer_bindings(facts, core, snapshot, environment.python)
    target = bindings or inferred
    loaded_index = index_loader(target.name, target.version, options.offline) if target else None
    index = CachedIndex(loaded_index) if loaded_index is not None else None

    newest_cache: list[ReleaseIndex | None] = []

    def newest() -> ReleaseIndex | None:
        if not newest_cache:
            releases = snapshot.bindings(bindings.name) if snapshot and bindings else []
            latest = next((r for r in reversed(releases) if not r.yanked), None)
            found = (index_loader(latest.package, str(latest.version), options.offline)
                     if latest and str(latest.version) != (bindings.version if bindings else "") else None)
            newest_cache.append(CachedIndex(found) if found is not None else None)
        return newest_cache[0]

    features = list(snapshot.features) if snapshot else []
    return CheckContext(facts, environment, facts.line, bindings, core, snapshot, index, features, newest,
                        inferred=inferred, providers=loaded.providers, imported=imported)


def _read(run: _Run, loaded: Loaded, code: CodeReader) -> list[SourceText]:
    """The project's source files, each read once (an oversized one or a link out of the project is
    only noted)."""
    files: list[SourceText] = []
    for own in code.files(run.root, run.options.exclude + loaded.facts.skip_dirs):
        if not own.readable:
            run.notes.append(unread_note(own))
        else:
            files.append(code.read(run.root, own.path))
    return files


def _index_gap(ctx: CheckContext) -> str:
    """Why the code could not be checked against a symbol index."""
    target = ctx.bindings or ctx.inferred
    if target is not None:
        return f"no symbol index for {target.name} {target.version}"
    if declares(ctx.facts, ctx.line.bindings):
        return f"the installed release of {ctx.line.bindings} is unknown"
    return f"{ctx.line.bindings} is imported but not declared, and no release of it could be inferred"


def _unmet(rule: Rule, ctx: CheckContext, imported: frozenset[str]) -> str | None:
    """Why ``rule`` cannot run on this project (``""``: it has nothing to check anyway); None if it can."""
    if rule.needs_index and ctx.index is None:
        return _index_gap(ctx) if ctx.line.module in imported else ""
    if rule.needs_manifest and not ctx.facts.manifests:
        return "no dependency manifest (Pipfile, pyproject.toml, requirements*.txt) was found"
    return None


def _plan(run: _Run, ctx: CheckContext, imported: frozenset[str]) -> list[Rule]:
    """The selected rules that can run; the run's notes name the others and why, and what was assumed."""
    runnable: list[Rule] = []
    gaps: dict[str, list[str]] = {}
    for rule in run.rules:
        why = _unmet(rule, ctx, imported)
        if why is None:
            runnable.append(rule)
        else:
            gaps.setdefault(why, []).append(rule.meta.code)
    run.notes.extend(f"{', '.join(skipped)} could not run: {why}" for why, skipped in gaps.items() if why)
    if ctx.inferred is not None:
        inferred = ctx.inferred
        run.notes.append(f"{inferred.name} is imported but not declared: the code was checked against "
                         f"{inferred.version} ({inferred.how}); findings that rest on it are warnings")
    return runnable


def _as_assumed(findings: Iterable[Finding]) -> list[Finding]:
    """Findings against an inferred release rest on a guess: at most warnings."""
    return [f._replace(severity="warning") for f in findings]


def run_check(root: Path, options: CheckOptions | None = None, *,
              snapshot: Snapshot | None = None, use_default_snapshot: bool = True,
              index_loader: IndexLoader | None = None) -> CheckResult:
    """Check the project at ``root``; ``snapshot``/``index_loader`` replace the embedded data in tests."""
    options = options or CheckOptions()
    root = root.resolve()
    run = _Run(root, options, selected_rules(options))
    if snapshot is None and use_default_snapshot:
        snapshot = default_snapshot()
        if snapshot is None:
            run.notes.append("no release snapshot: version rules that need release data were skipped")
    if snapshot is not None:
        from compat.databuild.freshness import staleness

        too_old = staleness(snapshot.data_date)
        run.notes.extend([too_old] if too_old else [])
    loaded = load_facts(root, terraform=options.terraform, python=options.python, snapshot=snapshot,
                        opentofu=options.opentofu, node=options.node)
    run.notes.extend(loaded.notes)
    code = code_reader(loaded.facts.project)
    files = _read(run, loaded, code)
    imported = code.imported_tops(files)
    ctx = build_context(loaded, options, snapshot, index_loader or default_index_loader, imported)
    rules = _plan(run, ctx, imported)
    local, prebuilt = plan_local(ctx, files), plan_prebuilt(ctx, run.rules)
    wanted = (local.wants if local is not None else frozenset()) | prebuilt.wants
    file_rules = [r for r in rules if r.on_file]
    assumed = ctx.bindings is None and ctx.inferred is not None
    if ctx.environment.terraform is None:
        run.notes.append("no Terraform / OpenTofu version found (docs/RUNTIMES.md lists where compat looks): "
                         "CLI rules were skipped")
    index = ctx.index
    is_module = (lambda key: index.exports(key) is not None) if index is not None else None
    foreign = frozenset({ctx.other_line.core, ctx.other_line.module})
    watched = (ctx.package_module, ctx.line.core, *foreign)
    kept: list[SourceFile] = []  # the files a later pass reads; every other tree dies with its turn
    for file in files:
        source = code.parse(file)
        if any(module in source.text for module in wanted):
            kept.append(source)
        if source.tree is None:
            run.notes.extend([source.note] if source.note else [])
            for rule in rules:
                if rule.on_unparsed is not None:
                    run.findings.extend(rule.on_unparsed(ctx, source))
            continue
        if not file_rules or not _relevant(source.text, watched):
            continue
        try:
            file_facts = code.analyse(source, ctx.package_module, ctx.line.core, is_module, foreign)
            for rule in file_rules:
                assert rule.on_file is not None
                found = rule.on_file(ctx, source, file_facts)
                run.findings.extend(_as_assumed(found) if assumed and rule.needs_index else found)
        except RecursionError:
            run.notes.append(f"{source.rel}: nested too deeply to walk; its imports and calls were not "
                             "checked")
    local_findings, local_notes = check_local_bindings(ctx, local, run.rules, kept, code, options.offline,
                                                       index_loader or default_index_loader)
    run.findings.extend(local_findings)
    run.notes.extend(local_notes)
    prebuilt_findings, prebuilt_notes = check_prebuilt(ctx, prebuilt, loaded.providers, kept,
                                                       options.offline, index_loader or default_index_loader)
    run.findings.extend(prebuilt_findings)
    run.notes.extend(prebuilt_notes)
    for rule in rules:
        if rule.on_project:
            run.findings.extend(rule.on_project(ctx))
    resolved: dict[str, object] = {
        key: value.to_json() for key, value in (("bindings", ctx.bindings), ("core", ctx.core),
                                                ("inferred_bindings", ctx.inferred)) if value}
    release = ctx.binding_release()
    if release is not None and release.provider_version is not None:
        resolved["provider"] = {"source": release.provider_source, "version": str(release.provider_version)}
    findings = tuple(sorted(set(run.findings), key=Finding.sort_key))
    return CheckResult(str(root), ctx.environment, resolved, findings, tuple(run.notes), len(files))


def _relevant(text: str, modules: tuple[str, ...]) -> bool:
    """Files that cannot hold a finding (no import of either line, no override, no backend) skip the walk."""
    return "add_override" in text or "Backend" in text or any(name in text for name in modules)
