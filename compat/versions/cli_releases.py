"""The Terraform and OpenTofu releases compat knows (``data/cli_releases.json``, written by
``compat data cli-releases``; see :mod:`compat.databuild.cli_releases`)."""

from __future__ import annotations

import json
from functools import cache

from packaging.version import InvalidVersion, Version

from compat.versions.cli_names import Cli

FILENAME = "cli_releases.json"


class CliReleases:
    """The releases of one CLI, each with the source that lists it.

    The versions are parsed the first time :attr:`releases` or :attr:`complete` is read: a check asks
    only whether the project's release is listed (:meth:`lists`), which its canonical spelling answers
    without parsing the table's few hundred versions (~4 M instructions). A plain class: it keeps that
    parse.
    """

    __slots__ = ("_complete", "_complete_urls", "_listed", "_releases", "built_at", "complete_until")

    def __init__(
        self,
        listed: dict[str, str],
        complete_urls: frozenset[object],
        complete_until: str | None,
        built_at: str,
    ) -> None:
        self._listed = listed  # version text -> URL of the source, as the data lists them
        self._complete_urls = complete_urls
        self._releases: dict[Version, str] | None = None
        self._complete: frozenset[Version] | None = None
        self.complete_until = complete_until  # the date (ISO 8601) the complete sources list up to
        self.built_at = built_at

    @property
    def releases(self) -> dict[Version, str]:
        """version -> URL of the source (a text that is no version left out)."""
        if self._releases is None:
            releases: dict[Version, str] = {}
            for text, url in self._listed.items():
                try:
                    releases[Version(text)] = url
                except InvalidVersion:
                    continue
            self._releases = releases
        return self._releases

    @property
    def complete(self) -> frozenset[Version]:
        """The releases listed by a source that lists every release up to its date."""
        if self._complete is None:
            self._complete = frozenset(v for v, url in self.releases.items() if url in self._complete_urls)
        return self._complete

    def lists(self, version: Version) -> bool:
        """Whether ``version`` is a release of the table (its canonical text answers without a parse)."""
        return str(version) in self._listed or version in self.releases

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
    complete_urls = frozenset(
        source.get("url")
        for source in entry.get("sources", [])
        if isinstance(source, dict) and source.get("complete")
    )
    listed = {text: str(url) for text, url in entry["releases"].items()}
    until = entry.get("complete_until")
    return CliReleases(
        listed, complete_urls, until if isinstance(until, str) else None, str(document.get("built_at", ""))
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
