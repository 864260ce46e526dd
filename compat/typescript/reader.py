"""The TypeScript code reader: imports and ``new X(scope, "id", { ... })`` calls, read with tree-sitter.

tree-sitter parses a file into a concrete syntax tree (the TypeScript grammar from PyPI, no Node);
the places where ``import``, ``new`` and the imported ``Fn`` occur in the text are looked up in it
(:mod:`~compat.typescript.syntax.lookup`), no other part of the tree is visited. A call whose name a
binding declares again in an enclosing scope (a parameter, a variable, a function or class) is not the
import's and is left out: the text says which names may be declared again
(:mod:`~compat.typescript.syntax.declarations`), the tree where (:mod:`~compat.typescript.syntax.scopes`).
A construct call's third argument is read only when it is an object literal, and lazily: the file keeps
its keys (:class:`Props`); the values are read from the nodes, as far as a rule asks, while the tree is alive
(:class:`~compat.typescript.syntax.literals.ObjectView`, in the ``visit`` of :func:`parse_source`). A
value that is no literal (a variable, a call, a spread) is not judged.

The records a file is kept as (:mod:`compat.typescript.syntax.records`) are this module's vocabulary:
every rule reads them from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from compat.typescript.syntax.calls import read_fn_calls, read_new_call
from compat.typescript.syntax.declarations import declarations
from compat.typescript.syntax.grammar import Source, parser_for
from compat.typescript.syntax.imports import import_at
from compat.typescript.syntax.literals import ArrayView, ObjectView, PropsOf
from compat.typescript.syntax.lookup import IMPORT_KEYWORD, NEW_KEYWORD, started_by
from compat.typescript.syntax.records import (
    FnCall,
    ImportedName,
    NewCall,
    Opaque,
    PropKey,
    Props,
    TsFile,
    TsImport,
)
from compat.typescript.syntax.scopes import shadowed_at, shadowing

__all__ = [
    "ArrayView",
    "FnCall",
    "ImportedName",
    "NewCall",
    "ObjectView",
    "Opaque",
    "PropKey",
    "Props",
    "PropsOf",
    "TsFile",
    "TsImport",
    "mentions_cdk",
    "parse_source",
    "read_source",
    "reads_props_of",
    "unread",
]

#: what every import a TypeScript rule reads spells: a core (``cdktf``, ``cdktn``) or a prebuilt
#: package (``@cdktf/provider-*``, ``@cdktn/provider-*``, and the community ``cdktf-provider-*`` names)
_CDK_TEXT = re.compile(rb"cdkt[fn]", re.IGNORECASE)


#: whether the props of the construct ``name`` imported from ``specifier`` are read (see :func:`parse_source`)
Wanted = Callable[[str, str | None], bool]


def mentions_cdk(source: bytes, local_folder: str) -> bool:
    """Whether a file can import anything a TypeScript rule reads: a core, a prebuilt package or the
    local bindings under ``local_folder`` (codeMakerOutput). A file that spells none of them is not
    parsed at all: every rule would skip it (a helper, a test, a config file)."""
    last = local_folder.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if not last or last in (".", ".."):
        return True  # a folder no name tells apart: read every file
    return _CDK_TEXT.search(source) is not None or last.encode() in source


def unread(path: Path, rel: str) -> TsFile:
    """A file :func:`mentions_cdk` ruled out: counted as checked, with nothing in it to check."""
    return TsFile(path=path, rel=rel, imports=(), calls=(), fn_calls=(), error=False)


def no_props(specifier: str, name: str | None) -> bool:
    """A ``wanted`` for :func:`parse_source` that reads no call's props (imports and calls only)."""
    return False


