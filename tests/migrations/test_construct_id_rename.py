"""A construct's id keyword follows the target release: ``id_`` while the resource has an ``id``
argument, ``id`` once it has none (real index: cdktf-cdktf-provider-aws 19.33.0 and
cdktn-provider-aws 23.0.0, whose generated ``S3BucketLifecycleConfiguration.__init__`` take
``(self, scope, id_, *, ..., id=None, ...)`` and ``(self, scope, id, *, ...)``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.cli import main
from compat.index import open_release_index
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from tests.conftest import indexed

CDKTF, CDKTN = "cdktf-cdktf-provider-aws", "cdktn-provider-aws"
FROM, TO = "19.33.0", "23.0.0"
LIFECYCLE = "s3_bucket_lifecycle_configuration"

pytestmark = pytest.mark.skipif(
    not (indexed(CDKTF, FROM) and indexed(CDKTN, TO)), reason="19.33.0 / cdktn 23.0.0 not indexed"
)


def _move(source: str, reverse: bool = False) -> tuple[str, list[str]]:
    ends = [(CDKTF, FROM, "cdktf_cdktf_provider_aws"), (CDKTN, TO, "cdktn_provider_aws")]
    (from_package, from_version, from_module), (to_package, to_version, to_module) = (
        ends[::-1] if reverse else ends
    )
    resolver = Resolver(
        open_release_index(from_package, from_version), open_release_index(to_package, to_version)
    )
    ctx = RewriteContext(resolver, from_module, to_module, path="s3.py")
    result = rewrite_source(source.replace("PKG", from_module), ctx)
    return result.after, [f"{u.line}: {u.symbol}: {u.reason}" for u in result.unresolved]


def test_the_resolver_names_the_renamed_construct_id() -> None:
    resolver = Resolver(open_release_index(CDKTF, FROM), open_release_index(CDKTN, TO))
    renamed = resolver.resolve(LIFECYCLE, "S3BucketLifecycleConfiguration").changes_of("param_renamed")
    assert [(c.before, c.after) for c in renamed] == [("id_", "id")]
    assert resolver.resolve("s3_bucket", "S3Bucket").changes_of("param_renamed") == []


def test_id_underscore_becomes_id_where_the_target_construct_takes_id() -> None:
    source = (
        f"from PKG.{LIFECYCLE} import S3BucketLifecycleConfiguration\n"
        "from PKG.s3_bucket import S3Bucket\n"
        "b = S3Bucket(self, id_='b', bucket='x')\n"
        "S3BucketLifecycleConfiguration(self, id_='life', bucket=b.id, rule=[])\n"
        "S3BucketLifecycleConfiguration(self, 'positional', bucket=b.id)\n"
    )
    after, unresolved = _move(source)
    assert unresolved == []
    assert after.splitlines()[2:] == [
        "b = S3Bucket(self, id_='b', bucket='x')",  # aws_s3_bucket still has an id argument
        "S3BucketLifecycleConfiguration(self, id='life', bucket=b.id, rule=[])",
        "S3BucketLifecycleConfiguration(self, 'positional', bucket=b.id)",
    ]


def test_a_call_passing_the_old_id_argument_too_keeps_id_underscore_and_is_reported() -> None:
    """``id=`` (the resource's own argument, gone in AWS 6) next to ``id_=``: renaming would repeat
    the keyword; both stay and the removed argument is listed."""
    source = (
        f"from PKG.{LIFECYCLE} import S3BucketLifecycleConfiguration\n"
        "S3BucketLifecycleConfiguration(self, id_='life', id='x', bucket='b')\n"
    )
    after, unresolved = _move(source)
    assert after.endswith("S3BucketLifecycleConfiguration(self, id_='life', id='x', bucket='b')\n")
    assert any("parameter id of S3BucketLifecycleConfiguration does not exist" in u for u in unresolved)


def test_the_reverse_move_renames_id_to_id_underscore() -> None:
    source = (
        f"from PKG.{LIFECYCLE} import S3BucketLifecycleConfiguration\n"
        "S3BucketLifecycleConfiguration(self, id='life', bucket='b', rule=[])\n"
    )
    after, unresolved = _move(source, reverse=True)
    assert after.endswith("S3BucketLifecycleConfiguration(self, id_='life', bucket='b', rule=[])\n")
    assert unresolved == []


def test_migrate_to_cdktn_writes_id_and_leaves_nothing_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "requirements.txt").write_text(f"cdktf==0.20.8\n{CDKTF}=={FROM}\n")
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (tmp_path / "main.py").write_text(
        f"from cdktf_cdktf_provider_aws.{LIFECYCLE} import S3BucketLifecycleConfiguration\n\n"
        "def lifecycle(self):\n"
        "    S3BucketLifecycleConfiguration(self, id_='life', bucket='b')\n"
    )
    assert main(["migrate", str(tmp_path), "--to", "cdktn==0.22.1", "--offline", "--write"]) == 0
    assert "0 unresolved" in capsys.readouterr().err
    assert f"{CDKTN}=={TO}" in (tmp_path / "requirements.txt").read_text()
    assert "S3BucketLifecycleConfiguration(self, id='life', bucket='b')" in (tmp_path / "main.py").read_text()
