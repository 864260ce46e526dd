"""Which Terraform and OpenTofu releases exist: ``data/cli_releases.json``, built by
``compat data cli-releases``, never typed by hand.

Two kinds of source, each row of the result naming where it was read:

- the release tags of a checkout of hashicorp/terraform or opentofu/opentofu (``--terraform-git``,
  ``--opentofu-git``: a clone or mirror; ``git for-each-ref refs/tags``). A repository's tags are
  every release up to its newest commit, so the list is *complete* up to that date.
- npm packages whose versions mirror the CLI's (``@jahed/terraform`` publishes one version per
  Terraform release it wraps): read with the npm client, they add releases after the checkout's
  date but are not complete (the wrapper skips releases).

Only final releases (``v1.16.3``) are kept; pre-releases (``-rc1``, ``-alpha2026...``) are not what a
CI pins. ``compat check`` judges a CLI version against this table (VER019).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.registry.http import HttpClient

FILENAME = "cli_releases.json"
#: npm packages whose versions are the Terraform / OpenTofu releases they wrap
NPM_MIRRORS = {"terraform": ("@jahed/terraform",), "opentofu": ()}


def _final(text: str) -> Version | None:
    try:
        version = Version(text.removeprefix("v"))
    except InvalidVersion:
        return None
    return None if version.is_prerelease or version.is_devrelease or len(version.release) != 3 else version


def tags_of(git_dir: Path) -> tuple[list[Version], str]:
    """The final release tags of a repository and the date of its newest commit (ISO 8601, UTC)."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", "--git-dir", str(git_dir), *args],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise CompatError(f"cannot read the tags of {git_dir}: {error}") from error
        return done.stdout

    versions = sorted(
        {
            v
            for line in git("for-each-ref", "--format=%(refname:short)", "refs/tags").split()
            if (v := _final(line)) is not None
        }
    )
    stamp = git("log", "-1", "--format=%cI", "--all").strip()
    when = ""
    if stamp:
        when = datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return versions, when


def npm_versions(http: HttpClient, package: str) -> list[Version]:
    from compat.registry.npm import NpmClient

    packument = NpmClient(http).packument(package)
    return sorted(v for text in packument.versions if (v := _final(text)) is not None)


def cli_table(
    git_sources: Iterable[tuple[str, str, Path, str]], npm_sources: Iterable[tuple[str, str, list[Version]]]
) -> dict[str, Any]:
    """``git_sources``: (cli, repository URL, git dir, date); ``npm_sources``: (cli, package, versions)."""
    table: dict[str, Any] = {}
    for cli, url, git_dir, _ in git_sources:
        versions, when = tags_of(git_dir)
        entry = table.setdefault(cli, {"releases": {}, "complete_until": None, "sources": []})
        for version in versions:
            entry["releases"].setdefault(str(version), url)
        entry["complete_until"] = max(filter(None, (entry["complete_until"], when)), default=None)
        entry["sources"].append({"url": url, "kind": "git tags", "complete": True, "as_of": when})
    for cli, package, versions in npm_sources:
        entry = table.setdefault(cli, {"releases": {}, "complete_until": None, "sources": []})
        url = f"https://registry.npmjs.org/{package.replace('/', '%2F')}"
        for version in versions:
            entry["releases"].setdefault(str(version), url)
        entry["sources"].append({"url": url, "kind": "npm versions", "complete": False, "as_of": None})
    for entry in table.values():
        entry["releases"] = dict(sorted(entry["releases"].items(), key=lambda item: Version(item[0])))
    return {"schema": 1, "built_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "clis": table}
