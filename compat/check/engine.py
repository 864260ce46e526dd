"""Run the rules over a project, whatever its language: read it once, parse each file once, collect
findings (:func:`run_check`, the one entry point of ``compat check``).

A project whose language has a read-first loader (:mod:`compat.check.language`: TypeScript) is read
whole by it, code included (:func:`prepare_read`); the engine then dispatches the rules, applies each
finding's standing and builds the result as for any project (:func:`complete_read`). Any other project
(Python) the engine reads itself: where what the code imports decides the context, every file is
read once up front for it, its text dropped at once, and read again in the main loop; otherwise (a
whole check: :func:`prepare` with ``defer_scan``) the main loop gathers it from the texts it reads.
The files are parsed one at a time, and a tree outlives its turn in the main loop only when a later
pass (local bindings, other prebuilt packages) declared, in its plan's ``wants``, a module the file
names: peak memory follows the largest file, not the whole project.

No user code is imported, no subprocess is started, and the network is touched only when a
symbol index has to be fetched on demand (never with ``offline``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compat.check.analysis import FileFacts
from compat.check.code import CodeReader, code_reader
from compat.check.config import CheckOptions
from compat.check.context import CheckContext
from compat.check.language import language_of, read_first_loader
from compat.check.model import Basis, CheckResult, Finding, ProviderUsed, Releases
from compat.check.parallel import in_pool, workers
from compat.check.passes.local_bindings import LocalPlan, check_local_bindings, plan_local
from compat.check.passes.prebuilt import PrebuiltPlan, check_prebuilt, plan_prebuilt
from compat.check.project import Loaded, load_facts
from compat.check.rules.base import Rule
from compat.check.rules.table import RULE_TABLE, RuleRow, load_rules
from compat.check.shared import GATHERED, Memo
from compat.check.sources import SourceFile, SourceText
from compat.check.standing import apply_standing
from compat.check.undeclared import declares, infer_bindings
from compat.errors import CompatError
from compat.index.cached import CachedIndex
from compat.index.loader import NewestIndex, no_index, open_index_or_none
from compat.index.model import IndexLoader
from compat.project.files import unread_note
from compat.record import Record
from compat.snapshot import Snapshot

if TYPE_CHECKING:
    from compat.check.moved import MovedReleases
    from compat.check.read_first import ReadCode, ReadFirstLoader
    from compat.project.model import Project


def _matches(row: RuleRow, selectors: tuple[str, ...]) -> bool:
    return any(row.code.startswith(s.upper()) or row.category == s.lower() for s in selectors)


def selected_rows(options: CheckOptions) -> list[RuleRow]:
    """The rules ``--select``/``--ignore`` leave, as the table lists them: none of them imported yet."""
    known = {r.code for r in RULE_TABLE} | {r.category for r in RULE_TABLE}
    for selector in (*options.select, *options.ignore):
        if not any(code.startswith(selector.upper()) or code == selector.lower() for code in known):
            raise CompatError(f"unknown rule code or category {selector!r} in --select/--ignore")
    rows = [r for r in RULE_TABLE if not options.select or _matches(r, options.select)]
    return [r for r in rows if not _matches(r, options.ignore)]


def selected_rules(options: CheckOptions) -> list[Rule]:
    """The rules ``--select``/``--ignore`` leave: only their modules are imported."""
    return load_rules(selected_rows(options))


#: the symbol indexes a check opens unless told otherwise (tests replace it)
default_index_loader: IndexLoader = open_index_or_none


def default_snapshot() -> Snapshot | None:
    from compat.snapshot import load_snapshot

    try:
        return load_snapshot()
    except CompatError:
        return None


class _Run:
    """One check as it goes: the selected rules that check the project's language (``Rule.languages``),
    the findings and notes so far, and every selected rule code (``--select`` / ``--ignore``); a plain
    class: a dataclass would compile its methods when a check starts."""

    def __init__(
        self, root: Path, options: CheckOptions, rules: list[Rule], selected: frozenset[str] = frozenset()
    ) -> None:
        self.root = root
        self.options = options
        self.rules = rules
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.selected = selected


def _start(
    root: Path,
    options: CheckOptions | None,
    language: str | None,
    snapshot: Snapshot | None,
    use_default_snapshot: bool,
) -> tuple[_Run, Snapshot | None]:
    """The start of every check, whatever the language: the rules selected for the project's language,
    the release snapshot (the embedded one unless given) and what is known of its age."""
    options = options or CheckOptions()
    selected = selected_rows(options)
    # only the modules of the rules that check the project's language are imported
    rules = load_rules([row for row in selected if language is None or language in row.languages])
    run = _Run(root.resolve(), options, rules, selected=frozenset(r.code for r in selected))
    if snapshot is None and use_default_snapshot:
        snapshot = default_snapshot()
        if snapshot is None:
            run.notes.append("no release snapshot: version rules that need release data were skipped")
    if snapshot is not None:
        from compat.databuild.freshness import staleness

        too_old = staleness(snapshot.data_date)
        run.notes.extend([too_old] if too_old else [])
    return run, snapshot


def _cli_note(run: _Run, ctx: CheckContext) -> None:
    """The note of a project whose Terraform / OpenTofu version is unknown."""
    if ctx.environment.terraform is None:
        run.notes.append(
            "no Terraform / OpenTofu version found (docs/RUNTIMES.md lists where compat looks): "
            "CLI rules were skipped"
        )


def build_context(
    loaded: Loaded,
    options: CheckOptions,
    snapshot: Snapshot | None,
    index_loader: IndexLoader,
    imported: frozenset[str] = frozenset(),
) -> CheckContext:
    """``imported``: the top-level modules the code imports (bindings no manifest declares get a release)."""
    facts, environment, bindings, core = loaded.facts, loaded.environment, loaded.bindings, loaded.core
    inferred = None
    if bindings is None and facts.family.module in imported and not declares(facts, facts.family.bindings):
        inferred = infer_bindings(facts, core, snapshot, environment.python)
    target = bindings or inferred
    loaded_index = index_loader(target.name, str(target.version), options.offline) if target else None
    index = CachedIndex(loaded_index) if loaded_index is not None else None

    newest = (  # the newest release's index, found and opened only when a rule asks (most runs never do)
        NewestIndex(index_loader, snapshot, bindings.name, bindings.version, options.offline)
        if snapshot and bindings
        else no_index
    )
    return CheckContext(
        facts=facts,
        environment=environment,
        family=facts.family,
        bindings=bindings,
        core=core,
        snapshot=snapshot,
        symbol_index=index,
        shared=Memo(),
        features=list(snapshot.features) if snapshot else [],
        newest_index=newest,
        inferred=inferred,
        providers=loaded.providers,
        imported=imported,
    )


class _Scanned(Record):
    """The project's files after the textual pass: their paths and what their texts name, not the texts."""

    paths: list[str]  # as strings: a ``Path`` object costs ~0.5 KiB more a file in a 10,000-file project
    imported: frozenset[str]  # the top-level modules the code imports
    names_module: bool  # some file's text names the family's prebuilt bindings module
    #: path (as in ``paths``) -> its resolved path, of each file read from a buffer (a file not listed
    #: is read from the disk, without resolving its path again)
    buffered: Mapping[str, Path] = {}
    #: the texts were not read up front (``imported`` and ``names_module`` are empty): the main loop
    #: gathers them from the texts it reads anyway (:class:`_TextFacts`), see :func:`prepare`
    deferred: bool = False


