"""The PyPI format table (``compat.project.formats.PYPI_FORMAT_TABLE``) says what each format class says,
and a project loads the module of a format only when its folder holds one of that format's files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from compat.project.formats import PYPI_FORMAT_TABLE, PYPI_LOCK_FORMATS, PYPI_MANIFEST_FORMATS


def test_each_row_is_its_class() -> None:
    assert [row.kind for row in PYPI_FORMAT_TABLE] == [f.kind for f in PYPI_MANIFEST_FORMATS]
    for row, fmt in zip(PYPI_FORMAT_TABLE, PYPI_MANIFEST_FORMATS, strict=True):
        assert type(fmt).__module__ == f"compat.project.formats.{row.module}"
        assert type(fmt).__name__ == row.name
        assert (row.filename, row.rank) == (fmt.filename, fmt.rank)
        assert row.locks == tuple((lock.kind, lock.filename) for lock in fmt.locks)
    assert [lock.kind for lock in PYPI_LOCK_FORMATS] == ["pipfile.lock", "poetry.lock", "uv.lock"]


_PROBE = """
import json, sys
from pathlib import Path
from compat.project.formats import read_lock, read_manifests_in
manifests, _ = read_manifests_in(Path(sys.argv[1]))
lock = read_lock(Path(sys.argv[1]), manifests)
print(json.dumps({"kinds": [m.kind for m in manifests], "lock": lock and lock.kind,
                  "loaded": sorted(m for m in sys.modules if m.startswith("compat.project.formats."))}))
"""


def _probe(folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)], capture_output=True, text=True, timeout=60, check=True
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_a_pipfile_project_loads_only_the_pipfile_format(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\ncdktf = "==0.21.0"\n', encoding="utf-8")
    (tmp_path / "Pipfile.lock").write_text(
        json.dumps({"_meta": {}, "default": {"cdktf": {"version": "==0.21.0"}}, "develop": {}}),
        encoding="utf-8",
    )
    found = _probe(tmp_path)
    assert found["kinds"] == ["pipfile"]
    assert found["lock"] == "pipfile.lock"
    assert "compat.project.formats.pipfile" in found["loaded"]  # type: ignore[operator]
    for other in ("pep621", "poetry", "requirements", "_pyproject"):
        assert f"compat.project.formats.{other}" not in found["loaded"], other  # type: ignore[operator]


def test_a_requirements_and_poetry_project_reads_both_in_table_order(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("cdktf==0.21.0\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\ncdktf = "0.21.0"\n', encoding="utf-8"
    )
    found = _probe(tmp_path)
    assert found["kinds"] == ["poetry", "requirements"]
    assert found["lock"] is None
    assert "compat.project.formats.pipfile" not in found["loaded"]  # type: ignore[operator]
