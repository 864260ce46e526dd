"""Help that reads as the tool works: values named by their option, summaries whole; a closed pipe
(``| head``) is not an error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from compat.cli import _COMMANDS, main
from tests.conftest import indexed

ROOT = Path(__file__).resolve().parents[2]
_SUBCOMMANDS = {
    "index": ("show", "params", "find", "build"),
    "data": ("status", "build", "refresh", "runtimes", "features"),
}
_ALL = [[name] for name in _COMMANDS if name not in _SUBCOMMANDS] + [
    [group, sub] for group, subs in _SUBCOMMANDS.items() for sub in subs
]


@pytest.mark.parametrize("argv", _ALL, ids=" ".join)
def test_help_names_values_not_python_types(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--help"]) == 0
    text = capsys.readouterr().out
    assert not re.search(r"<(str|path|int|list\[[a-z]+\])>", text), text


@pytest.mark.parametrize("argv", [[], ["index"], ["data"]])
def test_command_summaries_are_whole(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--help"]) == 0
    text = capsys.readouterr().out
    listing = text.split("Commands:", 1)[1]
    assert "..." not in listing, listing


@pytest.mark.skipif(not indexed("cdktf-cdktf-provider-aws", "19.65.1"), reason="needs the embedded index")
@pytest.mark.parametrize("argv", [["index", "show", "cdktf-cdktf-provider-aws==19.65.1"]])
def test_output_piped_to_head_ends_quietly(argv: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "compat", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does after its line
    code = process.wait(timeout=60)
    assert first and code == 0
    assert process.stderr.read() == b""


#: every command that reads a registry (PyPI or its mirror)
_REGISTRY_COMMANDS = [
    ["check"],
    ["migrate"],
    ["server"],
    ["pr-comment"],
    ["index", "build"],
    ["data", "build"],
    ["data", "refresh"],
]


@pytest.mark.parametrize("argv", _REGISTRY_COMMANDS, ids=" ".join)
def test_every_registry_command_takes_a_mirror(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--help"]) == 0
    assert "--index-url" in capsys.readouterr().out


def test_the_mirror_given_is_the_one_used(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import compat.registry.endpoints as endpoints

    seen: list[str | None] = []
    real = endpoints.use

    def record(**kwargs: str | None) -> None:
        seen.append(kwargs.get("index_url"))
        real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(endpoints, "use", record)
    main(["index", "build", "--index-url", "https://mirror.example/simple", "--versions", ""])
    assert seen == ["https://mirror.example/simple"]  # set before the (refused) work starts
