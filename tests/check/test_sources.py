"""Files are parsed with the grammar of the project's Python, never with a false syntax error."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from packaging.version import Version

from compat.check.sources import RUNNING, grammar, load
from compat.versions.python import ProjectPython
from tests.check.helpers import check, make_project

#: PEP 701 (Python 3.12): the same quotes inside a replacement field.
FSTRING_312 = 'x = {"k": 1}\nprint(f"{x["k"]}")\n'


def _python(raw: str, *interpreters: str) -> ProjectPython:
    versions = tuple(Version(v) for v in interpreters)
    return ProjectPython(
        versions, "one", "pipenv", "Pipfile [requires] python_version", raw, versions[0] if versions else None
    )


@pytest.mark.parametrize(
    ("python", "expected"),
    [
        (_python("3.12", "3.12"), (3, 12)),
        (_python("3.12.1", "3.12.1"), (3, 12)),
        (_python("3", "3.9", "3.10", "3.11", "3.12"), None),
        (_python("3.11"), None),
        (None, None),
    ],
)
def test_grammar_of_the_project_python(
    python: ProjectPython | None, expected: tuple[int, int] | None
) -> None:
    assert grammar(python) == expected


def _load(tmp_path: Path, text: str, python: tuple[int, int] | None):  # type: ignore[no-untyped-def]
    (tmp_path / "stack.py").write_text(text)
    return load(tmp_path, tmp_path / "stack.py", python)


def test_a_newer_f_string_is_not_a_syntax_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FSTRING_312}, python="3.12")
    result = check(root)
    assert [f.code for f in result.findings if f.code == "SRC001"] == []
    if RUNNING < (3, 12):
        assert any(
            "main.py: uses syntax of Python 3.12" in note and "not checked" in note for note in result.notes
        )


@pytest.mark.parametrize("python", [(3, 12), (3, 13), None])
def test_newer_or_unknown_python_gets_a_note_instead_of_an_error(
    tmp_path: Path, python: tuple[int, int] | None
) -> None:
    source = _load(tmp_path, FSTRING_312, python)
    assert source.error is None
    if RUNNING < (3, 12):
        assert source.tree is None and source.note is not None
    else:
        assert source.tree is not None and source.note is None


@pytest.mark.parametrize("python", [(3, 12), None, (3, 9), RUNNING])
def test_a_real_syntax_error_is_still_one(tmp_path: Path, python: tuple[int, int] | None) -> None:
    source = _load(tmp_path, "def f(:\n    pass\n", python)
    assert source.tree is None and source.note is None and source.error is not None


def test_a_real_syntax_error_is_still_src001(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "x = (\n"}, python="3.12")
    assert [(f.code, f.path) for f in check(root).findings if f.code == "SRC001"] == [("SRC001", "main.py")]


@pytest.mark.skipif(RUNNING < (3, 12), reason="needs an interpreter that parses 3.12 syntax")
def test_the_project_python_grammar_rejects_newer_syntax_on_a_newer_interpreter(tmp_path: Path) -> None:
    source = _load(tmp_path, "type Alias = int\n", (3, 11))
    assert source.error is not None and "the project's Python is 3.11" in str(source.error.msg)


def test_an_older_project_python_rejects_syntax_it_does_not_have(tmp_path: Path) -> None:
    match = "match command:\n    case 'go':\n        pass\n"
    older = _load(tmp_path, match, (3, 9))
    assert older.error is not None and "the project's Python is 3.9" in str(older.error.msg)
    assert _load(tmp_path, match, (3, 10)).tree is not None
    root = make_project(tmp_path / "p", {"main.py": match}, python="3.9")
    assert [f.code for f in check(root).findings if f.path == "main.py"] == ["SRC001"]


def test_invalid_escapes_of_the_project_print_no_warning(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _load(tmp_path, 'PATTERN = "\\d+"\n', None).tree is not None
    assert caught == []


def _ast_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files ``ast.parse`` builds a tree of, from now on."""
    import ast

    from compat.check import sources

    parsed: list[str] = []
    real = ast.parse

    def counting(text: str, filename: str = "<unknown>", *args: object, **kwargs: object) -> ast.Module:
        parsed.append(filename)
        return real(text, filename, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sources.ast, "parse", counting)
    return parsed


def test_a_file_no_rule_reads_is_only_checked_for_syntax_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No tree for a plain module; a syntax error in one is still SRC001, exactly as with a tree; a
    file ``symtable`` refuses but ``ast`` takes (``nonlocal`` at module level) has no finding."""
    files = {
        "main.py": "from cdktf import App\nApp().synth()\n",
        "util.py": "def add(a, b):\n    return a + b\n",
        "broken.py": "def f(:\n    pass\n",
        "odd.py": "nonlocal x\n",
        "older.py": "match command:\n    case 'go':\n        pass\n",
    }
    plain = make_project(tmp_path / "p", files)
    parsed = _ast_parsed(monkeypatch)
    found = [(f.code, f.path, f.line, f.column, f.message) for f in check(plain).findings]
    assert sorted(parsed) == ["broken.py", "main.py", "odd.py"]
    assert found == [("SRC001", "broken.py", 1, 7, "does not parse: invalid syntax")]
    parsed.clear()
    older = make_project(tmp_path / "older", files, python="3.9")  # ast's feature_version: always a tree
    found = [(f.code, f.path) for f in check(older).findings]
    assert found == [("SRC001", "broken.py"), ("SRC001", "older.py")]
    assert sorted(parsed) == sorted(files)
