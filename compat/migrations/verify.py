"""``compat migrate --verify``: synthesize the project before and after the move and compare.

Synth runs the project's own app code (cdktf.json ``app``) through the CDK CLI, so it is never
implied: only the ``--verify`` flag asks for it, and nothing the repository ships turns it on. It
runs in two temporary copies of the repository (never the user's tree): one as it is, one with
the plan's changes applied. The Terraform JSON of every stack (``cdktf.out/stacks/*/cdk.tf.json``)
is compared with its metadata left out (every ``//`` key: construct paths, the CLI's version and
backend notes change with the move by design).

Where synth cannot run, nothing is guessed: the report says the move was not verified and why
(no ``node``, no CLI for a side, a CLI whose ``engines.node`` floor is above the installed Node.js).
A synth that starts and fails or passes its time budget is :class:`VerifyFailed` (the CLI prints one
line and exits 2). The runner is behind :class:`Synthesizer` so tests fake it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.migrations.migration_plan import MigrationPlan
from compat.record import Record

#: seconds for each synth (before and after), unless --verify-timeout says otherwise
DEFAULT_TIMEOUT = 600.0
_SKIP = shutil.ignore_patterns(".git", "cdktf.out", ".terraform", "__pycache__")


class VerifyFailed(CompatError):
    """A synth that was started and did not finish: its one line, exit 2."""


class SynthSide(Record):
    """What one synth needs: the copy to run in and the CLI that runs it."""

    root: Path  # the project folder inside the copy
    cli: str  # "cdktf" or "cdktn"
    core: Version | None  # the core the side installs (for the CLI's Node.js floor)


class Synthesizer(Protocol):
    def blocker(self, side: SynthSide) -> str | None:
        """Why this side cannot be synthesized here (None: it can)."""

    def synth(self, side: SynthSide, out: Path, timeout: float) -> None:
        """Run synth into ``out``; raise :class:`VerifyFailed` when it fails or times out."""


class VerifyReport(Record):
    verified: bool
    reason: str  # why not verified, or what was compared
    differences: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        if not self.verified:
            return [f"not verified by synth: {self.reason}"]
        if not self.differences:
            return [f"verified by synth: {self.reason}"]
        head = f"synth differs after the move ({self.reason}):"
        return [head, *(f"  {d}" for d in self.differences[:50])]


def strip_metadata(value: object) -> object:
    """The Terraform JSON without its ``//`` metadata keys, at any depth."""
    if isinstance(value, dict):
        return {k: strip_metadata(v) for k, v in value.items() if k != "//"}
    if isinstance(value, list):
        return [strip_metadata(v) for v in value]
    return value


def read_stacks(out: Path, copy: Path | None = None) -> dict[str, object]:
    """``stack -> Terraform JSON (metadata left out)`` of a synth output folder; the path of the copy
    it ran in (a local backend's state path holds it) reads as ``<repository>``."""
    stacks: dict[str, object] = {}
    for path in sorted((out / "stacks").glob("*/cdk.tf.json")):
        try:
            text = path.read_text(encoding="utf-8")
            if copy is not None:
                text = text.replace(json.dumps(str(copy))[1:-1], "<repository>")
            stacks[path.parent.name] = strip_metadata(json.loads(text))
        except (OSError, ValueError) as error:
            raise VerifyFailed(
                f"--verify: cannot read {path.name} of stack {path.parent.name}: {error}"
            ) from error
    return stacks


