"""A hostile ``.gitignore`` costs time linear in its size, never exponential or quadratic.

Timed in this process's CPU time, so a loaded machine does not fail them; a backtracking matcher
would still take minutes of CPU."""

from __future__ import annotations

import time
from pathlib import Path

import pathspec
import pytest

from compat.project.files import python_files
from compat.project.gitignore import GitIgnore

_NESTED = "a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b"


def test_a_backtracking_pattern_against_a_deep_folder_answers_at_once(tmp_path: Path) -> None:
    deep = "a/" * 42
    started = time.process_time()
    ignore = GitIgnore([_NESTED])
    assert ignore.decides(deep + "c.py") is None
    assert ignore.decides(deep + "b") is True
    assert time.process_time() - started < 2  # Python's re takes minutes on this


def test_a_project_with_that_pattern_is_walked_at_once(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cdktf.json").write_text("{}")
    (tmp_path / ".gitignore").write_text(_NESTED + "\n")
    deep = tmp_path.joinpath(*["a"] * 42)
    deep.mkdir(parents=True)
    (deep / "c.py").write_text("x = 1\n")
    started = time.process_time()
    assert [f.rel for f in python_files(tmp_path)] == ["a/" * 42 + "c.py"]
    assert time.process_time() - started < 5


def _many(count: int) -> list[str]:
    """Patterns the cheap condition cannot index (anchored at a glob), so every path meets pathspec."""
    return [f"d{i}*/**/x*y{i}" for i in range(count)]


def test_thousands_of_lines_decide_as_one_pathspec_does() -> None:
    lines = [*_many(2500), "*.py", *_many(1200), "!keep*.py", *_many(300), "gen/", "!gen/"]
    # pathspec's own re2 backend fails on this many ("failed to compile Set"); its re one is the reference
    ours, theirs = GitIgnore(lines), pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
    for rel in ["main.py", "keep_me.py", "d7z/q/xAy7", "d7z/q/xAy8", "gen/", "gen/x.py", "lib/"]:
        assert ours.decides(rel) == theirs.check_file(rel).include, rel


def test_forty_thousand_lines_cost_seconds_not_minutes() -> None:
    ignore = GitIgnore(_many(40_000))
    started = time.process_time()
    for index in range(200):
        assert ignore.decides(f"pkg{index}/sub/m{index}.py") is None
    assert ignore.decides("d39999q/z/xAy39999") is True
    assert time.process_time() - started < 30  # about 4 s of CPU; pathspec's re backend took minutes


def test_a_gitignore_too_large_to_apply_is_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cdktf.json").write_text("{}")
    (tmp_path / "main.py").write_text("")
    (tmp_path / ".gitignore").write_text("# padding\n" * 110_000)  # 1.1 MB
    listed = {f.rel: f.readable for f in python_files(tmp_path)}
    assert listed == {".gitignore": False, "main.py": True}
    from compat.project.files import unread_note

    note = unread_note(next(f for f in python_files(tmp_path) if not f.readable))
    assert note.startswith(".gitignore: 1,100,000 bytes, over the 1,000,000-byte limit for a .gitignore")


def test_a_part_over_re2s_budget_is_split_and_decides_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import re2

    real = pathspec.GitIgnoreSpec.__init__

    def budget(self: pathspec.GitIgnoreSpec, patterns: list[object], **kwargs: object) -> None:
        if len(patterns) > 100:
            raise re2.error("failed to compile Set")
        real(self, patterns, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathspec.GitIgnoreSpec, "__init__", budget)
    lines = [*_many(400), "*.py", "!keep*.py", *_many(400)]
    ignore = GitIgnore(lines)
    assert [ignore.decides(rel) for rel in ("main.py", "keep_me.py", "d7z/q/xAy7", "lib/")] == [
        True,
        False,
        True,
        None,
    ]
