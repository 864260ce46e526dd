"""A project folder's ``.npmrc``: the settings npm reads from it (``key=value`` lines; a line starting
with ``;`` or ``#`` is a comment, ``[section]`` lines are headers, as npm's ``ini`` parser reads them).

The file comes from an untrusted repository: only its first 64 KiB are read.
"""

from __future__ import annotations

from pathlib import Path

LIMIT = 64 << 10


def npmrc_settings(folder: Path) -> dict[str, str] | None:
    """Each setting of ``folder/.npmrc`` with its value as written (stripped); ``{}`` without the file,
    None when it cannot be read (npm's settings are then unknown)."""
    path = folder / ".npmrc"
    try:
        if not path.is_file():
            return {}
        with path.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(LIMIT)
    except OSError:
        return None
    settings: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in ";#[":
            continue
        key, equals, value = stripped.partition("=")
        if equals:
            settings[key.strip()] = value.strip()
    return settings
