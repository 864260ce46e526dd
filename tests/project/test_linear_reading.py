"""Reading a manifest is linear in its entries: each entry's line comes from one index, not a rescan.

Before, each entry's line was found by rescanning the whole text (10k ``terraformProviders`` took
30 s, a Pipfile with 6k packages 44 s). The bounds are generous: a quadratic reader takes minutes
on these inputs, a linear one well under a second.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from compat.project.cdktf_json import read_cdktf_json
from compat.project.formats import lock_format, read_manifest_file
from compat.project.textpos import json_key_line, string_line, toml_key_line, toml_table_line

N = 5000
BOUND = 8.0  # seconds; the quadratic readers needed minutes at this size


def test_textpos_lookups_are_answered_from_one_index() -> None:
    entries = 20_000
    toml = "[packages]\n" + "".join(f'p{i} = "=={i}"\n' for i in range(entries))
    json_text = json.dumps({f"k{i}": f"v{i}" for i in range(entries)}, indent=1)
    start = time.process_time()
    assert [toml_key_line(toml, "packages", f"p{i}") for i in range(entries)] == list(range(2, entries + 2))
    assert [json_key_line(json_text, f"k{i}") for i in range(entries)] == list(range(2, entries + 2))
    assert [string_line(json_text, f"v{i}") for i in range(entries)] == list(range(2, entries + 2))
    assert toml_table_line(toml, "packages") == 1
    assert time.process_time() - start < BOUND


def _last_line(tmp_path: Path, kind: str) -> tuple[Callable[[], int], int]:
    """Write a manifest of N entries; return a reader giving its last entry's line, and that line."""
    names = [f"pkg-{i}" for i in range(N)]
    path = tmp_path / kind
    if kind == "cdktf.json":
        providers = [f"vendor{i}/p{i}@~> 1.0" for i in range(N)]
        path.write_text(json.dumps({"language": "python", "terraformProviders": providers}, indent=2))
        return lambda: read_cdktf_json(path).providers[-1].line, N + 3
    if kind == "Pipfile":
        path.write_text("[packages]\n" + "".join(f'{n} = "==1.0"\n' for n in names))
        return lambda: read_manifest_file(path)[0].pins[-1].line, N + 1
    if kind == "Pipfile.lock":
        lock = {"_meta": {}, "default": {n: {"version": "==1.0"} for n in names}, "develop": {}}
        path.write_text(json.dumps(lock, indent=4))
        return lambda: lock_format("pipfile.lock").read(path).pins[-1].line, 3 * N + 1
    path = tmp_path / "pyproject.toml"
    if kind == "pep621":
        items = "".join(f'  "{n}==1.0",\n' for n in names)
        path.write_text(f'[project]\nname = "x"\nversion = "0"\ndependencies = [\n{items}]\n')
        return lambda: read_manifest_file(path)[0].pins[-1].line, N + 4
    items = "".join(f'{n} = "^1.0"\n' for n in names)
    path.write_text(f'[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\n{items}')
    return lambda: read_manifest_file(path)[0].pins[-1].line, N + 3


@pytest.mark.parametrize("kind", ["cdktf.json", "Pipfile", "Pipfile.lock", "pep621", "poetry"])
def test_a_big_manifest_is_read_in_linear_time(tmp_path: Path, kind: str) -> None:
    read, expected = _last_line(tmp_path, kind)
    start = time.process_time()
    assert read() == expected
    assert time.process_time() - start < BOUND