class _TextFacts:
    """What the project's texts name, gathered file by file (:func:`_scan`, or the main loop of a
    deferred scan). A plain class: it is added to as the files go."""

    __slots__ = ("imported", "module", "names_module")

    def __init__(self, module: str) -> None:
        self.module = module  # the family's prebuilt bindings module
        self.imported: set[str] = set()  # the top-level modules the code imports
        self.names_module = False  # some text names ``module``

    def add(self, code: CodeReader, source: SourceText) -> None:
        self.imported.update(code.imported_tops((source,)))
        if not self.names_module:
            self.names_module = self.module in source.text


def _scan(
    run: _Run, loaded: Loaded, code: CodeReader, buffers: Mapping[Path, str], read: bool = True
) -> _Scanned:
    """Read every source file once for what decides the context; no text outlives its turn (an
    oversized file or a link out of the project is only noted). The main loop reads each file
    again: a second read costs a few per cent of a parse, keeping every text cost 5.5 KiB a file.
    ``read`` False: the files are only listed (a deferred scan, see :func:`prepare`).

    A file of ``buffers`` (absolute path -> text: an editor's unsaved buffer, ``--stdin-filename``)
    is read from there; a buffer that is no source file of the project is refused."""
    paths: list[str] = []
    found = _TextFacts(loaded.facts.family.module)
    unread = set(buffers)
    buffered: dict[str, Path] = {}
    for own in code.files(run.root, run.options.exclude + loaded.facts.skip_dirs):
        resolved = own.path.resolve() if buffers else None
        if unread:
            unread.discard(resolved)
        if not own.readable:  # a buffer of an oversized file or a link out of the project: not read either
            run.notes.append(unread_note(own))
            continue
        paths.append(str(own.path))
        if resolved is not None and resolved in buffers:
            buffered[str(own.path)] = resolved
        if read:
            found.add(code, _source(code, run.root, own.path, buffers, resolved))
    for path in unread:
        raise CompatError(f"{path}: not a {code.language} source file that the project at {run.root} checks")
    return _Scanned(
        paths=paths,
        imported=frozenset(found.imported),
        names_module=found.names_module,
        buffered=buffered,
        deferred=not read,
    )


