"""The README's claims held against the code: rule codes and severities, limits, formats, commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from compat.check.reporters import Format
from compat.check.rules import RULES_BY_CODE
from compat.cli import _COMMANDS
from compat.parse_guard import MAX_CHARS
from compat.project.files import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
RELIABILITY = (ROOT / "docs" / "RELIABILITY.md").read_text()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_rule_code_the_readme_names_exists() -> None:
    named = set(re.findall(r"\b(?:SRC|IMP|API|VER|SYN)\d{3}\b", README))
    assert named and named <= set(RULES_BY_CODE), named - set(RULES_BY_CODE)


def test_severities_the_readme_states_are_the_rules() -> None:
    """SRC002 is emitted as ``info`` per other prebuilt package; its default (``--list-rules``), for the
    AWS bindings, is what the README says it is."""
    text = _flat(README)
    assert re.search(r"`info` finding per package \(SRC002", text)
    pattern = r"SRC002 about the AWS bindings themselves, [^;)]*stays the `(\w+)` that `--list-rules`"
    stays = re.search(pattern, text)
    assert stays and RULES_BY_CODE["SRC002"].meta.severity == stays.group(1)


def test_size_limits_are_the_code() -> None:
    text = _flat(README)
    over = re.search(r"Files over (\d+) MB are not read", text)
    assert over and int(over.group(1)) * 1_000_000 == MAX_BYTES
    chars = re.search(r"more than (\d+) million characters is read but not parsed", text)
    assert chars and int(chars.group(1)) * 1_000_000 == MAX_CHARS
    reliability = _flat(RELIABILITY)
    assert f"more than {MAX_CHARS // 1_000_000} million characters" in reliability
    assert f"over {MAX_BYTES // 1_000_000} MB is not even read" in reliability
    assert "larger than 4 MB" not in reliability


def test_every_format_is_listed() -> None:
    listed = re.search(r"exit 0/1/2, ([a-z/]+) output", _flat(README))
    assert listed and set(listed.group(1).split("/")) == {f.value for f in Format}


def test_the_command_table_is_the_command_line() -> None:
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `compat ([a-z-]+)", table, re.MULTILINE))
    assert documented == set(_COMMANDS)


@pytest.mark.parametrize("argv, code", [([], 0), (["--strict"], 1), (["--terraform", "1.5.7"], 1)])
def test_the_clean_example_exits_as_its_readme_says(argv: list[str], code: int) -> None:
    readme = (ROOT / "examples" / "clean-stack" / "README.md").read_text()
    command = "compat check examples/clean-stack" + (" " + " ".join(argv) if argv else "")
    line = next(
        row for row in readme.splitlines() if row.strip().startswith(command) and (argv or "--" not in row)
    )
    assert f"exit {code}" in line
    done = subprocess.run(
        [sys.executable, "-m", "compat", "check", "examples/clean-stack", "--offline", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == code, done.stdout + done.stderr
