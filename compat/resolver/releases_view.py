"""``compat releases`` rendered: one row per release, as a table or a JSON document."""

from __future__ import annotations

from compat.resolver.release_list import ReleaseList
from compat.snapshot import BindingRelease, CoreRelease

#: the columns of a row; a core release has no provider, core range or Node engines (null)
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


def release_rows(report: ReleaseList) -> list[dict[str, object]]:
    """The JSON rows: a bindings release's own fields; a core release's, the rest null."""
    if report.bindings:
        return [{k: r.to_json()[k] for k in FIELDS} for r in report.bindings]
    rows = []
    for core in report.cores:
        row: dict[str, object] = dict.fromkeys(FIELDS)
        row.update(
            version=str(core.version),
            uploaded=core.uploaded,
            requires_python=core.requires_python,
            yanked=core.yanked,
            deprecated=False,
        )
        rows.append(row)
    return rows


def releases_json(report: ReleaseList) -> dict[str, object]:
    return {"package": report.package, "releases": release_rows(report)}


def _flags(yanked: bool, deprecated: bool) -> str:
    return ",".join(f for f, on in (("yanked", yanked), ("deprecated", deprecated)) if on) or "-"


def _binding_cells(release: BindingRelease) -> tuple[str, ...]:
    provider = str(release.provider_version) if release.provider_version else "-"
    if release.provider_source:  # "registry.terraform.io/hashicorp/aws" -> "hashicorp/aws 5.0.1"
        namespace, _, name = release.provider_source.rpartition("/")
        provider = f"{namespace.rpartition('/')[2]}/{name} {provider}"
    return (
        str(release.version),
        (release.uploaded or "")[:10] or "-",
        provider,
        release.core_requirement or "-",
        release.requires_python or "-",
        _flags(release.yanked, release.deprecated),
    )


def _core_cells(core: CoreRelease) -> tuple[str, ...]:
    return (
        str(core.version),
        (core.uploaded or "")[:10] or "-",
        "-",
        "-",
        core.requires_python or "-",
        _flags(core.yanked, False),
    )


def render_text(report: ReleaseList) -> str:
    header = ("version", "uploaded", "provider", "core", "python", "flags")
    cells = [header, *map(_binding_cells, report.bindings), *map(_core_cells, report.cores)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    return "\n".join("  ".join(c[i].ljust(widths[i]) for i in range(len(header))).rstrip() for c in cells)
