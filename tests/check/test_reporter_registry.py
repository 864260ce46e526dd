"""One list of output formats: every format has a reporter, and the CLI offers exactly those."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from compat.check.model import CheckResult, Environment, Releases
from compat.check.reporters import REPORTERS, Format, render
from compat.cli import build_app


def _empty() -> CheckResult:
    return CheckResult(
        project=Path("/p"),
        environment=Environment(None, None, None),
        releases=Releases(),
        findings=(),
        notes=(),
        files_checked=0,
    )


def test_every_format_has_a_reporter_and_renders_a_result() -> None:
    assert set(REPORTERS) == set(Format)
    for fmt in Format:
        assert isinstance(render(_empty(), fmt), str)
    assert json.loads(render(_empty(), "json"))["resolved"] == {}


def test_the_cli_offers_the_reporters_formats() -> None:
    app = build_app(["check", "--help"])
    result = CliRunner().invoke(app, ["check", "--help"], terminal_width=200)
    assert f"<{'|'.join(f.value for f in Format)}>" in result.output
