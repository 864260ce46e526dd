"""A check of many files by a pool of worker processes, with the report of the serial loop.

The workers are forked once the project is prepared, so they inherit its facts, context, symbol
index and rules instead of receiving them (:func:`in_pool` hands the state over). Each takes a
contiguous run of the file list and sends back, for the run, the findings and notes of its files in
file order, which files a later pass reads (the engine parses those again: a tree is not worth
sending) and what the file rules gathered for the project rules
(:class:`compat.check.shared.Gathered`); :func:`compat.check.engine.complete` merges the runs in
file order, so the report is byte-identical to the serial loop's.

No pool (:func:`workers` says 1) for a project under :data:`MIN_FILES` files (below it the fork and
the transfer cost more than they save: measured in bench/bench_scale.py, see the README), on one
CPU, where ``fork`` is missing or unsafe (Windows, macOS), when asked for one job (``compat check
--jobs 1``, ``COMPAT_JOBS=1``), and for a library call or the server (``run_check(jobs=1)``, the
default). A worker that dies (a crash in the parser, the out-of-memory killer) ends the check with
one line and exit 2, never a hang.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from compat.errors import CompatError

T = TypeVar("T")
S = TypeVar("S")

#: Below this many files a check runs in one process (the measured crossover, see the README).
MIN_FILES = 400
#: Runs of files per worker: small enough to even out uneven files, large enough to send little.
RUNS_PER_WORKER = 4
#: The environment variable that caps the worker processes (1: none).
JOBS_VARIABLE = "COMPAT_JOBS"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(files: int, jobs: int | None) -> int:
    """How many worker processes check ``files`` files (1: the serial loop). ``jobs``: as asked
    (``--jobs``); None: ``COMPAT_JOBS``, else one per CPU from :data:`MIN_FILES` files."""
    if jobs is None:
        value = os.environ.get(JOBS_VARIABLE, "").strip()
        if value and not value.isdigit():
            raise CompatError(f"{JOBS_VARIABLE}={value!r}: not a number of processes")
        jobs = int(value) if value else None
        if files < MIN_FILES:
            return 1
    if jobs is not None and jobs < 1:
        raise CompatError(f"--jobs {jobs}: at least 1")
    if jobs == 1 or not _can_fork():
        return 1
    return max(1, min(jobs if jobs is not None else _cpus(), files))


def _can_fork() -> bool:
    import multiprocessing

    return sys.platform not in ("darwin", "win32") and "fork" in multiprocessing.get_all_start_methods()


#: What a forked worker inherits: set in the parent just before the pool forks.
_STATE: Any = None


def _call(work: Callable[..., T], start: int, stop: int) -> T:
    return work(_STATE, start, stop)


def in_pool(
    work: Callable[[S, int, int], T], state: S, names: Sequence[str], processes: int
) -> Iterator[tuple[int, T]]:
    """``work(state, start, stop)`` over contiguous runs of ``names`` (the files) in ``processes``
    forked workers; yields (stop, result) in file order. ``work`` is a module-level function (it is
    sent by name); ``state`` is inherited, never sent. A worker that dies ends it with one line."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _STATE
    size = max(1, -(-len(names) // (processes * RUNS_PER_WORKER)))
    bounds = [(start, min(start + size, len(names))) for start in range(0, len(names), size)]
    _STATE = state
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_call, work, start, stop) for start, stop in bounds]
            for (start, stop), future in zip(bounds, futures, strict=True):
                try:
                    result = future.result()
                except BrokenProcessPool as error:
                    pool.shutdown(cancel_futures=True)
                    raise CompatError(
                        f"a worker process ended abnormally while checking {names[start]} ... "
                        f"{names[stop - 1]}; run again with --jobs 1 to check in one process"
                    ) from error
                yield stop, result
    finally:
        _STATE = None
