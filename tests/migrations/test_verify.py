"""``migrate --verify``: synth before and after in temporary copies, compared without metadata.

The runner is faked (hermetic); the one real synth is marked ``network``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from packaging.version import Version

from compat.migrations.migration_plan import MigrationPlan
from compat.migrations.model import Release
from compat.migrations.verify import (
    NodeSynthesizer,
    SynthSide,
    VerifyFailed,
    differences,
    strip_metadata,
    verify_plan,
)
from compat.project.changes import FileChange

BEFORE = ("cdktf", Version("0.21.0"))
AFTER = ("cdktn", Version("0.22.1"))


def _repository(tmp_path: Path) -> tuple[Path, MigrationPlan]:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    project = root / "infra"
    project.mkdir()
    (project / "main.py").write_text("import cdktf\nBUCKET = 'a'\n")
    change = FileChange(project / "main.py", "import cdktf\nBUCKET = 'a'\n", "import cdktn\nBUCKET = 'a'\n")
    plan = MigrationPlan(
        project, Release("cdktf", Version("0.21.0")), Release("cdktn", Version("0.22.1")), (change,), ()
    )
    return root, plan


class FakeSynth:
    """Writes a stack whose bucket is the ``BUCKET`` of the copy's main.py; records where it ran."""

    def __init__(self, blocked: str | None = None, fail: bool = False) -> None:
        self.blocked = blocked
        self.fail = fail
        self.ran: list[SynthSide] = []

    def blocker(self, side: SynthSide) -> str | None:
        return self.blocked

    def synth(self, side: SynthSide, out: Path, timeout: float) -> None:
        self.ran.append(side)
        if self.fail:
            raise VerifyFailed("--verify: cdktf synth took longer than 1 s")
        text = (side.root / "main.py").read_text()
        bucket = text.split("BUCKET = ")[1].split("\n")[0].strip("'")
        stack = out / "stacks" / "main"
        stack.mkdir(parents=True)
        document = {
            "//": {"metadata": {"version": str(side.core), "stackName": "main"}},
            "resource": {"aws_s3_bucket": {"b": {"//": {"metadata": {"path": side.cli}}, "bucket": bucket}}},
            "terraform": {"backend": {"local": {"path": str(side.root / "terraform.tfstate")}}},
        }
        (stack / "cdk.tf.json").write_text(json.dumps(document))


def test_same_terraform_json_is_verified_and_the_users_tree_is_untouched(tmp_path: Path) -> None:
    root, plan = _repository(tmp_path)
    fake = FakeSynth()
    report = verify_plan(plan, BEFORE, AFTER, fake)
    assert report.verified and report.differences == ()
    assert report.lines() == ["verified by synth: 1 stack(s), Terraform JSON without metadata"]
    assert [side.cli for side in fake.ran] == ["cdktf", "cdktn"]
    assert all(root not in side.root.parents for side in fake.ran)  # copies, never the user's tree
    assert (root / "infra" / "main.py").read_text() == "import cdktf\nBUCKET = 'a'\n"
    assert not fake.ran[0].root.exists()  # the copies are gone


def test_a_changed_value_is_a_difference(tmp_path: Path) -> None:
    root, plan = _repository(tmp_path)
    change = plan.changes[0]
    moved = FileChange(change.path, change.before, "import cdktn\nBUCKET = 'b'\n")
    report = verify_plan(_with(plan, moved), BEFORE, AFTER, FakeSynth())
    assert report.verified
    assert report.differences == ('main.resource.aws_s3_bucket.b.bucket: "a" -> "b"',)


def _with(plan: MigrationPlan, change: FileChange) -> MigrationPlan:
    from dataclasses import replace

    return replace(plan, changes=(change,))


def test_a_side_that_cannot_run_is_not_verified_and_says_why(tmp_path: Path) -> None:
    _, plan = _repository(tmp_path)
    fake = FakeSynth(blocked="cdktn-cli 0.24.0 needs Node.js >= 22.19.0, this machine has 20.20.2")
    report = verify_plan(plan, BEFORE, AFTER, fake)
    assert not report.verified and fake.ran == []
    [line] = report.lines()
    assert line == (
        "not verified by synth: before the move: "
        "cdktn-cli 0.24.0 needs Node.js >= 22.19.0, this machine has 20.20.2"
    )


