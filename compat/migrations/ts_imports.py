"""The TypeScript step of a move to cdktn: the module specifiers of a file's imports, byte for byte.

``"cdktf"`` becomes ``"cdktn"``; ``"@cdktf/provider-X"`` and ``"@cdktf/provider-X/lib/<folder>"``
become the ``@cdktn/provider-X`` release the move picks. A deep import's folder is never rewritten
as text: it is read as a jsii submodule of the source release (its index's module key, through the
release's TypeScript layout), each imported class is resolved into the target release
(:class:`compat.migrations.resolve.Resolver`) and the folder is the one the target's layout gives
the module holding them. An imported class the target does not have under the same name, a folder
with no counterpart, or an import whose classes the target spreads over several folders is
:class:`Unresolved` with its file and line; the specifier is then left as it is. Only the text
between the quotes changes; every other byte of the file is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from compat.index.typescript import TsRelease
from compat.migrations.model import Unresolved
from compat.migrations.resolve import Resolver
from compat.typescript.syntax.spans import NamespaceUses, SpecifierSpan, namespace_uses, specifier_spans


class ProviderMove(NamedTuple):
    """One prebuilt package moved to the target family, with what is known of both releases."""

    source_npm: str  # "@cdktf/provider-aws"
    target_npm: str  # "@cdktn/provider-aws"
    target_label: str  # "@cdktn/provider-aws 23.0.0", for messages
    source: TsRelease | None  # None: no index (or no layout) of the installed release
    target: TsRelease | None  # None: no index (or no layout) of the target release
    resolver: Resolver | None  # source -> target symbols (target -> target when the source is unknown)


class CoreMove(NamedTuple):
    source: str  # "cdktf"
    target: str  # "cdktn"


class FileMove(NamedTuple):
    after: bytes
    edits: int
    unresolved: tuple[Unresolved, ...]


def _package_of(specifier: str, package: str) -> str | None:
    """The path below ``package`` that ``specifier`` imports ("" for the root), None for another package."""
    if specifier == package:
        return ""
    if specifier.startswith(package + "/"):
        return specifier[len(package) + 1 :]
    return None


class _Mover:
    def __init__(
        self, rel: str, core: CoreMove, providers: Sequence[ProviderMove], path: Path, source: bytes
    ) -> None:
        self.rel = rel
        self.core = core
        self.providers = providers
        self.path = path
        self.source = source
        self.unresolved: list[Unresolved] = []
        self.edits: list[tuple[int, int, bytes]] = []  # besides specifiers: import names and their uses

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
        if span.specifier.startswith(f"@{self.core.source}/"):
            package = "/".join(span.specifier.split("/")[:2])
            self.leave(
                span.line,
                span.specifier,
                f"{package} has no release for the target core "
                f"(see {package} in package.json): its imports were not moved",
            )
        return None

    def names(self, span: SpecifierSpan) -> list[tuple[str, int]]:
        statement = span.statement
        return [(n.name, n.line) for n in statement.names if n.name != "default"] if statement else []

    def root_import(self, span: SpecifierSpan, move: ProviderMove) -> str | None:
        """``import { s3Bucket, AwsProvider } from "@cdktf/provider-aws"``: every name must be exported
        by the target's root (a namespace of the same name, or a root class)."""
        target = move.target
        if target is None or not target.has_layout:
            return move.target_npm  # the package root exists in every release; the names are check's
        names = self.names(span)
        at_root = [
            (n, line) for n, line in names if target.namespace(n) is not None or n in target.root_classes()
        ]
        if self.move_namespaces(span, move, {n for n, _ in at_root}):
            return move.target_npm
        if len(at_root) == len(names):
            return move.target_npm
        moved = {name: self.resolve_root(move, name) for name, _ in names}
        folders = {found[1] for found in moved.values() if found is not None}
        if not at_root and len(folders) == 1 and all(f is not None and f[0] == n for n, f in moved.items()):
            return f"{move.target_npm}/{folders.pop()}"  # every class moved to one folder, by the same name
        for name, line in names:
            found = moved[name]
            if (name, line) in at_root:
                continue
            if found is None:
                self.leave(line, name, f"{move.target_label} exports no {name!r} at its root")
            else:
                fix = f'import {{ {found[0]} }} from "{move.target_npm}/{found[1]}"'
                self.leave(
                    line,
                    name,
                    f"{move.target_label} exports no {name!r} at its root: it is {found[0]} in {found[1]}",
                    fix,
                )
        return None

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
        """Where a root class of the source lives in the target (class, folder), if it moved."""
        if move.resolver is None or move.source is None or move.target is None:
            return None
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
                detail = "; ".join(c.explained for c in resolution.changes_of("removed")) or "removed"
                self.leave(line, name, f"no class {name} in {move.target_label}: {detail}")
                problems = True
                continue
            folder = self.folder(target, found.module)
            if found.name != name:
                self.leave(
                    line,
                    name,
                    f"{name} is {found.name} in {move.target_label}",
                    f'import {{ {found.name} as {name} }} from "{move.target_npm}/{folder}"'
                    if folder
                    else None,
                )
                problems = True
                continue
            modules.setdefault(found.module, []).append(name)
        if problems:
            return None
        if not names:
            modules[key] = []
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
        return f"{move.target_npm}/{folder}"

    @staticmethod
    def folder(target: TsRelease, module: str) -> str | None:
        found = target.ts_module(module)
        return found.folder if found is not None else None


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
    path: Path, rel: str, source: bytes, core: CoreMove, providers: Sequence[ProviderMove]
) -> FileMove:
    """The file with its import specifiers moved (``source`` unchanged where nothing moves)."""
    mover = _Mover(rel, core, providers, path, source)
    edits: list[tuple[int, int, bytes]] = []
    for span in specifier_spans(path, source):
        new = mover.new_specifier(span)
        if new is not None and new != span.specifier:
            edits.append((span.start, span.end, new.encode("utf-8")))
    edits = sorted(edits + mover.edits)
    after = source
    for start, end, text in reversed(edits):
        after = after[:start] + text + after[end:]
    return FileMove(after=after, edits=len(edits), unresolved=tuple(mover.unresolved))


def mentions_any(source: bytes, packages: Mapping[str, object] | Sequence[str]) -> bool:
    """Whether the file can import any of ``packages`` at all (a quick test before parsing)."""
    return any(p.encode("utf-8") in source for p in packages)
