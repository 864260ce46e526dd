"""Re-check one changed TypeScript file against a project already loaded: the language server's
keystroke path for ``.ts`` files, as :mod:`compat.check.incremental` is for Python.

:meth:`TsProjectSession.open` reads and checks the whole project once and keeps it (package.json,
the lock, runtimes, the symbol indexes of the imported prebuilt releases, the findings of the rules
that read the project as a whole). :meth:`TsProjectSession.check_file` then reads only the edited
file through the TypeScript reader (:class:`compat.typescript.code.TypeScriptCode`) and runs the rules that
read one file: local-binding imports, imports and props against the symbol index, ``Fn`` calls,
backend options. What rests on every file (an import no manifest declares, reported at its first
place; which prebuilt packages are imported at all) keeps its value of the last whole check.
"""

from __future__ import annotations

from pathlib import Path

from compat.check.config import CheckOptions
from compat.check.incremental import FileReport
from compat.check.model import CheckResult, Finding
from compat.check.sources import SourceText
from compat.errors import CompatError
from compat.index.model import IndexLoader
from compat.snapshot import Snapshot
from compat.typescript.check import TsPrepared, file_findings, prepare_ts, ts_result
from compat.typescript.code import TypeScriptCode


class TsProjectSession:
    """A TypeScript project loaded once; :meth:`check_file` re-checks one of its files."""

    def __init__(self, prepared: TsPrepared) -> None:
        self._prepared = prepared
        self._checked = frozenset(file.path.resolve() for file in prepared.run.files)
        self.result: CheckResult = ts_result(prepared)
        config = prepared.run.config
        self._folder = (config.code_maker_output if config else None) or ".gen"  # as prepare_ts reads it

    @classmethod
    def open(
        cls,
        root: Path,
        options: CheckOptions | None = None,
        *,
        snapshot: Snapshot | None = None,
        index_loader: IndexLoader | None = None,
    ) -> TsProjectSession:
        return cls(prepare_ts(root, options, snapshot=snapshot, index_loader=index_loader))

    @property
    def root(self) -> Path:
        return self._prepared.run.root

    def checks(self, path: Path) -> bool:
        """Whether the project's check reads the file at ``path`` (a source file, not generated)."""
        return path.resolve() in self._checked

    def check_file(self, path: Path, text: str | None = None) -> FileReport:
        """The findings of the file at ``path`` (``text``: its unsaved contents; None: read from disk)."""
        root = self.root
        absolute = (root / path).resolve() if not path.is_absolute() else path.resolve()
        if not absolute.is_relative_to(root):
            raise CompatError(f"{path} is not inside the project {root}")
        checker = self._prepared.checker
        code = TypeScriptCode(self._folder, checker.check if checker else None)
        rel = absolute.relative_to(root).as_posix()
        source = code.read(root, absolute) if text is None else SourceText(absolute, rel, text)
        if source.error is not None:
            return FileReport((), (f"{rel}: {source.error}",))
        parsed = code.parse(source)
        file = parsed.file
        kept = [f for f in self._prepared.run.findings if f.path == file.rel]
        found = sorted({*kept, *file_findings(self._prepared, [file], parsed.findings)}, key=Finding.sort_key)
        return FileReport(tuple(found), ())
