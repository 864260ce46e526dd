"""What a ``compat check`` process loads: only the command it runs, and never pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys
from compat.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in
      ("pydantic", "libcst", "requests", "tomlkit") or m.startswith("compat.cli."))}))
"""


def _probe(*argv: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, check=False)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_check_loads_neither_pydantic_nor_the_other_commands() -> None:
    found = _probe("check", str(ROOT / "examples" / "clean-stack"), "--offline", "--format", "json")
    assert found["code"] == 0
    assert found["loaded"] == ["compat.cli._options", "compat.cli._params", "compat.cli.check"]


def test_a_bad_choice_is_reported_as_before() -> None:
    project = str(ROOT / "examples" / "clean-stack")
    argv = [sys.executable, "-m", "compat", "check", project, "--format", "yaml"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 2
    expected = "Invalid value for '--format' / '-f': Value error, 'yaml' is not one of 'text', 'json'"
    assert expected in done.stderr
