"""The language-server libraries are an optional extra: the check path never imports them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
from compat.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules
      if m.split(".")[0] in ("pygls", "lsprotocol") or m.startswith("compat.server"))}))
"""


def test_check_imports_no_language_server_library() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            "check",
            str(ROOT / "examples" / "broken-stack"),
            "--offline",
            "--format",
            "concise",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"code": 1, "loaded": []}


def test_server_without_the_extra_says_how_to_install_it(monkeypatch: object) -> None:
    probe = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from compat.cli import main; print(main(['server']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert done.stdout.strip().endswith("2")
    assert "pip install 'compat[server]'" in done.stderr and "Traceback" not in done.stderr
