"""The TypeScript step of a move to cdktn: the module specifiers of a file's imports, byte for byte.

``"cdktf"`` becomes ``"cdktn"``; ``"@cdktf/provider-X"`` and ``"@cdktf/provider-X/lib/<folder>"``
become the ``@cdktn/provider-X`` release the move picks. A deep import's folder is never rewritten
as text: it is read as a jsii submodule of the source release (its index's module key, through the
release's TypeScript layout), each imported class is resolved into the target release
(:class:`compat.migrations.resolve.Resolver`) and the folder is the one the target's layout gives
the module holding them. An imported class the target does not have under the same name, a folder
with no counterpart is :class:`Unresolved` with its file and line; the specifier is then left as it
is. An import whose classes the target spreads over several folders is written once per folder
(:func:`split_statement`: each copy keeps the statement's own text, quotes, ``type`` modifiers and
aliases), or listed when its braces hold a comment or a name that was not resolved.

Imports of the bindings ``cdktf get`` generated (``./.gen/providers/aws``) follow the layout
``cdktn get`` writes, one folder per resource whose root exports only namespaces: a class imported
from a provider's root moves to its folder (:class:`LocalMove`), read from the prebuilt release that
stands in for those bindings (as ``compat check`` reads them); where no stand-in is built for a
provider the cdktf.json constraint admits, the folder is listed with the replacement, not written.
Bindings a cdktf < 0.13 generated per service are read through the stand-in of that layout too: a deep
import of a service folder (``./.gen/providers/aws/s3``) and a ``aws.s3.S3Bucket`` use move as a prebuilt
package's do (by jsii module and class, resolved into the new layout), or are listed saying why.
Every other byte of the file is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from compat.index.naming import snake
from compat.index.typescript import TsRelease
from compat.migrations.model import Change, SymbolResolution, Unresolved
from compat.migrations.replacements import DocumentedReplacement, documented
from compat.migrations.resolve import Resolver
from compat.record import Record
from compat.typescript.context import local_parts
from compat.typescript.syntax.spans import (
    NamespaceUses,
    SpecifierSpan,
    member_paths,
    namespace_uses,
    specifier_spans,
)


class ProviderMove(Record):
    """One prebuilt package moved to the target family, with what is known of both releases."""

    source_npm: str  # "@cdktf/provider-aws"
    target_npm: str  # "@cdktn/provider-aws"
    target_label: str  # "@cdktn/provider-aws 23.0.0", for messages
    source: TsRelease | None  # None: no index (or no layout) of the installed release
    target: TsRelease | None  # None: no index (or no layout) of the target release
    resolver: Resolver | None  # source -> target symbols (target -> target when the source is unknown)
    #: the bindings ``cdktf get`` generated, read through their stand-ins: ``target_npm`` is the provider's
    #: folder as the file names it, and a folder is written without the package's ``lib/``
    local: bool = False

    def specifier(self, folder: str) -> str:
        """The specifier of ``folder`` (``lib/s3-bucket``) of the target."""
        return f"{self.target_npm}/{folder.removeprefix('lib/') if self.local else folder}"


class LocalMove(Record):
    """The bindings ``cdktf get`` generated for one provider, as ``cdktn get`` writes them after the move."""

    provider: str  # the folder below ``providers/`` ("aws")
    entry: str  # the cdktf.json entry as written, for messages
    source: TsRelease | None  # the release standing in for the bindings the old CLI generated
    target: TsRelease | None  # the release standing in for what ``cdktn get`` writes (per resource)
    resolver: Resolver | None  # source -> target (None without a source stand-in: by name alone)
    stand_in: str  # "cdktn-provider-aws 23.0.0 (AWS 6.32.1)", for messages
    certain: bool  # a stand-in is built for a provider the constraint admits: the folders are written
    old_layout: bool = False  # the cdktf CLI that generated them is known to write a flat or service root


class CoreMove(Record):
    source: str  # "cdktf"
    target: str  # "cdktn"


class FileMove(Record):
    after: bytes
    edits: int
    unresolved: tuple[Unresolved, ...]
    stood_in: tuple[LocalMove, ...] = ()  # the local bindings whose imports were written from a stand-in
    notes: tuple[str, ...] = ()  # what the user should know of an import that was written


def _package_of(specifier: str, package: str) -> str | None:
    """The path below ``package`` that ``specifier`` imports ("" for the root), None for another package."""
    if specifier == package:
        return ""
    if specifier.startswith(package + "/"):
        return specifier[len(package) + 1 :]
    return None


def split_statement(
    source: bytes, span: SpecifierSpan, groups: Sequence[tuple[str, Sequence[str]]]
) -> tuple[int, int, bytes] | None:
    """The import statement of ``span`` written once per ``(specifier, exported names)`` group, in the
    order of ``groups``, each copy the statement's own text with only its other names (each with the
    separator that followed it) and the specifier left out; the copies on lines of their own with the
    statement's indentation and newline. None when the statement cannot be split so (no plain
    ``{ ... }`` list, a comment inside it, a name no group holds)."""
    copies = statement_copies(source, span, groups)
    if copies is None or span.named is None:
        return None
    start, end = span.named.statement
    line_start = source.rfind(b"\n", 0, start) + 1
    indent = source[line_start:start] if not source[line_start:start].strip() else b""
    newline = b"\r\n" if source[end : source.find(b"\n", end) + 1].endswith(b"\r\n") else b"\n"
    return (start, end, (newline + indent).join(copies))


def one_line(copies: Sequence[bytes]) -> str:
    """Statements as one line of text, for a listing (``import { A } from "x"; import { B } from "y";``)."""
    return " ".join(" ".join(c.decode("utf-8", "replace").split()).rstrip(";") + ";" for c in copies)


def statement_copies(
    source: bytes, span: SpecifierSpan, groups: Sequence[tuple[str, Sequence[str]]]
) -> list[bytes] | None:
    """The copies :func:`split_statement` writes (one group: the statement with its new specifier)."""
    named = span.named
    if named is None or not groups:
        return None
    group_of = {name: position for position, (_, names) in enumerate(groups) for name in names}
    if any(name not in group_of for name, _, _ in named.items):
        return None
    items = named.items
    separators = [source[items[i][2] : items[i + 1][1]] for i in range(len(items) - 1)] or [b", "]
    trailing = source[items[-1][2] : named.closing]
    start, end = named.statement
    copies: list[bytes] = []
    for position, (specifier, _) in enumerate(groups):
        kept = [i for i, (name, _, _) in enumerate(items) if group_of[name] == position]
        if not kept:
            continue
        inner = source[named.opening : items[0][1]]
        for n, i in enumerate(kept):
            inner += source[items[i][1] : items[i][2]]
            inner += (
                trailing if n == len(kept) - 1 else separators[i] if i < len(separators) else separators[0]
            )
        copies.append(
            source[start : named.opening]
            + inner
            + source[named.closing : span.start]
            + specifier.encode("utf-8")
            + source[span.end : end]
        )
    return copies


class _Mover:
    def __init__(
        self,
        rel: str,
        core: CoreMove,
        providers: Sequence[ProviderMove],
        path: Path,
        source: bytes,
        local: tuple[str, Sequence[LocalMove]] = ("", ()),
    ) -> None:
        self.rel = rel
        self.core = core
        self.providers = providers
        self.local_folder, self.locals = local
        self.stood_in: list[LocalMove] = []
        self.path = path
        self.source = source
        self.unresolved: list[Unresolved] = []
        self.edits: list[tuple[int, int, bytes]] = []  # besides specifiers: import names and their uses
        self.notes: list[str] = []

    def leave(self, line: int, symbol: str, reason: str, replacement: str | None = None) -> None:
        self.unresolved.append(Unresolved(self.rel, line, symbol, reason, replacement))

    def new_specifier(self, span: SpecifierSpan) -> str | None:
        """What ``span`` becomes (None: stays, unresolved items recorded where it cannot move)."""
        below = _package_of(span.specifier, self.core.source)
        if below is not None:
            return self.core.target + (f"/{below}" if below else "")
        for move in self.providers:
            below = _package_of(span.specifier, move.source_npm)
            if below is None:
                continue
            if below.strip("/") in ("", "index", "lib", "lib/index"):
                return self.root_import(span, move)
            return self.deep_import(span, move, below)
        if self.locals and span.specifier.startswith((".", "/")):
            parts = local_parts(self.local_folder, self.rel, span.specifier)
            if parts is not None and len(parts) == 2 and parts[0] == "providers":
                local = next((m for m in self.locals if m.provider == parts[1]), None)
                namespace = span.statement.namespace if span.statement is not None else None
                if local is not None and namespace is not None and local.old_layout:
                    self.local_namespace(span, local, namespace)
                elif local is not None:
                    self.local_root(span, local)
            elif parts is not None and len(parts) > 2 and parts[0] == "providers":
                local = next((m for m in self.locals if m.provider == parts[1]), None)
                if local is not None and local.old_layout:  # a folder per resource stays one
                    return self.local_deep(span, local, parts[2:])
            return None
        if span.specifier.startswith(f"@{self.core.source}/"):
            package = "/".join(span.specifier.split("/")[:2])
            self.leave(
                span.line,
                span.specifier,
                f"no release of {package}'s counterpart for the target core is known to compat "
                f"(see {package} in package.json): its imports were not moved",
            )
        return None

    def split(self, span: SpecifierSpan, groups: dict[str, list[str]]) -> bool:
        """Write the statement once per folder (see :func:`split_statement`); False when it cannot be."""
        edit = split_statement(self.source, span, list(groups.items()))
        if edit is not None:
            self.edits.append(edit)
        return edit is not None

    def local_root(self, span: SpecifierSpan, move: LocalMove) -> None:
        """``import { S3Bucket, AwsProvider } from "./.gen/providers/aws"`` of bindings a cdktf < 0.13
        generated (one flat root, or per-service namespaces such as ``EKS``): ``cdktn get`` writes a folder
        per resource and the root exports only namespaces, so each class goes to its folder and each old
        namespace's uses through the new ones (as for prebuilt packages, :meth:`move_namespaces`), written
        when a stand-in built for a provider the constraint admits places them, else listed."""
        names = self.names(span)
        target = move.target
        if not names or target is None and not any(n[:1].isupper() for n, _ in names):
            return  # nothing, or namespaces with nothing to read them by: check judges them
        layout = (
            f"'{self.core.target} get' writes one folder per resource and the provider's root "
            "exports only namespaces"
        )
        stood = f"read from {move.stand_in}" + (
            "" if move.certain else f", which is not built for a provider {move.entry!r} admits"
        )
        if target is not None and target.has_layout and move.source is not None and move.certain:
            as_provider = ProviderMove(
                span.specifier, span.specifier, move.entry, move.source, target, move.resolver
            )
            staying = {n for n, _ in names if target.namespace(n) is not None}
            if self.move_namespaces(span, as_provider, staying):
                self.stood_in.append(move)
                return
        old = [n for n, _ in names if move.source is not None and move.source.namespace(n) is not None]
        old += [n for n, _ in names if n not in old and self.namespace_like(n)]
        if old:  # per-service namespaces (``EKS``, ``s3``): their uses change, not only the import
            self.leave(
                span.line,
                span.specifier,
                f"{layout}: {', '.join(old)} {'is a namespace' if len(old) == 1 else 'are namespaces'} of "
                f"the per-service layout; write each use (X.Class) through the namespace of its resource "
                f"({stood if move.stand_in else 'no indexed release stands in for them'})",
            )
            return
        if target is None or not target.has_layout:
            self.leave(
                span.line,
                span.specifier,
                f"{layout}; no indexed prebuilt release stands in for the bindings of {move.entry!r}: "
                f"import {', '.join(n for n, _ in names)} from their folders ({span.specifier}/<folder>)",
            )
            return
        groups: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for name, _line in names:
            if target.namespace(name) is not None or name in target.root_classes():
                groups.setdefault(span.specifier, []).append(name)
                continue
            placed = self.local_place(move, target, name)
            if placed is None or placed[0] != name:
                unplaced.append(name if placed is None else f"{name} (it is {placed[0]} in {placed[1]}/)")
                continue
            groups.setdefault(f"{span.specifier}/{placed[1]}", []).append(name)
        if not unplaced and list(groups) == [span.specifier]:
            return  # namespaces of the new root (``s3Bucket``): nothing moves
        if not unplaced and move.certain:
            if len(groups) == 1:
                self.edits.append((span.start, span.end, next(iter(groups)).encode("utf-8")))
                self.stood_in.append(move)
                return
            if self.split(span, groups):
                self.stood_in.append(move)
                return
        copies = statement_copies(self.source, span, list(groups.items())) if not unplaced else None
        if unplaced:
            self.leave(
                span.line,
                span.specifier,
                f"{layout}; no folder of it holds {', '.join(unplaced)} with the same name ({stood})",
            )
            return
        self.leave(
            span.line,
            span.specifier,
            f"{layout}: the folders are {stood}; check them, then write the import as replaced",
            one_line(copies)
            if copies is not None
            else "; ".join(f'{", ".join(n)} from "{spec}"' for spec, n in groups.items()),
        )

    def namespace_like(self, name: str) -> bool:
        """Whether the file reads ``name`` only as ``name.X`` (a namespace of the old layout, ``EKS``)."""
        uses = namespace_uses(self.path, self.source, name)
        return bool(uses.members) and not uses.references

    def local_namespace(self, span: SpecifierSpan, move: LocalMove, local: str) -> None:
        """``import * as aws from "./.gen/providers/aws"`` of bindings in the flat layout (``aws.S3Bucket``)
        or the per-service one (``aws.s3.S3Bucket``): ``cdktn get`` writes ``aws.s3Bucket.S3Bucket``. Each
        ``aws.Class`` use of a flat root is written through its namespace when a stand-in built for an
        admitted provider places it; anything else (a service namespace, the name used bare) is listed."""
        uses = namespace_uses(self.path, self.source, local)
        # the ``* as aws`` of the statement itself is no use
        references = [
            r
            for r in uses.references
            if not re.fullmatch(rb"\s*from\s*['\"]", self.source[r.end : span.start])
        ]
        if not uses.members and not references:
            return
        target, source = move.target, move.source
        # ``aws.s3.S3Bucket`` of the per-service layout: read by the old stand-in's namespaces (star_members)
        services = self.service_namespaces(move, local)
        if services:  # ``aws`` of ``aws.vpc.Subnet`` in a type is no bare use
            paths = member_paths(self.path, self.source, local).paths
            starts = [path.first_span[0] for path in paths if path.first in services]
            references = [r for r in references if not self.dotted_into(r.end, starts)]
        edits: list[tuple[int, int, bytes]] = []
        unplaced: list[str] = []
        for use in uses.members:
            member = use.member or ""
            if member in services:
                continue
            found = (
                self.local_place(move, target, member)
                if target is not None and member[:1].isupper()
                else None
            )
            module = target.ts_module(found[2]) if target is not None and found is not None else None
            if found is None or found[0] != member or module is None or not module.namespace:
                unplaced.append(self.source[use.start : use.end].decode("utf-8", "replace"))
                continue
            edits.append((use.start, use.end, f"{local}.{module.namespace}.{member}".encode()))
        if move.certain and not unplaced and not references and not uses.other:
            self.edits.extend(edits)
            if services and source is not None:
                self.star_members(span, self.as_provider(move, span.specifier), local)
            self.stood_in.append(move)
            return
        example = (  # what blocks the rewrite first: a use no stand-in places
            f"e.g. {unplaced[0]}, which no class of the new layout places"
            if unplaced
            else f"e.g. {self.source[edits[0][0] : edits[0][1]].decode('utf-8', 'replace')} -> "
            f"{edits[0][2].decode('utf-8')}"
            if edits
            else f"{local} used bare"
        )
        stood = f"read from {move.stand_in}" if move.stand_in else "no indexed release stands in for them"
        self.leave(
            span.line,
            span.specifier,
            f"'{self.core.target} get' writes one folder per resource and the provider's root exports only "
            f"namespaces: {len(uses.members) + len(references)} use(s) through {local} name the old "
            f"layout ({example}); write each as {local}.<resource namespace>.<Class> ({stood}"
            + (
                ""
                if move.certain or not move.stand_in
                else f"; not built for a provider {move.entry!r} admits"
            )
            + ")",
        )

    def as_provider(self, move: LocalMove, root: str) -> ProviderMove:
        """``move`` read as a prebuilt package moved from its old stand-in to its new one, the provider's
        folder ``root`` (as the file names it) in place of the package name."""
        label = f"the bindings '{self.core.target} get' writes for {move.entry!r} (read from {move.stand_in})"
        return ProviderMove(root, root, label, move.source, move.target, move.resolver, local=True)

    def local_deep(self, span: SpecifierSpan, move: LocalMove, below: tuple[str, ...]) -> str | None:
        """``import { S3Bucket } from "./.gen/providers/aws/s3"`` of bindings a cdktf < 0.13 generated with
        a folder per service: ``cdktn get`` writes a folder per resource, so a folder the old layout's
        stand-in has is read as its jsii submodule and each class resolved into the new one's, as a
        prebuilt package's deep import (:meth:`deep_import`: names, never the folder's spelling), written
        when the stand-ins are built for a provider the constraint admits, else listed. A folder the old
        stand-in does not have (a resource's file of the flat layout, ``aws/s3-bucket``: ``cdktn get``
        writes a folder of that name) is listed only when the new stand-in has no such folder."""
        folder = "/".join(part for part in below if part != "index")
        root = span.specifier.rstrip("/").rsplit("/", len(below))[0]
        source, target = move.source, move.target
        if not folder or target is None or not target.has_layout:
            return None  # nothing to read where the folders are: as compat check, which judges the import
        service = (
            source.containing_module(f"lib/{folder}") if source is not None and source.has_layout else None
        )
        if service is None:
            if target.containing_module(f"lib/{folder}") is None:
                self.leave(
                    span.line,
                    span.specifier,
                    f"'{self.core.target} get' writes no folder {folder!r} (its folders are read from "
                    f"{move.stand_in}): import each class from its resource's folder ({root}/<folder>)",
                )
            return None
        if not move.certain or local_parts(self.local_folder, self.rel, root) != ("providers", move.provider):
            self.leave(
                span.line,
                span.specifier,
                f"'{self.core.target} get' writes one folder per resource, not the per-service folder "
                f"{folder!r}; the folders would be read from {move.stand_in}, which is not built for a "
                f"provider {move.entry!r} admits: import each class from its resource's folder "
                f"({root}/<folder>)",
            )
            return None
        edits, items = len(self.edits), len(self.unresolved)
        found = self.deep_import(span, self.as_provider(move, root), f"lib/{folder}")
        if found is not None or (len(self.edits) > edits and len(self.unresolved) == items):
            self.stood_in.append(move)
        return found

    def dotted_into(self, end: int, starts: Sequence[int]) -> bool:
        """Whether the name ending at ``end`` is followed by a dot and the name starting at one of ``starts``
        (``aws . vpc``: what is between is kept)."""
        return any(end < start <= end + 64 and self.source[end:start].strip() == b"." for start in starts)

    def service_namespaces(self, move: LocalMove, local: str) -> frozenset[str]:
        """The per-service namespaces of the old layout (``s3``) the file reads only as ``local.s3.Class``
        (each resolved by :meth:`star_members`); empty when any is read otherwise (``local.s3`` alone, a
        function of it) or no stand-in of both layouts with its TypeScript layout is indexed."""
        source, target = move.source, move.target
        if source is None or not source.has_layout or target is None or not target.has_layout:
            return frozenset()
        if move.resolver is None:
            return frozenset()
        paths = member_paths(self.path, self.source, local)
        found = {p.first for p in paths.paths if p.first[:1].islower() and source.namespace(p.first)}
        if any(first in found for _line, first in paths.singles) or any(
            p.first in found and not p.second[:1].isupper() for p in paths.paths
        ):
            return frozenset()
        return frozenset(found)

    def local_place(
        self, move: LocalMove, target: TsRelease | None, name: str
    ) -> tuple[str, str, str] | None:
        """(class, folder below the provider, module key) of a root name of the old bindings in the new
        layout."""
        if target is None:
            return None
        module: str | None = None
        if move.resolver is not None:
            resolved = move.resolver.resolve("", name).target
            if resolved is not None:
                module, name = resolved.module, resolved.name
        else:
            modules = target.index.modules_exporting(name)
            module = modules[0] if len(modules) == 1 else None
        folder = self.folder(target, module) if module is not None else None
        return (name, folder.removeprefix("lib/"), module) if folder and module is not None else None

    def names(self, span: SpecifierSpan) -> list[tuple[str, int]]:
        """The names the import binds (``type X`` ones of a ``{ ... }`` list too: they name classes)."""
        statement = span.statement
        found = [(n.name, n.line) for n in statement.names if n.name != "default"] if statement else []
        if span.named is not None and len(span.named.items) > len(found):
            known = {name for name, _ in found}
            found.extend(
                (name, self.source.count(b"\n", 0, start) + 1)
                for name, start, _ in span.named.items
                if name not in known
            )
        return found

    def root_import(self, span: SpecifierSpan, move: ProviderMove) -> str | None:
        """``import { s3Bucket, AwsProvider } from "@cdktf/provider-aws"``: every name must be exported
        by the target's root (a namespace of the same name, or a root class)."""
        target = move.target
        if target is None or not target.has_layout:
            return move.target_npm  # the package root exists in every release; the names are check's
        star = span.statement.namespace if span.statement is not None else None
        if star is not None:
            self.star_members(span, move, star)
        names = self.names(span)
        at_root = [
            (n, line) for n, line in names if target.namespace(n) is not None or n in target.root_classes()
        ]
        if self.move_namespaces(span, move, {n for n, _ in at_root}):
            return move.target_npm
        if len(at_root) == len(names):
            return move.target_npm
        moved = {name: self.resolve_root(move, name) for name, _ in names}
        groups: dict[str, list[str]] = {}  # specifier -> names, when each moved by the same name
        for name, line in names:
            found = moved[name]
            if (name, line) in at_root:
                groups.setdefault(move.target_npm, []).append(name)
            elif found is not None and found[0] == name:
                groups.setdefault(f"{move.target_npm}/{found[1]}", []).append(name)
        if sum(len(g) for g in groups.values()) == len(names):
            if len(groups) == 1:
                return next(iter(groups))  # every class moved to one folder, by the same name
            if self.split(span, groups):
                return None
        for name, line in names:
            found = moved[name]
            if (name, line) in at_root:
                continue
            if found is None:
                row = _documented_by_name(move, name)
                self.leave(
                    line,
                    name,
                    f"{move.target_label} exports no {name!r} at its root"
                    + (f" ({row[0]}, by its name: {row[1].note}; see {row[1].source})" if row else ""),
                    row[1].replacement if row else None,
                )
            else:
                fix = f'import {{ {found[0]} }} from "{move.target_npm}/{found[1]}"'
                self.leave(
                    line,
                    name,
                    f"{move.target_label} exports no {name!r} at its root: it is {found[0]} in {found[1]}",
                    fix,
                )
        return None

    def star_members(self, span: SpecifierSpan, move: ProviderMove, local: str) -> None:
        """``import * as aws from "@cdktf/provider-aws"`` with ``aws.s3.S3Bucket`` uses: each
        ``aws.<ns>.<Class>``
        whose namespace is one of the source release is resolved into the target through the rename graph
        and written through the target's namespace (``aws.s3Bucket.S3Bucket``), as the Python rewrite
        writes ``aws.s3.S3Bucket`` as ``aws.s3_bucket.S3Bucket``; a class the target lacks, or renamed
        with props that changed, is listed with its line. ``aws.Class`` uses are the check's (the moved
        code's items name where the target has them). Nothing is written when the name is also used
        bare (passed on, or bound again)."""
        source, target, resolver = move.source, move.target, move.resolver
        if source is None or target is None or resolver is None or not source.has_layout:
            return
        uses = member_paths(self.path, self.source, local)
        edits: list[tuple[int, int, bytes]] = []
        left: list[tuple[int, str, str, str | None]] = []  # line, symbol, reason, replacement
        for use in uses.paths:
            key = source.namespace(use.first)
            if key is None or not use.second[:1].isupper():
                continue  # no namespace of the source (the check judges it), or a function
            resolution = resolver.resolve(key, use.second)
            found = resolution.target
            module = target.ts_module(found.module) if found is not None else None
            symbol = f"{local}.{use.first}.{use.second}"
            if found is None:
                removed = resolution.changes_of("removed")
                documented = next((c for c in removed if c.source), None)
                left.append(
                    (
                        use.line,
                        symbol,
                        f"no class {use.second} in {move.target_label}: "
                        + ("; ".join(c.explained for c in removed) or "removed")
                        + (f" (see {documented.source})" if documented else ""),
                        documented.replacement if documented else None,
                    )
                )
                continue
            if module is None or not module.namespace:
                left.append(
                    (
                        use.line,
                        symbol,
                        f"{move.target_label} has {found.name} in no namespace of its root",
                        None,
                    )
                )
                continue
            written = f"{local}.{module.namespace}.{found.name}"  # as an item says it
            blockers = rename_blockers(resolution) if found.name != use.second else []
            if blockers:
                left.append(
                    (
                        use.line,
                        symbol,
                        f"{use.second} is {found.name} in {move.target_label}"
                        + "".join(f"; {c.explained}" for c in blockers),
                        written,
                    )
                )
                continue
            for (start, end), was, now in (
                (use.first_span, use.first, module.namespace),
                (use.second_span, use.second, found.name),
            ):
                if was != now:
                    edits.append((start, end, now.encode()))
        for line, first in uses.singles:  # a namespace of the source read alone (``const n = aws.s3``)
            key = source.namespace(first) if first[:1].islower() else None
            if key is not None and target.namespace(first) != key:
                left.append(
                    (
                        line,
                        f"{local}.{first}",
                        f"{first} is a namespace of the installed release that {move.target_label} does not "
                        f"have as such (one namespace per resource): write each use of it through the "
                        "namespace of its resource",
                        None,
                    )
                )
        if uses.others and (edits or left):
            self.leave(
                span.line,
                span.specifier,
                f"{local} is also used as a bare name in this file: its {len(uses.paths)} use(s) "
                f"{local}.<namespace>.<Class> were not moved; write each through the namespace "
                f"{move.target_label} has (compat check lists them once the lock is updated)",
            )
            return
        self.edits.extend(edits)
        for line, symbol, reason, replacement in left:
            self.leave(line, symbol, reason, replacement)

    def move_namespaces(self, span: SpecifierSpan, move: ProviderMove, staying: set[str]) -> bool:
        """``import { ec2 } from "@cdktf/provider-aws"`` of a <= 9.x release (a namespace per service)
        with ``ec2.Instance`` uses: each used member resolved into the target and written through the
        target's namespace (``instance.Instance``), the import naming those namespaces. All or nothing:
        any member, use or name that cannot move leaves the statement to the listing of ``root_import``."""
        source, target, resolver, statement = move.source, move.target, move.resolver, span.statement
        if source is None or target is None or resolver is None or statement is None or not source.has_layout:
            return False
        edits: list[tuple[int, int, bytes]] = []
        # a name of the old layout's namespaces means another module in the new one even where the
        # spelling survives (``vpc`` of 9.x held Subnet and DataAwsSubnetIds; ``vpc`` of 23.x only Vpc):
        # it stays only when the file never uses it
        staying = {
            n
            for n in staying
            if source.namespace(n) is None
            or not any(
                namespace_uses(self.path, self.source, i.local)[1:3] for i in statement.names if i.name == n
            )
        }
        emitted = set(staying)  # namespaces the statement imports after the move
        moving = [n for n in statement.names if n.name not in staying]
        if not any(source.namespace(n.name) is not None for n in moving):
            return False  # no namespace of the old layout: root classes keep their own handling
        for imported in moving:
            key = source.namespace(imported.name)
            uses = namespace_uses(self.path, self.source, imported.local)
            if uses.other or len(uses.imported) != 1:
                return False
            taken = set(uses.identifiers) - {imported.local}
            wanted: dict[str, str] = {}  # target namespace -> local name

            if key is not None:  # a namespace: every use is ``ns.Member``
                if uses.references or not uses.members:
                    return False
                for use in uses.members:
                    moved = _through(resolver, target, staying, wanted, taken, key, use.member or "")
                    if moved is None:
                        return False
                    edits.append((use.start, use.end, f"{moved[0]}.{moved[1]}".encode()))
            else:  # a root class (``AwsProvider``): every use is the bare name
                if uses.members or not uses.references:
                    return False
                moved = _through(resolver, target, staying, wanted, taken, "", imported.name)
                if moved is None:
                    return False
                edits.extend(
                    (use.start, use.end, f"{moved[0]}.{moved[1]}".encode()) for use in uses.references
                )
            new = [(ns, local) for ns, local in sorted(wanted.items()) if ns not in emitted]
            if not new:
                return False
            emitted.update(ns for ns, _ in new)
            text = ", ".join(ns if ns == local else f"{ns} as {local}" for ns, local in new)
            edits.append((uses.imported[0].start, uses.imported[0].end, text.encode()))
        self.edits.extend(edits)
        return True

    def resolve_root(self, move: ProviderMove, name: str) -> tuple[str, str] | None:
        """Where a root class of the source lives in the target (class, folder), if it moved. Without an
        index of the source release, by the name alone (the resolver's last rule): the one module of the
        target that exports it."""
        if move.target is None:
            return None
        if move.resolver is None or move.source is None:
            if not name[:1].isupper() or not move.target.has_layout:
                return None
            modules = move.target.index.modules_exporting(name)
            folder = self.folder(move.target, modules[0]) if len(modules) == 1 else None
            return (name, folder) if folder else None
        found = move.resolver.resolve("", name).target
        if found is None:
            return None
        folder = self.folder(move.target, found.module)
        return (found.name, folder) if folder else None

    def deep_import(self, span: SpecifierSpan, move: ProviderMove, below: str) -> str | None:
        source, target, resolver = move.source, move.target, move.resolver
        if target is None or not target.has_layout:
            self.leave(
                span.line,
                span.specifier,
                f"no TypeScript layout of {move.target_label} is "
                "indexed: the folder cannot be mapped (compat index build)",
            )
            return None
        key = source.containing_module(below) if source is not None and source.has_layout else None
        names = self.names(span)
        by_resolver = key is not None and resolver is not None
        if key is None:  # the source release unknown: the same folder, if the target has it
            key = target.module(below)
            if key is None:
                self.leave(span.line, span.specifier, f"{move.target_label} has no folder {below!r}")
                return None
        modules: dict[str, list[str]] = {}
        problems = False
        renames: list[tuple[int, int, bytes]] = []
        read: list[str] = []  # names the source release lacks, read by Terraform type (check's suggestion)
        for name, line in names:
            if not by_resolver or resolver is None:
                exported = target.index.exports(key) or frozenset()
                if name not in exported:
                    self.leave(line, name, f"{move.target_label} has no {name} in {below}")
                    problems = True
                else:
                    modules.setdefault(key, []).append(name)
                continue
            resolution = resolver.resolve(key, name)
            found = resolution.target
            if found is None:
                removed = resolution.changes_of("removed")
                detail = "; ".join(c.explained for c in removed) or "removed"
                documented = next((c for c in removed if c.source), None)
                self.leave(
                    line,
                    name,
                    f"no class {name} in {move.target_label}: {detail}"
                    + (f" (see {documented.source})" if documented else ""),
                    documented.replacement if documented else None,
                )
                problems = True
                continue
            folder = self.folder(target, found.module)
            if found.name != name:
                item = _renamed_item(self.source, span, name, found.name, rename_blockers(resolution))
                if item is None or folder is None:
                    self.leave(
                        line,
                        name,
                        f"{name} is {found.name} in {move.target_label}"
                        + "".join(f"; {c.explained}" for c in rename_blockers(resolution)),
                        f'import {{ {found.name} as {name} }} from "{move.specifier(folder)}"'
                        if folder
                        else None,
                    )
                    problems = True
                    continue
                renames.append(item)
                read.extend(
                    f"{self.rel}:{line}: {c.detail}; imported as {found.name} under the name {name}"
                    for c in resolution.changes_of("intended")
                )
            modules.setdefault(found.module, []).append(name)
        if problems:
            return None
        if renames and len(modules) > 1:
            for name, line in names:
                if any(start <= _item_start(span, name) < end for start, end, _ in renames):
                    self.leave(
                        line,
                        name,
                        f"{name} is renamed in {move.target_label}, which keeps this import's classes in "
                        "several folders: write the renamed import by hand",
                    )
            return None
        self.edits.extend(renames)
        self.notes.extend(read)
        if not names:
            modules[key] = []
        folders = {m: self.folder(target, m) for m in modules}
        if len(modules) > 1 and all(folders.values()):
            groups = {move.specifier(folder): n for m, n in modules.items() if (folder := folders[m])}
            if self.split(span, groups):
                return None
        if len(modules) > 1:
            where = "; ".join(
                f"{', '.join(n)} from {self.folder(target, m) or m}" for m, n in modules.items()
            )
            self.leave(
                span.line,
                span.specifier,
                f"{move.target_label} keeps these classes in different folders: split the import ({where})",
            )
            return None
        module = next(iter(modules))
        folder = self.folder(target, module)
        if folder is None:
            self.leave(span.line, span.specifier, f"{move.target_label} has no folder for {below!r}")
            return None
        return move.specifier(folder)

    @staticmethod
    def folder(target: TsRelease, module: str) -> str | None:
        found = target.ts_module(module)
        return found.folder if found is not None else None


