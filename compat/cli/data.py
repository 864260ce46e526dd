"""`compat data build|status|refresh`: the release snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import FormatOption, IndexUrlOption, OfflineOption, QuietOption, TextJson, emit_json

if TYPE_CHECKING:
    from compat.cli.progress import StatusLine

group = typer.Typer(
    help="The release snapshot: build it, show what it holds, add newer releases to the cache.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="data")


def _progress(quiet: bool) -> StatusLine:
    """A status line on a terminal; in CI or a log only failures and results (compat.cli.progress)."""
    from compat.cli.progress import StatusLine

    return StatusLine(quiet=quiet)


@group.command(name="build")
def build(
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write releases.json (default: the data dir).")
    ] = None,
    work_dir: Annotated[
        Path | None, typer.Option("--work-dir", help="Progress kept here: rerun to resume.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=32, help="Concurrent wheel downloads.")] = 6,
    package: Annotated[
        list[str] | None,
        typer.Option(
            "--package",
            "-p",
            help="A prebuilt package to read besides those npm's search lists and the snapshot holds "
            "(repeatable).",
        ),
    ] = None,
    npm_only: Annotated[
        bool,
        typer.Option(
            "--npm-only",
            help="Rewrite only the npm section (every npm version: peer ranges, engines, deprecations) "
            "of the existing snapshot from the packuments; no wheel is read.",
        ),
    ] = False,
    quiet: QuietOption = False,
    index_url: IndexUrlOption = None,
) -> None:
    """Build the snapshot of every prebuilt package from PyPI, npm and the wheels (network; resumable)."""
    from compat.cli._options import use_registries
    from compat.databuild.build import build_snapshot, default_work_dir, rebuild_npm_section
    from compat.databuild.discover import discover
    from compat.paths import data_dir
    from compat.registry.http import default_client
    from compat.snapshot import FILENAME

    use_registries(index_url, Path.cwd())
    target = out or data_dir() / FILENAME
    say = _progress(quiet)
    http = default_client()
    packages = discover(http, named=package or [], progress=say)
    say(f"{len(packages)} prebuilt packages to read")
    if npm_only:
        section = rebuild_npm_section(target, http=http, packages=packages, progress=say)
        say.close()
        versions = sum(entry["count"] for entry in section.values())
        typer.echo(f"wrote the npm section of {target}: {len(section)} packages, {versions} versions",
                   err=True)
        return
    stats = build_snapshot(
        target,
        http=http,
        work_dir=work_dir or default_work_dir(),
        jobs=jobs,
        progress=say,
        packages=packages,
    )
    say("reading the runtime facts from npm (as 'compat data runtimes')")
    runtimes(out=target.parent / "runtimes.json")
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
        Path | None, typer.Option("--out", help="Where to write runtimes.json (default: the data dir).")
    ] = None,
) -> None:
    """Read jsii's Node.js table, engines.node and cdktn's CLI feature data from npm (network)."""
    from compat.databuild.files import write_json_atomic
    from compat.databuild.runtimes import build_runtimes
    from compat.paths import data_dir
    from compat.registry.http import default_client
    from compat.runtimes import FILENAME

    target = out or data_dir() / FILENAME
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
        terraform = "never" if row.only == "opentofu" else (
            f">= {row.min_terraform}" if row.min_terraform else "any") + (
            f", removed {row.removed_in}" if row.removed_in else "") + (
            f", experimental from {row.experimental_from}" if row.experimental_from else "")
        opentofu = "not known" if row.opentofu_source is None else "never" if row.only == "terraform" else (
            f">= {row.min_opentofu}" if row.min_opentofu else "any") + (
            f", removed {row.opentofu_removed_in}" if row.opentofu_removed_in else "")
        typer.echo(f"{row.key}: Terraform {terraform} ({row.source}); OpenTofu {opentofu}"
                   + (f" ({row.opentofu_source})" if row.opentofu_source else ""))


@group.command(name="status")
def status(output: FormatOption = TextJson.text) -> None:
    """Counts per package, newest releases, build date, cache overlay (offline)."""
    from compat.databuild.status import snapshot_status

    report = snapshot_status()
    if output is TextJson.json:
        emit_json(report)
        return
    typer.echo(f"embedded snapshot: {report['embedded']['path']} (built {report['embedded']['built_at']})")
    overlay = report["overlay"]
    if overlay["present"]:
        typer.echo(
            f"cache overlay:     {overlay['path']} (refreshed {overlay['built_at']}, "
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
    npm = report["npm"]
    typer.echo(f"npm versions:       {npm['versions']} of {npm['packages']} npm packages"
               + ("" if npm["packages"] else " (none: run 'compat data build --npm-only')"))


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
    deadline.start(deadline.REFRESH)  # one network deadline for all the command's requests
    say = _progress(quiet)
    added = refresh_overlay(jobs=jobs, progress=say)
    say.close()
    if added:
        for package, versions in added.items():
            typer.echo(f"{package}: added {', '.join(versions)}")
    else:
        typer.echo("the snapshot is up to date: no newer releases")
