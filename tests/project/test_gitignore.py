"""A .gitignore decides exactly as pathspec does, and pathspec is only compiled for paths it may match."""

from __future__ import annotations

import itertools

import pathspec
import pytest

from compat.project.gitignore import GitIgnore

_SEGMENTS = ["a", "*", "?b", "**", "x.py", "*.py[cod]", "a*", "[!a]", "[]a]", "\\*", " a", "$a"]
_COMPONENTS = ["a", "ab", "x.pyc", "*", "zb", " a", "$a", "]"]


def _patterns() -> list[str]:
    found = [
        "",
        "# comment",
        "/",
        "a**",
        "a  ",
        "!/a/",
        "**/",
        "a/**/b",
        "**/a/*",
        "/a/*/x.py",
        "[]",
        "a[",
        "\\#a",
        "[a-c]*",
        "[^a]b",
    ]
    for n in (1, 2):
        for segments in itertools.product(_SEGMENTS, repeat=n):
            body = "/".join(segments)
            found += [body, f"/{body}", f"{body}/", f"!{body}"]
    return found


def _paths() -> list[str]:
    return [
        rel + end
        for n in (1, 2, 3)
        for parts in itertools.product(_COMPONENTS, repeat=n)
        for rel in ["/".join(parts)]
        for end in ("", "/")
    ]


def test_every_pattern_decides_as_pathspec_does() -> None:
    paths = _paths()
    for pattern in _patterns():
        ours, theirs = GitIgnore([pattern]), pathspec.GitIgnoreSpec.from_lines([pattern])
        for rel in paths:
            assert ours.decides(rel) == theirs.check_file(rel).include, (pattern, rel)


def test_a_deeper_negation_and_comments_decide_as_pathspec_does() -> None:
    lines = ["# build output", "*.pyc", "out/", "!out/keep.py", "/stacks/*_gen.py", "**/tmp/**"]
    ours, theirs = GitIgnore(lines), pathspec.GitIgnoreSpec.from_lines(lines)
    for rel in [
        "main.py",
        "a.pyc",
        "out/",
        "out/keep.py",
        "out/x.py",
        "stacks/a_gen.py",
        "lib/stacks/a_gen.py",
        "x/tmp/y.py",
        "tmp/",
        "stacks/",
    ]:
        assert ours.decides(rel) == theirs.check_file(rel).include, rel


def test_paths_no_pattern_can_match_never_compile_pathspec(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("pathspec compiled")

    monkeypatch.setattr("compat.project.gitignore._compile", refuse)
    ignore = GitIgnore(
        ["__pycache__/", "*.py[cod]", "*$py.class", ".venv/", "/build/", "cdktf.out", "imports/*"]
    )
    for rel in ["main.py", "stacks/", "stacks/network.py", "lib/build/x.py", "examples/clean-stack/"]:
        assert ignore.decides(rel) is None
    with pytest.raises(AssertionError, match="pathspec compiled"):
        ignore.decides("stacks/x.pyc")


def test_a_lone_negation_matches_nothing() -> None:
    assert GitIgnore(["!", "*.pyc"]).decides("a.pyc") is True
    assert GitIgnore(["! "]).decides("a.py") is None


def test_a_line_pathspec_cannot_read_is_passed_over_as_git_does() -> None:
    ignore = GitIgnore(["*.pyc", "\\", "/[z-a]", "*\\", "out/"])
    assert ignore.decides("a.pyc") is True
    assert ignore.decides("out/") is True
    assert ignore.decides("main.py") is None
