"""The Language Server Protocol side of ``compat server`` (pygls): findings in, diagnostics out.

Diagnostics are published per file: source files as they are edited (the unsaved buffer, only that
file re-analysed), manifests, locks and cdktf.json at their lines after each full check. A full
check runs when a project is first seen and whenever one of its project files is saved or changes
on disk. Code actions: one quick fix per fixable finding under the cursor and ``source.fixAll``
(every fixable finding of the file), as workspace edits built from the same edits ``check --fix``
applies. Hover on an import or a manifest line shows the release facts (:mod:`compat.server.hover`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from compat import __version__
from compat.check.config import CheckOptions
from compat.check.model import Edit, Finding
from compat.errors import CompatError
from compat.server.session import PROJECT_FILES, ProjectSession, Sessions, is_project_file

SOURCE = "compat"
FIX_ALL_TITLE = "compat: fix all fixable findings"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)


def _utf16(text: str, column: int) -> int:
    """A 1-based character column of ``text`` as the 0-based UTF-16 offset LSP counts in."""
    return len(text[: max(column - 1, 0)].encode("utf-16-le")) // 2


@lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    """``text``'s lines, split once for all the findings of a publish (a str caches its hash)."""
    return text.splitlines()


def _line(text: str, line: int) -> str:
    lines = _lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _span(finding: Finding, text: str) -> types.Range:
    """The finding's place: from its column over the edited text (or the word there) on its line."""
    if finding.line <= 0:
        return types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    row = _line(text, finding.line)
    start = max(finding.column, 1)
    length = next(
        (
            len(e.old)
            for e in finding.edits
            if e.line == finding.line and e.column == finding.column and "\n" not in e.old
        ),
        0,
    )
    if not length:  # the name or dotted path at the column
        rest = row[start - 1 :]
        length = next((i for i, c in enumerate(rest) if not (c.isalnum() or c in "_.")), len(rest))
    line = finding.line - 1
    return types.Range(
        start=types.Position(line=line, character=_utf16(row, start)),
        end=types.Position(line=line, character=_utf16(row, start + max(length, 1))),
    )


def diagnostic(finding: Finding, text: str) -> types.Diagnostic:
    message = finding.message + (f" (fix: {finding.suggestion})" if finding.suggestion else "")
    return types.Diagnostic(
        range=_span(finding, text),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
    )


def text_edit(edit: Edit, text: str) -> types.TextEdit:
    """An :class:`Edit` (1-based line and character column, ``old`` text) as an LSP text edit."""
    row = _line(text, edit.line)
    start = types.Position(line=edit.line - 1, character=_utf16(row, edit.column))
    old_lines = edit.old.split("\n")
    if len(old_lines) == 1:
        end = types.Position(line=edit.line - 1, character=_utf16(row, edit.column + len(edit.old)))
    else:
        end = types.Position(
            line=edit.line - 1 + len(old_lines) - 1, character=len(old_lines[-1].encode("utf-16-le")) // 2
        )
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=edit.new)


