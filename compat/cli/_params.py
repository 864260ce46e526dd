"""Option values converted without pydantic, for the kinds of options compat declares.

typer >= 0.29 converts every option value through a pydantic ``TypeAdapter``; importing pydantic
for that costs about a third of a ``compat check`` run. compat's options are strings, paths,
flags, enum choices and lists of those: they are converted here with typer's own pydantic-free helpers
(same results, same messages), and every other kind (numbers with bounds, ...) is left to typer.
If a typer release drops the hook this uses, :func:`install` does nothing and typer converts all.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, get_args, get_origin

#: the typer objects patched in this process: a second :func:`install` leaves them as they are
_PATCHED: set[object] = set()


def install() -> None:
    """Route the simple option kinds through :class:`_PlainParam`; typer keeps the rest."""
    from typer import _coercion, core

    if not hasattr(core, "build_runtime_param") or not hasattr(_coercion, "RuntimeParam") or core in _PATCHED:
        return
    original: Callable[[_coercion.TypeDescriptor], _coercion.RuntimeParam] = core.build_runtime_param

    class _PlainParam(_coercion.RuntimeParam):
        """One str / Path / bool / enum value, or a list of them, converted as typer's adapters would.

        No fields of its own: it inherits the frozen dataclass ``__init__``, ``__eq__`` and
        ``__repr__`` of typer's ``RuntimeParam`` (re-deriving them would exec them again at start).
        """

        def _coerce_value(self, value: object, param: object, ctx: object) -> object:
            annotation: object = self.annotation
            item = get_args(annotation)[0] if get_origin(annotation) is list else None
            if item is None:
                return _convert(annotation, self.parameter_info, value, param, ctx)
            values = value if isinstance(value, (list, tuple)) else [value]
            return [_convert(item, self.parameter_info, one, param, ctx) for one in values]

    def build(descriptor: _coercion.TypeDescriptor) -> _coercion.RuntimeParam:
        annotation: object = descriptor.annotation
        leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        info = descriptor.parameter_info
        if descriptor.file_annotation is None and info.parser is None and _plain(leaf):
            return _PlainParam(annotation=annotation, parameter_info=info)
        return original(descriptor)

    core.build_runtime_param = build
    _PATCHED.add(core)
    _name_values(core)


def is_installed() -> bool:
    """Whether :func:`install` patched typer in this process (the hook's test asks)."""
    from typer import core

    return core in _PATCHED


def _name_values(core: ModuleType) -> None:
    """Help names a value by its option (``--python PYTHON``, ``path PATH``), not by its Python type
    (``<str>``, ``<list[str]>``, ``<path>``); choices keep their list (``<text|json>``)."""
    parameter = getattr(core, "_TyperParameter", None)
    typed = getattr(parameter, "display_type", None)
    if typed is None or parameter in _PATCHED:
        return

    def display_type(self: object, ctx: object) -> str:
        descriptor = getattr(self, "type_descriptor", None)
        name = getattr(self, "name", None)
        if descriptor is None or getattr(descriptor, "is_choice", True) or not name:
            return str(typed(self, ctx))
        return str(name).upper()

    setattr(parameter, "display_type", display_type)  # noqa: B010  (a class found at run time)
    _PATCHED.add(parameter)


def _plain(annotation: object) -> bool:
    return annotation in (str, Path, bool) or (
        isinstance(annotation, type) and issubclass(annotation, enum.Enum)
    )


def _convert(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> object:
    from typer import BadParameter
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    if annotation is str:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if annotation is bool:
        return _boolean(value, param, ctx)
    if annotation is Path:
        path_type = info.path_type or Path
        start = value if isinstance(value, Path) or path_type is not Path else Path(value)
        return coerce_cli_path(start, info, path_type=path_type, param=param, ctx=ctx)
    try:
        return coerce_cli_choice(
            value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
        )
    except ValueError as error:  # pydantic's wording, which typer shows
        raise BadParameter(f"Value error, {error}", ctx=ctx, param=param) from error


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"", "0", "off", "f", "false", "n", "no"})


def _boolean(value: Any, param: Any, ctx: Any) -> bool:
    from typer import BadParameter

    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise BadParameter("Input should be a valid boolean, unable to interpret input", ctx=ctx, param=param)
