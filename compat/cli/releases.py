"""`compat releases <package>`: every release of a package, from the snapshot (never the network)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from compat.cli._options import FormatOption, OfflineOption, TextJson, emit_json

FIELDS = (
    "version",
    "uploaded",
    "provider_source",
    "provider_version",
    "core_requirement",
    "requires_python",
    "yanked",
    "deprecated",
    "engines_node",
)


def release_rows(package: str) -> tuple[str, list[dict[str, Any]]]:
    """``(canonical package name, rows)`` for a bindings or core package in the snapshot.

    Raises :class:`CompatError` for a package the snapshot does not know.
    """
    from compat.resolver.names import package_named
    from compat.snapshot import load_snapshot

    snapshot = load_snapshot()
    name = package_named(snapshot, package)
    if name in snapshot.bindings_by_package:
        return name, [{k: r.to_json()[k] for k in FIELDS} for r in snapshot.bindings(name)]
    rows = []
    if name in snapshot.cores_by_package:
        for core in snapshot.cores(name):
            row = dict.fromkeys(FIELDS)
            row.update(
                version=str(core.version),
                uploaded=core.uploaded,
                requires_python=core.requires_python,
                yanked=core.yanked,
                deprecated=False,
            )
            rows.append(row)
    return name, rows


def _table(rows: list[dict[str, Any]]) -> list[str]:
    header = ("version", "uploaded", "provider", "core", "python", "flags")
    cells = [header]
    for row in rows:
        flags = ",".join(f for f in ("yanked", "deprecated") if row[f])
        provider = row["provider_version"] or "-"
        if row["provider_source"]:
            provider = (
                f"{row['provider_source'].rpartition('/')[0].rpartition('/')[2]}/"
                f"{row['provider_source'].rpartition('/')[2]} {provider}"
            )
        cells.append(
            (
                row["version"],
                (row["uploaded"] or "")[:10] or "-",
                provider,
                row["core_requirement"] or "-",
                row["requires_python"] or "-",
                flags or "-",
            )
        )
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    return ["  ".join(c[i].ljust(widths[i]) for i in range(len(header))).rstrip() for c in cells]


def register(app: typer.Typer) -> None:
    @app.command(name="releases")
    def releases(
        package: Annotated[
            str, typer.Argument(metavar="PACKAGE", help=(
                "A prebuilt provider package by short name (aws, google, azurerm: the cdktf line's; "
                "cdktn's when only cdktn has it), PyPI, npm or import name (cdktn-provider-aws, "
                "@cdktf/provider-google), or a core (cdktf, cdktn)."))
        ],
        output: FormatOption = TextJson.text,
        offline: OfflineOption = False,
    ) -> None:
        """Every release of a package: upload date, provider version, core range, Python (offline)."""
        del offline  # always offline: the snapshot (and the cache overlay) only
        name, rows = release_rows(package)
        if output is TextJson.json:
            emit_json({"package": name, "releases": rows})
            return
        for line in _table(rows):
            typer.echo(line)