class CompatServer(LanguageServer):
    def __init__(self, flags: CheckOptions | None = None) -> None:
        super().__init__("compat", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.sessions = Sessions(flags or CheckOptions())

    def session_of(self, uri: str) -> tuple[ProjectSession, Path] | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        session = self.sessions.for_path(Path(path))
        return (session, Path(path).resolve()) if session is not None else None

    def publish(self, session: ProjectSession, by_file: dict[str, list[Finding]]) -> None:
        for rel, findings in by_file.items():
            path = session.root / rel if rel else session.root / "cdktf.json"
            text = session.text_of(path)
            uri = from_fs_path(str(path)) or path.as_uri()
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic(f, text) for f in findings])
            )

    def full_check(self, session: ProjectSession) -> None:
        try:
            self.publish(session, session.check_all())
        except CompatError as error:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"compat: {error}")
            )

    def check_document(self, uri: str, text: str | None) -> None:
        found = self.session_of(uri)
        if found is None:
            return
        session, path = found
        if session.result is None:
            if text is not None and not is_project_file(path):
                session.buffers[path] = text
            self.full_check(session)
            return
        if is_project_file(path):
            return  # manifests are read from disk: re-checked on save
        try:
            findings = session.check_file(path, text)
        except CompatError as error:
            log.warning("compat: %s", error)
            return
        self.publish(session, {session.rel(path): findings})

    def actions(
        self, uri: str, selected: types.Range | None, kinds: Iterable[str] | None
    ) -> list[types.CodeAction]:
        found = self.session_of(uri)
        if found is None or session_result_missing(found[0]):
            return []
        session, path = found
        text = session.text_of(path)
        findings = [f for f in session.by_file.get(session.rel(path), []) if f.fixable]
        wanted = set(kinds or ())
        out: list[types.CodeAction] = []
        if not wanted or types.CodeActionKind.QuickFix in wanted:
            for finding in findings:
                place = _span(finding, text)
                if selected is not None and not _overlaps(place, selected):
                    continue
                edit = self.workspace_edit(session, [finding])
                if edit is not None:
                    out.append(
                        types.CodeAction(
                            title=f"{finding.code}: {finding.suggestion or 'apply the fix'}",
                            kind=types.CodeActionKind.QuickFix,
                            edit=edit,
                            is_preferred=True,
                            diagnostics=[diagnostic(finding, text)],
                        )
                    )
        if is_project_file(path) and (not wanted or types.CodeActionKind.QuickFix in wanted):
            out.extend(self.pin_action(session, path))
        fix_all = {types.CodeActionKind.SourceFixAll, types.CodeActionKind.Source}
        asked = not wanted or wanted & fix_all or any(k.startswith("source.fixAll") for k in wanted)
        if findings and asked:
            edit = self.workspace_edit(session, findings)
            if edit is not None:
                out.append(
                    types.CodeAction(title=FIX_ALL_TITLE, kind=types.CodeActionKind.SourceFixAll, edit=edit)
                )
        return out

    def pin_action(self, session: ProjectSession, path: Path) -> list[types.CodeAction]:
        """On a manifest or cdktf.json with a version finding: the ``compat pin`` plan as one edit."""
        rel = session.rel(path)
        if not any(f.category == "version" for f in session.by_file.get(rel, [])):
            return []
        try:
            title, changes = session.pin_changes()
        except CompatError:
            return []
        edits: dict[str, list[types.TextEdit]] = {}
        for changed, after in changes:
            before = session.text_of(changed)
            lines = before.split("\n")
            end = types.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)
            uri = from_fs_path(str(changed)) or changed.as_uri()
            whole = types.Range(start=types.Position(line=0, character=0), end=end)
            edits[uri] = [types.TextEdit(range=whole, new_text=after)]
        if not edits:
            return []
        return [
            types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, edit=types.WorkspaceEdit(changes=edits)
            )
        ]

    def workspace_edit(self, session: ProjectSession, findings: list[Finding]) -> types.WorkspaceEdit | None:
        changes: dict[str, list[types.TextEdit]] = {}
        for fix in session.fixes(findings):
            text = session.text_of(fix.path)
            uri = from_fs_path(str(fix.path)) or fix.path.as_uri()
            changes[uri] = [text_edit(edit, text) for edit in fix.edits]
        return types.WorkspaceEdit(changes=changes) if changes else None

    def hover_at(self, uri: str, position: types.Position) -> types.Hover | None:
        from compat.server.hover import hover_markdown, package_on_line

        found = self.session_of(uri)
        if found is None:
            return None
        session, path = found
        row = _line(session.text_of(path), position.line + 1)
        try:
            project = session.project()
        except CompatError:
            return None
        package = package_on_line(project, path, position.line + 1, row)
        if package is None or session.snapshot is None:
            return None
        text = hover_markdown(project, session.snapshot, package)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    def project_file_changed(self, path: Path) -> None:
        for session in list(self.sessions.all().values()):
            if session.root in (path, *path.parents):
                self.full_check(session)


def session_result_missing(session: ProjectSession) -> bool:
    return session.result is None


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def build_server(flags: CheckOptions | None = None) -> CompatServer:
    server = CompatServer(flags or CheckOptions())

    @server.feature(types.INITIALIZED)
    def _initialized(ls: CompatServer, params: types.InitializedParams) -> None:
        watch = ls.client_capabilities.workspace
        changes = watch.did_change_watched_files if watch is not None else None
        if changes is None or not changes.dynamic_registration:
            return  # project files saved in the editor still re-check (didSave)
        pattern = "**/{" + ",".join(sorted(PROJECT_FILES)) + ",requirements*.txt}"
        ls.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="compat-project-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[types.FileSystemWatcher(glob_pattern=pattern)]
                        ),
                    )
                ]
            )
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def _open(ls: CompatServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check_document(params.text_document.uri, params.text_document.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def _change(ls: CompatServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.check_document(params.text_document.uri, document.source)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def _save(ls: CompatServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None and is_project_file(Path(path)):
            ls.project_file_changed(Path(path).resolve())
        elif path is not None:
            ls.check_document(params.text_document.uri, None)  # as saved

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def _close(ls: CompatServer, params: types.DidCloseTextDocumentParams) -> None:
        found = ls.session_of(params.text_document.uri)
        if found is not None:
            found[0].close(found[1])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def _watched(ls: CompatServer, params: types.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path is not None and is_project_file(Path(path)):
                ls.project_file_changed(Path(path).resolve())

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def _actions(ls: CompatServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.actions(params.text_document.uri, params.range, params.context.only)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def _hover(ls: CompatServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover_at(params.text_document.uri, params.position)

    return server
