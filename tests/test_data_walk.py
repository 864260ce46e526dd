"""The data walk of check and migrate (bench/data_walk.py): the project is read once, and the walk goes
back up into a module only through a callable that module handed down, from the known list."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "data_walk.py"

#: callables handed down: the memo's computations (shared.py), the lazy loaders of the context
#: (``newest_index``, ``is_module``), the progress callback, LibCST's command table
HANDED_DOWN = {
    "check": {
        ("compat.check.analysis", "compat.check.engine"),
        ("compat.check.context", "compat.check.shared"),
        ("compat.check.shared", "compat.check.context"),
        ("compat.check.shared", "compat.check.rules._functions"),
        ("compat.check.engine", "compat.cli.check"),
        ("compat.check.rules._api", "compat.check.engine"),
        ("compat.check.rules._api", "compat.check.shared"),
        ("compat.check.rules._synth", "compat.check.shared"),
        ("compat.check.shared", "compat.check.repository"),
        ("compat.check.shared", "compat.check.rules._api"),
        ("compat.check.shared", "compat.check.rules._synth"),
        ("compat.check.shared", "compat.check.rules.imp001_module_missing"),
        ("compat.check.shared", "compat.check.rules.ver014_undeclared_package"),
    },
    "migrate": {
        ("compat.migrations.rewrite.imports", "compat.migrations.rewrite.table"),
        ("compat.migrations.rewrite.table", "compat.migrations.rewrite.base"),
        ("compat.migrations.rewrite.table", "compat.migrations.rewrite.imports"),
        ("compat.migrations.rewrite.table", "compat.migrations.rewrite.packages"),
    },
}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("data_walk", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["data_walk"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command", ["check", "migrate"])
def test_the_walk_reads_the_project_once_and_goes_back_up_only_through_what_was_handed_down(
    command: str,
) -> None:
    data_walk = _bench()
    walk = data_walk.trace(data_walk.COMMANDS[command], command)
    assert walk.exit_code == (1 if command == "check" else 0)
    assert walk.entries["compat.project.load"] == 1
    assert walk.entries["compat.check.project"] == (1 if command == "check" else 0)
    assert walk.reentries <= HANDED_DOWN[command], sorted(walk.reentries - HANDED_DOWN[command])
    assert len(walk.modules) > 20 and walk.calls  # the profiler saw the run
