"""Re-check one changed file against a project already loaded: the language server's entry point.

:meth:`ProjectSession.open` runs one whole check and keeps what it loaded (manifests, lock, the
context with its symbol index, the planned rules); :meth:`ProjectSession.check_file` then re-runs
the per-file analysis of one file, from disk or from an editor's unsaved buffer, in the time of one
parse and walk (about a millisecond for a stack module, against a second for a 1,000-file project).

Per file means the rules that read one file (``on_file`` / ``on_unparsed``, e.g. API001, IMP002,
SYN004), the prebuilt-package pass and the local-bindings stand-in pass for that file (as
``run_check(..., only=path)``). What rests on the whole project is not re-run: the project rules
(manifests, locks, synthesized stacks) and the plan of which modules the project imports; after a
save that changes imports or a manifest, open a new session. Nothing is written; the project is
trusted no more than by ``compat check``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from compat.check.config import CheckOptions
from compat.check.engine import Prepared, complete, default_index_loader, prepare, report_order
from compat.check.model import CheckResult, Finding
from compat.check.passes.local_bindings import check_local_bindings
from compat.check.passes.prebuilt import check_prebuilt
from compat.check.shared import Memo
from compat.check.sources import SourceText
from compat.errors import CompatError
from compat.index.model import IndexLoader, ReleaseIndex
from compat.record import Record
from compat.snapshot import Snapshot


class FileReport(Record):
    """The findings of one file (in report order) and the notes about it."""

    findings: tuple[Finding, ...]
    notes: tuple[str, ...]


class ProjectSession:
    """A project loaded once; :meth:`check_file` re-checks one of its files."""

    def __init__(self, prepared: Prepared, result: CheckResult) -> None:
        self._prepared = prepared
        self.result = result  # the whole check the session started with
        self._checked = frozenset(Path(path).resolve() for path in prepared.scanned.paths)

    @classmethod
    def open(
        cls,
        root: Path,
        options: CheckOptions | None = None,
        *,
        snapshot: Snapshot | None = None,
        use_default_snapshot: bool = True,
        index_loader: IndexLoader | None = None,
        buffers: Mapping[Path, str] | None = None,
    ) -> ProjectSession:
        """Check the project at ``root`` once and keep what the per-file analysis needs (``buffers``:
        absolute path -> unsaved text read in place of the file's, for this first check)."""
        loader = _memoised(index_loader or default_index_loader)  # a keystroke never re-opens an index
        prepared = prepare(
            root,
            options,
            snapshot=snapshot,
            use_default_snapshot=use_default_snapshot,
            index_loader=loader,
            buffers=buffers,
        )
        return cls(prepared, complete(prepared))

    @property
    def root(self) -> Path:
        return self._prepared.run.root

    def checks(self, path: Path) -> bool:
        """Whether the project's check reads the file at ``path`` (not excluded, generated or ignored)."""
        return path.resolve() in self._checked

    def check_file(self, path: Path, text: str | None = None) -> FileReport:
        """The findings of the file at ``path`` (``text``: its unsaved contents; None: read from disk).

        A path outside the project is a :class:`CompatError`.
        """
        prepared, root = self._prepared, self.root
        absolute = (root / path).resolve() if not path.is_absolute() else path.resolve()
        if not absolute.is_relative_to(root):
            raise CompatError(f"{path} is not inside the project {root}")
        checker = prepared.checker
        code = checker.code
        read = (
            code.read(root, absolute)
            if text is None
            else SourceText(absolute, absolute.relative_to(root).as_posix(), text)
        )
        source = code.parse(read)
        # the run's memo gathers every file's import sites for the project rules: a re-check gets a
        # scratch one, so that a thousand keystrokes do not add a thousand files' worth to it
        ctx = checker.ctx._replace(shared=Memo())
        findings, notes = checker.check(source, ctx)
        local = prepared.local
        if source.tree is not None and local is not None and any(m in source.text for m in local.wants):
            local_pass = check_local_bindings(
                ctx,
                local,
                prepared.run.rules,
                [source],
                code,
                prepared.run.options.offline,
                prepared.index_loader,
            )
            findings.extend(f for f in local_pass.findings if f.path == read.rel)
            notes.extend(local_pass.notes)
        if source.tree is not None and any(module in source.text for module in prepared.prebuilt.wants):
            found, prebuilt_notes = check_prebuilt(
                ctx,
                prepared.prebuilt,
                prepared.loaded.providers,
                [source],
                code,
                prepared.run.options.offline,
                prepared.index_loader,
            )
            findings.extend(found)
            notes.extend(prebuilt_notes)
        return FileReport(report_order(findings), tuple(notes))


def _memoised(loader: IndexLoader) -> IndexLoader:
    cached: Callable[[str, str, bool], ReleaseIndex | None] = cache(loader)
    return cached
