"""`compat index show|params|find|build`: the symbol index of every release, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from compat.cli._options import (
    FormatOption,
    IndexUrlOption,
    OfflineOption,
    TextJson,
    emit_json,
    use_registries,
)
from compat.errors import CompatError

if TYPE_CHECKING:
    from pathlib import Path

    from compat.index.api import SqliteReleaseIndex
    from compat.index.build import BuildReport
    from compat.index.typescript import TsRelease

group = typer.Typer(
    help="The symbol index: modules, classes, parameters and block shapes of every release.",
    no_args_is_help=True,
)

SPEC_HELP = "A release: <package>==<version>, e.g. cdktf-cdktf-provider-aws==19.65.1."


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="index")


def _package_release(spec: str) -> tuple[str, str]:
    """``cdktf-cdktf-provider-aws==19.65.1`` -> (package, version); anything else is one clear error."""
    package, sep, version = spec.partition("==")
    if not sep or not package.strip() or not version.strip() or "=" in version:
        raise CompatError(
            f"bad release {spec!r}: expected <package>==<version>, e.g. cdktf-cdktf-provider-aws==19.65.1"
        )
    return package.strip(), version.strip()


def _open(spec: str, offline: bool) -> SqliteReleaseIndex:
    from compat.index.api import open_release_index

    package, version = _package_release(spec)
    return open_release_index(package, version, offline=offline)


@group.command("show")
def show(
    spec: Annotated[str, typer.Argument(help=SPEC_HELP, metavar="PACKAGE==VERSION")],
    module: Annotated[
        str | None, typer.Argument(help="One module key, e.g. s3_bucket_versioning ('' = root).")
    ] = None,
    fmt: FormatOption = TextJson.text,
    offline: OfflineOption = False,
    typescript: TypeScriptOption = False,
) -> None:
    """The modules of a release and the classes each one exports."""
    index = _open(spec, offline)
    ts = _ts_release(index) if typescript else None
    if module is not None and ts is not None:
        module = _ts_module(ts, module)
    if module is not None:
        if index.exports(module) is None:
            raise CompatError(f"{index.package}=={index.version} has no module {module!r}")
        keys = [module]
    else:
        keys = index.modules()
    modules = {key: index.classes(key) for key in keys}
    if fmt is TextJson.json:
        payload: dict[str, Any] = {
            "package": index.package,
            "version": index.version,
            "provider_version": index.provider_version,
            "modules": modules,
        }
        if ts is not None:
            layout = {key: ts.ts_module(key) for key in keys}
            payload["typescript"] = {
                key: {"folder": found.folder, "namespace": found.namespace}
                for key, found in layout.items()
                if found is not None
            }
        emit_json(payload)
        return
    typer.echo(f"{index.package}=={index.version} (provider {index.provider_version or 'unknown'})")
    for key, names in modules.items():
        tag = ""
        if ts is not None:
            found = ts.ts_module(key)
            tag = f" [{found.folder or 'no folder'}, namespace {found.namespace}]" if found else " [root]"
        typer.echo(f"{key or '(root)'}{tag}: {', '.join(names) if names else '-'}")


@group.command("params")
def params(
    spec: Annotated[str, typer.Argument(help=SPEC_HELP, metavar="PACKAGE==VERSION")],
    target: Annotated[str, typer.Argument(help="<module>.<Class>, e.g. route53_record.Route53Record.")],
    fmt: FormatOption = TextJson.text,
    offline: OfflineOption = False,
    typescript: TypeScriptOption = False,
) -> None:
    """The keyword parameters (or struct fields) of one class, with requiredness and shape."""
    index = _open(spec, offline)
    module, _, name = target.rpartition(".")
    if not name:
        raise CompatError(
            f"bad class {target!r}: expected <module>.<Class>, e.g. route53_record.Route53Record"
        )
    if typescript:
        _ts_params(_ts_release(index), _ts_module(_ts_release(index), module), name, fmt)
        return
    if index.exports(module) is None:
        raise CompatError(f"{index.package}=={index.version} has no module {module!r}")
    info = index.class_info(module, name)
    if info is None:
        raise CompatError(f"{index.package}=={index.version}: module {module!r} has no class {name!r}")
    payload: dict[str, Any] = {
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
    if fmt is TextJson.json:
        emit_json(payload)
        return
    typer.echo(f"{module}.{info.name} ({info.kind}{', ' + info.tf_type if info.tf_type else ''})")
    for p in info.params.values():
        extra = f" -> {p.struct}" if p.struct else ""
        js = f" (js: {p.js_name})" if p.js_name and p.js_name != p.name else ""
        typer.echo(f"  {p.name}: {p.shape}{extra}, {'required' if p.required else 'optional'}{js}")
    if info.meta_params:
        typer.echo(f"  meta: {', '.join(info.meta_params)}")
    if info.properties:
        typer.echo(f"  properties: {', '.join(info.properties)}")


TypeScriptOption = Annotated[
    bool,
    typer.Option(
        "--typescript",
        "-t",
        help="TypeScript names: modules as import paths (lib/s3-bucket) and root namespaces, props by "
        "their TypeScript (jsii) names.",
    ),
]


def _ts_release(index: SqliteReleaseIndex) -> TsRelease:
    from compat.index.typescript import TsRelease

    release = TsRelease(index, index.ts_layout())
    if not release.has_layout:
        raise CompatError(
            f"{index.package}=={index.version} has no TypeScript layout in the index: "
            f"rebuild it with 'compat index build {index.package}=={index.version}'"
        )
    return release


def _ts_module(release: TsRelease, text: str) -> str:
    """A module key from a TypeScript import path (``lib/s3-bucket``), a namespace or a module key."""
    for key in (release.module(text), release.namespace(text), text):
        if key is not None and release.index.exports(key) is not None:
            return key
    raise CompatError(f"{release.index.package}=={release.index.version} has no module {text!r}")


def _ts_params(release: TsRelease, module: str, name: str, fmt: TextJson) -> None:
    found = release.class_props(module, name)
    if found is None:
        raise CompatError(
            f"{release.index.package}=={release.index.version}: module {module!r} has no class {name!r}"
        )
    names = release.ts_module(module)
    if fmt is TextJson.json:
        emit_json(
            {
                "class": found.name,
                "kind": found.kind,
                "module": module,
                "import": names.folder if names else None,
                "namespace": names.namespace if names else None,
                "props": {
                    p.name: {"shape": p.shape, "required": p.required, "struct": p.struct,
                             "python_name": p.python_name}
                    for p in found.props.values()
                },
                "meta_props": list(found.meta_props),
            }
        )
        return
    where = names.folder if names and names.folder else module
    typer.echo(f"{where}: {found.name} ({found.kind})")
    for p in found.props.values():
        extra = f" -> {p.struct}" if p.struct else ""
        typer.echo(f"  {p.name}: {p.shape}{extra}, {'required' if p.required else 'optional'}")
    if found.meta_props:
        typer.echo(f"  meta: {', '.join(found.meta_props)}")


@group.command("find")
def find_command(
    name: Annotated[str, typer.Argument(help="A class name, e.g. S3BucketVersioningA.")],
    package: Annotated[
        str | None, typer.Option("--package", "-p", help="Only this bindings package.")
    ] = None,
    fmt: FormatOption = TextJson.text,
) -> None:
    """Which modules export a name, in which contiguous release ranges."""
    from compat.index.api import find

    hits = find(name, package)
    if fmt is TextJson.json:
        emit_json(
            {
                "name": name,
                "hits": [
                    {
                        "package": h.package,
                        "module": h.module,
                        "first": h.first_version,
                        "last": h.last_version,
                    }
                    for h in hits
                ],
            }
        )
        return
    if not hits:
        typer.echo(f"{name}: not exported by any indexed release")
        return
    for h in hits:
        span = (
            h.first_version if h.first_version == h.last_version else f"{h.first_version} .. {h.last_version}"
        )
        typer.echo(f"{h.package} {h.module or '(root)'}: {span}")


@group.command("build")
def build_command(
    releases: Annotated[
        list[str] | None,
        typer.Argument(help="Release(s) <package>==<version> to index into the user cache (what check reads "
                       "offline); without, --package/--versions build the embedded index.",
                       show_default=False),
    ] = None,
    package: Annotated[
        list[str] | None, typer.Option("--package", "-p", help="Bindings package(s); default: both lines.")
    ] = None,
    versions: Annotated[
        str | None,
        typer.Option("--versions", help="Comma-separated versions; default: every release on PyPI."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=16, help="Releases read in parallel.")] = 2,
    into: Annotated[
        str | None, typer.Option("--into", help="Index file; default: the embedded data/index.sqlite.")
    ] = None,
    index_url: IndexUrlOption = None,
) -> None:
    """Index releases from the wheels on PyPI (resumable; progress on stderr)."""
    from pathlib import Path

    from compat.index.api import cache_index_path, embedded_index_path, normalize_package
    from compat.index.build import all_versions
    from compat.lines import LINES

    use_registries(index_url, Path.cwd())
    if releases and (package or versions):
        raise CompatError("give releases as <package>==<version> or --package/--versions, not both")
    if releases:
        named = [_package_release(spec) for spec in releases]
        cached = Path(into) if into else cache_index_path()
        _report(cached, _built(cached, [(normalize_package(p), v) for p, v in named], jobs))
        return
    packages = (
        [normalize_package(p) for p in package] if package else [line.bindings for line in LINES.values()]
    )
    wanted = [v.strip() for v in versions.split(",") if v.strip()] if versions else None
    if versions is not None and not wanted:
        raise CompatError("--versions is empty: give a comma-separated list, e.g. 19.65.1,21.22.1")
    targets: list[tuple[str, str]] = []
    for pkg in packages:
        for version in wanted if wanted else list(reversed(all_versions(pkg))):
            targets.append((pkg, version))
    path = Path(into) if into else embedded_index_path()
    _report(path, _built(path, targets, jobs))


def _built(path: Path, targets: list[tuple[str, str]], jobs: int) -> BuildReport:
    """The build, its progress a status line on a terminal (only failures in a log)."""
    from compat.cli.progress import StatusLine
    from compat.index.build import build

    status = StatusLine()
    try:
        return build(path, targets, jobs=jobs, progress=status)
    finally:
        status.close()


def _report(path: Path, report: BuildReport) -> None:
    typer.echo(
        f"indexed {report.releases} release(s), {report.skipped} already indexed, "
        f"{len(report.failed)} failed; {report.members_read}/{report.members_total} modules read, "
        f"{report.bytes_read / 1e6:.1f} MB downloaded, "
        f"{report.seconds:.1f} s -> {path}"
        + (f" ({report.layouts_only} only for their TypeScript layout)" if report.layouts_only else "")
        + (f"; TypeScript layout not read for {len(report.ts_failed)}: {', '.join(report.ts_failed[:5])}"
           if report.ts_failed else ""),
        err=True,
    )
    if report.failed:
        raise CompatError(
            f"{len(report.failed)} release(s) failed: {', '.join(report.failed[:5])}", exit_code=1
        )
