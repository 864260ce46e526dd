"""``compat check``: what will break in a project, for CI (exit 0 clean, 1 errors, 2 bad input).

No ``from __future__ import annotations`` here: typer reads the command's signature, and string
annotations would be compiled and evaluated again on every run (~5 ms of a small check's start).
"""

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compat.check.reporters import Format
from compat.cli._options import (
    IndexUrlOption,
    NodeOption,
    OfflineOption,
    OpenTofuOption,
    PythonOption,
    TerraformOption,
    project_session,
    use_registries,
)

if TYPE_CHECKING:
    from compat.check.config import CheckOptions, ProjectRun
    from compat.check.model import CheckResult


#: the --format choices: the reporters' own list (``compat.check.reporters.REPORTERS`` is keyed by it)
CheckFormat = Format


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or [] for part in value.split(",") if part.strip())


def _print_rules(fmt: CheckFormat) -> None:
    from compat.check.rules import ALL_RULES

    if fmt is CheckFormat.json:
        import json

        typer.echo(
            json.dumps(
                [
                    {
                        "code": r.meta.code,
                        "name": r.meta.name,
                        "category": r.meta.category,
                        "severity": r.meta.severity,
                        "summary": r.meta.summary,
                    }
                    for r in ALL_RULES
                ],
                indent=2,
            )
        )
        return
    for rule in ALL_RULES:
        meta = rule.meta
        typer.echo(f"{meta.code}  {meta.category:<8} {meta.severity:<8} {meta.name:<32} {meta.summary}")


def register(app: typer.Typer) -> None:
    @app.command(name="check")
    def _command(
        path: Annotated[
            Path,
            typer.Argument(
                help="A cdktf project (the folder of its cdktf.json) or a folder holding several."
            ),
        ] = Path("."),
        fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
        select: Annotated[
            list[str] | None,
            typer.Option(
                "--select",
                metavar="CODES",
                help="Only these rule codes, prefixes or categories (repeatable, commas).",
            ),
        ] = None,
        ignore: Annotated[
            list[str] | None,
            typer.Option("--ignore", metavar="CODES", help="Skip these rule codes, prefixes or categories."),
        ] = None,
        terraform: TerraformOption = None,
        opentofu: OpenTofuOption = None,
        python: PythonOption = None,
        node: NodeOption = None,
        offline: OfflineOption = False,
        index_url: IndexUrlOption = None,
        strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
        fix: Annotated[bool, typer.Option("--fix", help="Apply the fixable findings in place.")] = False,
        diff: Annotated[
            bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
        ] = False,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
        ] = None,
        sarif: Annotated[
            Path | None,
            typer.Option(
                "--sarif",
                metavar="PATH",
                help="Also write the SARIF report to PATH (one run for code scanning and the report).",
            ),
        ] = None,
        stdin_filename: Annotated[
            Path | None,
            typer.Option(
                "--stdin-filename",
                metavar="PATH",
                help="Check the text on stdin as this file of its project (an unsaved buffer); "
                "report that file's findings and write nothing.",
            ),
        ] = None,
        list_rules: Annotated[
            bool, typer.Option("--list-rules", help="List every rule (code, category, severity) and exit.")
        ] = False,
        jobs: Annotated[
            str | None,  # a string: typer would convert a number through pydantic (see _params)
            typer.Option(
                "--jobs",
                "-j",
                metavar="N",
                help="Worker processes for a large project (default: COMPAT_JOBS, else one per CPU "
                "from 400 files; 1: none).",
            ),
        ] = None,
    ) -> None:
        """Report version, import, API and Terraform-feature errors of a cdktf / cdktn project."""
        if list_rules:
            _print_rules(fmt)
            return
        from compat.check.config import CheckOptions

        flags = CheckOptions(
            terraform=terraform,
            python=python,
            opentofu=opentofu,
            node=node,
            offline=offline,
            select=_codes(select),
            ignore=_codes(ignore),
        )
        if stdin_filename is not None:
            _check_stdin(
                stdin_filename,
                fmt,
                flags=flags,
                strict=strict,
                index_url=index_url,
                write=fix or diff or output is not None or sarif is not None,
            )
        scan, projects = _projects(path, output, fix=fix, diff=diff)
        if sarif is not None and not sarif.resolve().parent.is_dir():
            from compat.errors import CompatError

            raise CompatError(f"--sarif {sarif}: no such directory")
        use_registries(index_url, scan)
        runs, results = _check_all(projects, scan, flags, strict, fix=fix, diff=diff, jobs=_jobs(jobs))
        exit_code = max(result.exit_code(run.strict) for run, result in zip(runs, results, strict=True))
        if not diff:
            _emit(results, fmt, scan, output, sarif)
        raise typer.Exit(exit_code)


def _jobs(value: str | None) -> int | None:
    """``--jobs N`` as a number of processes (None: not given)."""
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        from compat.errors import CompatError

        raise CompatError(f"--jobs {value}: not a number of processes (1 or more)")
    return int(value)


