"""The one exception type the CLI turns into a single line on stderr."""

from __future__ import annotations


class CompatError(Exception):
    """A user-facing failure: bad input, impossible request, unreachable data.

    The CLI prints ``str(error)`` as one line on stderr and exits with ``exit_code``
    (2 for bad input or usage, 1 for an impossible request).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class RegistryError(CompatError):
    """A registry could not be reached or answered something malformed.

    The message quotes the URL asked; its credentials are redacted here, once for every message.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        from compat.registry.redact import redact_urls

        super().__init__(redact_urls(message), exit_code)
