"""`compat pin [PATH]`: select the newest consistent set for a Terraform CLI and write it into the project."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.cli._options import OfflineOption, OpenTofuOption, emit_json
from compat.record import Record

if TYPE_CHECKING:
    from compat.resolver.pin import PinPlan
    from compat.snapshot import Snapshot
    from compat.typescript.pin import TsPinPlan


class PinFormat(str, enum.Enum):
    text = "text"
    json = "json"
    diff = "diff"


FamilyOption = Annotated[
    str | None,
    typer.Option(
        "--line", metavar="LINE", help="cdktf or cdktn (default: detected from manifests and imports)."
    ),
]
TerraformOption = Annotated[
    str | None,
    typer.Option(
        "--terraform", metavar="VERSION", help="Terraform CLI version (default: detected, with its source)."
    ),
]
PythonOption = Annotated[
    str | None, typer.Option("--python", metavar="VERSION", help="Python version (default: detected).")
]
ProviderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--provider",
        metavar="NAME@CONSTRAINT",
        help="Provider constraint, e.g. 'aws@~> 5.0' or 'google@~> 6.0' (repeatable; a non-AWS one adds "
        "its prebuilt package).",
    ),
]
AddOption = Annotated[
    list[str] | None,
    typer.Option(
        "--add",
        metavar="PACKAGE",
        help="Add a prebuilt provider package to the set, e.g. 'google' (repeatable).",
    ),
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
        family: FamilyOption = None,
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
        from compat.languages import PINNED, require_supported

        roots = _projects(path)
        languages = {root: require_supported(root.resolve(), "pin", PINNED) for root in roots}
        if "typescript" in languages.values():
            _refuse_python_flags(python=python, family=family, provider=provider, add=add)
        if len(roots) == 1 and languages[roots[0]] == "typescript":
            _typescript(roots[0], terraform=terraform, opentofu=opentofu, dry_run=dry_run, output=output)
            return
        wanted = _Wanted(
            terraform=terraform,
            opentofu=opentofu,
            python=python,
            family=family,
            provider=provider,
            add=add or (),
        )
        if len(roots) > 1:
            _pin_many(path, roots, _planner(languages, wanted), dry_run=dry_run, output=output)
            return
        _pin_one(path, wanted, dry_run=dry_run, output=output)


class _Wanted(Record):
    """What the flags ask of the pinned set (the Python plan's arguments)."""

    terraform: str | None
    opentofu: str | None
    python: str | None
    family: str | None
    provider: list[str] | None
    add: Sequence[str]

    def plan(self, root: Path) -> PinPlan:
        from compat.resolver.pin import plan_pin

        return plan_pin(
            root,
            terraform=self.terraform,
            python=self.python,
            family=self.family,
            provider=self.provider,
            opentofu=self.opentofu,
            add=self.add,
        )


def _refuse_python_flags(
    *, python: str | None, family: str | None, provider: list[str] | None, add: list[str] | None
) -> None:
    """A TypeScript project takes its packages from package.json: the Python-only flags are refused."""
    flags = (("--python", python), ("--line", family), ("--provider", provider), ("--add", add))
    given = [flag for flag, value in flags if value]
    if given:
        from compat.errors import CompatError

        raise CompatError(
            f"{', '.join(given)}: not read for a TypeScript project (compat pin "
            "takes its packages from package.json): nothing was changed"
        )


def _planner(languages: dict[Path, str], wanted: _Wanted) -> Callable[[Path], PinPlan | TsPinPlan]:
    """The plan of each project of a folder, by its language (the snapshot loaded once)."""
    snapshot: Snapshot | None = None

    def planned(root: Path) -> PinPlan | TsPinPlan:
        nonlocal snapshot
        if languages[root] == "typescript":
            from compat.snapshot import load_snapshot
            from compat.typescript.pin import plan_ts_pin

            snapshot = snapshot or load_snapshot()
            return plan_ts_pin(root.resolve(), snapshot, terraform=wanted.terraform, opentofu=wanted.opentofu)
        return wanted.plan(root)

    return planned


def _pin_one(path: Path, wanted: _Wanted, *, dry_run: bool, output: PinFormat) -> None:
    """One Python project: planned, written unless ``dry_run``, reported in ``output``."""
    from compat.cli._options import project_session
    from compat.project.changes import apply, unified_diff
    from compat.resolver.pin import pin_json

    with project_session(path, write=not dry_run):
        plan = wanted.plan(path)
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


def _projects(path: Path) -> list[Path]:
    """``path`` itself when it is a project (or a file of one), else every project under it."""
    if path.is_file() or (path / "cdktf.json").is_file() or not path.is_dir():
        return [path]
    from compat.project.files import find_projects

    return find_projects(path.resolve()) or [path]


def _pin_many(
    path: Path,
    roots: list[Path],
    planned: Callable[[Path], PinPlan | TsPinPlan],
    *,
    dry_run: bool,
    output: PinFormat,
) -> None:
    """Pin every project under ``path`` (Python and TypeScript): each planned (own runtimes), all
    written in one transaction or none; a file two projects share gets one set of pins or the run is
    refused."""
    import contextlib
    import os

    from compat.cli._options import project_session
    from compat.errors import CompatError
    from compat.project.changes import FileChange, apply, display_path, unified_diff

    base = path.resolve()
    with contextlib.ExitStack() as sessions:
        for root in roots:
            sessions.enter_context(project_session(root, write=not dry_run))
        plans = [planned(root) for root in roots]
        changes: dict[Path, FileChange] = {}
        owners: dict[Path, Path] = {}
        for root, plan in zip(roots, plans, strict=True):
            for change in plan.changes:
                key = change.path.resolve()
                if key in changes and changes[key].after != change.after:
                    raise CompatError(
                        f"{display_path(change.path, base)} is shared by {display_path(owners[key], base)} "
                        f"and {display_path(root, base)}, which need different pins: pin each project alone",
                        exit_code=1,
                    )
                changes.setdefault(key, change)
                owners.setdefault(key, root)
        consistent = all(_selected(plan) for plan in plans)
        # a TypeScript project may take its package.json from a folder above PATH: the write covers it
        write_root = Path(os.path.commonpath([base, *(c.path.resolve().parent for c in changes.values())]))
        if consistent and not dry_run:
            apply(list(changes.values()), write_root)
    if output is PinFormat.json:
        emit_json(
            {
                "projects": [
                    {"project": display_path(root, base), **_document(plan)}
                    for root, plan in zip(roots, plans, strict=True)
                ],
                "written": bool(consistent and not dry_run and changes),
            }
        )
    elif output is PinFormat.diff:
        text = unified_diff(list(changes.values()), base)
        if text:
            typer.echo(text, nl=False)
    else:
        for root, plan in zip(roots, plans, strict=True):
            typer.echo(f"== {display_path(root, base)} ==")
            _show(plan, dry_run or not consistent)
    if not consistent:
        stuck = [
            display_path(root, base) for root, plan in zip(roots, plans, strict=True) if not _selected(plan)
        ]
        typer.echo(f"no project was written: {', '.join(stuck)} has no consistent set", err=True)
        raise typer.Exit(1)


def _selected(plan: PinPlan | TsPinPlan) -> bool:
    from compat.resolver.pin import PinPlan

    if isinstance(plan, PinPlan):
        return plan.selection is not None
    return plan.resolution.selection is not None


def _document(plan: PinPlan | TsPinPlan) -> dict[str, object]:
    from compat.project.changes import unified_diff
    from compat.resolver.pin import PinPlan, pin_json
    from compat.typescript.pin import ts_pin_json

    if isinstance(plan, PinPlan):
        return pin_json(plan)
    return ts_pin_json(plan, unified_diff(plan.changes, plan.project.root))


def _show(plan: PinPlan | TsPinPlan, dry_run: bool) -> None:
    from compat.project.changes import unified_diff
    from compat.resolver.pin import PinPlan

    if isinstance(plan, PinPlan):
        _text(plan, dry_run)
    else:
        _ts_text(plan, unified_diff(plan.changes, plan.project.root), dry_run)


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


def _typescript(
    path: Path, *, terraform: str | None, opentofu: str | None, dry_run: bool, output: PinFormat
) -> None:
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
        _ts_text(plan, diff, dry_run)
    if not selected:
        raise typer.Exit(1)


def _ts_text(plan: TsPinPlan, diff: str, dry_run: bool) -> None:
    for sentence in plan.explanation:
        typer.echo(sentence)
    if plan.resolution.selection is None:
        return
    typer.echo("Pins: " + ", ".join(f"{name}@{value}" for name, value in plan.written.items()))
    if not plan.changes:
        typer.echo("Nothing to change: the project already pins this selection.")
        return
    typer.echo(diff, nl=False)
    verb = "Would change" if dry_run else "Changed"
    for change in plan.changes:
        typer.echo(f"{verb} {change.path}")