def _check_stdin(
    stdin_filename: Path,
    fmt: Format,
    *,
    flags: "CheckOptions",
    strict: bool,
    index_url: str | None,
    write: bool,
) -> None:
    """``--stdin-filename``: stdin checked as that file of the project holding it; prints, never writes."""
    import sys

    from compat.check.config import project_run
    from compat.check.engine import run_check
    from compat.check.reporters import render
    from compat.errors import CompatError

    if write:
        raise CompatError(
            "--stdin-filename checks a buffer and writes nothing: --fix, --diff, --output and "
            "--sarif do not apply"
        )
    target = stdin_filename.resolve()
    root = next((folder for folder in target.parents if (folder / "cdktf.json").is_file()), None)
    if root is None:
        raise CompatError(f"--stdin-filename {stdin_filename}: no cdktf.json in its folder or above")
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise CompatError(f"--stdin-filename {stdin_filename}: stdin is not UTF-8") from error
    use_registries(index_url, root)
    run = project_run(root, root, flags, strict)
    result = run_check(run.root, run.options, buffers={target: text})
    rel = target.relative_to(root).as_posix()
    result = result._replace(findings=tuple(f for f in result.findings if f.path == rel))
    base = Path.cwd() if Path.cwd() in (root, *root.parents) else root
    typer.echo(render(result, fmt, base=base))
    raise typer.Exit(result.exit_code(run.strict))


def _projects(path: Path, output: Path | None, *, fix: bool, diff: bool) -> tuple[Path, dict[Path, str]]:
    """PATH resolved, and the projects under it that compat reads, with their language; bad flags or
    no project: one line, exit 2 (a language compat does not read too: never a silent pass)."""
    from compat.errors import CompatError
    from compat.project.files import find_projects

    if fix and diff:
        raise CompatError("--fix and --diff exclude each other")
    scan = path.resolve()
    if not scan.is_dir():
        raise CompatError(f"{path}: not a directory")
    if output is not None and not output.resolve().parent.is_dir():
        raise CompatError(f"--output {output}: no such directory")
    projects = find_projects(scan)
    if not projects:
        raise CompatError(
            f"no cdktf.json under {path}: point PATH at a cdktf project (the folder of "
            "its cdktf.json) or a folder above it"
        )
    from compat.languages import split_projects

    languages = split_projects(projects, scan)  # none compat reads: exit 2, never a silent pass
    if languages.skipped:
        typer.echo(languages.skipped_line(scan), err=True)
    return scan, {p.root: p.language for p in languages.checked}


def _check_all(
    projects: dict[Path, str],
    scan: Path,
    flags: "CheckOptions",
    strict: bool,
    *,
    fix: bool,
    diff: bool,
    jobs: int | None = None,
) -> "tuple[list[ProjectRun], list[CheckResult]]":
    """Every project checked by its language (all read before any is written), then fixed or diffed
    when asked."""
    from compat.check.config import project_run

    runs = [project_run(root, scan, flags, strict) for root in projects]
    with contextlib.ExitStack() as sessions:
        for run in runs:  # --fix: no other writer between the check and the fix
            sessions.enter_context(project_session(run.root, write=fix))
        from compat.cli.progress import StatusLine

        status = StatusLine()
        results = [
            _check_one(
                run,
                projects.get(run.root),
                functools.partial(status.count, what="files checked"),  # a method of a value handed down
                jobs,
            )
            for run in runs
        ]
        status.close()
        if fix or diff:
            pairs = zip(runs, results, strict=True)
            results = [_fixes(run, result, scan, projects.get(run.root), write=fix) for run, result in pairs]
    return runs, results


def _emit(
    results: "list[CheckResult]", fmt: Format, scan: Path, output: Path | None, sarif: Path | None = None
) -> None:
    """The report in ``fmt``, to ``output`` (atomically) or stdout; paths relative to the CI checkout."""
    from compat.check.reporters import render_many
    from compat.cli._options import use_colour

    base = Path.cwd() if Path.cwd() in (scan, *scan.parents) else scan
    report = render_many(results, fmt, colour=output is None and use_colour(), base=base)
    if sarif is not None:  # beside the report: one run for code scanning and annotations
        from compat.fileio import write_atomic

        write_atomic(sarif.resolve(), render_many(results, Format.sarif, base=base) + "\n")
    if output is not None:
        from compat.fileio import write_atomic

        write_atomic(output.resolve(), report + "\n")
    else:
        typer.echo(report)


def _check_one(
    run: "ProjectRun",
    language: str | None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = 1,
) -> "CheckResult":
    """One project's check, by the engine's loader of ``language`` (cdktf.json's; None: read from it);
    ``progress``: files done, of all; ``jobs``: worker processes, see :mod:`compat.check.parallel`."""
    from compat.check.engine import run_check

    return run_check(run.root, run.options, progress=progress, jobs=jobs, language=language)


def _fixes(
    run: "ProjectRun", result: "CheckResult", scan: Path, language: str | None, *, write: bool
) -> "CheckResult":
    """Print the fixes as a diff, or apply them and check the project again, by its ``language``; file
    names relative to PATH."""
    from compat.check.fix import apply, plan
    from compat.project.changes import display_path, unified_diff

    changes = plan(run.root, result.findings)
    if not write:
        typer.echo(unified_diff(changes, scan), nl=False)
        return result
    if not changes:
        return result
    apply(run.root, changes)
    for change in changes:
        typer.echo(f"fixed {change.edits} in {display_path(change.path, scan)}", err=True)
    return _check_one(run, language)
