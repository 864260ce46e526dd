"""The Action's optional pin commit: ``compat pin`` on a pull request's branch, committed and pushed.

Run by ``action.yml`` (input ``push-pin-commit``, off by default) as
``python -I -m compat.pullrequest.push --event $GITHUB_EVENT_PATH --checkout $GITHUB_WORKSPACE``
(``-I``: the checkout, the working folder, is not on the path: nothing it ships is imported).
What may turn it on is only that input, in the workflow: nothing in the checked repository
(compat.toml, ``[tool.compat]``, any file) is read for it. It pushes only:

- on a ``pull_request`` / ``pull_request_target`` event of an open pull request whose head branch
  lives in the same repository as its base: never to a fork (a fork's branch belongs to someone
  else, and a token that may push there must never run for code a fork sent);
- onto the head commit the event names (the branch checked out at that commit in a worktree of its
  own, never the merge commit ``actions/checkout`` leaves), fast-forward only: if the branch moved
  since, the push is refused by git and nothing is forced;
- the manifests ``compat pin`` wrote (package manifests and cdktf.json, never a lock or a source
  file), in one commit whose message names what was pinned; nothing when pin changes nothing, or when
  the head commit is already compat's pin commit (no loop).

Every step goes through a :class:`Git` (a real one runs ``git``; tests hand a fake) and a
:data:`PinRunner` (the real one runs ``compat pin`` with this interpreter), so the logic is tested
hermetically against a recorded event.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from compat.record import Record

#: the first line of compat's pin commit; a head commit starting with it is not pinned again
COMMIT_TITLE = "compat pin: dependencies made consistent"
AUTHOR_NAME = "github-actions[bot]"
AUTHOR_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
#: the files ``compat pin`` writes (and ``requirements*.txt``); any other change stops the push
PIN_WRITES = frozenset({"cdktf.json", "Pipfile", "pyproject.toml", "package.json"})


def pin_writes(name: str) -> bool:
    """Whether ``compat pin`` may have written the file ``name`` (a manifest or cdktf.json)."""
    return name in PIN_WRITES or (name.startswith("requirements") and name.endswith(".txt"))


class Decision(Record):
    """Whether the pin commit may be pushed for this event, and why (or why not)."""

    allowed: bool
    reason: str
    branch: str = ""
    head_sha: str = ""


def decide(event: object, event_name: str) -> Decision:
    """Read the recorded event: a same-repository, open pull request, or a refusal that says why."""
    if event_name not in ("pull_request", "pull_request_target"):
        return Decision(False, f"not a pull request event ({event_name or 'none'}): nothing pushed")
    pull = event.get("pull_request") if isinstance(event, dict) else None
    if not isinstance(pull, dict):
        return Decision(False, "the event has no pull_request: nothing pushed")
    if pull.get("state") not in (None, "open"):
        return Decision(False, "the pull request is not open: nothing pushed")
    head, base = pull.get("head"), pull.get("base")
    if not isinstance(head, dict) or not isinstance(base, dict):
        return Decision(False, "the event names no head or base: nothing pushed")
    head_repo, base_repo = head.get("repo"), base.get("repo")
    head_name = head_repo.get("full_name") if isinstance(head_repo, dict) else None
    base_name = base_repo.get("full_name") if isinstance(base_repo, dict) else None
    fork = isinstance(head_repo, dict) and head_repo.get("fork") is True
    if not head_name or not base_name or head_name != base_name or fork:
        return Decision(
            False,
            f"the pull request comes from another repository ({head_name or 'unknown'}): compat never "
            "pushes to a fork; run compat pin there",
        )
    branch, sha = head.get("ref"), head.get("sha")
    if not isinstance(branch, str) or not branch or not isinstance(sha, str) or len(sha) < 7:
        return Decision(False, "the event names no head branch and commit: nothing pushed")
    if branch.startswith("-") or ".." in branch or any(c in branch for c in " ~^:?*[\\"):
        return Decision(False, f"head branch {branch!r} is no branch name git accepts: nothing pushed")
    return Decision(True, f"same repository: pinning {branch} at {sha[:12]}", branch, sha)


class Git(Protocol):
    """``git -C cwd args...``: its stdout, or :class:`GitFailed`."""

    def __call__(self, cwd: Path, *args: str) -> str: ...


class GitFailed(Exception):
    pass


def real_git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise GitFailed(f"git {' '.join(args[:2])}: {(done.stderr or done.stdout).strip()[-300:]}")
    return done.stdout


#: runs ``compat pin`` on a project folder with extra flags; returns its exit code
PinRunner = Callable[[Path, Sequence[str]], int]


def real_pin(path: Path, flags: Sequence[str]) -> int:
    """``compat pin`` in an isolated interpreter (``-I``: neither the working folder nor PYTHON*
    variables on its path, so a ``compat`` package the checked repository ships is never imported)."""
    command = [sys.executable, "-I", "-m", "compat", "pin", str(path), "--offline", *flags]
    return subprocess.run(command, check=False).returncode


class Outcome(Record):
    pushed: bool
    message: str


def push_pin_commit(
    checkout: Path,
    worktree: Path,
    path: str,
    decision: Decision,
    *,
    git: Git = real_git,
    pin: PinRunner = real_pin,
    pin_flags: Sequence[str] = (),
) -> Outcome:
    """Pin the project ``path`` on the head branch in ``worktree`` and push one commit, or say why not."""
    if not decision.allowed:
        return Outcome(False, decision.reason)
    if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
        return Outcome(False, f"path {path!r} is not inside the repository: nothing pushed")
    try:
        git(checkout, "fetch", "--no-tags", "--depth=2", "origin", decision.head_sha)
        git(checkout, "worktree", "add", "--detach", str(worktree), decision.head_sha)
    except GitFailed as error:
        return Outcome(False, f"cannot check out the head commit: {error}")
    try:
        title = git(worktree, "log", "-1", "--format=%s", decision.head_sha).strip()
        if title.startswith(COMMIT_TITLE):
            return Outcome(False, "the head commit is compat's pin commit already: nothing pushed")
        code = pin(worktree / path, pin_flags)
        if code != 0:
            return Outcome(False, f"compat pin exited {code}: nothing pushed")
        changed = _changed(git(worktree, "status", "--porcelain", "-z"))
        if not changed:
            return Outcome(False, "compat pin changed nothing: nothing pushed")
        unexpected = [name for name in changed if not pin_writes(PurePosixPath(name).name)]
        if unexpected:
            return Outcome(False, f"unexpected changes ({', '.join(unexpected)}): nothing pushed")
        git(worktree, "add", "--", *changed)
        body = "\n".join(f"- {name}" for name in changed)
        message = f"{COMMIT_TITLE}\n\n`compat pin {path}` on {decision.head_sha[:12]} rewrote:\n{body}\n"
        git(
            worktree,
            "-c",
            f"user.name={AUTHOR_NAME}",
            "-c",
            f"user.email={AUTHOR_EMAIL}",
            "commit",
            "--no-verify",
            "-m",
            message,
        )
        git(worktree, "push", "origin", f"HEAD:refs/heads/{decision.branch}")
        return Outcome(True, f"pushed the pin commit to {decision.branch} ({len(changed)} files)")
    except GitFailed as error:
        return Outcome(False, f"nothing pushed: {error}")
    finally:
        with contextlib.suppress(GitFailed):
            git(checkout, "worktree", "remove", "--force", str(worktree))


def _changed(porcelain: str) -> list[str]:
    """The paths of ``git status --porcelain -z`` (a rename's old path dropped)."""
    entries = porcelain.split("\0")
    out: list[str] = []
    skip = False
    for entry in entries:
        if skip:
            skip = False
            continue
        if len(entry) < 4:
            continue
        status, name = entry[:2], entry[3:]
        out.append(name)
        skip = "R" in status or "C" in status
    return sorted(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m compat.pullrequest.push", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--event", type=Path, required=True, help="GITHUB_EVENT_PATH")
    parser.add_argument("--event-name", required=True, help="GITHUB_EVENT_NAME")
    parser.add_argument("--checkout", type=Path, required=True, help="the repository checkout")
    parser.add_argument("--worktree", type=Path, required=True, help="a new folder for the head branch")
    parser.add_argument("--path", default=".", help="the project, relative to the repository")
    parser.add_argument("--terraform", default="")
    parser.add_argument("--python", default="")
    args = parser.parse_args(argv)
    try:
        event = json.loads(args.event.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"compat: --event {args.event}: not a readable JSON event ({error})", file=sys.stderr)
        return 2
    flags = [*(["--terraform", args.terraform] if args.terraform else [])]
    flags += ["--python", args.python] if args.python else []
    outcome = push_pin_commit(
        args.checkout, args.worktree, args.path, decide(event, args.event_name), pin_flags=flags
    )
    print(f"compat: {outcome.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
