"""``compat server`` on a TypeScript project, driven by a real LSP client (pytest-lsp): a keystroke
in a ``.ts`` file re-checks that buffer (tree-sitter, against the loaded project), not only a save.
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

from compat.check import CheckOptions  # noqa: E402
from compat.check.engine import run_check  # noqa: E402
from compat.typescript.incremental import TsProjectSession  # noqa: E402
from tests.conftest import indexed  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ts-broken-stack"

pytestmark = pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "19.65.1"), reason="needs the embedded symbol index"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "compat", "server", "--offline"])
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams) -> None:  # the file watchers: accepted
        return None

    yield


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "ts-broken-stack"
    shutil.copytree(EXAMPLE, root)
    return root


def _codes(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int]]:
    return sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics)


async def _next_diagnostics(
    client: LanguageClient, uri: str, timeout: float = 30.0
) -> list[types.Diagnostic]:
    async def wait() -> None:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics.pop(uri))


@pytest.mark.asyncio
async def test_a_typescript_keystroke_is_checked(client: LanguageClient, tmp_path: Path) -> None:
    root = _project(tmp_path)
    main = root / "main.ts"
    uri = main.as_uri()
    text = main.read_text()
    expected = run_check(root, CheckOptions(offline=True))
    want = sorted((f.code, f.line, f.column) for f in expected.findings if f.path == "main.ts")
    assert ("IMP002", 5, 10) in want and any(code == "API001" for code, _, _ in want)

    await client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
    )
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="typescript", version=1, text=text)
        )
    )
    assert _codes(await _next_diagnostics(client, uri)) == want

    # unsaved: the class renamed to what the release exports, a wrong prop fixed: both go at once
    edited = text.replace("{ S3BucketVersioning }", "{ S3BucketVersioningA }").replace(
        "new S3BucketVersioning(", "new S3BucketVersioningA("
    )
    edited = edited.replace("bucketName:", "bucket:")
    assert edited != text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    after = _codes(await _next_diagnostics(client, uri))
    assert not any(code in ("IMP002", "API001") for code, _, _ in after)
    assert [c for c in after if c[0] in ("API003", "API004")] == [
        c for c in want if c[0] in ("API003", "API004")
    ]
    assert main.read_text() == text  # nothing written

    # a new mistake typed: found at its place in the buffer
    broken = edited.replace("bucket:", "bucketNam:", 1)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    again = _codes(await _next_diagnostics(client, uri))
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "bucketNam:" in row)
    assert any(code == "API001" and at == line for code, at, _ in again)
    await client.shutdown_session()


def test_the_session_sees_what_the_whole_check_sees(tmp_path: Path) -> None:
    """The keystroke path (one file re-read) and a whole check agree, on the buffer and from disk."""
    root = _project(tmp_path)
    session = TsProjectSession.open(root, CheckOptions(offline=True))
    main = root / "main.ts"
    text = main.read_text()
    whole = [f for f in session.result.findings if f.path == "main.ts"]
    assert list(session.check_file(main).findings) == whole
    assert list(session.check_file(main, text).findings) == whole
    edited = text.replace("bucketName:", "bucket:")
    main.write_text(edited)
    assert list(session.check_file(main, edited).findings) == [
        f for f in run_check(root, CheckOptions(offline=True)).findings if f.path == "main.ts"
    ]
    assert not session.checks(root / "package.json")
