"""The Terraform and OpenTofu releases compat knows (``data/cli_releases.json``, written by
``compat data cli-releases``; see :mod:`compat.databuild.cli_releases`)."""

import json
from functools import cache

from packaging.version import InvalidVersion, Version

from compat.record import Record
from compat.versions.cli_names import Cli

FILENAME = "cli_releases.json"


class CliReleases(Record):
    """The releases of one CLI, each with the source that lists it."""

    releases: dict[Version, str]  # version -> URL of the source
    complete: frozenset[Version]  # listed by a source that lists every release up to its date
    complete_until: str | None  # that date (ISO 8601)
    built_at: str

    @property
    def newest(self) -> Version | None:
        return max(self.releases, default=None)

    def nearest(self, version: Version) -> list[Version]:
        """The releases just below and just above ``version``."""
        below = [v for v in self.releases if v < version]
        above = [v for v in self.releases if v > version]
        return [*([max(below)] if below else []), *([min(above)] if above else [])]


def parse_cli_releases(document: object, cli: Cli) -> CliReleases | None:
    """One CLI's table; None when the document has none (or is not one)."""
    if not isinstance(document, dict) or not isinstance(document.get("clis"), dict):
        return None
    entry = document["clis"].get(cli)
    if not isinstance(entry, dict) or not isinstance(entry.get("releases"), dict):
        return None
    complete_urls = {
        source.get("url")
        for source in entry.get("sources", [])
        if isinstance(source, dict) and source.get("complete")
    }
    releases: dict[Version, str] = {}
    for text, url in entry["releases"].items():
        try:
            releases[Version(text)] = str(url)
        except InvalidVersion:
            continue
    complete = frozenset(v for v, url in releases.items() if url in complete_urls)
    until = entry.get("complete_until")
    return CliReleases(
        releases, complete, until if isinstance(until, str) else None, str(document.get("built_at", ""))
    )


@cache
def load_cli_releases(cli: Cli) -> CliReleases | None:
    """The embedded table of ``cli``; None when there is none or it cannot be read (the rule is silent)."""
    from compat.paths import data_dir

    try:
        document = json.loads((data_dir() / FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return parse_cli_releases(document, cli)
