"""Progress of long work (data build, index build, a check of many files) on stderr.

On a terminal, progress is one status line rewritten in place and cleared at the end; in CI (the
``CI`` variable every CI service sets) or when stderr is not a terminal, only what must be read
later (failures, warnings, results) is printed, one line each, so logs stay short.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import TextIO

#: a message with one of these words is kept in a log: it is not progress but a result or a problem
_KEPT = ("fail", "error", "warning", "refused", "could not", "skipped", "not ")
_CLEAR = "\r\x1b[K"


def interactive(stream: TextIO) -> bool:
    """A person watches ``stream``: a terminal, outside CI."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


class StatusLine:
    """Say progress in one rewritten line on a terminal; keep only problems and results in a log."""

    def __init__(
        self, stream: TextIO | None = None, *, quiet: bool = False, live: bool | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.live = interactive(self.stream) if live is None else live
        self._shown = False
        self._last = 0.0

    def __call__(self, message: str) -> None:
        """One message of the work (the ``progress`` callback the builders take)."""
        if self.quiet:
            return
        if any(word in message.lower() for word in _KEPT):
            self._line(message)
        elif self.live:
            self._status(message)

    def count(self, done: int, total: int, what: str) -> None:
        """``what: done/total`` on a terminal, at most ten times a second and always at the end."""
        if self.quiet or not self.live:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self._status(f"{what}: {done}/{total}")

    def close(self) -> None:
        if self._shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self._shown = False

    def _status(self, message: str) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write(_CLEAR + message.replace("\n", " ")[:width])
        self.stream.flush()
        self._shown = True

    def _line(self, message: str) -> None:
        self.stream.write((_CLEAR if self._shown else "") + message + "\n")
        self.stream.flush()
        self._shown = False
