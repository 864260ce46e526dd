"""The data walk of check and migrate (bench/data_walk.py): the project is read once, the walk goes
down the layers (no call into a module that imports the caller) and never goes back into a module it
left while that module is still running."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "data_walk.py"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("data_walk", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["data_walk"] = module
    spec.loader.exec_module(module)
    return module


WALKS = {
    "check": (["check", str(EXAMPLES / "broken-stack"), "--offline"], 1),
    "check clean": (["check", str(EXAMPLES / "clean-stack"), "--offline", "--format", "json"], 0),
    "migrate": (["migrate", str(EXAMPLES / "broken-stack"), "--offline", "--to", "cdktn"], 0),
    "migrate prebuilt": (["migrate", str(EXAMPLES / "broken-stack"), "--offline", "--to-prebuilt"], 0),
}


@pytest.mark.parametrize("name", sorted(WALKS))
def test_the_walk_reads_the_project_once_goes_down_and_enters_no_module_twice(name: str) -> None:
    data_walk = _bench()
    argv, exit_code = WALKS[name]
    walk = data_walk.trace(argv, name)
    assert walk.exit_code == exit_code
    assert walk.entries["compat.project.load"] == 1
    # a move checks the moved code, then the files with an error as they are (each on the one model)
    assert walk.entries["compat.check.project"] in ((1,) if argv[0] == "check" else (0, 1, 2))
    assert sorted(walk.reentries) == []
    assert walk.directed("up") == []
    assert len(walk.modules) > 20 and walk.calls  # the profiler saw the run


def test_the_typescript_check_walk_goes_down_and_enters_no_module_twice() -> None:
    walk = _bench().trace(["check", str(EXAMPLES / "ts-broken-stack"), "--offline"], "check typescript")
    assert walk.exit_code == 1
    assert sorted(walk.reentries) == []
    assert walk.directed("up") == []
    assert "compat.typescript.rule_facts" in walk.modules  # the shared rules read the npm facts
    # one engine: the CLI calls run_check, which reads the project through the TypeScript loader
    assert "compat.check.engine" in walk.modules and "compat.typescript.loader" in walk.modules
    assert walk.entries["compat.check.project"] == 0  # the Python loader's module: never entered


def test_the_typescript_migrate_walk_reads_the_project_once_and_goes_down() -> None:
    argv = ["migrate", str(EXAMPLES / "ts-broken-stack"), "--offline", "--to", "cdktn"]
    walk = _bench().trace(argv, "migrate typescript")
    assert walk.exit_code == 0  # the example's misspelled S3BucketVersioning is imported by alias
    assert walk.entries["compat.project.load"] == 1
    assert sorted(walk.reentries) == []
    assert walk.directed("up") == []
    assert "compat.migrations.ts_planner" in walk.modules


def _probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, high: str) -> ModuleType:
    """A package ``probe`` of two modules: ``low`` runs a callable it is given, ``high`` imports it."""
    package = tmp_path / "probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text(
        "def run(callback):\n    return callback()\n\n\ndef answer():\n    return 0\n"
    )
    (package / "high.py").write_text("from probe.low import answer, run\n\n\n" + high)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("probe", "probe.low", "probe.high"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importlib.import_module("probe.high")


def test_a_function_handed_down_and_called_back_is_a_reentry_and_a_call_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    high = _probe(tmp_path, monkeypatch, "def own():\n    return 0\n\n\ndef main():\n    return run(own)\n")
    walk = _bench().follow(high.main, "probe", tmp_path / "probe")
    assert walk.reentries == {("probe.low", "probe.high")}
    assert walk.directed("up") == [("probe.low", "probe.high")]
    assert walk.directed("down") == [("probe.high", "probe.low")]


def test_a_value_of_the_lower_module_handed_down_is_no_reentry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    high = _probe(tmp_path, monkeypatch, "def main():\n    return run(answer)\n")
    walk = _bench().follow(high.main, "probe", tmp_path / "probe")
    assert walk.reentries == set()
    assert walk.directed("up") == []
