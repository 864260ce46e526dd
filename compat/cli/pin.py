"""`compat pin [PATH]`: select the newest consistent set for a Terraform CLI and write it into the project."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import OfflineOption, OpenTofuOption, emit_json


class PinFormat(str, enum.Enum):
    text = "text"
    json = "json"
    diff = "diff"


LineOption = Annotated[
    str | None, typer.Option("--line", help="cdktf or cdktn (default: detected from manifests and imports).")
]
TerraformOption = Annotated[
    str | None,
    typer.Option("--terraform", help="Terraform CLI version (default: detected, with its source)."),
]
PythonOption = Annotated[str | None, typer.Option("--python", help="Python version (default: detected).")]
ProviderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--provider",
        help="Provider constraint, e.g. 'aws@~> 5.0' or 'google@~> 6.0' (repeatable; a non-AWS one adds "
        "its prebuilt package).",
    ),
]
AddOption = Annotated[
    list[str] | None,
    typer.Option("--add", help="Add a prebuilt provider package to the set, e.g. 'google' (repeatable)."),
]


def register(app: typer.Typer) -> None:
    @app.command(name="pin")
    def _command(
        path: Annotated[Path, typer.Argument(help="Project directory (default: the current one).")] = Path(
            "."
        ),
        terraform: TerraformOption = None,
        opentofu: OpenTofuOption = None,
        python: PythonOption = None,
        line: LineOption = None,
        provider: ProviderOption = None,
        add: AddOption = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Write nothing; show what would change.")
        ] = False,
        output: Annotated[PinFormat, typer.Option("--format", "-f", help="Output format.")] = PinFormat.text,
        offline: OfflineOption = False,
    ) -> None:
        """Pin bindings, core and constructs to the newest set that works with your Terraform and Python."""
        del offline  # always offline: the snapshot (and the cache overlay) only
        from compat.cli._options import project_session
        from compat.languages import PINNED, require_supported
        from compat.project.changes import apply, unified_diff
        from compat.resolver.pin import pin_json, plan_pin

        if require_supported(path.resolve(), "pin", PINNED) == "typescript":
            flags = (("--python", python), ("--line", line), ("--provider", provider), ("--add", add))
            given = [flag for flag, value in flags if value]
            if given:
                from compat.errors import CompatError

                raise CompatError(f"{', '.join(given)}: not read for a TypeScript project (compat pin "
                                  "takes its packages from package.json): nothing was changed")
            _typescript(path, terraform=terraform, opentofu=opentofu, dry_run=dry_run, output=output)
            return

        with project_session(path, write=not dry_run):
            plan = plan_pin(path, terraform=terraform, python=python, line=line, provider=provider,
                            opentofu=opentofu, add=add or ())
            if plan.selection is not None and not dry_run:
                apply(plan.changes, plan.project.root)
        if output is PinFormat.json:
            document = pin_json(plan)
            document["written"] = bool(plan.selection is not None and not dry_run and plan.changes)
            emit_json(document)
        elif output is PinFormat.diff:
            text = unified_diff(plan.changes, plan.project.root)
            if text:
                typer.echo(text, nl=False)
            if plan.selection is None:
                typer.echo("\n".join(plan.explanation), err=True)
        else:
            _text(plan, dry_run)
        if plan.selection is None:
            raise typer.Exit(1)


def _text(plan: object, dry_run: bool) -> None:
    from compat.project.changes import unified_diff
    from compat.resolver.pin import PinPlan, constructs_text

    assert isinstance(plan, PinPlan)
    for sentence in plan.explanation:
        typer.echo(sentence)
    selection = plan.selection
    if selection is None:
        return
    constructs_range = constructs_text(selection)
    constructs = f", constructs{constructs_range}" if constructs_range else ""
    chosen = selection.package if plan.prebuilt else None
    package = f"{chosen.package}=={chosen.version}, " if chosen is not None else ""
    others = "".join(f"{r.package}=={r.version}, " for r in selection.others)
    typer.echo(f"Pins: {package}{others}{selection.core.package}=={selection.core.version}{constructs}")
    if not plan.changes:
        typer.echo("Nothing to change: the project already pins this selection.")
        return
    typer.echo(unified_diff(plan.changes, plan.project.root), nl=False)
    verb = "Would change" if dry_run else "Changed"
    for change in plan.changes:
        typer.echo(f"{verb} {change.path}")
        for note in change.notes:
            typer.echo(f"  note: {note}")


def _typescript(path: Path, *, terraform: str | None, opentofu: str | None, dry_run: bool,
                output: PinFormat) -> None:
    """``compat pin`` on a TypeScript project: package.json written, the lock command named."""
    from compat.cli._options import project_session
    from compat.project.changes import apply, unified_diff
    from compat.snapshot import load_snapshot
    from compat.typescript.pin import plan_ts_pin, ts_pin_json

    with project_session(path, write=not dry_run):
        plan = plan_ts_pin(path.resolve(), load_snapshot(), terraform=terraform, opentofu=opentofu)
        selected = plan.resolution.selection is not None
        if selected and not dry_run:
            apply(plan.changes, plan.write_root)
    diff = unified_diff(plan.changes, plan.project.root)
    if output is PinFormat.json:
        document = ts_pin_json(plan, diff)
        document["written"] = bool(selected and not dry_run and plan.changes)
        emit_json(document)
    elif output is PinFormat.diff:
        if diff:
            typer.echo(diff, nl=False)
        if not selected:
            typer.echo("\n".join(plan.explanation), err=True)
    else:
        for sentence in plan.explanation:
            typer.echo(sentence)
        if selected:
            typer.echo("Pins: " + ", ".join(f"{name}@{value}" for name, value in plan.written.items()))
            if not plan.changes:
                typer.echo("Nothing to change: the project already pins this selection.")
            else:
                typer.echo(diff, nl=False)
                verb = "Would change" if dry_run else "Changed"
                for change in plan.changes:
                    typer.echo(f"{verb} {change.path}")
    if not selected:
        raise typer.Exit(1)
