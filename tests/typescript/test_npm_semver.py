"""npm ranges answer as npm's own semver does (answers recorded from npm's semver 7.8.6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.versions.npm_semver import NpmRange, NpmVersion

CASES = json.loads((Path(__file__).parent / "fixtures" / "npm_semver_7.8.6_cases.json").read_text())


def test_every_recorded_npm_answer_is_matched() -> None:
    wrong = []
    for text, version, expected in CASES:
        parsed = NpmRange.parse(text)
        got = None if parsed is None else parsed.admits(version)
        if got != expected:
            wrong.append((text, version, expected, got))
    assert len(CASES) > 1000 and wrong == []


@pytest.mark.parametrize(
    ("text", "version", "admitted"),
    [
        ("^0.8.1", "0.11.2", False),  # caret on 0.x stays in the minor (florinp: peer ^0.8 vs cdktf 0.11)
        ("^0.19.0", "0.15.5", False),
        ("*", "1.0.0-rc.1", False),  # pre-releases only where a comparator names the same tuple
        ("^1.2.3-beta.2", "1.2.3-beta.4", True),
        ("^1.2.3-beta.2", "1.2.4-beta.3", False),
        ("1.x || >=2.5.0", "2.4.0", False),
        ("1.2.3 - 2.3.4", "2.3.4", True),
    ],
)
def test_npm_semantics_that_pep440_does_not_share(text: str, version: str, admitted: bool) -> None:
    parsed = NpmRange.parse(text)
    assert parsed is not None and parsed.admits(version) is admitted


@pytest.mark.parametrize(
    "text", ["workspace:*", "file:../lib", "npm:other@^1", "latest", "github:org/repo", "x" * 300]
)
def test_other_specifiers_are_no_range(text: str) -> None:
    assert NpmRange.parse(text) is None


def test_exact_and_newest() -> None:
    assert str(NpmRange.parse("=1.2.3").exact) == "1.2.3"  # type: ignore[union-attr]
    assert NpmRange.parse("^1.2.3").exact is None  # type: ignore[union-attr]
    assert NpmRange.parse("^0.20").newest(["0.20.0", "0.20.9", "0.21.0"]) == "0.20.9"  # type: ignore[union-attr]
    assert NpmVersion.parse("not a version") is None


@pytest.mark.parametrize(
    ("text", "pep440"),
    [
        ("^0.20.0", ">=0.20.0,<0.21.0"),
        (">=0.12.2 <0.14.0", ">=0.12.2,<0.14.0"),
        ("1.2.3", "==1.2.3"),
        ("*", ""),
        ("^1 || ^2", None),
        (">=1.0.0-beta.1", None),
    ],
)
def test_as_pep440(text: str, pep440: str | None) -> None:
    parsed = NpmRange.parse(text)
    assert parsed is not None and parsed.as_pep440() == pep440
