"""One large Python file under the 4 MB cap: a parser's memory follows its tokens, so a file with
more than a parser's token bound is a finding (check) or unresolved (migrate), never parsed."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from compat.cli import main
from compat.parse_guard import AST_MAX_TOKENS, LIBCST_MAX_TOKENS, too_complex

#: one-letter statements: two tokens for two characters, the densest a parser's memory gets
_DENSE = "a\n"


def _project(root: Path, main_py: str) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "cdktf.json").write_text('{"language": "python", "app": "python3 main.py"}')
    (root / "requirements.txt").write_text("cdktf==0.20.11\n")
    (root / "main.py").write_text(main_py)
    return root


def test_the_token_bounds_refuse_a_dense_file_and_pass_a_normal_one() -> None:
    dense = "import cdktf\n" + _DENSE * (LIBCST_MAX_TOKENS // 2 + 10)
    reason = too_complex(dense)
    assert reason is not None and "memory bound" in reason and "at most 100,000" in reason
    assert too_complex(dense, max_tokens=AST_MAX_TOKENS) is None
    long_comments = "import cdktf\n" + "# " + "x" * (LIBCST_MAX_TOKENS * 2) + "\n"  # one token, not parsed
    assert too_complex(long_comments) is None


def test_check_reports_a_file_over_the_bound_without_parsing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p", "import cdktf\n" + _DENSE * (AST_MAX_TOKENS // 2 + 10))
    real_parse = ast.parse

    def parse(source: str | bytes, *args: object, **kwargs: object) -> ast.Module:
        assert len(source) < 1_000, "the large file was handed to ast"
        return real_parse(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ast, "parse", parse)
    assert main(["check", str(root), "--offline", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in findings] == ["SRC001"]
    assert "too large to analyse within compat's memory bound" in findings[0]["message"]


def test_migrate_leaves_a_file_over_the_bound_unresolved_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "import cdktf\n" + _DENSE * (LIBCST_MAX_TOKENS // 2 + 10)
    root = _project(tmp_path / "p", text)
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 1
    err = capsys.readouterr().err
    assert "1 unresolved" in err and "main.py:1: <file>: too large to analyse" in err
    assert (root / "main.py").read_text() == text
