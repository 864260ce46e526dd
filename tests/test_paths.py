"""The user folders compat finds without importing platformdirs are the ones platformdirs gives."""

from __future__ import annotations

import sys

import pytest

from compat import paths

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the plain XDG answer is Linux's")


@linux_only
@pytest.mark.parametrize(
    ("environment"),
    [
        {"HOME": "/home/someone"},
        {"HOME": "/home/someone/"},
        {"HOME": "/"},
        {"HOME": "/home/someone", "XDG_STATE_HOME": "/srv/state", "XDG_CACHE_HOME": "/srv/cache"},
        {"HOME": "/home/someone", "XDG_STATE_HOME": "relative/state", "XDG_CACHE_HOME": "relative"},
        {"HOME": "/home/someone", "XDG_STATE_HOME": "", "XDG_CACHE_HOME": ""},
        {"HOME": "relative/home"},
        {},
    ],
)
def test_state_and_cache_folders_are_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    from platformdirs import user_cache_dir, user_state_dir

    for variable in ("HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "COMPAT_STATE_DIR", "COMPAT_CACHE_DIR"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    paths._said_if_unusable.cache_clear()
    assert str(paths.state_dir()) == user_state_dir("compat", appauthor=False)
    assert str(paths.cache_dir()) == user_cache_dir("compat", appauthor=False)
    paths._said_if_unusable.cache_clear()


@linux_only
def test_a_plain_answer_imports_no_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.delenv("COMPAT_STATE_DIR", raising=False)
    for name in [m for m in sys.modules if m == "platformdirs" or m.startswith("platformdirs.")]:
        monkeypatch.delitem(sys.modules, name)
    assert str(paths.state_dir()) == "/home/someone/.local/state/compat"
    assert "platformdirs" not in sys.modules


@linux_only
def test_without_a_usable_home_platformdirs_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "relative")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    assert paths._plain_xdg_dir("XDG_STATE_HOME", ".local/state") is None
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("HOME", "/home/someone")
    assert paths._plain_xdg_dir("XDG_STATE_HOME", ".local/state") is None