def _read_texts(run: _Run, loaded: Loaded, code: CodeReader, scanned: _Scanned) -> _Scanned:
    """A deferred scan completed up front (the context needs what the code imports after all)."""
    found = _TextFacts(loaded.facts.family.module)
    for path in scanned.paths:
        found.add(code, code.read(run.root, Path(path)))
    imported = frozenset(found.imported)
    return scanned._replace(imported=imported, names_module=found.names_module, deferred=False)


def _source(
    code: CodeReader, root: Path, path: Path, buffers: Mapping[Path, str], resolved: Path | None = None
) -> SourceText:
    """One file's text: the unsaved buffer when there is one, else as read from the disk (``resolved``:
    the path resolved already)."""
    text = buffers.get(resolved or path.resolve()) if buffers else None
    if text is None:
        return code.read(root, path)
    return SourceText(path, path.relative_to(root).as_posix(), text)


def _index_gap(ctx: CheckContext) -> str:
    """Why the code could not be checked against a symbol index."""
    target = ctx.bindings or ctx.inferred
    if target is not None:
        return f"no symbol index for {target.name} {target.version}"
    if declares(ctx.facts, ctx.family.bindings):
        return f"the installed release of {ctx.family.bindings} is unknown"
    return f"{ctx.family.bindings} is imported but not declared, and no release of it could be inferred"


def _unmet(rule: Rule, ctx: CheckContext, imported: frozenset[str]) -> str | None:
    """Why ``rule`` cannot run on this project (``""``: it has nothing to check anyway); None if it can."""
    if rule.needs_index and ctx.symbol_index is None:
        return _index_gap(ctx) if ctx.family.module in imported else ""
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
        run.notes.append(
            f"{inferred.name} is imported but not declared: the code was checked against "
            f"{inferred.version} ({inferred.how}); findings that rest on it are warnings"
        )
    return runnable


