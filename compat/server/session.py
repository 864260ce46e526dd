"""One project as the language server holds it: loaded once, re-checked by the file.

A full check (:meth:`ProjectSession.check_all`) runs when the session starts and whenever a file
that is not source code changes (a manifest, a lock, cdktf.json, a runtime pin): it yields every
file's findings and keeps the project loaded (Python: :class:`compat.check.incremental.ProjectSession`:
manifests, context, symbol indexes, planned rules; TypeScript:
:class:`compat.typescript.incremental.TsProjectSession`). A keystroke in a source file runs
:meth:`ProjectSession.check_file`: that loaded project's analysis of the one buffer (a TypeScript
file read again by the tree-sitter reader alone), nothing read or scanned project-wide. The findings
of rules that read the whole project keep their last full-check value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from compat.check.config import CheckOptions, project_run
from compat.check.engine import default_index_loader, default_snapshot
from compat.check.fix import apply_edits
from compat.check.incremental import ProjectSession as LoadedProject
from compat.check.model import CheckResult, Edit, Finding
from compat.index.model import ReleaseIndex
from compat.project.model import Project
from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease, Snapshot

if TYPE_CHECKING:
    from compat.typescript.incremental import TsProjectSession

#: the file names whose change makes the whole project be checked again
PROJECT_FILES = frozenset(
    {
        "cdktf.json",
        "Pipfile",
        "Pipfile.lock",
        "pyproject.toml",
        "poetry.lock",
        "uv.lock",
        "compat.toml",
        ".terraform-version",
        ".opentofu-version",
        ".tool-versions",
        ".python-version",
        ".nvmrc",
        ".node-version",
        "mise.toml",
        ".mise.toml",
        "mise.local.toml",
        ".mise.local.toml",
        ".envrc",
        "package.json",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
    }
)


def is_project_file(path: Path) -> bool:
    """A manifest, lock or settings file: its change changes the facts every file is checked against."""
    name = path.name
    return name in PROJECT_FILES or (name.startswith("requirements") and name.endswith(".txt"))


def project_root_of(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding cdktf.json."""
    start = path if path.is_dir() else path.parent
    return next((folder for folder in (start, *start.parents) if (folder / "cdktf.json").is_file()), None)


class _Loader:
    """The symbol-index opener, each release opened once for the life of the server."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, str, bool], ReleaseIndex | None] = {}

    def __call__(self, package: str, version: str, offline: bool) -> ReleaseIndex | None:
        key = (package, version, offline)
        if key not in self._open:
            self._open[key] = default_index_loader(package, version, offline)
        return self._open[key]


class FileFix(Record):
    """The text edits of fixable findings for one file, checked against the file's current text."""

    path: Path
    edits: tuple[Edit, ...]