def test_a_synth_that_fails_is_one_error(tmp_path: Path) -> None:
    _, plan = _repository(tmp_path)
    with pytest.raises(VerifyFailed, match="took longer than"):
        verify_plan(plan, BEFORE, AFTER, FakeSynth(fail=True))


def test_metadata_is_left_out_at_any_depth() -> None:
    document = {"//": 1, "a": [{"//": 2, "b": 3}], "c": {"//": {}, "d": 4}}
    assert strip_metadata(document) == {"a": [{"b": 3}], "c": {"d": 4}}
    assert differences({"s": {"a": 1}}, {"s": {"a": 1}, "t": {}}) == ["stack t: new after the move"]


def test_the_node_floor_blocks_a_cli_above_the_installed_node(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = NodeSynthesizer({"cdktn-cli": {"0.24.0": ">=22.19.0"}})
    monkeypatch.setattr(runner, "_node", lambda: Version("20.20.2"))
    side = SynthSide(Path("/nowhere"), "cdktn", Version("0.24.0"))
    assert runner.blocker(side) == "cdktn-cli 0.24.0 needs Node.js >= 22.19.0, this machine has 20.20.2"
    monkeypatch.setattr(runner, "_node", lambda: None)
    assert runner.blocker(side) == "no Node.js ('node' is not on PATH)"


def test_verify_is_opt_in_and_said_so_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    from compat.cli import main

    main(["migrate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--verify" in text and "RUNS THE PROJECT'S OWN APP CODE" in text and "opt-in only" in text


@pytest.mark.network
def test_a_real_synth_of_a_tiny_typescript_free_app(tmp_path: Path) -> None:
    """cdktf-cli on this machine's Node.js synthesizes a stack the app writes by hand (no core needed)."""
    if shutil.which("node") is None or shutil.which("cdktf") is None:
        pytest.skip("node and cdktf-cli are not installed")
    root, plan = _repository(tmp_path)
    project = root / "infra"
    (project / "cdktf.json").write_text(json.dumps({"language": "python", "app": "python3 app.py"}))
    (project / "app.py").write_text(
        "import json, os\n"
        "out = os.environ['CDKTF_OUTDIR']\n"
        "stack = os.path.join(out, 'stacks', 'main')\n"
        "os.makedirs(stack, exist_ok=True)\n"
        "meta = {'metadata': {'backend': 'local', 'stackName': 'main', 'version': '0.21.0'}, 'outputs': {}}\n"
        "stack_json = {'//': meta, 'terraform': {'required_providers': {}}, 'resource': {}}\n"
        "json.dump(stack_json, open(os.path.join(stack, 'cdk.tf.json'), 'w'))\n"
        "json.dump({'version': 'stubbed', 'stacks': {'main': {'name': 'main', 'synthesizedStackPath':"
        " 'stacks/main/cdk.tf.json', 'workingDirectory': 'stacks/main', 'annotations': [],"
        " 'dependencies': [], 'constructPath': 'main'}}}, open(os.path.join(out, 'manifest.json'), 'w'))\n"
    )
    report = verify_plan(plan, ("cdktf", None), ("cdktf", None), NodeSynthesizer(), timeout=300)
    assert report.verified and report.differences == ()


def test_a_cli_the_npm_data_lacks_is_named_as_the_data_s_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = NodeSynthesizer({"cdktn-cli": {"0.24.0": ">=22.19.0"}})
    monkeypatch.setattr(runner, "_node", lambda: Version("22.20.0"))
    side = SynthSide(Path("/nowhere"), "cdktn", Version("0.22.1"))
    assert runner.blocker(side) == (
        "compat's npm data has no cdktn-cli 0.22.1 (it lists 0.24.0, read from a registry that lists only "
        "some releases): not synthesized with another release's CLI"
    )