class FileChecker:
    """The per-file analysis of one project, set up once: the rules that read one file.

    The engine runs it over every file; :mod:`compat.check.incremental` keeps it to re-check one
    changed file against the project facts already loaded. (A plain class, not a dataclass: see
    tests/test_startup.py.)
    """

    def __init__(self, ctx: CheckContext, rules: list[Rule], code: CodeReader) -> None:
        self.ctx = ctx
        self.rules = rules  # the runnable rules (``on_unparsed`` of each, ``on_file`` of some)
        self.code = code
        self.file_rules = [r for r in self.rules if r.on_file]
        self.is_module = ctx.symbol_index.is_module if ctx.symbol_index is not None else None
        self.foreign = frozenset({ctx.other_family.core, ctx.other_family.module})
        self.watched = (ctx.package_module, ctx.family.core, *self.foreign)

    def reads(self, text: str) -> bool:
        """Whether a rule reads the tree of a file with this text (else a file that parses has no finding)."""
        return bool(self.file_rules) and _relevant(text, self.watched)

    def check(
        self, source: SourceFile, ctx: CheckContext | None = None, *, reads: bool | None = None
    ) -> tuple[list[Finding], list[str]]:
        """The findings and notes of the rules that read one file (its tree, or its parse error);
        ``ctx``: another context of the same project (a re-check's scratch memo); ``reads``: what
        :meth:`reads` answered for the file's text, when the caller asked already."""
        ctx = ctx or self.ctx
        findings: list[Finding] = []
        if source.tree is None:
            for rule in self.rules:
                if rule.on_unparsed is not None:
                    findings.extend(rule.on_unparsed(ctx, source))
            return findings, [source.note] if source.note else []
        if not (self.reads(source.text) if reads is None else reads):
            return findings, []
        try:
            facts = self.code.analyse(
                source, ctx.package_module, ctx.family.core, self.is_module, self.foreign
            )
            findings.extend(_file_rule_findings(ctx, self.file_rules, source, facts))
        except RecursionError:
            return findings, [
                f"{source.rel}: nested too deeply to walk; its imports and calls were not checked"
            ]
        return findings, []


class Prepared(Record):
    """A project loaded for a check, before its files are parsed: what the passes need."""

    run: _Run
    loaded: Loaded
    scanned: _Scanned
    checker: FileChecker
    local: LocalPlan | None
    prebuilt: PrebuiltPlan
    index_loader: IndexLoader
    buffers: Mapping[Path, str] = {}  # absolute path -> the text read in place of the file's

    @property
    def wanted(self) -> frozenset[str]:
        """The modules whose files a later pass reads (their trees are kept)."""
        return (self.local.wants if self.local is not None else frozenset()) | self.prebuilt.wants


def prepare(
    root: Path,
    options: CheckOptions | None = None,
    *,
    snapshot: Snapshot | None = None,
    use_default_snapshot: bool = True,
    index_loader: IndexLoader | None = None,
    buffers: Mapping[Path, str] | None = None,
    language: str | None = None,
    project: Project | None = None,
    moved: MovedReleases | None = None,
    defer_scan: bool = False,
) -> Prepared:
    """Load the project's facts and context and plan the rules (no file is parsed yet): a project the
    engine reads itself, one file at a time (``language``: one without a read-first loader, whose
    rules run; None: every selected rule). ``project``: the project model when the caller read it
    already (``migrate``); ``moved``: the releases a move installs, checked in place of the installed
    ones (``migrate``'s check of the moved code, which ``buffers`` holds).

    ``defer_scan``: the caller completes a whole check (:func:`complete` without ``only``), so what the
    texts name may be gathered by its main loop rather than by a read of every file up front, wherever
    the context does not depend on it: the installed bindings are known (nothing is inferred from the
    imports) and their symbol index is open (no note of a rule that cannot run names them). Then each
    file is read once, by whichever process checks it."""
    run, snapshot = _start(root, options, language, snapshot, use_default_snapshot)
    root, options = run.root, run.options
    loaded = load_facts(
        root,
        terraform=options.terraform,
        python=options.python,
        snapshot=snapshot,
        opentofu=options.opentofu,
        node=options.node,
        project=project,
    )
    if moved is not None:
        from compat.check.moved import as_moved

        loaded = as_moved(loaded, moved)
    run.notes.extend(loaded.notes)
    code = code_reader(loaded.facts.project)
    texts = {path.resolve(): text for path, text in (buffers or {}).items()}
    defer = defer_scan and not texts and loaded.bindings is not None
    scanned = _scan(run, loaded, code, texts, read=not defer)
    loader = index_loader or default_index_loader
    ctx = build_context(loaded, options, snapshot, loader, scanned.imported)
    if scanned.deferred and ctx.symbol_index is None:  # the notes of the rules that cannot run need them
        scanned = _read_texts(run, loaded, code, scanned)
        ctx = ctx._replace(imported=scanned.imported)
    imported = scanned.imported
    rules = _plan(run, ctx, imported)
    local, prebuilt = plan_local(ctx, scanned.names_module), plan_prebuilt(ctx, run.rules)
    _cli_note(run, ctx)
    return Prepared(run, loaded, scanned, FileChecker(ctx, rules, code), local, prebuilt, loader, texts)


