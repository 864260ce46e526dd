"""``compat pr-comment``: the pull-request comment of a dependency bump, against a recorded
``pull_request`` event and a golden file (``COMPAT_UPDATE_GOLDEN=1`` rewrites it after a data change)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compat.cli import main
from compat.pullrequest.render import MARKER
from tests.conftest import FIXTURES, indexed

EVENT = FIXTURES / "pr" / "pull_request_event.json"
GOLDEN = FIXTURES / "pr" / "comment.md"

CDKTF_JSON = (
    '{\n  "language": "python",\n  "app": "pipenv run python main.py",\n'
    '  "terraformProviders": [],\n  "codeMakerOutput": "imports"\n}\n'
)
MAIN = """\
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA

app = App()
stack = TerraformStack(app, "s")
AwsProvider(stack, "aws", region="eu-west-1")
bucket = S3Bucket(stack, "b", bucket="b")
S3BucketVersioningA(stack, "v", bucket=bucket.id, versioning_configuration={"status": "Enabled"})
app.synth()
"""
PIPFILE = """\
[packages]
cdktf = "==0.20.12"
cdktf-cdktf-provider-aws = "==AWS"
constructs = ">=10.3.0,<11.0.0"

[requires]
python_version = "3.11"
"""


def _checkout(root: Path, aws: str) -> Path:
    root.mkdir(parents=True)
    (root / "cdktf.json").write_text(CDKTF_JSON)
    (root / "main.py").write_text(MAIN)
    (root / ".terraform-version").write_text("1.9.8\n")
    (root / "Pipfile").write_text(PIPFILE.replace("AWS", aws))
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.skipif(not indexed("cdktf-cdktf-provider-aws", "19.65.1", "21.22.1"), reason="needs the index")
def test_bump_comment_matches_the_golden_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = _checkout(tmp_path / "base", "19.65.1")
    head = _checkout(tmp_path / "head", "21.22.1")
    before = _files(head)
    assert main(["pr-comment", str(head), "--base", str(base), "--event", str(EVENT), "--offline"]) == 0
    body = capsys.readouterr().out
    assert _files(head) == before  # planned, never written
    if os.environ.get("COMPAT_UPDATE_GOLDEN"):
        GOLDEN.write_text(body)
    assert body == GOLDEN.read_text()
    assert body.startswith(MARKER + "\n")
    assert "VER002" in body and "`compat pin`" in body and "base `1111111` → head `2222222`" in body
    assert str(tmp_path) not in body


def test_no_dependency_change_no_comment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = _checkout(tmp_path / "base", "19.65.1")
    head = _checkout(tmp_path / "head", "19.65.1")
    (head / "main.py").write_text(MAIN + "# a code change only\n")
    assert main(["pr-comment", str(head), "--base", str(base), "--offline"]) == 0
    assert capsys.readouterr().out == ""


def test_bad_event_or_base_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = _checkout(tmp_path / "head", "19.65.1")
    bad = tmp_path / "event.json"
    bad.write_text("{not json")
    assert main(["pr-comment", str(head), "--base", str(head), "--event", str(bad), "--offline"]) == 2
    assert main(["pr-comment", str(head), "--base", str(tmp_path / "missing"), "--offline"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 2


def test_the_action_posts_or_updates_one_comment_by_its_marker() -> None:
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((Path(__file__).resolve().parents[2] / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "pr-comment")
    run = step["run"]
    assert 'compat" pr-comment' in run and MARKER in run and "$GITHUB_EVENT_PATH" in run
    # an existing comment (found by the marker) is edited; a new one only when there is none
    assert run.index('if [ -n "$existing" ]') < run.index("--method PATCH") < run.index("--method POST")
    assert 'if [ ! -s "$body" ]' in run  # no dependency change: nothing posted
