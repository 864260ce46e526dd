"""`compat migrate [PATH] --to <version>|cdktn|cdktf`: move a project to another release or family."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import IndexUrlOption, OfflineOption, project_session, use_registries

if TYPE_CHECKING:
    from compat.migrations.migration_plan import MigrationPlan


class MigrateFormat(str, enum.Enum):
    diff = "diff"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command(name="migrate")
    def _command(
        path: Annotated[Path, typer.Argument(help="Project directory (or a file in it).")] = Path("."),
        to: Annotated[str, typer.Option("--to", help="Target: a bindings version, 'cdktn' or 'cdktf'.")] = "",
        source: Annotated[
            str | None,
            typer.Option(
                "--from", help="Source release when the pins do not tell (default: lock file first)."
            ),
        ] = None,
        write: Annotated[bool, typer.Option("--write", help="Apply the changes (atomically).")] = False,
        to_prebuilt: Annotated[
            bool,
            typer.Option(
                "--to-prebuilt",
                help="Turn imports of the bindings 'cdktf get' generates into the prebuilt packages "
                "(--to: the AWS release; default: the newest one admitting the project's core).",
            ),
        ] = False,
        fmt: Annotated[
            MigrateFormat, typer.Option("--format", "-f", help="Output format.")
        ] = MigrateFormat.diff,
        offline: OfflineOption = False,
        index_url: IndexUrlOption = None,
    ) -> None:
        """Rewrite imports, calls and pins for another release; exit 1 while anything is unresolved."""
        from compat.errors import CompatError
        from compat.migrations.catalogue import load_catalogue
        from compat.migrations.planner import apply_plan, plan_migration
        from compat.migrations.target import parse_family_or_version, parse_spec

        if not to and not to_prebuilt:
            raise CompatError("--to is required: a bindings version, 'cdktn' or 'cdktf'")
        from compat.languages import MIGRATORS, is_typescript, require_supported

        require_supported(path.resolve(), "migrate", MIGRATORS)
        target = parse_family_or_version(to) if to else None
        start = parse_spec(source, "--from") if source else None
        use_registries(index_url, path)
        # --offline diff: no writes, not even to the cache of resolutions
        catalogue = load_catalogue(offline=offline, cache=write or not offline)
        with project_session(path, write=write):
            if target is not None and not to_prebuilt and is_typescript(path):
                from compat.migrations.ts_planner import plan_ts_migration

                if start is not None:
                    raise CompatError(
                        "--from is not read for TypeScript projects: the lock (or package.json) tells"
                    )
                plan = plan_ts_migration(path.resolve(), target, catalogue)
            else:
                plan = plan_migration(path, target, catalogue, source=start, to_prebuilt=to_prebuilt)
            if write:
                apply_plan(plan)
        _emit(plan, fmt, written=write)
        raise typer.Exit(plan.exit_code)


def _emit(plan: MigrationPlan, fmt: MigrateFormat, *, written: bool) -> None:
    """The plan in ``fmt``: JSON or markdown on stdout, or the diff there and the summary on stderr."""
    import sys

    from compat.migrations.render import render_diff, render_json, render_markdown, render_text_summary

    if fmt is MigrateFormat.json:
        typer.echo(render_json(plan))
    elif fmt is MigrateFormat.markdown:
        typer.echo(render_markdown(plan))
    else:
        diff = render_diff(plan)
        if diff:
            sys.stdout.write(diff)
        typer.echo(render_text_summary(plan, written=written), err=True)