def run_check(
    root: Path,
    options: CheckOptions | None = None,
    *,
    snapshot: Snapshot | None = None,
    use_default_snapshot: bool = True,
    index_loader: IndexLoader | None = None,
    buffers: Mapping[Path, str] | None = None,
    only: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = 1,
    language: str | None = None,
) -> CheckResult:
    """Check the project at ``root``, whatever its language; ``snapshot``/``index_loader`` replace the
    embedded data in tests.

    ``buffers`` (absolute path -> text) replace files' contents on disk; ``only`` (an absolute path)
    analyses that one file against the project's facts and skips the project rules: the findings
    of one edited file (``compat server``). ``progress`` is told (files done, files). ``jobs``: worker
    processes for a large project (None: decided by :func:`compat.check.parallel.workers`; the
    default 1 runs none, as a library call or the server wants): the three concern the engine's own
    reading, one file at a time (a read-first project is read whole by its loader, and its language
    server session re-reads a file itself). ``language``: cdktf.json's, as :mod:`compat.languages`
    names it (None: read from it); it picks the project's loader
    (:func:`compat.check.language.read_first_loader`).
    """
    language = language or language_of(root.resolve())
    read_first = read_first_loader(language)
    if read_first is not None:
        read = prepare_read(
            read_first,
            root,
            options,
            language=language,
            snapshot=snapshot,
            use_default_snapshot=use_default_snapshot,
            index_loader=index_loader,
            buffers=buffers,
        )
        return complete_read(read)
    prepared = prepare(
        root,
        options,
        snapshot=snapshot,
        use_default_snapshot=use_default_snapshot,
        index_loader=index_loader,
        buffers=buffers,
        language=language,
        defer_scan=only is None,
    )
    return complete(prepared, only=only, progress=progress, jobs=jobs)


class ReadPrepared:
    """A read-first project (:mod:`compat.check.language`) loaded and read whole, its rules planned.
    (A plain class: a record of this module would compile its string annotations on every check's
    path, see tests/test_startup.py.)"""

    def __init__(self, run: _Run, ctx: CheckContext, code: ReadCode) -> None:
        self.run = run
        self.ctx = ctx
        self.code = code


def prepare_read(
    read_first: ReadFirstLoader,
    root: Path,
    options: CheckOptions | None = None,
    *,
    language: str,
    snapshot: Snapshot | None = None,
    use_default_snapshot: bool = True,
    index_loader: IndexLoader | None = None,
    buffers: Mapping[Path, str] | None = None,
) -> ReadPrepared:
    """Start the check of a project whose ``language`` has a read-first loader, and read it whole.

    Its rules all run: the loader's reader checked the code against the symbol indexes of what each
    file imports as it read it, and the rules read the manifests it found (no rule is left out for
    want of one index or one manifest format)."""
    run, snapshot = _start(root, options, language, snapshot, use_default_snapshot)
    texts = {path.resolve(): text for path, text in (buffers or {}).items()}
    project = read_first(run.root, run.options, snapshot, index_loader or default_index_loader, texts)
    run.notes.extend(project.loaded.notes)
    _cli_note(run, project.context)
    return ReadPrepared(run, project.context, project.code)


