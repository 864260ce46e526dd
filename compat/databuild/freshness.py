"""How old the release data is, and the one sentence that says it is too old.

The embedded snapshot ages from the day it was built; ``compat data refresh`` lays newer releases
over it in the user cache, and the data is then as new as that refresh. Past ``max_age_days``
(default 30; ``COMPAT_MAX_DATA_AGE`` sets another) it is said once: in ``compat data status`` and
in the notes of ``compat check``. Nothing fails on it.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

DEFAULT_MAX_AGE_DAYS = 30


def max_age_days() -> int:
    """``COMPAT_MAX_DATA_AGE`` when it is a whole number of days, else the default."""
    text = os.environ.get("COMPAT_MAX_DATA_AGE", "").strip()
    return int(text) if text.isdigit() else DEFAULT_MAX_AGE_DAYS


def age_days(stamp: str | None, now: datetime | None = None) -> int | None:
    """Whole days since an ISO 8601 ``stamp`` (``2026-11-28T09:14:30Z``); None when it is no date."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0, ((now or datetime.now(timezone.utc)) - when).days)


def staleness(stamp: str | None, limit: int | None = None, now: datetime | None = None) -> str | None:
    """The sentence saying the data is older than ``limit`` days, else None."""
    limit = max_age_days() if limit is None else limit
    days = age_days(stamp, now)
    if days is None or days <= limit:
        return None
    return (
        f"the release data is {days} days old (read from the registries {stamp[:10] if stamp else ''}, "
        f"more than {limit} days ago): releases since then are unknown to compat; run 'compat data "
        "refresh' with the network"
    )