def _documented_by_name(move: ProviderMove, name: str) -> tuple[str, DocumentedReplacement] | None:
    """The documented removal of the Terraform type a class name spells, for a root class whose source
    release is not indexed (``AppService`` of ``@cdktf/provider-azurerm`` 0.2.8: ``azurerm_app_service``)."""
    provider = move.source_npm.rsplit("/provider-", 1)[-1]
    if not name[:1].isupper() or "/" in provider:
        return None
    tf_type = f"{provider}_{snake(name)}"
    row = documented(tf_type)
    return (tf_type, row) if row is not None else None


def rename_blockers(resolution: SymbolResolution) -> list[Change]:
    """What keeps a renamed class from being imported under its old name as an alias: its props
    changed between the releases (a parameter removed, a required one added, a block's shape), so the
    object literals passed to it need a decision (``compat check`` lists them after the lock)."""
    return [c for c in resolution.changes if c.kind in ("param_removed", "param_added", "shape_changed")]


def _item_start(span: SpecifierSpan, name: str) -> int:
    items = span.named.items if span.named is not None else ()
    return next((start for item, start, _ in items if item == name), -1)


def _renamed_item(
    source: bytes, span: SpecifierSpan, name: str, new: str, blockers: Sequence[Change]
) -> tuple[int, int, bytes] | None:
    """The edit importing ``new`` under the binding ``name`` had (``{ RandomPassword }`` ->
    ``{ Password as RandomPassword }``; ``{ type X as y }`` -> ``{ type New as y }``), so every use of
    the binding in the file, value or type, keeps its text. None: not a plain ``{ ... }`` list, or the
    props changed (``blockers``)."""
    if blockers or span.named is None:
        return None
    item = next(((start, end) for item, start, end in span.named.items if item == name), None)
    if item is None:
        return None
    start, end = item
    text = source[start:end]
    match = re.fullmatch(rb"(type\s+)?([A-Za-z_$][\w$]*)(\s+as\s+([A-Za-z_$][\w$]*))?", text)
    if match is None or match.group(2) != name.encode():
        return None
    local = match.group(4) or match.group(2)
    prefix = match.group(1) or b""
    written = new.encode() if local == new.encode() else new.encode() + b" as " + local
    return (start, end, prefix + written)