def read_findings(prepared: ReadPrepared, code: ReadCode) -> list[Finding]:
    """The findings of the files of ``code`` (the project's, or one file read again): the file rules
    over what each file gives them, and the reader's own findings of the selected codes."""
    run, ctx = prepared.run, prepared.ctx
    file_rules = [rule for rule in run.rules if rule.on_file is not None]
    found: list[Finding] = []
    for source, facts in code.rule_inputs(ctx) if file_rules else ():
        found.extend(_file_rule_findings(ctx, file_rules, source, facts))
    found.extend(f for f in code.found if f.code in run.selected)
    return found


def project_findings(prepared: ReadPrepared) -> list[Finding]:
    """The findings of the project rules of a read-first project."""
    return _project_findings(prepared.run.rules, prepared.ctx)


def complete_read(prepared: ReadPrepared) -> CheckResult:
    """Every rule of a read-first project: the file rules over its readings, then the project rules."""
    found = [*read_findings(prepared, prepared.code), *project_findings(prepared)]
    return read_result(prepared, found)


def read_result(prepared: ReadPrepared, found: list[Finding]) -> CheckResult:
    """The result of a read-first project with ``found`` (its file and project findings)."""
    run = prepared.run
    run.findings.extend(found)
    return _result(run, prepared.ctx, prepared.code.releases(), prepared.code.files_checked)


def _project_findings(rules: list[Rule], ctx: CheckContext) -> list[Finding]:
    """The findings of the project rules (``on_project``) of ``rules``."""
    return [finding for rule in rules if rule.on_project for finding in rule.on_project(ctx)]


def _file_rule_findings(
    ctx: CheckContext, rules: list[Rule], source: SourceFile, facts: FileFacts
) -> list[Finding]:
    """The findings of the file rules ``rules`` over one file's facts; a rule resting on the symbol index
    of bindings no manifest declares stands on that inference (``Basis``)."""
    findings: list[Finding] = []
    for rule in rules:
        assert rule.on_file is not None
        found = rule.on_file(ctx, source, facts)
        findings.extend(
            found
            if ctx.inferred is None or not rule.needs_index
            else (f._replace(basis=Basis(ctx.inferred)) for f in found)
        )
    return findings


def report_order(found: Iterable[Finding]) -> tuple[Finding, ...]:
    """``found`` as reported: each finding as its basis lets it stand, once, in report order. Duplicates
    are dropped in the order found (a ``dict``, not a ``set``): two findings of one place and code (VER010
    about two providers of one cdktf.json line) keep the order the rules made them in, not the order of
    their hashes, which changes with each process's hash seed."""
    return tuple(sorted(dict.fromkeys(apply_standing(found)), key=Finding.sort_key))


def _result(run: _Run, ctx: CheckContext, releases: Releases, files_checked: int) -> CheckResult:
    """The check's result, whatever the language: each finding as its basis lets it stand
    (:func:`compat.check.standing.apply_standing`), once, in report order."""
    findings = report_order(run.findings)
    return CheckResult(
        project=run.root,
        environment=ctx.environment,
        releases=releases,
        findings=findings,
        notes=tuple(run.notes),
        files_checked=files_checked,
    )


