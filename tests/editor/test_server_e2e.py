"""``compat server`` driven by a real LSP client (pytest-lsp): the same findings as ``compat check``.

The server runs as its own process on the embedded snapshot and symbol index (``--offline``), over
a copy of ``examples/broken-stack``: initialize, didOpen, didChange, codeAction, hover, then a
manifest save re-checks the project.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

pytest_lsp = pytest.importorskip("pytest_lsp")
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from compat.check import CheckOptions, run_check  # noqa: E402
from tests.conftest import indexed  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "broken-stack"

pytestmark = pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "19.65.1"), reason="needs the embedded symbol index"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "compat", "server", "--offline"])
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams) -> None:  # VS Code accepts the file watchers
        lsp_client.registrations = [r.id for r in params.registrations]  # type: ignore[attr-defined]

    yield


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "broken-stack"
    shutil.copytree(EXAMPLE, root)
    return root


async def _diagnostics(client: LanguageClient, uri: str, timeout: float = 30.0) -> list[types.Diagnostic]:
    async def wait() -> None:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics[uri])


def _codes_at(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int]]:
    return sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics)


@pytest.mark.asyncio
async def test_server_session_matches_check(client: LanguageClient, tmp_path: Path) -> None:
    root = _project(tmp_path)
    expected = run_check(root, CheckOptions(offline=True))
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="broken-stack")],
        )
    )

    storage = root / "lib" / "storage.py"
    uri = storage.as_uri()
    text = storage.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    got = await _diagnostics(client, uri)
    want = sorted((f.code, f.line, f.column) for f in expected.findings if f.path == "lib/storage.py")
    assert want and _codes_at(got) == want

    # every file with findings got them, the manifest (cdktf.json) at its line too
    for rel in {f.path for f in expected.findings}:
        file_uri = (root / rel).as_uri()
        assert _codes_at(await _diagnostics(client, file_uri)) == sorted(
            (f.code, f.line, f.column) for f in expected.findings if f.path == rel
        ), rel

    # an unsaved edit fixes the import: that file's diagnostic goes, nothing is written
    fixed = text.replace("import S3BucketVersioning\n", "import S3BucketVersioningA\n", 1)
    assert fixed != text
    client.diagnostics.pop(uri)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    after = await _diagnostics(client, uri)
    assert ("IMP002", 4) not in {(str(d.code), d.range.start.line + 1) for d in after}
    assert len(after) == len(want) - 1
    assert storage.read_text() == text

    # code actions: a quick fix per fixable finding and one "fix all", as check --fix edits
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=40, character=0)
            ),
            context=types.CodeActionContext(diagnostics=after),
        )
    )
    assert actions is not None
    kinds = [a.kind for a in actions if isinstance(a, types.CodeAction)]
    fixable = [
        f for f in expected.findings if f.path == "lib/storage.py" and f.fixable and f.code != "IMP002"
    ]
    assert kinds.count(types.CodeActionKind.QuickFix) == len(fixable)
    assert kinds.count(types.CodeActionKind.SourceFixAll) == 1
    fix_all = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.SourceFixAll
    )
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    edited = _apply(fixed, list(fix_all.edit.changes[uri]))
    assert "hashKey" in edited and "'hash_key'" not in edited

    # hover on the import of the bindings: the installed release's facts
    line = next(
        i for i, row in enumerate(fixed.splitlines()) if row.startswith("from cdktf_cdktf_provider_aws")
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=6),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "cdktf-cdktf-provider-aws** 19.65.1" in hover.contents.value
    assert "provider: registry.terraform.io/hashicorp/aws 5.99.1" in hover.contents.value

    # hover on a manifest line: the core's facts
    pipfile = (root / "Pipfile").read_text().splitlines()
    core_line = next(i for i, row in enumerate(pipfile) if row.startswith("cdktf ="))
    core_hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=(root / "Pipfile").as_uri()),
            position=types.Position(line=core_line, character=1),
        )
    )
    assert core_hover is not None and isinstance(core_hover.contents, types.MarkupContent)
    assert core_hover.contents.value.startswith("**cdktf** ") and "Python:" in core_hover.contents.value

    # on cdktf.json's version finding: the compat pin plan as one workspace edit (nothing written)
    config_actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=(root / "cdktf.json").as_uri()),
            range=types.Range(
                start=types.Position(line=5, character=0), end=types.Position(line=5, character=40)
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    pin = [
        a
        for a in config_actions or []
        if isinstance(a, types.CodeAction) and a.title.startswith("compat pin")
    ]
    assert len(pin) == 1 and pin[0].edit is not None and pin[0].edit.changes
    assert "cdktf-cdktf-provider-aws==" in pin[0].title
    assert (root / "Pipfile").read_text() == (EXAMPLE / "Pipfile").read_text()

    # a manifest saved on disk re-checks the project: cdktf.json's VER001 goes with the aws entry
    config = root / "cdktf.json"
    config_uri = config.as_uri()
    assert any(str(d.code) == "VER001" for d in await _diagnostics(client, config_uri))
    config.write_text(config.read_text().replace('"aws@~> 6.0"', '"aws@~> 5.0"'))
    client.diagnostics.pop(config_uri)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config_uri))
    )
    assert not any(str(d.code) == "VER001" for d in await _diagnostics(client, config_uri))
    await client.shutdown_session()


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(row) for row in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text
