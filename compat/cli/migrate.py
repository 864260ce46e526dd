"""`compat migrate [PATH] --to <version>|cdktn|cdktf`: move a project to another release or line."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import IndexUrlOption, OfflineOption, project_session, use_registries


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
        import sys

        from compat.errors import CompatError
        from compat.index.model import ReleaseIndex
        from compat.migrations.indexes import indexed_versions, open_index, resolution_cache
        from compat.migrations.planner import apply_plan, plan_migration
        from compat.migrations.render import render_diff, render_json, render_markdown, render_text_summary

        if not to and not to_prebuilt:
            raise CompatError("--to is required: a bindings version, 'cdktn' or 'cdktf'")
        use_registries(index_url, path)
        try:
            from compat.snapshot import load_snapshot

            snapshot = load_snapshot()
        except CompatError:
            snapshot = None

        def opener(package: str, version: str) -> ReleaseIndex:
            return open_index(package, version, offline=offline)

        def releases_of(package: str) -> list[str]:
            """Indexed releases; online also every release the snapshot knows (indexed on demand)."""
            known = set(indexed_versions(package))
            if not offline and snapshot is not None:
                known |= {str(r.version) for r in snapshot.bindings(package) if not r.yanked}
            return sorted(known)

        with project_session(path, write=write):
            plan = plan_migration(
                path,
                to,
                opener=opener,
                versions_of=indexed_versions,
                releases_of=releases_of,
                source=source,
                snapshot=snapshot,
                cache=resolution_cache() if write or not offline else None,  # --offline diff: no writes
                to_prebuilt=to_prebuilt,
            )
            if write:
                apply_plan(plan)
        if fmt is MigrateFormat.json:
            typer.echo(render_json(plan))
        elif fmt is MigrateFormat.markdown:
            typer.echo(render_markdown(plan))
        else:
            diff = render_diff(plan)
            if diff:
                sys.stdout.write(diff)
            summary = render_text_summary(plan)
            if write:
                summary = summary.replace(" to change,", " changed,", 1)
            typer.echo(summary, err=True)
        raise typer.Exit(plan.exit_code)