def check_file(
    prepared: Prepared, path: str, wanted: frozenset[str], texts: _TextFacts | None = None
) -> tuple[SourceFile | None, bool, list[Finding], list[str]]:
    """One file of the main loop: its parsed source, whether a later pass wants it (it names a module
    of ``wanted``, :attr:`Prepared.wanted`), its findings and notes. (The tree is handed back, and dies
    in the caller once the next file is parsed: dropping it here leaves the findings made next in its
    memory, and raised peak RSS at 10,000 files by 0.7 MiB.)

    A file whose text no rule reads (:meth:`FileChecker.reads`) and no later pass wants is only checked
    for a syntax error, without a tree (None) when it parses: it can have no other finding. ``texts``: what
    the texts name, added to (a deferred scan, :attr:`_Scanned.deferred`).
    """
    checker = prepared.checker
    resolved = prepared.scanned.buffered.get(path)
    # a file the scan did not read from a buffer is read from the disk: its path is not resolved again
    buffers = prepared.buffers if resolved is not None else {}
    read = _source(checker.code, prepared.run.root, Path(path), buffers, resolved)
    if texts is not None:
        texts.add(checker.code, read)
    is_wanted = any(module in read.text for module in wanted)
    reads = checker.reads(read.text)
    if not is_wanted and not reads and checker.code.parses(read):
        return None, False, [], []
    source = checker.code.parse(read)
    file_findings, file_notes = checker.check(source, reads=reads)
    return source, is_wanted, file_findings, file_notes


class _RunOfFiles(Record):
    """What a worker of :func:`_check_in_pool` sends back for one run of files."""

    findings: list[Finding]
    notes: list[str]
    wanted: list[int]  # positions in the file list of the files a later pass reads
    gathered: list[tuple[int, object]]  # :meth:`compat.check.shared.Memo.take_gathered`
    imported: set[str]  # a deferred scan's :class:`_TextFacts` of these files (else empty)
    names_module: bool


def _check_run(prepared: Prepared, start: int, stop: int) -> _RunOfFiles:
    """In a worker: files ``start`` to ``stop`` of the list, as the serial loop checks them."""
    wanted_modules = prepared.wanted
    findings: list[Finding] = []
    notes: list[str] = []
    wanted: list[int] = []
    texts = _TextFacts(prepared.loaded.facts.family.module) if prepared.scanned.deferred else None
    for position in range(start, stop):
        _, is_wanted, file_findings, file_notes = check_file(
            prepared, prepared.scanned.paths[position], wanted_modules, texts
        )
        findings.extend(file_findings)
        notes.extend(file_notes)
        if is_wanted:
            wanted.append(position)
    return _RunOfFiles(
        findings,
        notes,
        wanted,
        prepared.checker.ctx.shared.take_gathered(),
        texts.imported if texts is not None else set(),
        texts.names_module if texts is not None else False,
    )


def merge_gathered(memo: Memo, taken: list[tuple[int, object]]) -> None:
    """Add what a worker's :meth:`Memo.take_gathered` took from a later run of files to ``memo``, with
    each :class:`Gathered` declaration's ``merge`` (the engine calls down into the rule that declared it)."""
    for number, value in taken:
        key = GATHERED[number]
        if key in memo:
            key.merge(memo[key], value)
        else:
            memo.keep(key, value)


def _check_in_pool(
    prepared: Prepared,
    processes: int,
    progress: Callable[[int, int], None] | None,
    texts: _TextFacts | None = None,
) -> list[SourceFile]:
    """The main loop in ``processes`` worker processes (:mod:`compat.check.parallel`): findings and notes
    to the run and what the file rules gathered to the context, in file order, and what the texts name
    to ``texts`` (a deferred scan); the files a later pass reads, parsed again here (their findings
    came from the workers)."""
    run, ctx, code, paths = prepared.run, prepared.checker.ctx, prepared.checker.code, prepared.scanned.paths
    wanted: list[int] = []
    # this process checks runs of files too (``_check_run`` takes what they gather from the context's
    # memo): the runs' gatherings are merged aside, in file order, and into the context at the end
    gathered = Memo()
    merge_gathered(gathered, ctx.shared.take_gathered())
    for done, result in in_pool(_check_run, prepared, paths, processes):
        run.findings.extend(result.findings)
        run.notes.extend(result.notes)
        merge_gathered(gathered, result.gathered)
        wanted.extend(result.wanted)
        if texts is not None:
            texts.imported.update(result.imported)
            texts.names_module = texts.names_module or result.names_module
        if progress is not None:
            progress(done, len(paths))
    merge_gathered(ctx.shared, gathered.take_gathered())
    return [
        code.parse(_source(code, run.root, Path(paths[position]), prepared.buffers)) for position in wanted
    ]


