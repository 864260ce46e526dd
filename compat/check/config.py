"""Settings from ``[tool.compat]`` in pyproject.toml or from ``compat.toml``; flags override them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from compat.errors import CompatError
from compat.record import Record

_LISTS = ("select", "ignore", "exclude")
_STRINGS = ("terraform", "python", "index-url", "npm-registry")
_BOOLS = ("offline", "strict")


class CheckOptions(Record):
    """What one check of one project is asked for: the command's flags over the project's settings."""

    terraform: str | None = None
    python: str | None = None
    opentofu: str | None = None  # --opentofu VERSION (excludes terraform)
    node: str | None = None  # --node VERSION
    offline: bool = False
    select: tuple[str, ...] = ()  # codes, code prefixes ("IMP") or categories ("import")
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # paths relative to the root


class ProjectRun(Record):
    """One project to check: its root, its options and whether warnings fail the run."""

    root: Path
    options: CheckOptions
    strict: bool


class Settings(Record):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    terraform: str | None = None
    python: str | None = None
    index_url: str | None = None  # a mirror of PyPI (see compat.registry.endpoints)
    npm_registry: str | None = None
    offline: bool = False
    strict: bool = False
    source: str | None = None


def _read(path: Path) -> dict[str, Any]:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return dict(tomlkit.parse(path.read_text(encoding="utf-8")).unwrap())
    except (TOMLKitError, UnicodeDecodeError) as error:
        raise CompatError(f"{path.name}: not valid TOML: {str(error).splitlines()[0]}") from error
    except RecursionError as error:
        raise CompatError(f"{path.name}: TOML nested too deeply to read") from error
    except OSError as error:
        raise CompatError(f"cannot read {path}: {error.strerror or error}") from error


def _table(data: dict[str, object], source: str) -> Any:
    """``[tool.compat]`` of a parsed file (None when absent); a ``tool`` that is no table is an error."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise CompatError(f"{source}: 'tool' is not a table")
    return tool.get("compat")


def load_settings(root: Path) -> Settings:
    """``compat.toml`` (top-level keys or ``[tool.compat]``) wins over pyproject's ``[tool.compat]``."""
    table: dict[str, Any] | None = None
    source = None
    compat_toml = root / "compat.toml"
    pyproject = root / "pyproject.toml"
    if compat_toml.is_file():
        data = _read(compat_toml)
        table = _table(data, "compat.toml") or data
        source = "compat.toml"
    elif pyproject.is_file():
        found = _table(_read(pyproject), "pyproject.toml")
        if found is not None:
            table, source = found, "pyproject.toml [tool.compat]"
    if not table:
        return Settings()
    if not isinstance(table, dict):
        raise CompatError(f"{source}: [tool.compat] is not a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CompatError(f"{source}: {key} must be a list of strings")
            values[key] = tuple(value)
        elif key in _STRINGS:
            if not isinstance(value, str):
                raise CompatError(f"{source}: {key} must be a string")
            values[key.replace("-", "_")] = value
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise CompatError(f"{source}: {key} must be true or false")
            values[key] = value
        elif key in ("tool",):
            continue
        else:
            raise CompatError(f"{source}: unknown setting {key!r}")
    return Settings(source=source, **values)


def project_run(root: Path, scan: Path, flags: CheckOptions, strict: bool) -> ProjectRun:
    """The flags over the settings of the project at ``root`` (else those of ``scan``, the folder
    the command was pointed at); each setting counts only where no flag was given."""
    settings = load_settings(root)
    folder = root
    if not settings.source:
        folder, settings = scan, load_settings(scan)
    options = CheckOptions(
        terraform=flags.terraform or (None if flags.opentofu else settings.terraform),
        python=flags.python or settings.python,
        opentofu=flags.opentofu,
        node=flags.node,
        offline=flags.offline or settings.offline,
        select=flags.select or settings.select,
        ignore=flags.ignore or settings.ignore,
        exclude=_under(root, folder, settings.exclude),
    )
    return ProjectRun(root, options, strict or settings.strict)


def _under(root: Path, folder: Path, excluded: tuple[str, ...]) -> tuple[str, ...]:
    """Settings' ``exclude`` paths (relative to the settings' folder) that lie in ``root``, relative to it."""
    inside = []
    for entry in excluded:
        target = Path(os.path.normpath(folder / entry))
        if target == root or root in target.parents:
            inside.append(target.relative_to(root).as_posix())
    return tuple(inside)
