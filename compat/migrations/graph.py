"""The rename graph: symbols at releases as nodes, what happened between releases on the edges.

Built for the symbols a question is about, over a chain of releases (at least the two endpoints;
intermediate releases make each step smaller and date the changes). Composing the edges of a path
answers "what is X of release A in release B" across any distance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from packaging.version import Version

from compat.index.model import ReleaseIndex
from compat.migrations.model import Change, Release, Symbol, SymbolResolution
from compat.migrations.resolve import Resolver, release_of

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue

#: a node of the graph: a symbol in one release, or where it was removed (``("removed", symbol)``)
Node = Symbol | tuple[str, Symbol]


@dataclass(frozen=True)
class Step:
    """One edge of a path: ``source`` in one release became ``target`` (None: removed) in the next."""

    source: Symbol
    target: Symbol | None
    changes: tuple[Change, ...]


class RenameGraph:
    """A thin, typed wrapper over a :class:`networkx.DiGraph` of :class:`Symbol` nodes."""

    def __init__(self, releases: Sequence[Release]) -> None:
        import networkx as nx

        self.releases = list(releases)
        self.g: Any = nx.DiGraph()

    def add(self, resolution: SymbolResolution) -> None:
        self.g.add_node(resolution.source, release=resolution.source.release)
        if resolution.target is None:
            removed = ("removed", resolution.source)
            self.g.add_node(removed, release=None)
            self.g.add_edge(resolution.source, removed, changes=resolution.changes)
        else:
            self.g.add_node(resolution.target, release=resolution.target.release)
            self.g.add_edge(resolution.source, resolution.target, changes=resolution.changes)

    def path(self, start: Symbol) -> list[Step]:
        """The edges from ``start`` to the last release of the chain (or to its removal)."""
        steps: list[Step] = []
        node: Any = start
        while node in self.g and self.g.out_degree(node):
            (_, nxt, data), *_ = list(self.g.out_edges(node, data=True))
            target = nxt if isinstance(nxt, Symbol) else None
            steps.append(Step(node, target, tuple(data["changes"])))
            if target is None:
                break
            node = nxt
        return steps

    def compose(self, start: Symbol) -> SymbolResolution:
        """One :class:`SymbolResolution` for the whole path: the last symbol reached and every change."""
        steps = self.path(start)
        if not steps:
            return SymbolResolution(start, start, (Change("same", "unchanged"),))
        changes = [c for step in steps for c in step.changes if c.kind != "same"]
        return SymbolResolution(start, steps[-1].target, tuple(changes) or (Change("same", "unchanged"),))

    def starts(self) -> list[Symbol]:
        first = self.releases[0] if self.releases else None
        return sorted(n for n in self.g.nodes if isinstance(n, Symbol) and n.release == first)

    # -- exports for reviewers -------------------------------------------------------------

    def to_dot(self) -> str:
        lines = ["digraph renames {", "  rankdir=LR;", '  node [shape=box, fontname="monospace"];']
        ids = {node: f"n{i}" for i, node in enumerate(sorted(self.g.nodes, key=_node_key))}
        for node, ident in ids.items():
            lines.append(f'  {ident} [label="{_dot_escape(_label(node))}"{_dot_style(node)}];')
        for a, b, data in sorted(self.g.edges(data=True), key=lambda e: (_node_key(e[0]), _node_key(e[1]))):
            lines.append(f'  {ids[a]} -> {ids[b]} [label="{_dot_escape(_edge_label(data["changes"]))}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def to_mermaid(self) -> str:
        lines = ["flowchart LR"]
        ids = {node: f"n{i}" for i, node in enumerate(sorted(self.g.nodes, key=_node_key))}
        for node, ident in ids.items():
            text = _label(node).replace('"', "'").replace("\n", "<br/>")
            lines.append(f'  {ident}["{text}"]' if isinstance(node, Symbol) else f'  {ident}(["{text}"])')
        for a, b, data in sorted(self.g.edges(data=True), key=lambda e: (_node_key(e[0]), _node_key(e[1]))):
            label = _edge_label(data["changes"]).replace('"', "'").replace("|", "/").replace("\n", "<br/>")
            lines.append(f'  {ids[a]} -->|"{label}"| {ids[b]}')
        return "\n".join(lines) + "\n"


def _node_key(node: Node) -> tuple[object, ...]:
    if isinstance(node, Symbol):
        return (node.release.version, node.release.package, node.module, node.name, 0)
    _, symbol = node
    return (symbol.release.version, symbol.release.package, symbol.module, symbol.name, 1)


def _label(node: Node) -> str:
    if isinstance(node, Symbol):
        return f"{node.release.package} {node.release.version}\n{node.dotted}"
    return f"removed\n{node[1].dotted}"


def _edge_label(changes: Iterable[Change]) -> str:
    return "\n".join(c.detail + (f" (since {c.since})" if c.since else "") for c in changes)


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_style(node: object) -> str:
    return "" if isinstance(node, Symbol) else ", style=dashed"


def build_graph(
    symbols: Iterable[tuple[str, str]],
    chain: Sequence[ReleaseIndex],
    cache: MutableMapping[object, object] | None = None,
) -> RenameGraph:
    """The graph of ``symbols`` (``(module, name)`` in ``chain[0]``) over consecutive releases."""
    if len(chain) < 2:
        raise ValueError("a rename graph needs at least two releases")
    graph = RenameGraph([release_of(index) for index in chain])
    current = [Symbol(release_of(chain[0]), module, name) for module, name in symbols]
    for before, after in zip(chain, chain[1:], strict=False):
        resolver = Resolver(before, after, cache)
        nxt: list[Symbol] = []
        for symbol in current:
            resolution = resolver.resolve(symbol.module, symbol.name)
            graph.add(resolution)
            if resolution.target is not None:
                nxt.append(resolution.target)
        current = nxt
    return graph


def first_release_where(
    versions: Sequence[Version],
    catalogue: ReleaseCatalogue,
    package: str,
    changed: Callable[[ReleaseIndex], bool],
) -> Version | None:
    """The first of ``versions`` (sorted, oldest first) whose index satisfies ``changed``.

    Binary search: a change is assumed to persist once it happened, which holds for module moves,
    removals and shape changes of released bindings. Opens about log2(n) indexes.
    """
    lo, hi = 0, len(versions)
    while lo < hi:
        mid = (lo + hi) // 2
        if changed(catalogue.open(Release(package, versions[mid]))):
            hi = mid
        else:
            lo = mid + 1
    return versions[lo] if lo < len(versions) else None


def date_changes(
    resolution: SymbolResolution, between: Sequence[Version], catalogue: ReleaseCatalogue
) -> SymbolResolution:
    """``resolution`` with ``since`` filled in from the releases ``between`` its endpoints (same package)."""
    source, target = resolution.source, resolution.target
    if target is not None and source.release.package != target.release.package:
        return resolution  # a package rename happens at the family boundary, nothing to date
    package = source.release.package
    dated: list[Change] = []
    for change in resolution.changes:
        predicate = _predicate(change, resolution)
        since = first_release_where(between, catalogue, package, predicate) if predicate else None
        if since is None and predicate is not None and target is not None:
            since = target.release.version
        dated.append(_with_since(change, None if since is None else str(since)))
    return SymbolResolution(source, target, tuple(dated))


def _with_since(change: Change, since: str | None) -> Change:
    from dataclasses import replace

    return replace(change, since=since) if since else change


def _predicate(change: Change, resolution: SymbolResolution) -> Callable[[ReleaseIndex], bool] | None:
    source = resolution.source
    if change.kind in ("moved", "renamed", "removed"):
        # a name its release lacks was read as another (``intended``): that one moved, renamed or went
        read = next((c.after for c in resolution.changes if c.kind == "intended" and c.after), None)
        module, _, name = read.rpartition(".") if read else (source.module, "", source.name)

        def gone(index: ReleaseIndex) -> bool:
            exports = index.exports(module)
            return exports is None or name not in exports

        return gone
    target = resolution.target
    if (
        change.kind in ("param_removed", "shape_changed", "param_added")
        and target is not None
        and change.param
    ):
        param = change.param
        kind = change.kind
        after = change.after

        def param_changed(index: ReleaseIndex) -> bool:
            modules = index.modules_exporting(target.name) or index.modules_exporting(source.name)
            for module in modules:
                info = index.class_info(module, target.name) or index.class_info(module, source.name)
                if info is None:
                    continue
                current = info.params.get(param)
                if kind == "param_removed":
                    return current is None
                if kind == "param_added":
                    return current is not None
                return current is not None and current.shape == after
            return False

        return param_changed
    return None
