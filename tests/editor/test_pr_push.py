"""The Action's optional pin commit (``compat.pullrequest.push``), against a recorded event and a fake git:
pushed only for a same-repository pull request, only pin's manifests, fast-forward onto the head."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from compat.pullrequest.push import (
    COMMIT_TITLE,
    Decision,
    GitFailed,
    PinRunner,
    decide,
    main,
    push_pin_commit,
)
from tests.conftest import FIXTURES

EVENT = json.loads((FIXTURES / "pr" / "pull_request_same_repository.json").read_text())
HEAD = EVENT["pull_request"]["head"]["sha"]


class FakeGit:
    """Records every git call; ``status`` is what ``git status --porcelain -z`` prints."""

    def __init__(self, status: str = "", title: str = "Update cdktf", fail: str = "") -> None:
        self.calls: list[tuple[str, ...]] = []
        self.status, self.title, self.fail = status, title, fail

    def __call__(self, cwd: Path, *args: str) -> str:
        self.calls.append((cwd.name, *args))
        verb = next(a for a in args if not a.startswith("-") and "=" not in a)
        if verb == self.fail:
            raise GitFailed(f"git {verb}: refused")
        if verb == "log":
            return self.title + "\n"
        if verb == "status":
            return self.status
        return ""

    def verbs(self) -> list[str]:
        return [next(a for a in call[1:] if not a.startswith("-") and "=" not in a) for call in self.calls]


def _pin(code: int = 0) -> tuple[list[tuple[Path, tuple[str, ...]]], PinRunner]:
    runs: list[tuple[Path, tuple[str, ...]]] = []

    def run(path: Path, flags: Sequence[str]) -> int:
        runs.append((path, tuple(flags)))
        return code

    return runs, run


def test_a_same_repository_pull_request_is_pinned_and_pushed(tmp_path: Path) -> None:
    git = FakeGit(status=" M infra/Pipfile\0 M infra/cdktf.json\0")
    runs, pin = _pin()
    decision = decide(EVENT, "pull_request")
    assert decision.allowed and decision.branch == "renovate/cdktf" and decision.head_sha == HEAD
    outcome = push_pin_commit(
        tmp_path, tmp_path / "head", "infra", decision, git=git, pin=pin, pin_flags=["--terraform", "1.9.8"]
    )
    assert outcome.pushed, outcome.message
    assert runs == [(tmp_path / "head" / "infra", ("--terraform", "1.9.8"))]
    assert git.verbs() == ["fetch", "worktree", "log", "status", "add", "commit", "push", "worktree"]
    fetch, add_worktree = git.calls[0], git.calls[1]
    assert (
        HEAD in fetch and add_worktree[-1] == HEAD and "--detach" in add_worktree
    )  # the head, not the merge
    assert git.calls[4][-2:] == ("infra/Pipfile", "infra/cdktf.json")
    commit = git.calls[5]
    message = commit[commit.index("-m") + 1]
    assert message.startswith(COMMIT_TITLE) and "infra/Pipfile" in message and HEAD[:12] in message
    assert "--force" not in git.calls[6] and git.calls[6][-1] == "HEAD:refs/heads/renovate/cdktf"
    assert git.calls[7][:3] == (tmp_path.name, "worktree", "remove")  # cleaned up


def test_a_fork_is_never_pushed_to(tmp_path: Path) -> None:
    fork = copy.deepcopy(EVENT)
    fork["pull_request"]["head"]["repo"] = {"full_name": "someone/infra", "fork": True}
    decision = decide(fork, "pull_request_target")
    assert not decision.allowed and "fork" in decision.reason
    git, (runs, pin) = FakeGit(status=" M Pipfile\0"), _pin()
    outcome = push_pin_commit(tmp_path, tmp_path / "head", ".", decision, git=git, pin=pin)
    assert not outcome.pushed and git.calls == [] and runs == []


@pytest.mark.parametrize(
    ("change", "name"),
    [
        (lambda e: e["pull_request"]["head"].pop("repo"), "push"),  # unknown head repository: a fork for us
        (lambda e: e["pull_request"]["head"]["repo"].update(fork=True), "push"),
        (lambda e: e["pull_request"].update(state="closed"), "push"),
        (lambda e: e["pull_request"]["head"].update(ref="--upload-pack=x"), "push"),
        (lambda e: None, "issue_comment"),
        (lambda e: e.pop("pull_request"), "pull_request"),
    ],
)
def test_what_the_event_does_not_allow_is_refused(
    change: Callable[[dict[str, Any]], object], name: str
) -> None:
    event = copy.deepcopy(EVENT)
    change(event)
    assert not decide(event, "pull_request" if name == "push" else name).allowed


@pytest.mark.parametrize(
    ("git", "code", "says"),
    [
        (FakeGit(status=""), 0, "changed nothing"),
        (FakeGit(status=" M Pipfile\0 M main.py\0"), 0, "unexpected changes (main.py)"),
        (FakeGit(status=" M Pipfile\0", title=COMMIT_TITLE), 0, "pin commit already"),
        (FakeGit(status=" M Pipfile\0"), 2, "compat pin exited 2"),
        (FakeGit(status=" M Pipfile\0", fail="push"), 0, "nothing pushed: git push"),
        (FakeGit(fail="fetch"), 0, "cannot check out the head commit"),
    ],
)
def test_nothing_is_pushed_when(tmp_path: Path, git: FakeGit, code: int, says: str) -> None:
    runs, pin = _pin(code)
    outcome = push_pin_commit(
        tmp_path, tmp_path / "head", ".", decide(EVENT, "pull_request"), git=git, pin=pin
    )
    assert not outcome.pushed and says in outcome.message
    assert "push" not in git.verbs() or git.fail == "push"
    if git.fail != "fetch":
        assert git.verbs()[-1] == "worktree"  # the worktree is removed whatever happened


def test_a_path_outside_the_repository_is_refused(tmp_path: Path) -> None:
    git, (runs, pin) = FakeGit(status=" M Pipfile\0"), _pin()
    for path in ("../elsewhere", "/etc"):
        outcome = push_pin_commit(
            tmp_path, tmp_path / "head", path, Decision(True, "", "b", HEAD), git=git, pin=pin
        )
        assert not outcome.pushed
    assert git.calls == [] and runs == []


def test_the_script_says_why_and_never_fails_the_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fork = copy.deepcopy(EVENT)
    fork["pull_request"]["head"]["repo"]["full_name"] = "someone/infra"
    event = tmp_path / "event.json"
    event.write_text(json.dumps(fork))
    argv = ["--event", str(event), "--event-name", "pull_request", "--checkout", str(tmp_path)]
    assert main([*argv, "--worktree", str(tmp_path / "head")]) == 0
    assert "never pushes to a fork" in capsys.readouterr().out
    event.write_text("{")
    assert main([*argv, "--worktree", str(tmp_path / "head")]) == 2


def test_with_a_real_git_the_commit_lands_on_the_head_branch(tmp_path: Path) -> None:
    """The same steps with git itself, against a local bare remote: one commit on top of the head."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("no git")

    def run(cwd: Path, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True
        ).stdout

    remote, checkout = tmp_path / "remote.git", tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "clone", "-q", str(remote), str(checkout)], check=True, capture_output=True)
    identity = ("-c", "user.name=t", "-c", "user.email=t@t")
    (checkout / "infra").mkdir()
    (checkout / "infra" / "Pipfile").write_text('[packages]\ncdktf = "*"\n')
    run(checkout, "add", ".")
    run(checkout, *identity, "commit", "-qm", "bump")
    run(checkout, "push", "-q", "origin", "HEAD:refs/heads/renovate/cdktf")
    head = run(checkout, "rev-parse", "HEAD").strip()
    event = copy.deepcopy(EVENT)
    event["pull_request"]["head"]["sha"] = head

    def pin(path: Path, flags: Sequence[str]) -> int:
        (path / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
        return 0

    outcome = push_pin_commit(checkout, tmp_path / "head", "infra", decide(event, "pull_request"), pin=pin)
    assert outcome.pushed, outcome.message
    log = run(remote, "log", "--format=%s %P", "-2", "refs/heads/renovate/cdktf").splitlines()
    assert log[0] == f"{COMMIT_TITLE} {head}"  # one commit, its parent the head the event named
    assert (
        run(remote, "show", "refs/heads/renovate/cdktf:infra/Pipfile") == '[packages]\ncdktf = "==0.20.12"\n'
    )
    assert not (tmp_path / "head").exists()


def test_the_action_pushes_only_when_its_input_says_so() -> None:
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((Path(__file__).resolve().parents[2] / "action.yml").read_text())
    assert action["inputs"]["push-pin-commit"]["default"] == "false"
    assert "fork" in action["inputs"]["push-pin-commit"]["description"]
    steps = action["runs"]["steps"]
    index = next(i for i, s in enumerate(steps) if s.get("name") == "Push the pin commit")
    step = steps[index]
    assert "inputs.push-pin-commit == 'true'" in step["if"] and "pull_request" in step["if"]
    assert 'python" -I -m compat.pullrequest.push' in step["run"] and "$GITHUB_EVENT_NAME" in step["run"]
    assert "git push" not in step["run"]  # every git step is the tested module's
    assert steps[-1]["name"] == "Fail on findings" and index < len(steps) - 1
    # inputs reach the shell through env, never spliced into the script
    assert "${{" not in step["run"]


def test_pin_runs_isolated_from_the_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A ``compat`` package at the repository's root is never what runs: ``python -I``."""
    import subprocess

    from compat.pullrequest import push

    seen: list[list[str]] = []

    class Done:
        returncode = 0

    def run(command: list[str], check: bool) -> Done:
        seen.append(command)
        return Done()

    monkeypatch.setattr(subprocess, "run", run)
    assert push.real_pin(tmp_path, ["--python", "3.11"]) == 0
    assert seen[0][1:4] == ["-I", "-m", "compat"] and seen[0][-2:] == ["--python", "3.11"]
