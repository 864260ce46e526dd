"""One network deadline per command, shared by every request the command makes.

A per-request timeout lets a server that answers one byte a second hold each request for its
whole timeout, one after the other (a check of 121 s, a refresh of 362 s). So a command starts
one :class:`Deadline` (:func:`start`) and every :class:`~compat.registry.http.HttpClient` it
creates draws on it: each request gets at most the time left, each socket read too. A host that
did not answer in time, or could not be reached, is given up for the rest of the command: the
next request to it fails at once, and the command goes on with its cached or embedded data.
The first time either happens, one warning line says so.
"""

from __future__ import annotations

import math
import time

#: the network time of a command that can do without the network (check, migrate): a symbol index
#: built on demand reads a few MB by Range requests, seconds on any working connection
ONLINE_CHECK = 60.0
#: ``data refresh``: a few hundred registry documents and wheel tails (about a minute when fresh)
REFRESH = 900.0


class Deadline:
    """``seconds`` of network time (None: no overall limit), and the hosts this command gave up on.

    The clock starts at the command's first request, not at its start: reading a large monorepo
    before the first request does not eat into the time its requests get. (A plain class: every
    command imports this module, and a dataclass is compiled from text at import.)
    """

    def __init__(self, seconds: float | None = None, *, warn: bool = True) -> None:
        self.seconds = seconds
        #: say the first host given up in a warning line; False where the command's own error says it
        #: (``data refresh`` fails as soon as a registry is given up: one line, not two)
        self.warn = warn
        self.ends: float | None = None
        self.given_up: dict[str, str] = {}  # host -> why, said once

    def remaining(self) -> float:
        if self.seconds is None:
            return math.inf
        if self.ends is None:
            self.ends = time.monotonic() + self.seconds
        return max(0.0, self.ends - time.monotonic())

    def give_up(self, host: str, why: str) -> None:
        """Ask ``host`` nothing more in this command; warn once."""
        if host in self.given_up:
            return
        self.given_up[host] = why
        if not self.warn:
            return
        from compat.notice import warn_once

        warn_once(
            f"{why}; no more requests to {host} in this command: going on with the cached and embedded data"
        )


_current: Deadline | None = None


def start(seconds: float | None, *, warn: bool = True) -> Deadline:
    """The deadline of the command now running (every client created from now on shares it)."""
    global _current
    _current = Deadline(seconds, warn=warn)
    return _current


def current() -> Deadline:
    """The running command's deadline; outside a command (library use) a new one without a limit."""
    return _current if _current is not None else Deadline()


def end() -> None:
    """The command is over: later clients (a library caller, the next test) start afresh."""
    global _current
    _current = None