def _used(uses: NamespaceUses) -> bool:
    """Whether the file reads the name at all (``ns.X`` or the bare name)."""
    return bool(uses.members or uses.references)


def _through(
    resolver: Resolver,
    target: TsRelease,
    staying: set[str],
    wanted: dict[str, str],
    taken: set[str],
    module_key: str,
    name: str,
) -> tuple[str, str] | None:
    """(local namespace, class) of a source class in the target; a namespace first met gets a local
    name no other binding of the file holds (``awsInstance`` when ``instance`` is taken), in ``wanted``."""
    found = resolver.resolve(module_key, name).target
    module = target.ts_module(found.module) if found is not None else None
    if found is None or module is None or not module.namespace:
        return None
    namespace = module.namespace
    if namespace not in wanted:
        local = namespace
        n = 1
        while local in taken and namespace not in staying:
            n += 1
            local = f"aws{namespace[:1].upper()}{namespace[1:]}" + (str(n) if n > 2 else "")
        wanted[namespace] = local
        taken.add(local)
    return wanted[namespace], found.name


def move_imports(
    path: Path,
    rel: str,
    source: bytes,
    core: CoreMove,
    providers: Sequence[ProviderMove],
    local: tuple[str, Sequence[LocalMove]] = ("", ()),
) -> FileMove:
    """The file with its import specifiers moved (``source`` unchanged where nothing moves); ``local``:
    the generated bindings' folder (codeMakerOutput, relative to the project) and their moves."""
    mover = _Mover(rel, core, providers, path, source, local)
    edits: list[tuple[int, int, bytes]] = []
    for span in specifier_spans(path, source):
        new = mover.new_specifier(span)
        if new is not None and new != span.specifier:
            edits.append((span.start, span.end, new.encode("utf-8")))
    edits = sorted(edits + mover.edits)
    after = source
    for start, end, text in reversed(edits):
        after = after[:start] + text + after[end:]
    return FileMove(
        after=after,
        edits=len(edits),
        unresolved=tuple(mover.unresolved),
        stood_in=tuple(dict.fromkeys(mover.stood_in)),
        notes=tuple(mover.notes),
    )


def mentions_any(source: bytes, packages: Mapping[str, object] | Sequence[str]) -> bool:
    """Whether the file can import any of ``packages`` at all (a quick test before parsing)."""
    return any(p.encode("utf-8") in source for p in packages)