@dataclass
class ProjectSession:
    """One project's loaded facts, last full result and the editor's unsaved buffers."""

    root: Path
    flags: CheckOptions = field(default_factory=CheckOptions)
    snapshot: Snapshot | None = None
    loader: _Loader = field(default_factory=_Loader)
    buffers: dict[Path, str] = field(default_factory=dict)
    result: CheckResult | None = None
    #: rel path -> findings of the last check of that file (full or single)
    by_file: dict[str, list[Finding]] = field(default_factory=dict)

    _project: Project | None = None
    #: the project as loaded by the last full check (None: not yet)
    _loaded: LoadedProject | TsProjectSession | None = None
    #: the options and language of the last full check (compat.toml and the manifests, read then)
    _options: CheckOptions | None = None
    _language: str | None = None

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        if self.snapshot is None:
            self.snapshot = default_snapshot()

    @property
    def options(self) -> CheckOptions:
        if self._options is None:
            self._options = project_run(self.root, self.root, self.flags, False).options
        return self._options

    @property
    def language(self) -> str:
        if self._language is None:
            from compat.languages import project_language

            self._language = project_language(self.root).language
        return self._language

    def _run_all(self) -> CheckResult:
        """The whole check; the project stays loaded for :meth:`check_file`."""
        self._options = self._language = None  # a project file changed: read them again
        self._loaded = None
        if self.language == "typescript":
            # read with the saved files; a keystroke then re-reads only its own file (TsProjectSession)
            from compat.typescript.incremental import TsProjectSession

            ts = TsProjectSession.open(
                self.root, self.options, snapshot=self.snapshot, index_loader=self.loader
            )
            self._loaded = ts
            return ts.result
        self._loaded = LoadedProject.open(
            self.root,
            self.options,
            snapshot=self.snapshot,
            use_default_snapshot=False,
            index_loader=self.loader,
            buffers=self._source_buffers(),
        )
        return self._loaded.result

    def _source_buffers(self) -> dict[Path, str]:
        return {path: text for path, text in self.buffers.items() if not is_project_file(path)}

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def check_all(self) -> dict[str, list[Finding]]:
        """Check the whole project; every file's findings (a file that had some and has none: ``[]``)."""
        result = self._run_all()
        self.result = result
        self._project = None
        previous = set(self.by_file)
        self.by_file = {}
        for finding in result.findings:
            self.by_file.setdefault(finding.path, []).append(finding)
        for rel in previous - set(self.by_file):
            self.by_file[rel] = []
        return dict(self.by_file)

    def check_file(self, path: Path, text: str | None = None) -> list[Finding]:
        """One source file's findings, its text ``text`` (an unsaved buffer) or as on disk."""
        path = path.resolve()
        if text is not None:
            self.buffers[path] = text
        if self.result is None:
            return self.check_all().get(self.rel(path), [])
        rel = self.rel(path)
        loaded = self._loaded
        if loaded is None:
            return self.check_all().get(rel, [])
        if not loaded.checks(path):  # not a source file the project checks (generated, excluded)
            self.buffers.pop(path, None)
            return []
        single = loaded.check_file(path, text)
        if isinstance(loaded, LoadedProject):
            project_codes = _project_only_codes()
            kept = [f for f in self.by_file.get(rel, []) if f.code in project_codes]
            found = sorted({*kept, *single.findings}, key=Finding.sort_key)
        else:  # TypeScript: the session keeps the project findings at the file itself
            found = list(single.findings)
        self.by_file[rel] = found
        return found

    def project(self) -> Project:
        """The project model (for hover), read once per full check."""
        if self._project is None:
            from compat.project import load_project

            options = self.options
            self._project = load_project(
                self.root,
                terraform=options.terraform,
                python=options.python,
                opentofu=options.opentofu,
                snapshot=self.snapshot,
            )
        return self._project

    def pin_changes(self) -> tuple[str, list[tuple[Path, str]]]:
        """What ``compat pin`` would write (title, ``(file, new text)``); nothing is written here."""
        from compat.resolver.pin import plan_pin

        options = self.options
        plan = plan_pin(
            self.root,
            terraform=options.terraform,
            python=options.python,
            opentofu=options.opentofu,
            snapshot=self.snapshot,
        )
        selection = plan.selection
        if selection is None or not plan.changes:
            return "", []
        releases: list[BindingRelease | CoreRelease] = (
            [selection.package] if plan.prebuilt and selection.package is not None else []
        )
        releases.extend((*selection.others, selection.core))
        pins = [f"{r.package}=={r.version}" for r in releases]
        return f"compat pin: {', '.join(pins)}", [(c.path, c.after) for c in plan.changes]

    def close(self, path: Path) -> None:
        self.buffers.pop(path.resolve(), None)

    def text_of(self, path: Path) -> str:
        path = path.resolve()
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def fixes(self, findings: Iterable[Finding]) -> list[FileFix]:
        """The edits of ``findings`` that still apply to the current texts, file by file (as --fix)."""
        by_path: dict[str, list[Edit]] = {}
        for finding in findings:
            for edit in finding.edits:
                by_path.setdefault(edit.path, []).append(edit)
        out = []
        for rel, edits in sorted(by_path.items()):
            path = self.root / rel
            text = self.text_of(path)
            usable = tuple(edit for edit in dict.fromkeys(edits) if apply_edits(text, [edit])[1])
            if usable and apply_edits(text, usable)[0] != text:
                out.append(FileFix(path, _without_overlaps(text, usable)))
        return out


def _without_overlaps(text: str, edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The edits ``apply_edits`` applies together (an edit overlapping a later one is dropped, as --fix)."""
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        if apply_edits(text, [*kept, edit])[1] == len(kept) + 1:
            kept.append(edit)
    return tuple(reversed(kept))


@cache
def _project_only_codes() -> frozenset[str]:
    from compat.check.rules import ALL_RULES

    return frozenset(r.meta.code for r in ALL_RULES if r.on_project and not r.on_file and not r.on_unparsed)


class Sessions:
    """The sessions of every project the editor has opened a file of."""

    def __init__(self, flags: CheckOptions | None = None, snapshot: Snapshot | None = None) -> None:
        self.flags = flags or CheckOptions()
        self._snapshot = snapshot
        self._by_root: dict[Path, ProjectSession] = {}

    def for_path(self, path: Path) -> ProjectSession | None:
        root = project_root_of(path.resolve())
        if root is None:
            return None
        session = self._by_root.get(root)
        if session is None:
            if self._snapshot is None:
                self._snapshot = default_snapshot()
            session = ProjectSession(root, self.flags, self._snapshot)
            self._by_root[root] = session
        return session

    def all(self) -> Mapping[Path, ProjectSession]:
        return self._by_root
