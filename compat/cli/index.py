"""`compat index show|params|find|build`: the symbol index of every release, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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

    from compat.index.build import BuildReport

group = typer.Typer(
    help="The symbol index: modules, classes, parameters and block shapes of every release.",
    no_args_is_help=True,
)

SPEC_HELP = "A release: <package>==<version>, e.g. cdktf-cdktf-provider-aws==19.65.1."


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="index")


TypeScriptOption = Annotated[
    bool,
    typer.Option(
        "--typescript",
        "-t",
        help="TypeScript names: modules as import paths (lib/s3-bucket) and root namespaces, props by "
        "their TypeScript (jsii) names.",
    ),
]


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
    from compat.index.index_view import show_json, show_text
    from compat.index.lookup import list_modules, open_index

    listing = list_modules(open_index(spec, offline), module, typescript)
    if fmt is TextJson.json:
        emit_json(show_json(listing))
    else:
        typer.echo(show_text(listing))


@group.command("params")
def params(
    spec: Annotated[str, typer.Argument(help=SPEC_HELP, metavar="PACKAGE==VERSION")],
    target: Annotated[str, typer.Argument(help="<module>.<Class>, e.g. route53_record.Route53Record.")],
    fmt: FormatOption = TextJson.text,
    offline: OfflineOption = False,
    typescript: TypeScriptOption = False,
) -> None:
    """The keyword parameters (or struct fields) of one class, with requiredness and shape."""
    from compat.index.index_view import params_json, params_text
    from compat.index.lookup import class_params, open_index

    found = class_params(open_index(spec, offline), target, typescript)
    if fmt is TextJson.json:
        emit_json(params_json(found))
    else:
        typer.echo(params_text(found))


@group.command("find")
def find_command(
    name: Annotated[str, typer.Argument(help="A class name, e.g. S3BucketVersioningA.")],
    package: Annotated[
        str | None, typer.Option("--package", "-p", help="Only this bindings package.")
    ] = None,
    fmt: FormatOption = TextJson.text,
) -> None:
    """Which modules export a name, in which contiguous release ranges."""
    from compat.index.index_view import find_json, find_text
    from compat.index.lookup import find_name

    report = find_name(name, package)
    if fmt is TextJson.json:
        emit_json(find_json(report))
    else:
        typer.echo(find_text(report))


@group.command("build")
def build_command(
    releases: Annotated[
        list[str] | None,
        typer.Argument(
            help="Release(s) <package>==<version> to index into the user cache (what check reads "
            "offline); without, --package/--versions build the embedded index.",
            show_default=False,
        ),
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

    from compat.families import FAMILIES
    from compat.index.api import cache_index_path, embedded_index_path, normalize_package
    from compat.index.build import all_versions
    from compat.index.lookup import parse_release_spec

    use_registries(index_url, Path.cwd())
    if releases and (package or versions):
        raise CompatError("give releases as <package>==<version> or --package/--versions, not both")
    if releases:
        named = [parse_release_spec(spec) for spec in releases]
        cached = Path(into) if into else cache_index_path()
        _report(cached, _built(cached, [(normalize_package(p), v) for p, v in named], jobs))
        return
    packages = (
        [normalize_package(p) for p in package]
        if package
        else [family.bindings for family in FAMILIES.values()]
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
    from compat.index.index_view import build_summary

    typer.echo(build_summary(path, report), err=True)
    if report.failed:
        raise CompatError(
            f"{len(report.failed)} release(s) failed: {', '.join(report.failed[:5])}", exit_code=1
        )
