"""A rewrite leaves no cyclic garbage behind (a 1,000-file migrate ran two collections of ~0.3 s for it),
and the shortcuts that avoid it read what the code they replace reads."""

from __future__ import annotations

import gc
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import libcst as cst
import pytest

from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.rewrite.calls import string_value
from compat.project.changes import display_path, displayed_under
from tests.migrations.fakes import new_release, old_release

P = "cdktf_cdktf_provider_aws"

SOURCE = textwrap.dedent(
    f"""\
    from {P}.s3 import S3Bucket
    from {P}.route53 import Route53Record

    if True:
        from {P} import AwsProvider

    S3Bucket(s, 'b', versioning={{'enabled': True, 'mfa': {{'serial_number': 'x'}}}})
    Route53Record(s, 'r', failover_routing_policy=[{{"type": 'PRIMARY', "evaluateTarget": True}}])
    AwsProvider(s, 'aws', assume_role={{'role_arn': 'x'}})
    """
)


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    """What the collector finds unreachable while the test runs (kept, not freed)."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()


def test_a_rewrite_leaves_no_cycle(saved_garbage: list[object]) -> None:
    ctx = RewriteContext(Resolver(old_release(), new_release()), P, P, path="m.py")
    result = rewrite_source(SOURCE, ctx)
    assert "'serialNumber'" in result.after and '"evaluate_target"' in result.after  # dict keys were read
    del result, ctx
    gc.collect()
    assert saved_garbage == []


@pytest.mark.parametrize(
    "literal",
    ["'a'", '"hash_key"', "'''x\ny'''", r"'\t\x41'", "b'raw'", r"r'\d'", "u'x'", "'é'", '""'],
)
def test_string_value_is_libcst_evaluated_value(literal: str) -> None:
    assert string_value(literal) == cst.SimpleString(literal).evaluated_value
    assert type(string_value(literal)) is type(cst.SimpleString(literal).evaluated_value)


def test_displayed_under_is_display_path(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "stacks").mkdir(parents=True)
    (root / "stacks" / "main.py").write_text("")
    (tmp_path / "outside.py").write_text("")
    os.symlink(root, tmp_path / "link")
    os.symlink(tmp_path / "outside.py", root / "stacks" / "out.py")
    paths = [
        root / "stacks" / "main.py",
        tmp_path / "link" / "stacks" / "main.py",  # through a link to the root: inside
        root / "stacks" / "out.py",  # a link out of the root: shown as given
        tmp_path / "outside.py",
        root / "stacks" / ".." / "stacks" / "main.py",
    ]
    for under in (root, tmp_path / "link"):
        shown = displayed_under(under)
        assert [shown(p) for p in paths] == [display_path(p, under) for p in paths]
    assert displayed_under(tmp_path / "link")(tmp_path / "link" / "stacks" / "main.py") == "stacks/main.py"
    assert display_path(tmp_path / "outside.py", None) == (tmp_path / "outside.py").as_posix()
