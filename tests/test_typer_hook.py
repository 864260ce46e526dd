"""compat patches a private hook of typer (``core.build_runtime_param``, ``_coercion.RuntimeParam``) so
that a check never imports pydantic: this fails when a typer release changes what the patch relies on,
and pyproject.toml bounds typer above so that such a release is not installed unnoticed."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer
from typer import _coercion, core

from compat.cli import build_app
from compat.cli._params import is_installed

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


@pytest.mark.skipif(not hasattr(core, "build_runtime_param"), reason="typer < 0.29 has no hook to patch")
def test_the_patched_hook_is_installed_and_has_the_shape_it_relies_on() -> None:
    build_app(["check", "--help"])
    assert is_installed() and core.build_runtime_param.__module__ == "compat.cli._params"
    assert "_coerce_value" in vars(_coercion.RuntimeParam)
    assert list(inspect.signature(_coercion.RuntimeParam._coerce_value).parameters) == [
        "self",
        "value",
        "param",
        "ctx",
    ]
    fields = set(_coercion.RuntimeParam.__dataclass_fields__)
    assert {"annotation", "parameter_info"} <= fields


def test_typer_is_bounded_above_in_the_package_metadata() -> None:
    import tomllib
    from packaging.requirements import Requirement

    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    (typer_spec,) = [d for d in dependencies if d.startswith("typer")]
    assert "<" in typer_spec, typer_spec
    assert Requirement(typer_spec).specifier.contains(typer.__version__), (typer_spec, typer.__version__)
