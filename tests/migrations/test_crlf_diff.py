"""A manifest with CRLF line endings: the diff ``migrate`` prints carries them, so ``git apply`` takes
it, and it equals what ``--write`` writes (it was made on universal newlines and refused)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from compat.cli import main


def _project(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    infra = root / "infra"
    infra.mkdir()
    (infra / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (infra / "requirements.txt").write_bytes(b"cdktf~=0.20.10\r\npython-dotenv==1.0.1")
    (infra / "main.py").write_text("from cdktf import App\n")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return infra


def test_a_crlf_manifest_diff_applies_and_matches_the_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    applied, written = tmp_path / "a", tmp_path / "w"
    main(["migrate", str(_project(applied)), "--to", "cdktn", "--offline"])
    diff = capsys.readouterr().out
    assert "-cdktf~=0.20.10\r\n" in diff
    (tmp_path / "d.diff").write_bytes(diff.encode())
    subprocess.run(["git", "-C", str(applied), "apply", str(tmp_path / "d.diff")], check=True)
    main(["migrate", str(_project(written)), "--to", "cdktn", "--offline", "--write"])
    after = (applied / "infra" / "requirements.txt").read_bytes()
    assert after == (written / "infra" / "requirements.txt").read_bytes()
    assert after.startswith(b"cdktn==") and b"\r\npython-dotenv==1.0.1" in after
