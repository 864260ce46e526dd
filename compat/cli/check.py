"""``compat check``: what will break in a project, for CI (exit 0 clean, 1 errors, 2 bad input)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import IndexUrlOption, OfflineOption, project_session, use_registries


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or [] for part in value.split(",") if part.strip())


def _print_rules(fmt: CheckFormat) -> None:
    from compat.check.rules import ALL_RULES

    if fmt is CheckFormat.json:
        import json

        typer.echo(json.dumps([{"code": r.meta.code, "name": r.meta.name, "category": r.meta.category,
                                "severity": r.meta.severity, "summary": r.meta.summary} for r in ALL_RULES],
                              indent=2))
        return
    for rule in ALL_RULES:
        meta = rule.meta
        typer.echo(f"{meta.code}  {meta.category:<8} {meta.severity:<8} {meta.name:<32} {meta.summary}")


def register(app: typer.Typer) -> None:
    @app.command(name="check")
    def _command(
        path: Annotated[Path, typer.Argument(help="Project root (where cdktf.json lives).")] = Path("."),
        fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
        select: Annotated[list[str] | None, typer.Option(
            "--select", metavar="CODES",
            help="Only these rule codes, prefixes or categories (repeatable, commas).")] = None,
        ignore: Annotated[list[str] | None, typer.Option(
            "--ignore", metavar="CODES", help="Skip these rule codes, prefixes or categories.")] = None,
        terraform: Annotated[str | None, typer.Option(
            "--terraform", metavar="VERSION",
            help="Terraform CLI version (default: TF_VERSION, .terraform-version, ...)")] = None,
        python: Annotated[str | None, typer.Option(
            "--python", metavar="VERSION",
            help="Python version (default: Pipfile, pyproject, .python-version).")] = None,
        offline: OfflineOption = False,
        index_url: IndexUrlOption = None,
        strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
        fix: Annotated[bool, typer.Option("--fix", help="Apply the fixable findings in place.")] = False,
        diff: Annotated[bool, typer.Option(
            "--diff", help="Print the fixes as a unified diff; write nothing.")] = False,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="Write the report to this file instead of stdout.")] = None,
        list_rules: Annotated[bool, typer.Option(
            "--list-rules", help="List every rule (code, category, severity) and exit.")] = False,
    ) -> None:
        """Report version, import, API and Terraform-feature errors of a cdktf / cdktn project."""
        if list_rules:
            _print_rules(fmt)
            return
        from compat.check.config import load_settings
        from compat.check.engine import CheckOptions, run_check
        from compat.check.fix import apply, plan
        from compat.check.reporters import render
        from compat.cli._options import use_colour
        from compat.errors import CompatError

        if fix and diff:
            raise CompatError("--fix and --diff exclude each other")
        root = path.resolve()
        if not root.is_dir():
            raise CompatError(f"{path}: not a directory")
        if output is not None and not output.resolve().parent.is_dir():
            raise CompatError(f"--output {output}: no such directory")
        settings = load_settings(root)
        use_registries(index_url, root)
        options = CheckOptions(
            terraform=terraform or settings.terraform,
            python=python or settings.python,
            offline=offline or settings.offline,
            select=_codes(select) or settings.select,
            ignore=_codes(ignore) or settings.ignore,
            exclude=settings.exclude,
        )
        with project_session(root, write=fix):  # --fix: no other writer between the check and the fix
            result = run_check(root, options)
            changes = plan(root, result.findings) if fix or diff else []
            if fix:
                apply(root, changes)
        if diff:
            typer.echo("".join(change.diff() for change in changes), nl=False)
            raise typer.Exit(result.exit_code(strict or settings.strict))
        if fix:
            for change in changes:
                typer.echo(f"fixed {change.applied} in {change.path}", err=True)
            if changes:
                result = run_check(root, options)
        report = render(result, fmt.value, colour=output is None and use_colour(), base=Path.cwd())
        if output is not None:
            from compat.fileio import write_atomic

            write_atomic(output.resolve(), report + "\n")
        else:
            typer.echo(report)
        raise typer.Exit(result.exit_code(strict or settings.strict))