def differences(before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
    """Where two synth outputs differ, as JSON paths (``main: resource.aws_s3_bucket.b.bucket: ...``)."""
    found: list[str] = []

    def walk(left: object, right: object, path: str) -> None:
        if isinstance(left, dict) and isinstance(right, dict):
            for key in sorted(set(left) | set(right)):
                here = f"{path}.{key}"
                if key not in left:
                    found.append(f"{here}: added")
                elif key not in right:
                    found.append(f"{here}: removed")
                else:
                    walk(left[key], right[key], here)
        elif left != right:
            found.append(f"{path}: {json.dumps(left)[:80]} -> {json.dumps(right)[:80]}")

    for stack in sorted(set(before) | set(after)):
        if stack not in after:
            found.append(f"stack {stack}: gone after the move")
        elif stack not in before:
            found.append(f"stack {stack}: new after the move")
        else:
            walk(before[stack], after[stack], stack)
    return found


def _copy(repository: Path, into: Path) -> Path:
    shutil.copytree(repository, into, symlinks=True, ignore=_SKIP)
    return into


def verify_plan(
    plan: MigrationPlan,
    before_cli: tuple[str, Version | None],
    after_cli: tuple[str, Version | None],
    synthesizer: Synthesizer,
    timeout: float = DEFAULT_TIMEOUT,
) -> VerifyReport:
    """Synthesize the repository before and after ``plan`` in temporary copies and compare."""
    if not plan.changes:
        return VerifyReport(False, "the move changes no file")
    repository = plan.diff_root.resolve()
    project = plan.root.resolve().relative_to(repository)
    with tempfile.TemporaryDirectory(prefix="compat-verify-") as scratch:
        base = Path(scratch)
        sides = {
            "before": SynthSide(base / "before" / project, *before_cli),
            "after": SynthSide(base / "after" / project, *after_cli),
        }
        for name, side in sides.items():  # asked of the user's project (its node_modules), before copying
            reason = synthesizer.blocker(side._replace(root=plan.root.resolve()))
            if reason is not None:
                return VerifyReport(False, f"{name} the move: {reason}")
        _copy(repository, base / "before")
        _copy(repository, base / "after")
        for change in plan.changes:
            target = base / "after" / change.path.resolve().relative_to(repository)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.after, encoding="utf-8", newline="")
        outputs: dict[str, dict[str, object]] = {}
        for name, side in sides.items():
            out = base / f"{name}.out"
            synthesizer.synth(side, out, timeout)
            outputs[name] = read_stacks(out, base / name)
    if not outputs["before"]:
        raise VerifyFailed("--verify: synth before the move wrote no stack")
    found = differences(outputs["before"], outputs["after"])
    what = f"{len(outputs['before'])} stack(s), Terraform JSON without metadata"
    return VerifyReport(True, what, tuple(found))


class NodeSynthesizer:
    """The real runner: the project's own CLI (``cdktf synth`` / ``cdktn synth``) found on ``PATH`` or in
    the copy's ``node_modules/.bin``, under Node.js, with a time budget; nothing is installed."""

    def __init__(self, node_floors: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.node_floors = node_floors  # npm package -> version -> engines.node (runtimes.json)

    def _node(self) -> Version | None:
        node = shutil.which("node")
        if node is None:
            return None
        try:
            done = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10, check=True)
            return Version(done.stdout.strip().lstrip("v"))
        except (OSError, subprocess.SubprocessError, InvalidVersion):
            return None

    def _cli(self, side: SynthSide) -> str | None:
        local = side.root / "node_modules" / ".bin" / side.cli
        return str(local) if local.exists() else shutil.which(side.cli)

    def _floor(self, side: SynthSide) -> Version | None:
        from compat.versions.node import engines_floor

        if self.node_floors is None:
            from compat.runtimes import load_runtimes

            self.node_floors = load_runtimes().engines
        if side.core is None:
            return None
        text = (self.node_floors.get(f"{side.cli}-cli") or {}).get(str(side.core))
        return engines_floor(text) if text else None

    def blocker(self, side: SynthSide) -> str | None:
        node = self._node()
        if node is None:
            return "no Node.js ('node' is not on PATH)"
        floor = self._floor(side)
        if floor is not None and node < floor:
            return f"{side.cli}-cli {side.core} needs Node.js >= {floor}, this machine has {node}"
        released = sorted(self._released(side))
        if side.core is not None and released and str(side.core) not in released:
            listed = ", ".join(released)
            return (
                f"compat's npm data has no {side.cli}-cli {side.core} (it lists {listed}, read from a "
                "registry that lists only some releases): not synthesized with another release's CLI"
            )
        if self._cli(side) is None:
            return (
                f"no {side.cli} CLI on PATH (npm i -g {side.cli}-cli{f'@{side.core}' if side.core else ''})"
            )
        return None

    def _released(self, side: SynthSide) -> list[str]:
        """The CLI's releases compat's npm data lists (``cdktn-cli``; a partial listing: only a reason not
        to run another release's CLI, never evidence npm lacks one)."""
        if self.node_floors is None:
            from compat.runtimes import load_runtimes

            self.node_floors = load_runtimes().engines
        return list(self.node_floors.get(f"{side.cli}-cli") or {})

    def synth(self, side: SynthSide, out: Path, timeout: float) -> None:
        cli = self._cli(side)
        if cli is None:
            raise VerifyFailed(f"--verify: no {side.cli} CLI for {side.root}")
        env = {**os.environ, "CHECKPOINT_DISABLE": "1", "CI": "1"}
        try:
            done = subprocess.run(
                [cli, "synth", "--output", str(out)],
                cwd=side.root,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise VerifyFailed(f"--verify: {side.cli} synth took longer than {timeout:.0f} s") from error
        except OSError as error:
            raise VerifyFailed(f"--verify: cannot run {cli}: {error}") from error
        if done.returncode != 0:
            tail = (done.stderr or done.stdout or "").strip().splitlines()
            last = tail[-1][:200] if tail else f"exit code {done.returncode}"
            raise VerifyFailed(f"--verify: {side.cli} synth failed in a copy of the project: {last}")
