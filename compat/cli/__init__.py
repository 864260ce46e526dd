"""The ``compat`` command line: a thin typer layer over the pure core.

Every command module exposes ``register(app)``; a run imports and builds only the command it
names, heavy imports happen inside the commands, and option values are converted without pydantic
(:mod:`compat.cli._params`), so that a check starts fast. This module, ``check`` and ``migrate`` have
no ``from __future__ import annotations``: typer reads their signatures, and string annotations
would be compiled again on each run.
"""

import errno
import os
import sys
from typing import Annotated

import typer

from compat import __version__
from compat.errors import CompatError

# typer >= 0.29 vendors click; reach its exception types through typer's public ones.
_UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

_COMMANDS = (
    "check",
    "pin",
    "migrate",
    "repair",
    "renames",
    "graph",
    "index",
    "releases",
    "data",
    "why",
    "matrix",
    "server",
    "pr-comment",
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"compat {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep CDK for Terraform (cdktf / cdktn) Python projects on versions that work together."""


def build_app(argv: list[str]) -> typer.Typer:
    """The command line for ``argv``: only the command it names is imported and built.

    Without a known command (``--help``, a typo) every command is registered, so help lists them
    all and a typo is reported against the full list.
    """
    import importlib

    from compat.cli import _params

    _params.install()
    app = typer.Typer(
        name="compat",
        help="Keep CDK for Terraform (cdktf / cdktn) Python projects on versions that work together.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    if named is None and "--version" in argv and "--help" not in argv:
        return app  # the version is printed before any command is looked up
    for name in (named,) if named in _COMMANDS else _COMMANDS:
        importlib.import_module(f"compat.cli.{name.replace('-', '_')}").register(app)
    if named not in _COMMANDS or "--help" in argv or "-h" in argv:
        _whole_summaries(app)
    return app


def _whole_summaries(app: typer.Typer) -> None:
    """Command lists show each command's first sentence whole (click cuts a derived one at ~45
    characters with "..."; a ``short_help`` given is wrapped, never cut)."""
    for command in app.registered_commands:
        if command.short_help is None and command.callback is not None and command.callback.__doc__:
            command.short_help = command.callback.__doc__.strip().split("\n\n")[0].replace("\n", " ")
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _whole_summaries(group.typer_instance)
            info = group.typer_instance.info
            text = next((t for t in (group.help, info.help) if isinstance(t, str)), None)
            if not isinstance(group.short_help, str) and text:
                group.short_help = text.strip().split("\n\n")[0].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one line on stderr, never a traceback."""
    try:
        args = sys.argv[1:] if argv is None else argv
        result = build_app(args)(args=args, prog_name="compat", standalone_mode=False)
    except CompatError as error:
        _fail(str(error))
        return error.exit_code
    except _UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help text goes out, as with --help
            ctx = getattr(error, "ctx", None)
            typer.echo(ctx.get_help() if ctx else "", err=True)
            return 2
        _fail(str(getattr(error, "format_message", error.__str__)()).replace("\n", " "))
        return 2
    except typer.Exit as exit_:
        return int(exit_.exit_code)
    except BrokenPipeError:  # `compat index show ... | head`: the reader has what it wanted
        _quiet_stdout()
        return 0
    except SystemExit as exit_:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # click's exit on a closed pipe (EPIPE)
            _quiet_stdout()
            return 0
        raise exit_
    except typer.Abort:
        _fail("aborted")
        return 2
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except Exception as error:  # the last line of defence: one line, no traceback
        if os.environ.get("COMPAT_DEBUG"):
            raise
        _fail(_explain(error))
        return 2
    finally:
        from compat.registry import deadline

        deadline.end()  # the command's network deadline ends with it, and what it failed to index
        if (index_api := sys.modules.get("compat.index.api")) is not None:
            index_api.forget_failures()
    return int(result) if isinstance(result, int) else 0


def _short(name: object, limit: int = 120) -> str:
    text = os.fsdecode(name) if isinstance(name, (str, bytes)) else str(name)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def _explain(error: Exception) -> str:
    """The one line for an error no layer below turned into a :class:`CompatError`."""
    if isinstance(error, RecursionError):
        return "the input is nested too deeply to read (a JSON or TOML document thousands of levels deep?)"
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return "a version in the input has more than 4,300 digits: no such release exists"
    if isinstance(error, MemoryError):
        return "out of memory reading the input (a file far larger or deeper than a project has?)"
    if isinstance(error, OSError) and error.strerror:
        where = f" {_short(error.filename)}" if error.filename else ""
        if error.errno == errno.ENAMETOOLONG:
            return f"path too long:{where}"
        return f"cannot read or write{where}: {error.strerror}"
    message = _short(error, 300)
    return f"internal error: {type(error).__name__}: {message} (set COMPAT_DEBUG=1 for a traceback)"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush of it cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _fail(message: str) -> None:
    from compat.registry.redact import redact_urls  # an index URL's credentials, whatever quoted it

    typer.echo(f"compat: error: {redact_urls(message)}", err=True)


def run() -> None:
    """Console-script entry point: run, flush the output and end the process at once.

    The interpreter's own teardown (clearing some 400 modules and their objects) costs 25-40 ms, a
    quarter of a ``check``, and releases nothing this process still needs released: by now every
    write went through :mod:`compat.transaction` (renamed, fsynced, closed), the user cache commits
    each entry, and the kernel drops the project lock. Only when the output cannot be flushed (a
    closed pipe) does Python's normal exit path run, with its usual handling.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(code)
    except (OSError, ValueError):
        sys.exit(code)
    if "logging" in sys.modules:  # a library's handlers, if any, flush as at a normal exit
        sys.modules["logging"].shutdown()
    os._exit(code)
