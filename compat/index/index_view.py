"""``compat index`` rendered: text and JSON for show, params and find, and the build summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compat.index.lookup import ClassParams, FindReport, ModuleListing, TsClassParams

if TYPE_CHECKING:
    from pathlib import Path

    from compat.index.build import BuildReport  # the build (and its HTTP client) loads only to build


def show_json(listing: ModuleListing) -> dict[str, object]:
    payload: dict[str, object] = {
        "package": listing.package,
        "version": listing.version,
        "provider_version": listing.provider_version,
        "modules": listing.modules,
    }
    if listing.layout is not None:
        payload["typescript"] = {
            key: {"folder": found.folder, "namespace": found.namespace}
            for key, found in listing.layout.items()
            if found is not None
        }
    return payload


def show_text(listing: ModuleListing) -> str:
    lines = [f"{listing.package}=={listing.version} (provider {listing.provider_version or 'unknown'})"]
    for key, names in listing.modules.items():
        tag = ""
        if listing.layout is not None:
            found = listing.layout[key]
            tag = f" [{found.folder or 'no folder'}, namespace {found.namespace}]" if found else " [root]"
        lines.append(f"{key or '(root)'}{tag}: {', '.join(names) if names else '-'}")
    return "\n".join(lines)


def params_json(params: ClassParams | TsClassParams) -> dict[str, object]:
    if isinstance(params, TsClassParams):
        found, names = params.found, params.names
        return {
            "class": found.name,
            "kind": found.kind,
            "module": params.module,
            "import": names.folder if names else None,
            "namespace": names.namespace if names else None,
            "props": {
                p.name: {
                    "shape": p.shape,
                    "required": p.required,
                    "struct": p.struct,
                    "python_name": p.python_name,
                }
                for p in found.props.values()
            },
            "meta_props": list(found.meta_props),
        }
    info = params.info
    return {
        "class": info.name,
        "kind": info.kind,
        "tf_type": info.tf_type,
        "params": {
            p.name: {"shape": p.shape, "required": p.required, "struct": p.struct, "js_name": p.js_name}
            for p in info.params.values()
        },
        "meta_params": list(info.meta_params),
        "properties": list(info.properties),
    }


def params_text(params: ClassParams | TsClassParams) -> str:
    if isinstance(params, TsClassParams):
        return _ts_params_text(params)
    info = params.info
    lines = [f"{params.module}.{info.name} ({info.kind}{', ' + info.tf_type if info.tf_type else ''})"]
    for p in info.params.values():
        extra = f" -> {p.struct}" if p.struct else ""
        js = f" (js: {p.js_name})" if p.js_name and p.js_name != p.name else ""
        lines.append(f"  {p.name}: {p.shape}{extra}, {'required' if p.required else 'optional'}{js}")
    if info.meta_params:
        lines.append(f"  meta: {', '.join(info.meta_params)}")
    if info.properties:
        lines.append(f"  properties: {', '.join(info.properties)}")
    return "\n".join(lines)


def _ts_params_text(params: TsClassParams) -> str:
    found, names = params.found, params.names
    where = names.folder if names and names.folder else params.module
    lines = [f"{where}: {found.name} ({found.kind})"]
    for p in found.props.values():
        extra = f" -> {p.struct}" if p.struct else ""
        lines.append(f"  {p.name}: {p.shape}{extra}, {'required' if p.required else 'optional'}")
    if found.meta_props:
        lines.append(f"  meta: {', '.join(found.meta_props)}")
    return "\n".join(lines)


def find_json(report: FindReport) -> dict[str, object]:
    return {
        "name": report.name,
        "hits": [
            {"package": h.package, "module": h.module, "first": h.first_version, "last": h.last_version}
            for h in report.hits
        ],
    }


def find_text(report: FindReport) -> str:
    if not report.hits:
        return f"{report.name}: not exported by any indexed release"
    lines = []
    for h in report.hits:
        same = h.first_version == h.last_version
        span = h.first_version if same else f"{h.first_version} .. {h.last_version}"
        lines.append(f"{h.package} {h.module or '(root)'}: {span}")
    return "\n".join(lines)


def build_summary(path: Path, report: BuildReport) -> str:
    return (
        f"indexed {report.releases} release(s), {report.skipped} already indexed, "
        f"{len(report.failed)} failed; {report.members_read}/{report.members_total} modules read, "
        f"{report.bytes_read / 1e6:.1f} MB downloaded, "
        f"{report.seconds:.1f} s -> {path}"
        + (f" ({report.layouts_only} only for their TypeScript layout)" if report.layouts_only else "")
        + (
            f"; TypeScript layout not read for {len(report.ts_failed)}: {', '.join(report.ts_failed[:5])}"
            if report.ts_failed
            else ""
        )
    )
