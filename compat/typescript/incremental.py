"""Re-check one changed TypeScript file against a project already loaded: the language server's
keystroke path for ``.ts`` files, as :mod:`compat.check.incremental` is for Python.

:meth:`TsProjectSession.open` reads and checks the whole project once through the check engine
(:func:`compat.check.engine.prepare_read` with :func:`compat.typescript.loader.load_typescript`) and keeps
it (package.json, the lock, runtimes, the symbol indexes of the imported prebuilt releases, the findings
of the rules that read the project as a whole). :meth:`TsProjectSession.check_file` then reads only the
edited file again (:meth:`compat.typescript.loader.TsCode.read_one`) and runs the rules that read one
file (:func:`compat.check.engine.read_findings`): local-binding imports, imports and props against the
symbol index, ``Fn`` calls, backend options. What rests on every file (an import no manifest declares,
reported at its first place; which prebuilt packages are imported at all) keeps its value of the last
whole check.
"""

from __future__ import annotations

from pathlib import Path

from compat.check.config import CheckOptions
from compat.check.engine import ReadPrepared, prepare_read, project_findings, read_findings, read_result
from compat.check.incremental import FileReport
from compat.check.model import CheckResult, Finding
from compat.check.standing import apply_standing
from compat.errors import CompatError
from compat.index.model import IndexLoader
from compat.snapshot import Snapshot
from compat.typescript.loader import TsCode, load_typescript


class TsProjectSession:
    """A TypeScript project loaded once; :meth:`check_file` re-checks one of its files."""

    def __init__(self, prepared: ReadPrepared, code: TsCode) -> None:
        self._prepared = prepared
        self._code = code
        self._checked = code.paths
        self._project_findings = apply_standing(project_findings(prepared))
        self.result: CheckResult = read_result(
            prepared, [*read_findings(prepared, code), *self._project_findings]
        )

    @classmethod
    def open(
        cls,
        root: Path,
        options: CheckOptions | None = None,
        *,
        snapshot: Snapshot | None = None,
        index_loader: IndexLoader | None = None,
    ) -> TsProjectSession:
        prepared = prepare_read(
            load_typescript,
            root,
            options,
            language="typescript",
            snapshot=snapshot,
            index_loader=index_loader,
        )
        assert isinstance(prepared.code, TsCode)  # what load_typescript reads
        return cls(prepared, prepared.code)

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
        rel = absolute.relative_to(root).as_posix()
        try:
            one = self._code.read_one(absolute, text)
        except CompatError as error:
            return FileReport((), (str(error),))
        kept = [f for f in self._project_findings if f.path == rel]
        found = apply_standing(read_findings(self._prepared, one))
        return FileReport(tuple(sorted({*kept, *found}, key=Finding.sort_key)), ())
