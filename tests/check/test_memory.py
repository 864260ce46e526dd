"""A check holds one file's tree at a time: only the files a later pass reads keep theirs.

The probe runs when the main loop is over (as the local-bindings pass starts) and counts the trees
still alive; the collector is off meanwhile, so a tree kept alive by a reference cycle counts too
(the ``compat`` process collects cycles only every 200,000 allocations).
"""

from __future__ import annotations

import ast
import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from compat.check import code, engine
from compat.check.sources import SourceFile, SourceText
from tests.check.helpers import check, make_project

AWS = """\
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
S3Bucket(None, "b{n}", bucket="b{n}")
"""
FILES = {
    **{f"stacks/service_{n}.py": AWS.format(n=n) for n in range(6)},
    "stacks/local.py": "from imports.aws.s3_bucket import S3Bucket\nS3Bucket(None, 'l')\n",  # local bindings
    "stacks/rand.py": "from cdktf_cdktf_provider_random.id import Id\nId(None, 'i')\n",  # another prebuilt
}
PIPFILE_RANDOM = 'cdktf-cdktf-provider-random = "==12.0.1"\n'


def test_only_the_trees_a_later_pass_reads_outlive_the_main_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", FILES, providers='["hashicorp/aws@~>5.0"]')
    pipfile = root / "Pipfile"
    pipfile.write_text(pipfile.read_text().replace("[requires]", PIPFILE_RANDOM + "\n[requires]"))
    trees: list[tuple[str, weakref.ref[ast.Module]]] = []  # in the order the files were parsed
    alive: list[set[str]] = []

    def parse(source: SourceText, python: tuple[int, int] | None = None) -> SourceFile:
        parsed = real_parse(source, python)
        assert parsed.tree is not None
        trees.append((parsed.rel, weakref.ref(parsed.tree)))
        return parsed

    def probe(*args: Any, **kwargs: Any) -> Any:
        alive.append({rel for rel, tree in trees if tree() is not None})
        return real_local(*args, **kwargs)

    real_parse, real_local = code.parse, engine.check_local_bindings
    monkeypatch.setattr(code, "parse", parse)
    monkeypatch.setattr(engine, "check_local_bindings", probe)
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = check(root)
    finally:
        if collecting:
            gc.enable()
    assert result.files_checked == len(FILES) == len(trees)
    last = trees[-1][0]  # the loop variable still holds the last file's tree
    assert alive == [{"stacks/local.py", "stacks/rand.py"} | {last}]
