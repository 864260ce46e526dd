"""What a ``compat check`` process loads: only the command it runs, and never pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: modules in ``sys.modules`` after a check of examples/clean-stack (the interpreter's own, typer's, ours)
CLEAN_STACK_MODULES = 318

_PROBE = """
import json, sys, typing
UNNEEDED = ("compat.typescript", "compat.index.tslayout", "compat.index.typescript", "packaging.requirements",
            "packaging.markers", "compat.mentions.shell", "compat.mentions.package_json", "packaging.tags")
from compat.cli import main
code = main(sys.argv[1:])
ours = [m for name, m in list(sys.modules.items()) if name.startswith("compat.")]
dataclasses = sorted(f"{m.__name__}.{k}" for m in ours for k, v in vars(m).items()
                     if isinstance(v, type) and "__dataclass_fields__" in vars(v)
                     and v.__module__ == m.__name__)
records = [v for m in ours for v in vars(m).values()
           if isinstance(v, type) and hasattr(v, "_fields") and v.__module__ == m.__name__]
forward = sorted(f"{v.__module__}.{v.__name__}.{field}" for v in records
                 for field, a in vars(v).get("__annotations__", {}).items()
                 if isinstance(a, typing.ForwardRef))
made_by_typing = sorted(f"{v.__module__}.{v.__name__}" for v in records
                        if v.__new__.__code__.co_filename != "<record>")
print(json.dumps({"code": code, "forward": forward, "made_by_typing": made_by_typing, "records": len(records),
      "modules": sorted(sys.modules),
      "loaded": sorted(m for m in sys.modules if m.split(".")[0] in
      ("pydantic", "libcst", "requests", "tomlkit") or m.startswith(("compat.cli.", "compat.check.reporters.",
      "compat.resolver.", "compat.migrations"))), "dataclasses": dataclasses,
      "unneeded": sorted(m for m in sys.modules if m.startswith(UNNEEDED))}))
"""


def _probe(*argv: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_check_loads_neither_pydantic_nor_the_other_commands() -> None:
    found = _probe("check", str(ROOT / "examples" / "clean-stack"), "--offline", "--format", "json")
    assert found["code"] == 0
    assert found["loaded"] == [
        "compat.check.reporters.json_report",
        "compat.cli._options",
        "compat.cli._params",
        "compat.cli.check",
        "compat.cli.progress",
    ]  # the resolver only for a project pinning two prebuilt packages, or one beside its core pin (VER015)


def test_check_defines_only_the_dataclasses_that_hold_state() -> None:
    """A dataclass costs 3-8 M instructions to define (its methods are compiled from source; a check
    starts in ~0.5 G), so plain records on the check path are ``Record``s, and a class that holds state is
    a plain class (a cache, a deadline, a walk, the facts of a file, the snapshot, the check's context is a
    record). ``Pin``, ``Manifest`` and ``LockFile``, generic in the range a pin requires, are records too
    (``Record`` keeps ``Generic`` a base on Python 3.10 as well; ``Pin.exact`` is None for an npm range)."""
    found = _probe("check", str(ROOT / "examples" / "broken-stack"), "--offline")
    assert found["code"] == 1
    dataclasses = found["dataclasses"]
    assert isinstance(dataclasses, list)
    assert dataclasses == []


def test_the_check_path_makes_its_records_without_typing_namedtuple() -> None:
    """``typing.NamedTuple`` costs ~0.7 M instructions a class (``collections.namedtuple`` compiles a
    ``__new__`` per class; each string annotation becomes a ``ForwardRef``), ``compat.record.Record``
    ~0.25 M: every record of a check's modules is a ``Record``, so none compiles a string annotation."""
    found = _probe("check", str(ROOT / "examples" / "broken-stack"), "--offline")
    assert found["made_by_typing"] == []
    assert found["forward"] == []
    records = found["records"]
    # 124: the mise pin and the entry of a tool mise uses on Linux (versions.mise)
    assert isinstance(records, int) and 0 < records <= 124, records


def test_a_small_check_imports_few_modules() -> None:
    """Every module is a file to find, read and run when a check starts: a cap on how many a small check
    imports, so a module a run does not use cannot slip back in unnoticed."""
    found = _probe("check", str(ROOT / "examples" / "clean-stack"), "--offline")
    modules = found["modules"]
    assert isinstance(modules, list)
    assert len(modules) <= CLEAN_STACK_MODULES, len(modules)


def test_a_python_check_imports_no_typescript_module_nor_the_pep508_parser() -> None:
    """The TypeScript reader, rules and jsii layout decoding are for a TypeScript project only; PEP 508's
    parser (markers, ~8 ms) only for a project whose manifest holds requirement lines (a Pipfile has none);
    the shell and package.json readers of the tool mentions only for a repository with such files;
    ``packaging.tags`` (through ``packaging.utils``) only for a wheel or sdist named in a requirement."""
    for example in ("broken-stack", "clean-stack"):
        found = _probe("check", str(ROOT / "examples" / example), "--offline")
        assert found["unneeded"] == [], example


def test_a_bad_choice_is_reported_as_before() -> None:
    project = str(ROOT / "examples" / "clean-stack")
    argv = [sys.executable, "-m", "compat", "check", project, "--format", "yaml"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 2
    expected = "Invalid value for '--format' / '-f': Value error, 'yaml' is not one of 'text', 'json'"
    assert expected in done.stderr


def test_the_process_ends_with_its_exit_code_and_all_its_output() -> None:
    """``run`` skips the interpreter's teardown: the report must still arrive whole, with its code."""
    project = str(ROOT / "examples" / "broken-stack")
    argv = [sys.executable, "-m", "compat", "check", project, "--offline", "--format", "sarif"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 1
    assert json.loads(done.stdout)["runs"][0]["results"]
    argv = [sys.executable, "-m", "compat", "releases", "nope"]
    failed = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr.startswith("compat: error: ")


def test_the_entry_point_tunes_the_collector_before_the_cli_is_imported() -> None:
    probe = (
        "import gc, sys, compat.__main__ as entry\n"
        "before = 'typer' in sys.modules or 'compat.cli' in sys.modules\n"
        "sys.argv = ['compat', '--version']\n"
        "import compat.cli\n"
        "compat.cli.run = lambda: print(before, gc.get_threshold() == entry.GC_THRESHOLDS)\n"
        "entry.main()\n"
    )
    argv = [sys.executable, "-c", probe]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.stdout.split() == ["False", "True"]


def test_migrate_loads_no_pydantic_and_checks_its_timeout_itself(tmp_path: Path) -> None:
    """typer converts a bounded number through pydantic (~30 ms of a small migrate): ``--verify-timeout``
    is read as text and converted by the command, with the same bound (at least 1 second)."""
    import shutil

    project = tmp_path / "cdktf021"
    shutil.copytree(ROOT / "tests" / "fixtures" / "migrations" / "cdktf021", project)
    found = _probe("migrate", str(project), "--to", "cdktn", "--offline")
    loaded = found["loaded"]
    assert isinstance(loaded, list) and "compat.migrations.planner" in loaded
    assert not [m for m in loaded if m.startswith("pydantic")]
    for bad in ("0", "abc", "nan"):
        argv = [sys.executable, "-m", "compat", "migrate", str(project), "--to", "cdktn"]
        argv += ["--verify-timeout", bad]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"compat: error: --verify-timeout {bad}: not a number of seconds (1 or more)\n"
