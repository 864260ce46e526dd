"""A check of many files by a pool of processes, with the report of the serial loop.

The workers are forked once the project is prepared, so they inherit its facts, context, symbol
index and rules instead of receiving them (:func:`in_pool` hands the state over). The calling
process checks files too: of ``processes``, one is the caller and the others are forked, so on two
CPUs one fork is made and the caller starts on its first run of files while the worker starts up.
Runs of files are handed out in file order, largest first (:func:`runs`): a run's cost is paid
once per run (the call, its result sent back), and the small runs at the end leave no process idle
while another finishes a large one. For each run, a process sends back the findings and notes of
its files in file order, which files a later pass reads (the engine parses those again: a tree is
not worth sending) and what the file rules gathered for the project rules
(:class:`compat.check.shared.Gathered`); :func:`compat.check.engine.complete` merges the runs in file
order, so the report is byte-identical to the serial loop's.

No pool (:func:`workers` says 1) for a project under :data:`MIN_FILES` files (below it the fork and
the transfer cost more than they save: measured in bench/bench_scale.py, see docs/PERFORMANCE.md), on
one CPU, where ``fork`` is missing or unsafe (Windows, macOS), when asked for one job (``compat check
--jobs 1``, ``COMPAT_JOBS=1``), and for a library call or the server (``run_check(jobs=1)``, the
default). A worker that dies (a crash in the parser, the out-of-memory killer) ends the check with
one line and exit 2, never a hang.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from compat.errors import CompatError

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
S = TypeVar("S")

#: Below this many files a check runs in one process (the measured crossover, see docs/PERFORMANCE.md).
MIN_FILES = 400
#: The smallest run of files handed out (a run costs a call and a result sent back: ~0.2 ms).
MIN_RUN = 8
#: Runs waiting for each worker: it starts the next one while the caller hands out more.
QUEUED_PER_WORKER = 2
#: The environment variable that caps the worker processes (1: none).
JOBS_VARIABLE = "COMPAT_JOBS"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(files: int, jobs: int | None) -> int:
    """How many processes check ``files`` files, the calling one included (1: the serial loop).
    ``jobs``: as asked (``--jobs``); None: ``COMPAT_JOBS``, else one per CPU from :data:`MIN_FILES` files."""
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


def runs(files: int, processes: int) -> list[tuple[int, int]]:
    """The runs of files (start, stop), in file order, each a share of what is left: a quarter of the
    remaining files' share per process (guided self-scheduling), never under :data:`MIN_RUN`. (A
    worker has its next run waiting, sized when it was handed out: a quarter keeps that small.)"""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < files:
        size = max(MIN_RUN, -(-(files - start) // (4 * processes)))
        bounds.append((start, min(start + size, files)))
        start += size
    return bounds


#: What a forked worker inherits: set in the parent just before the pool forks.
_STATE: Any = None


def _call(work: Callable[..., T], start: int, stop: int) -> T:
    return work(_STATE, start, stop)


def in_pool(
    work: Callable[[S, int, int], T], state: S, names: Sequence[str], processes: int
) -> Iterator[tuple[int, T]]:
    """``work(state, start, stop)`` over the runs of ``names`` (the files, :func:`runs`) in this process
    and ``processes - 1`` forked workers; yields (stop, result) in file order. ``work`` is a
    module-level function (it is sent by name); ``state`` is inherited, never sent. A worker that dies
    ends it with one line. ``work`` runs here between the yields: what it leaves in ``state`` must not
    depend on what the caller does with a result it was given.

    Runs are handed out in order to whichever process is free: this one between its runs, a worker
    as soon as one of its runs ends (in the pool's callback), so a worker always has the next run
    waiting (:data:`QUEUED_PER_WORKER`) and never waits for this process to finish a run."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _STATE
    bounds = runs(len(names), processes)
    # the pool's callbacks hand out runs from its own thread: a run is handed out and its future kept
    # under the lock, and this thread reads which runs are out and their futures under it too
    lock = threading.Lock()
    given = 0  # the runs handed out so far (to a worker or to this process)
    sent: dict[int, Future[T]] = {}  # start of a run given to a worker -> its future, until collected

    def hand_out() -> tuple[int, int] | None:
        nonlocal given
        with lock:
            if given == len(bounds):
                return None
            given += 1
            return bounds[given - 1]

    def send(pool: ProcessPoolExecutor) -> None:
        nonlocal given
        with lock:
            if given == len(bounds):
                return
            start, stop = bounds[given]
            given += 1
            future = sent[start] = pool.submit(_call, work, start, stop)
        future.add_done_callback(lambda ended: _next(ended, pool))  # (at once if it ended already)

    def _next(ended: Future[T], pool: ProcessPoolExecutor) -> None:
        if not ended.cancelled() and ended.exception() is None:
            with contextlib.suppress(RuntimeError):  # the pool is shutting down: nothing more to hand out
                send(pool)

    def result(start: int, stop: int, future: Future[T]) -> T:
        try:
            return future.result()
        except BrokenProcessPool as error:
            raise CompatError(
                f"a worker process ended abnormally while checking {names[start]} ... "
                f"{names[stop - 1]}; run again with --jobs 1 to check in one process"
            ) from error

    done: dict[int, T] = {}  # start of a run checked here -> its result, until it is yielded
    yielded = 0  # the runs yielded so far
    _STATE = state
    try:
        with ProcessPoolExecutor(processes - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                for _ in range(QUEUED_PER_WORKER * (processes - 1)):
                    send(pool)
                while True:
                    run = hand_out()
                    if run is not None:  # this process's own run
                        done[run[0]] = work(state, *run)
                    # every run up to the first still being checked by a worker (all of them at the end)
                    while True:
                        with lock:
                            if yielded == given:
                                break
                            start, stop = bounds[yielded]
                            future = sent.pop(start, None)  # None: a run of this process
                        if future is None:
                            value = done.pop(start)
                        elif run is None or future.done():
                            value = result(start, stop, future)
                        else:
                            with lock:
                                sent[start] = future  # not ended yet: collected after the next run
                            break
                        yielded += 1
                        yield stop, value
                    if run is None:  # every run handed out, and every one yielded
                        break
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    finally:
        _STATE = None