def parse_source(
    path: Path,
    rel: str,
    source: bytes,
    wanted: Wanted | None = None,
    visit: Callable[[TsFile, PropsOf], None] | None = None,
) -> TsFile:
    """Read one TypeScript file's imports, construct calls and ``Fn`` calls.

    ``wanted(specifier, name)``: whether the props of the construct ``name`` imported from ``specifier``
    are read (``name`` None: of the namespace ``import * as`` binds); a call of anything else keeps
    :class:`Opaque` props (default: every call's props are read), and is left in the file whether or not
    a binding shadows its name where it stands (no rule reads it).
    ``visit(file, props_of)`` runs while the tree is alive: ``props_of(call)`` reads a call's props
    literal from its nodes, each value only as far as the visitor asks (the file keeps only the keys).
    """
    parser, kinds = parser_for(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    error = tree.root_node.has_error
    read = Source(source, kinds, clean=not error)
    import_nodes = started_by(tree, source, IMPORT_KEYWORD, kinds.import_keyword, kinds.import_statement)
    imports = [found for node in import_nodes if (found := import_at(read, node)) is not None]
    # the locals whose calls' props are read (a name imported twice: as its last import says)
    wanted_of: dict[str, bool] = {}
    for item in imports:
        for name in item.names:
            wanted_of[name.local] = wanted is None or wanted(item.specifier, name.name)
        if item.namespace:
            wanted_of[item.namespace] = wanted is None or wanted(item.specifier, None)
    reads = {local for local, read_it in wanted_of.items() if read_it}
    fn_locals = {n.local for i in imports for n in i.names if n.name == "Fn"}
    code = bytearray(source)
    for node in import_nodes:  # the import clauses name the bindings, not declare them again
        start, end = node.byte_range
        code[start:end] = b" " * (end - start)
    blanked = bytes(code)
    # where a name whose calls are read is declared again, only for the names the text says may be
    # (most files: none)
    maybe = declarations(blanked, reads | fn_locals)
    scopes = shadowing(tree, blanked, maybe) if maybe else {}
    views: dict[tuple[int, int], ObjectView] = {}
    new_nodes = started_by(tree, source, NEW_KEYWORD, kinds.new_keyword, kinds.new_expression)
    if not scopes:
        calls = [call for node in new_nodes if (call := read_new_call(read, node, reads, views)) is not None]
    else:
        calls = []
        for node in new_nodes:
            at = node.start_byte
            here = {name for name in scopes if shadowed_at(scopes, name, at)}
            call = read_new_call(read, node, reads - here if here else reads, views)
            if call is not None and call.callee[0] not in here:  # a shadowed name is no import's
                calls.append(call)
    keep = None if not scopes else (lambda name, at: not shadowed_at(scopes, name, at))
    fn_calls = read_fn_calls(read, tree, fn_locals, keep) if fn_locals else []
    file = TsFile(  # each list in the text's order already: every lookup goes forward through the text
        path=path,
        rel=rel,
        imports=tuple(imports),
        calls=tuple(calls),
        fn_calls=tuple(fn_calls),
        mentions_wo=b"Wo" in source,
        error=error,
    )
    if visit is not None:
        visit(file, lambda call: views.get((call.line, call.column)))
    return file


def reads_props_of(specifier: str, name: str | None) -> bool:
    """Whether compat reads the props of the construct ``name`` imported from ``specifier`` (None: a
    namespace): the prebuilt provider packages (their props), the cores' backends (``S3Backend``: their
    options gated by the CLI; a stack's many other core names are not read) and, by a relative path
    through a ``providers`` folder, the provider bindings ``cdktf get`` generates
    (``./.gen/providers/aws/...``: their write-only props, :mod:`compat.typescript.local_write_only`)."""
    if specifier in ("cdktf", "cdktn"):
        return name is not None and name.endswith("Backend")
    return specifier.startswith(("@cdktf/provider-", "@cdktn/provider-")) or (
        specifier.startswith(".") and "/providers/" in specifier
    )


def read_source(path: Path, rel: str, source: bytes, wanted: Wanted | None = None) -> tuple[TsFile, PropsOf]:
    """:func:`parse_source`, with the props reader handed back rather than to a visitor: the caller runs
    its per-file check on return, so the reader is never called back into (the tree lives as long as
    the ``props_of`` returned, whose views hold its nodes: drop it with the file's turn)."""
    kept: list[PropsOf] = []
    file = parse_source(path, rel, source, wanted, visit=lambda _, props_of: kept.append(props_of))
    return file, kept[0]
