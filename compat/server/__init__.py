"""``compat server``: the check as a language server (diagnostics, code actions, hover).

:mod:`compat.server.session` is the editor-independent core: one :class:`ProjectSession` per
project keeps the release snapshot, the opened symbol indexes and the project's facts loaded, so an
edit re-analyses only the edited file. :mod:`compat.server.lsp` speaks the protocol with pygls
(the optional ``compat[server]`` extra); nothing on the ``compat check`` path imports either.
"""
