"""The version a Terraform / OpenTofu / Node.js binary reports, asked once per binary and remembered.

``terraform version -json`` starts a Go program (tens of milliseconds, over 50 MiB) that also
asks HashiCorp's checkpoint service for news, a DNS lookup even with ``--offline``. The answer
depends only on the binary, so it is cached by the binary's path, size and modification time
in ``<cache>/binary-versions.json``, and the child runs with ``CHECKPOINT_DISABLE=1``: no
network. The file joins a user cache compat already keeps and never starts one (a first run, or
an offline dry run on a clean machine, leaves nothing behind). A cache that cannot be read or
written is simply not used.

A binary on PATH is not trusted to behave: at most :data:`OUTPUT_LIMIT` bytes of its output are
read and it gets :data:`TIMEOUT` seconds, once per run. Its answer *and its failure* are remembered
for the rest of the run (a monorepo of 300 projects asks it once) and in the cache file while the
binary is unchanged (a binary that hangs costs its timeout once, not on every run).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_FILE = "binary-versions.json"
OUTPUT_LIMIT = 64 << 10  # ``terraform version -json`` answers ~200 bytes
TIMEOUT = 10.0  # seconds; a real binary answers in well under one

#: this run's answers (a version) and failures, by binary key and arguments, and the runner (tests pass
#: their own ``run``; None is the real one)
_asked: dict[tuple[str, object], str | BaseException] = {}


class BinaryFailed(subprocess.SubprocessError):
    """The binary could not answer (remembered: it is not asked again while unchanged)."""


def binary_version(binary: str, run: Callable[..., Any] | None = None) -> str:
    """``<binary> version -json``'s version (OpenTofu keeps Terraform's key; ``opentofu_version`` too)."""

    def read(stdout: str) -> str:
        document = json.loads(stdout)
        return str(document.get("terraform_version") or document["opentofu_version"])

    return binary_answer(binary, ("version", "-json"), run, read)


def binary_answer(
    binary: str, args: tuple[str, ...], run: Callable[..., Any] | None, read: Callable[[str], str]
) -> str:
    """What ``read`` makes of ``<binary> <args>``'s output, from the cache while the binary is unchanged.

    ``read`` raises on output it cannot use. A failure is raised as :class:`BinaryFailed` and
    remembered like an answer (for the run, and in the cache file while the binary is unchanged).
    ``run`` is :func:`subprocess.run`-like (tests pass their own); default :func:`run_bounded`."""
    stat_key = _key(binary)
    key = " ".join((stat_key or binary, *args))
    known = _asked.get((key, run))
    if known is None and stat_key is not None:
        known = _from_cache(_read().get(key))
    if isinstance(known, BaseException):
        raise BinaryFailed(str(known))
    if known is not None:
        return known
    env = {**os.environ, "CHECKPOINT_DISABLE": "1"}
    try:
        result = (run or run_bounded)(
            [binary, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env
        )
        answer = read(result.stdout)
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError, AttributeError) as error:
        failure = BinaryFailed(f"'{binary} {' '.join(args)}' gave no usable answer ({type(error).__name__})")
        _remember(key, run, failure, stat_key is not None)
        raise failure from error
    _remember(key, run, answer, stat_key is not None)
    return answer


def _remember(key: str, run: object, outcome: str | BaseException, in_cache: bool) -> None:
    _asked[(key, run)] = outcome
    if in_cache:
        entry: object = outcome if isinstance(outcome, str) else {"failed": str(outcome)}
        _write({**_read(), key: entry})


def _from_cache(entry: object) -> str | BaseException | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("failed"), str):
        return BinaryFailed(entry["failed"])
    return None


def run_bounded(
    argv: list[str], *, timeout: float = TIMEOUT, env: dict[str, str] | None = None, **_: Any
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` reading at most :data:`OUTPUT_LIMIT` bytes of stdout within ``timeout`` seconds.

    stderr is discarded and stdin closed; the child runs in its own session so that it and anything
    it started are killed together when it floods or hangs (:class:`subprocess.SubprocessError`).
    """
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    assert process.stdout is not None
    chunks: list[bytes] = []
    total = 0
    deadline = time.monotonic() + timeout
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise subprocess.TimeoutExpired(argv, timeout)
                block = os.read(process.stdout.fileno(), 1 << 16)
                if not block:
                    break
                total += len(block)
                if total > OUTPUT_LIMIT:
                    raise subprocess.SubprocessError(f"{argv[0]} wrote more than {OUTPUT_LIMIT} bytes")
                chunks.append(block)
        code = process.wait(max(0.0, deadline - time.monotonic()))
    except BaseException:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(1.0)
        raise
    finally:
        process.stdout.close()
    return subprocess.CompletedProcess(argv, code, b"".join(chunks).decode("utf-8", "replace"), "")


def _key(binary: str) -> str | None:
    """``path|size|mtime_ns`` of the real file; None when it cannot be read (then nothing is cached)."""
    try:
        path = os.path.realpath(binary)
        stat = os.stat(path)
    except OSError:
        return None
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"


def _path() -> Path:
    from compat.paths import cache_dir

    return cache_dir() / _FILE


def _read() -> dict[str, object]:
    try:
        loaded = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write(entries: dict[str, object]) -> None:
    from compat.fileio import write_atomic

    path = _path()
    with contextlib.suppress(OSError):
        if path.parent.is_dir() and any(path.parent.iterdir()):
            write_atomic(path, json.dumps(dict(list(entries.items())[-32:]), indent=0))
