"""TypeScript code behind the check's reader protocol (:class:`compat.check.code.LanguageReader`).

The tree-sitter reader (:mod:`compat.typescript.reader`) checks a file's imports and props while its tree
is alive and keeps only what it read (:class:`TsFile`), so ``parse`` takes the per-file check at
construction (``check``: the imports-and-props check against the symbol index) and returns the reading
with that check's findings (:class:`ParsedTs`). A file that names no core, prebuilt package or local
bindings folder is not parsed at all (:func:`compat.typescript.reader.mentions_cdk`). The text is
decoded with ``surrogateescape``, so the bytes the parser sees are the file's own, whatever their encoding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from compat.check.analysis import FileFacts, FunctionCall
from compat.check.model import Finding
from compat.check.sources import SourceText, _read_bytes
from compat.check.write_only import WriteOnlyUse
from compat.families import CORES
from compat.project.files import CodeFile
from compat.project.local_bindings import LocalImport
from compat.project.model import DEFAULT_OUTPUT, LocalBindings
from compat.providers import provider_package
from compat.record import Record
from compat.typescript.context import folder_of_bindings, local_parts, package_of, rel
from compat.typescript.project import sized_source_files
from compat.typescript.reader import (
    Props,
    PropsOf,
    TsFile,
    mentions_cdk,
    read_source,
    reads_props_of,
    unread,
)

#: the imports-and-props check of one file, run while its tree is alive
FileCheck = Callable[[TsFile, PropsOf], list[Finding]]

#: the specifier of an import or re-export (``from "x"``, ``import "x"``), read without parsing. The
#: word boundary is a look-behind after the keyword's first letter (``f(?<!\wf)rom`` is ``\bfrom``):
#: a pattern that begins with a letter lets ``re`` skip to the next ``f`` or ``i``, where a leading
#: ``\b`` is tried at every position (3.5 times slower on the corpora's 2 MB of TypeScript)
_SPECIFIER = re.compile(r"""(?:f(?<!\wf)rom|i(?<!\wi)mport)\s*["']([^"'\n]+)["']""")


class ParsedTs(Record):
    """One TypeScript file as the check keeps it: what the reader read, and the imports-and-props
    findings of the check that ran while its tree was alive."""

    file: TsFile
    findings: tuple[Finding, ...]


class TypeScriptCode:
    """TypeScript code: tree-sitter with the TypeScript grammar (see the module docstring)."""

    language = "typescript"

    def __init__(self, folder: str = DEFAULT_OUTPUT, check: FileCheck | None = None) -> None:
        self.folder = folder  # codeMakerOutput as cdktf.json writes it: its files are generated, not read
        self._check = check

    def files(self, root: Path, exclude: Sequence[str]) -> Iterator[CodeFile]:
        """The project's TypeScript files, not below codeMakerOutput (generated) nor ``exclude`` (paths
        relative to ``root`` the project's settings leave out)."""
        for path, size in sized_source_files(root, self.folder, exclude):
            yield CodeFile(path, rel(root, path), size)

    def read(self, root: Path, path: Path) -> SourceText:
        try:
            data = _read_bytes(path)  # without a buffered file object: half the cost of ``read_bytes``
        except OSError as error:
            return SourceText(path, rel(root, path), "", SyntaxError(f"cannot read: {error}"))
        return SourceText(path, rel(root, path), data.decode("utf-8", "surrogateescape"))

    def imported_tops(self, sources: Iterable[SourceText]) -> frozenset[str]:
        """The npm packages the texts import or re-export (relative imports left out)."""
        return frozenset(
            package_of(specifier)
            for source in sources
            for specifier in _SPECIFIER.findall(source.text)
            if not specifier.startswith((".", "/"))
        )

    def parse(self, source: SourceText) -> ParsedTs:
        try:
            data = source.text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # an editor's buffer with a lone surrogate
            data = source.text.encode("utf-8", "surrogatepass")
        if not mentions_cdk(data, self.folder):
            return ParsedTs(unread(source.path, source.rel), ())
        parsed, props_of = read_source(source.path, source.rel, data, wanted=reads_props_of)
        return ParsedTs(parsed, tuple(self._check(parsed, props_of)) if self._check is not None else ())

    def parses(self, source: SourceText) -> bool:
        """Never known without reading: the TypeScript check reads every file through ``parse``."""
        return False

    def analyse(
        self,
        source: ParsedTs,
        package: str,
        core: str,
        is_module: Callable[[str], bool] | None,
        foreign: frozenset[str],
    ) -> FileFacts:
        """What the language-neutral file rules read of a TypeScript file: its ``Fn.<name>(...)`` calls
        of either core (``Fn`` imported from ``cdktf`` / ``cdktn`` and not declared again), the write-only
        props of prebuilt provider constructs (:func:`write_only_props`), and the reading itself
        (``FileFacts.typescript``: its imports, calls and props)."""
        file = source.file
        write_only = write_only_props(file) if file.calls else []
        if not file.fn_calls:
            return FileFacts(write_only=write_only, typescript=file)
        fn_locals = {n.local for i in file.imports if i.specifier in CORES for n in i.names if n.name == "Fn"}
        return FileFacts(
            function_calls=[
                FunctionCall(name=call.name, line=call.line, column=call.column)
                for call in file.fn_calls
                if call.receiver in fn_locals
            ],
            write_only=write_only,
            typescript=file,
        )

    def local_imports(self, root: Path, source: ParsedTs, bindings: LocalBindings) -> list[LocalImport]:
        """The file's imports of the providers ``cdktf get`` generates (``./.gen/providers/aws/vpc``),
        each tied to the cdktf.json entry that generates it (None: no entry does)."""
        folder = folder_of_bindings(self.folder)
        # a provider's folder as its Python package is named (``google-beta`` -> ``google_beta``)
        providers = {name: e for e in bindings.entries if e.kind == "provider" for name in e.names}
        found: list[LocalImport] = []
        for item in source.file.imports:
            if item.type_only:
                continue
            below = local_parts(folder, source.file.rel, item.specifier)
            if below is None or len(below) < 2 or below[0] != "providers":
                continue
            found.append(
                LocalImport(
                    path=source.file.rel,
                    line=item.line,
                    column=item.column,
                    dotted=".".join(below[1:]),
                    entry=providers.get(below[1].replace("-", "_")),
                    names=tuple(name.name for name in item.names),
                )
            )
        return found


