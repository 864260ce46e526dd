"""Short package names everywhere: ``releases``, ``matrix --package`` and ``why`` read names alike,
and a wrong name gets one short line with the nearest names."""

from __future__ import annotations

import pytest

from compat.cli import main


@pytest.mark.parametrize(
    "name", ["google", "cdktf-cdktf-provider-google", "@cdktf/provider-google", "cdktf_cdktf_provider_google"]
)
def test_releases_takes_every_spelling(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", name, "-f", "json"]) == 0
    assert '"package": "cdktf-cdktf-provider-google"' in capsys.readouterr().out


def test_releases_and_matrix_agree_on_a_short_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--package", "google", "-f", "json"]) == 0
    assert "cdktf-cdktf-provider-google" in capsys.readouterr().out
    assert main(["releases", "cdktf"]) == 0  # a core by name


@pytest.mark.parametrize(
    "argv", [["releases", "gogle"], ["matrix", "--package", "gogle"], ["why", "gogle==16.12.1"]]
)
def test_a_wrong_name_gets_a_short_line_with_the_nearest(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and len(err) < 200, err
    assert "nearest: google (cdktf-cdktf-provider-google)" in err


def test_a_name_nothing_resembles_points_at_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", "xyzzy"]) == 2
    err = capsys.readouterr().err
    assert "compat releases --help" in err and len(err) < 200
