"""A TypeScript project read whole for the check engine (:data:`compat.check.read_first.ReadFirstLoader`).

:func:`load_typescript` reads package.json, the lock, cdktf.json and the runtimes once
(:func:`compat.typescript.project.load_ts_project`; the version npm would install for a prebuilt package's
range no lock settles, :mod:`compat.typescript.assumed`), then every source file through
:class:`~compat.typescript.code.TypeScriptCode`: each file's imports and props are checked against the
symbol indexes of the prebuilt packages it imports while its tree-sitter tree is alive
(:class:`~compat.typescript.symbol_indexes.SymbolIndexes`), and what was read of it is kept (a
:class:`~compat.typescript.reader.TsFile`, a few hundred bytes). The context the rules read is built from
those readings (:func:`compat.typescript.engine_context.ts_context`: the npm packages the code loads,
the local bindings it imports). The engine then runs the rules of both languages over it
(``Rule.languages``) as over a Python project; this module names no rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compat.check.analysis import FileFacts
from compat.check.config import CheckOptions
from compat.check.context import CheckContext
from compat.check.model import Environment, Finding, Releases, ShownRelease
from compat.check.project import Loaded
from compat.check.read_first import ReadProject
from compat.check.sources import SourceFile, SourceText
from compat.errors import CompatError
from compat.index.model import IndexLoader
from compat.project.cdktf_json import read_cdktf_json
from compat.project.files import relative_source
from compat.snapshot import Snapshot
from compat.typescript.assumed import named_node, with_assumed_versions
from compat.typescript.code import ParsedTs, TypeScriptCode
from compat.typescript.context import TsRun, rel
from compat.typescript.engine_context import ts_context
from compat.typescript.local_write_only import LocalStandIns
from compat.typescript.project import load_ts_project
from compat.typescript.reader import TsFile
from compat.typescript.rule_facts import generator, installed_notes
from compat.typescript.symbol_indexes import SymbolIndexes

if TYPE_CHECKING:
    from compat.typescript.moved import MovedNpm


class TsCode:
    """A TypeScript project's code as read (:class:`compat.check.read_first.ReadCode`): the readings of
    ``files`` and the imports-and-props findings made while each was read."""

    def __init__(
        self,
        run: TsRun,
        code: TypeScriptCode,
        files: list[TsFile],
        found: tuple[Finding, ...],
        local: LocalStandIns | None = None,
    ) -> None:
        self._run, self._code, self._files = run, code, files
        self.found = found
        self._local = local  # the write-only props of local provider constructs, where their release is known

    @property
    def files_checked(self) -> int:
        return len(self._files)

    @property
    def paths(self) -> frozenset[Path]:
        """The files read, resolved (what a language server re-checks)."""
        return frozenset(file.path.resolve() for file in self._files)

    def rule_inputs(self, ctx: CheckContext) -> Iterator[tuple[SourceFile, FileFacts]]:
        """Each file with an import or an ``Fn`` call (what the file rules read of a TypeScript file: its
        imports, calls and props; :meth:`TypeScriptCode.analyse`)."""
        code = self._code
        for file in self._files:
            if not file.imports and not file.fn_calls:
                continue
            facts = code.analyse(ParsedTs(file, ()), ctx.package_module, ctx.family.core, None, frozenset())
            if self._local is not None:
                facts.write_only.extend(self._local.write_only(file))
            yield SourceFile(file.path, file.rel, "", None), facts

    def releases(self) -> Releases:
        run = self._run
        lock = run.project.lock
        shown_lock = (
            ShownRelease(
                name=rel(run.root, lock.path),
                version=f"v{lock.version}",
                how=f"{lock.kind}; decides what installs",
            )
            if lock
            else None
        )
        return Releases(packages=tuple(run.resolved.items()), language="typescript", lock=shown_lock)

    def read_one(self, path: Path, text: str | None = None) -> TsCode:
        """The file at ``path`` read again (``text``: unsaved; None: from disk) against the same symbol
        indexes; an unreadable file is a :class:`CompatError` naming why."""
        root, code = self._run.root, self._code
        source = code.read(root, path) if text is None else SourceText(path, rel(root, path), text)
        if source.error is not None:
            raise CompatError(f"{source.rel}: {source.error}")
        parsed = code.parse(source)
        return TsCode(self._run, code, [parsed.file], parsed.findings, self._local)


def _source(code: TypeScriptCode, root: Path, path: Path, buffers: Mapping[Path, str]) -> SourceText:
    """One file's text: the unsaved buffer when there is one, else as read from the disk."""
    text = buffers.get(path.resolve()) if buffers else None
    return code.read(root, path) if text is None else SourceText(path, rel(root, path), text)


def load_typescript(
    root: Path,
    options: CheckOptions,
    snapshot: Snapshot | None,
    index_loader: IndexLoader,
    buffers: Mapping[Path, str],
    moved: MovedNpm | None = None,
) -> ReadProject:
    """Read the TypeScript project at ``root`` (the folder of its cdktf.json) whole: its facts, every
    source file (``buffers``: absolute path -> text read in place of the file's), the context.
    ``moved``: the releases a move installs, read in place of the installed ones (``migrate``'s check of
    the moved code, which ``buffers`` holds)."""
    from compat.versions.cli import detect_terraform
    from compat.versions.detect import FolderNames
    from compat.versions.node import detect_node

    config = read_cdktf_json(root / "cdktf.json") if (root / "cdktf.json").is_file() else None
    project = load_ts_project(root)
    if moved is not None:
        from compat.typescript.moved import as_moved

        project = as_moved(project, moved)
    folders = FolderNames()  # the Node.js and CLI searches ask the same folders
    node, node_notes = detect_node(root, options.node, folders=folders)
    if node is not None:
        node = node._replace(source=relative_source(root, node.source))
    # npm prefers a release whose engines.node admits the Node.js it runs on: the project's, when it names one
    project = with_assumed_versions(project, snapshot, named_node(node))
    files: list[TsFile] = []
    run = TsRun(root, project, config, snapshot, files)
    run.notes.extend(config.notes if config else ())
    indexes = SymbolIndexes(run, options, index_loader)
    code = TypeScriptCode((config.code_maker_output if config else None) or ".gen", indexes.check)
    found: list[Finding] = []
    unread = set(buffers)
    for entry in code.files(root, options.exclude):
        if unread:  # a buffer's file is found by its real path (resolving is a stat a folder)
            unread.discard(entry.path.resolve())
        source = _source(code, root, entry.path, buffers)
        if source.error is not None:
            continue  # unreadable: nothing to check
        parsed = code.parse(source)
        files.append(parsed.file)
        found.extend(parsed.findings)
    for path in unread:
        raise CompatError(f"{path}: not a typescript source file that the project at {root} checks")
    cli_unknown: list[str] = []
    tf = detect_terraform(
        root,
        options.terraform,
        opentofu=options.opentofu,
        cdktf_json=config.document if config else {},
        unknown=cli_unknown,
        folders=folders,
    )
    run.notes.extend(relative_source(root, note) for note in (tf.notes if tf else cli_unknown))
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
    cli = generator(context)
    local = LocalStandIns(
        run, context.family.core, cli.version if cli else None, index_loader, options.offline
    )
    loaded = Loaded(
        facts=context.facts,
        environment=environment,
        bindings=context.bindings,
        core=context.core,
        notes=tuple(run.notes),
        providers=context.providers,
    )
    return ReadProject(loaded=loaded, context=context, code=TsCode(run, code, files, tuple(found), local))
