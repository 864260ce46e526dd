"""``compat server``: a language server on stdin/stdout (needs the ``compat[server]`` extra)."""

from __future__ import annotations

import typer

from compat.cli._options import IndexUrlOption, OfflineOption, OpenTofuOption, PythonOption, TerraformOption


def register(app: typer.Typer) -> None:
    @app.command(name="server")
    def _command(
        terraform: TerraformOption = None,
        opentofu: OpenTofuOption = None,
        python: PythonOption = None,
        offline: OfflineOption = False,
        index_url: IndexUrlOption = None,
    ) -> None:
        """Serve diagnostics, fixes and release facts to an editor (LSP over stdio; docs/EDITORS.md)."""
        from pathlib import Path

        from compat.check.config import CheckOptions
        from compat.cli._options import use_registries
        from compat.errors import CompatError

        try:
            from compat.server.lsp import build_server
        except ImportError as error:
            raise CompatError(
                "compat server needs the language-server libraries: pip install 'compat[server]'"
            ) from error
        use_registries(index_url, Path.cwd())
        build_server(
            CheckOptions(terraform=terraform, python=python, opentofu=opentofu, offline=offline)
        ).start_io()
