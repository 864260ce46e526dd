"""``compat renames`` / ``compat graph``: the path of named symbols between two releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from packaging.version import Version

from compat.errors import CompatError
from compat.families import CDKTF, FAMILIES, family_of_package
from compat.index.model import ReleaseIndex
from compat.index.naming import tf_type_guesses
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.graph import RenameGraph, build_graph, date_changes
from compat.migrations.model import Release, Symbol, SymbolResolution
from compat.migrations.resolve import intended_construct, release_of
from compat.migrations.target import ReleaseSpec, choose_target


def symbols_named(index: ReleaseIndex, text: str) -> list[tuple[str, str]]:
    """``Subnet``, ``vpc.Subnet`` or ``cdktf_cdktf_provider_aws.vpc.Subnet`` as ``(module, name)`` pairs."""
    parts = text.strip().split(".")
    if parts and parts[0] in {family.module for family in FAMILIES.values()}:
        parts = parts[1:]
    if not parts or not all(p.isidentifier() for p in parts):
        raise CompatError(f"{text!r} is not a class name such as Subnet or vpc.Subnet")
    name, module = parts[-1], ".".join(parts[:-1])
    if module:
        exports = index.exports(module)
        if (exports is None or name not in exports) and intended_construct(index, module, name) is None:
            raise CompatError(f"{index.package} {index.version} has no {module}.{name}")
        return [(module, name)]
    found = set(index.modules_exporting(name)) | set(_spelled_modules(index, name))
    if not found:
        raise CompatError(f"{index.package} {index.version} exports no {name}")
    return [(m, name) for m in sorted(found)]


def _spelled_modules(index: ReleaseIndex, name: str) -> list[str]:
    """Modules lacking ``name`` that hold the construct of the Terraform type it spells: where a user
    writes ``s3_bucket_versioning.S3BucketVersioning`` for ``S3BucketVersioningA`` (the intent path).

    Data sources are kept apart: a resource's name (``Instance``) is never read in a data source's
    module (``data_aws_instance.Instance`` -> ``DataAwsInstance`` is a path through a class no
    release has, and not what the name means).
    """
    data = name.startswith("DataAws")
    return [
        module
        for tf_type in tf_type_guesses(name)
        for module, _ in index.classes_for_tf_type(tf_type)
        if name not in (index.exports(module) or ())
        and module.startswith("data_") == data
        and intended_construct(index, module, name) is not None
    ]


def between(versions: Sequence[Version], source: ReleaseIndex, target: ReleaseIndex) -> list[Version]:
    """The releases after ``source`` up to and including ``target`` (same package only)."""
    if source.package != target.package:
        return []
    lo, hi = release_of(source).version, release_of(target).version
    return sorted(v for v in versions if lo < v <= hi)


def explain(
    names: Sequence[str],
    source: ReleaseIndex,
    target: ReleaseIndex,
    catalogue: ReleaseCatalogue | None = None,
    *,
    date: bool = True,
) -> tuple[RenameGraph, list[SymbolResolution]]:
    """The graph over the two endpoints and each symbol's composed resolution, dated from the
    releases ``catalogue`` has indexed between them unless ``date`` is False."""
    symbols = [s for text in names for s in symbols_named(source, text)]
    chain = [source, target]
    versions = catalogue.indexed(source.package) if catalogue is not None and date else ()
    if catalogue is not None and source.package != target.package and versions:
        # a family move goes through the last release of the old family: the moves, then the rename
        last = max(versions)
        if last > release_of(source).version:
            chain = [source, catalogue.open(Release(source.package, last)), target]
    graph = build_graph(symbols, chain, catalogue.cache if catalogue is not None else None)
    resolutions = [graph.compose(start) for start in graph.starts()]
    if catalogue is not None and versions and source.package == target.package:
        steps = between(versions, source, target)
        resolutions = [date_changes(r, steps, catalogue) for r in resolutions]
        dated = RenameGraph(graph.releases)
        for r in resolutions:
            dated.add(r)
        graph = dated
    return graph, resolutions


def release_chain(specs: Sequence[ReleaseSpec], catalogue: ReleaseCatalogue) -> list[ReleaseIndex]:
    """The indexes of the releases ``graph`` shows, oldest first (a bare version is a cdktf one).

    A family move named by its two ends alone shows the step to the last release of the old family,
    then the rename.
    """
    releases = [choose_target(spec, CDKTF, catalogue) for spec in specs]
    if len(releases) == 2 and releases[0].package != releases[-1].package:
        family = family_of_package(releases[0].package)
        last = choose_target(family, CDKTF, catalogue) if family else releases[0]
        if last != releases[0]:
            releases.insert(1, last)
    return [catalogue.open(r) for r in releases]


def _symbol_json(symbol: Symbol | None) -> dict[str, str] | None:
    if symbol is None:
        return None
    return {
        "package": symbol.release.package,
        "version": str(symbol.release.version),
        "module": symbol.module,
        "name": symbol.name,
    }


def resolution_json(resolution: SymbolResolution) -> dict[str, object]:
    return {
        "source": _symbol_json(resolution.source),
        "target": _symbol_json(resolution.target),
        "changes": [{k: v for k, v in asdict(c).items()} for c in resolution.changes],
    }


def render_text(resolutions: Sequence[SymbolResolution]) -> str:
    out: list[str] = []
    for r in resolutions:
        src = r.source
        out.append(f"{src.dotted}  ({src.release.package} {src.release.version})")
        if r.target is None:
            out.append("  -> removed")
        else:
            out.append(f"  -> {r.target.dotted}  ({r.target.release.package} {r.target.release.version})")
        for c in r.changes:
            line = f"     {c.kind}: {c.detail}"
            if c.since:
                line += f" (since {c.since})"
            if c.replacement:
                line += f"; replacement: {c.replacement}"
            if c.source:
                line += f" [{c.source}]"
            out.append(line)
    return "\n".join(out) + "\n"