def complete(
    prepared: Prepared,
    *,
    only: Path | frozenset[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = 1,
) -> CheckResult:
    """Every pass of a prepared check: each file read and parsed in turn, then the project passes
    (``only``: that one file, or those files, and no project rule). ``jobs``: worker processes for the
    files (None: as many as pay, see :mod:`compat.check.parallel`; 1: none)."""
    run, checker, loader = prepared.run, prepared.checker, prepared.index_loader
    ctx, code, options = checker.ctx, checker.code, run.options
    kept: list[SourceFile] = []  # the files a later pass reads; every other tree dies with its turn
    chosen = (
        None if only is None else frozenset(p.resolve() for p in ([only] if isinstance(only, Path) else only))
    )
    # a path spelled as one of ``chosen`` is chosen without resolving it (a resolved path resolves to itself)
    spelled = frozenset(str(p) for p in chosen) if chosen is not None else frozenset()
    paths, wanted, local = prepared.scanned.paths, prepared.wanted, prepared.local
    processes = workers(len(paths), jobs) if only is None else 1
    # a deferred scan: what the texts name is gathered as each file is read (every file: ``only`` is None)
    texts = _TextFacts(prepared.loaded.facts.family.module) if prepared.scanned.deferred else None
    if processes > 1:
        kept.extend(_check_in_pool(prepared, processes, progress, texts))
    for done, path in enumerate(paths if processes == 1 else (), 1):
        if progress is not None:
            progress(done, len(paths))
        if chosen is not None and path not in spelled and Path(path).resolve() not in chosen:
            continue
        source, is_wanted, file_findings, file_notes = check_file(prepared, path, wanted, texts)
        if is_wanted and source is not None:
            kept.append(source)
        run.findings.extend(file_findings)
        run.notes.extend(file_notes)
    if texts is not None:  # what the passes and the project rules read of the texts, as a scan gives it
        ctx = ctx._replace(imported=frozenset(texts.imported))
        local = local._replace(prebuilt_imported=texts.names_module) if local is not None else None
    local_pass = check_local_bindings(ctx, local, run.rules, kept, code, options.offline, loader)
    run.findings.extend(local_pass.findings)
    run.notes.extend(local_pass.notes)
    ctx = ctx._replace(local=local_pass.usage)  # the project rules' context: with what the pass found
    prebuilt_findings, prebuilt_notes = check_prebuilt(
        ctx, prepared.prebuilt, prepared.loaded.providers, kept, code, options.offline, loader
    )
    run.findings.extend(prebuilt_findings)
    run.notes.extend(prebuilt_notes)
    run.findings.extend(_project_findings(checker.rules, ctx) if only is None else ())
    release = ctx.binding_release()
    provider = (
        ProviderUsed(source=release.provider_source, version=release.provider_version)
        if release is not None and release.provider_version is not None
        else None
    )
    releases = Releases(
        bindings=ctx.bindings, core=ctx.core, inferred_bindings=ctx.inferred, provider=provider
    )
    return _result(run, ctx, releases, len(prepared.scanned.paths))


def _relevant(text: str, modules: tuple[str, ...]) -> bool:
    """Files that cannot hold a finding (no import of either family, no override, no backend) skip the
    walk. The modules first: a file that imports one names it near its top, where each search ends (a
    search that finds nothing reads the whole text)."""
    for name in modules:  # noqa: SIM110 - a loop, not ``any(...)``: no generator per file
        if name in text:
            return True
    return "add_override" in text or "Backend" in text