def write_only_props(file: TsFile) -> list[WriteOnlyUse]:
    """The ``*Wo`` props (jsii's camelCase of Terraform's ``*_wo``: ``passwordWo``) of the literal props of
    ``new X(...)`` where ``X`` (or its namespace) is imported from a prebuilt provider package and not
    declared again. The reader keeps only those constructs' props (:func:`reads_props_of`): a construct
    of the local bindings (``./.gen/providers/...``) or of the project's own says nothing."""
    # the calls whose props' names, joined, hold "Wo" (one search, not a test of each name); the
    # imports are read only for them (most files have none)
    marked = [
        (call, props)
        for call in (file.calls if file.mentions_wo else ())
        if isinstance(props := call.props, Props) and "Wo" in "\0".join(props.names)
    ]
    if not marked:
        return []
    providers: set[str] = set()
    for item in file.imports:
        if item.type_only or not _from_provider(item.specifier):
            continue
        providers.update(name.local for name in item.names)
        if item.namespace:
            providers.add(item.namespace)
    found = []
    for call, props in marked:
        if call.callee[0] not in providers:
            continue
        for at, name in enumerate(props.names):
            if name.endswith("Wo"):
                key = props.key(at)
                found.append(
                    WriteOnlyUse(construct=call.callee[-1], argument=name, line=key.line, column=key.column)
                )
    return found


@lru_cache(maxsize=4096)
def _from_provider(specifier: str) -> bool:
    """Whether ``specifier`` loads a prebuilt provider package (a stack's files import the same few)."""
    return provider_package(package_of(specifier)) is not None
