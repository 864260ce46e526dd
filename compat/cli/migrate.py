"""`compat migrate [PATH] --to <version>|cdktn|cdktf`: move a project to another release or family.

No ``from __future__ import annotations`` here: typer reads the command's signature, and string
annotations would be compiled and evaluated again on every run.
"""

import enum
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import IndexUrlOption, OfflineOption, project_session, use_registries

if TYPE_CHECKING:
    from compat.migrations.catalogue import ReleaseCatalogue
    from compat.migrations.migration_plan import MigrationPlan
    from compat.migrations.target import MigrationSpec, ReleaseSpec
    from compat.migrations.verify import VerifyReport


class MigrateFormat(str, enum.Enum):
    diff = "diff"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command(name="migrate")
    def _command(
        path: Annotated[Path, typer.Argument(help="Project directory (or a file in it).")] = Path("."),
        to: Annotated[
            str,
            typer.Option(
                "--to",
                help="Target: a bindings version, 'cdktn', 'cdktn==VERSION' or 'cdktf'; 'cdktn-aws': "
                "cdktn-io's grouped AWS bindings (an alpha; Python, from cdktn-provider-aws on cdktn 0.24).",
            ),
        ] = "",
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
        verify: Annotated[
            bool,
            typer.Option(
                "--verify",
                help="Also synthesize the project before and after the move (in temporary copies) and "
                "compare the Terraform JSON. This RUNS THE PROJECT'S OWN APP CODE through its CDK CLI: "
                "opt-in only, never turned on by any file of the repository.",
            ),
        ] = False,
        verify_timeout: Annotated[
            str | None,  # a string: typer would convert a number through pydantic (see _params)
            typer.Option(
                "--verify-timeout",
                metavar="SECONDS",
                help="Seconds each synth may take (with --verify; default 600, at least 1).",
            ),
        ] = None,
    ) -> None:
        """Rewrite imports, calls and pins for another release; exit 1 while anything is unresolved."""
        from compat.errors import CompatError
        from compat.migrations.catalogue import load_catalogue
        from compat.migrations.planner import apply_plan
        from compat.migrations.target import parse_family_or_version, parse_spec

        timeout = _seconds(verify_timeout)
        if not to and not to_prebuilt:
            raise CompatError("--to is required: a bindings version, 'cdktn' or 'cdktf'")
        from compat.languages import MIGRATORS, require_supported

        require_supported(path.resolve(), "migrate", MIGRATORS)
        from compat.migrations.grouped import is_grouped_target

        if is_grouped_target(to):
            _grouped(
                path,
                to,
                source,
                to_prebuilt,
                fmt,
                offline=offline,
                write=write,
                index_url=index_url,
                verify=timeout if verify else None,
            )
            return
        target = parse_family_or_version(to) if to else None
        start = parse_spec(source, "--from") if source else None
        use_registries(index_url, path)
        # --offline diff: no writes, not even to the cache of resolutions
        catalogue = load_catalogue(offline=offline, cache=write or not offline)
        with project_session(path, write=write):
            plan = _plan(path, target, start, catalogue, to_prebuilt=to_prebuilt)
            checked = _verify(plan, timeout) if verify else None
            write = write and _may_write(checked)
            if write:
                apply_plan(plan)
        _emit(plan, fmt, written=write)
        raise typer.Exit(_exit_code(plan, checked))


def _plan(
    path: Path,
    target: "MigrationSpec | None",
    start: "ReleaseSpec | None",
    catalogue: "ReleaseCatalogue",
    *,
    to_prebuilt: bool,
) -> "MigrationPlan":
    """The plan of the project at ``path``: a TypeScript project's by ``plan_ts_migration`` (``--to``
    only), else ``plan_migration``."""
    from compat.languages import is_typescript
    from compat.migrations.planner import plan_migration

    if target is not None and not to_prebuilt and is_typescript(path):
        from compat.errors import CompatError
        from compat.migrations.ts_planner import plan_ts_migration

        if start is not None:
            raise CompatError("--from is not read for TypeScript projects: the lock (or package.json) tells")
        return plan_ts_migration(path.resolve(), target, catalogue)
    return plan_migration(path.resolve(), target, catalogue, source=start, to_prebuilt=to_prebuilt)


def _seconds(value: str | None) -> float:
    """``--verify-timeout`` in seconds: a finite number, at least 1 (default 600)."""
    if value is None:
        from compat.migrations.verify import DEFAULT_TIMEOUT

        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 1:
        from compat.errors import CompatError

        raise CompatError(f"--verify-timeout {value}: not a number of seconds (1 or more)")
    return seconds


def _grouped(
    path: Path,
    to: str,
    source: str | None,
    to_prebuilt: bool,
    fmt: MigrateFormat,
    *,
    offline: bool,
    write: bool,
    index_url: str | None,
    verify: float | None,
) -> None:
    """``--to cdktn-aws``: the grouped AWS bindings (an alpha), for Python projects on cdktn."""
    from compat.errors import CompatError
    from compat.languages import is_typescript
    from compat.migrations.catalogue import load_catalogue
    from compat.migrations.grouped import parse_grouped_target, plan_grouped_migration
    from compat.migrations.planner import apply_plan

    if source is not None or to_prebuilt:
        raise CompatError("--to cdktn-aws takes neither --from nor --to-prebuilt: the pins tell the source")
    if is_typescript(path):
        raise CompatError(
            "--to cdktn-aws rewrites Python projects (TypeScript: cdktn-io's own @cdktn/aws-migrate)"
        )
    wanted = parse_grouped_target(to)
    use_registries(index_url, path)
    catalogue = load_catalogue(offline=offline, cache=write or not offline)
    with project_session(path, write=write):
        plan = plan_grouped_migration(path.resolve(), wanted, catalogue)
        checked = _verify(plan, verify) if verify is not None else None
        write = write and _may_write(checked)
        if write:
            apply_plan(plan)
    _emit(plan, fmt, written=write)
    raise typer.Exit(_exit_code(plan, checked))


def _verify(plan: "MigrationPlan", timeout: float) -> "VerifyReport":
    """Synth before and after in temporary copies (the project's app code runs: --verify only)."""
    from packaging.version import Version

    from compat.migrations.model import Release
    from compat.migrations.verify import NodeSynthesizer, verify_plan
    from compat.project import load_project

    project = load_project(plan.root)
    before: tuple[str, Version | None] = (project.family.core, project.installed_version(project.family.core))
    after = before
    if plan.hop is not None:
        after = (plan.hop.core.package, plan.hop.core.version)
    elif isinstance(plan.target, Release) and plan.target.package in ("cdktf", "cdktn"):
        after = (plan.target.package, plan.target.version)
    report = verify_plan(plan, before, after, NodeSynthesizer(), timeout)
    typer.echo("\n".join(report.lines()), err=True)
    return report


def _may_write(checked: "VerifyReport | None") -> bool:
    """A verified move whose synth output changed is not written (the diff still shows it)."""
    if checked is not None and checked.verified and checked.differences:
        typer.echo("nothing written: the synth output changes with the move (--verify)", err=True)
        return False
    return True


def _exit_code(plan: "MigrationPlan", checked: "VerifyReport | None") -> int:
    """1 while anything is unresolved or the synth output changed with the move."""
    if checked is not None and checked.verified and checked.differences:
        return 1
    return plan.exit_code


def _emit(plan: "MigrationPlan", fmt: MigrateFormat, *, written: bool) -> None:
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
