"""Progress of long work: a rewritten status line on a terminal, only problems and results in a log."""

from __future__ import annotations

import io

import pytest

from compat.cli.progress import StatusLine, interactive


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_keeps_only_problems_and_results(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    status = StatusLine(stream)
    for n in range(1000):
        status(f"index: cdktf-cdktf-provider-aws=={n}.0.0 read")
        status.count(n, 1000, "files checked")
    status("index: cdktf-cdktf-provider-aws==9.9.9 failed: timeout")
    status.close()
    assert stream.getvalue() == "index: cdktf-cdktf-provider-aws==9.9.9 failed: timeout\n"


def test_ci_is_quiet_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert not interactive(_Tty())
    monkeypatch.delenv("CI")
    assert interactive(_Tty())


def test_a_terminal_sees_one_line_rewritten_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = _Tty()
    status = StatusLine(stream)
    status("discovering packages")
    status.count(10, 10, "files checked")
    status("pypi: cdktf-cdktf-provider-x could not be read")
    status.close()
    text = stream.getvalue()
    assert "\n" not in text.replace("could not be read\n", "")  # progress never scrolls
    assert "\r\x1b[Kdiscovering packages" in text and "files checked: 10/10" in text
    assert text.endswith("could not be read\n")


def test_quiet_says_nothing() -> None:
    stream = _Tty()
    status = StatusLine(stream, quiet=True, live=True)
    status("x failed")
    status.count(1, 1, "files")
    assert stream.getvalue() == ""
