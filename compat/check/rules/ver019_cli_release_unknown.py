"""VER019: the project's Terraform / OpenTofu version is not a release compat knows.

The releases are ``data/cli_releases.json`` (:mod:`compat.databuild.cli_releases`): the repositories'
tags, complete up to their date, and npm packages that mirror later releases.

- A version inside the complete list that is not in it does not exist (``1.5.8``: the 1.5 series
  ended at 1.5.7): an error naming the nearest releases; the CLI cannot be installed at all.
- A version newer than every release known is past the data: one ``info`` saying which checks could
  not judge it (features and functions that release may add or remove are unknown to compat).
- A version between the complete list and the newest release known, and not listed, is also only
  an ``info``: the mirror that lists those releases skips some.
- A known release past the last release branch the function and feature tables were read from
  (``compat data build --terraform-source``; Terraform 1.16 today) is one ``info`` too: what that
  minor added is unknown to SYN004 and the feature rules.
Pre-releases and versions that name a series (``1.5``) are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.versions import cli_releases

META = RuleMeta(
    "VER019",
    "version",
    "error",
    "cli-release-unknown",
    "The Terraform / OpenTofu version is no release, or newer than compat's data.",
)

#: the rules whose tables of features and functions end with the data
_JUDGED_BY_VERSION = "SYN001, SYN002, SYN003 (features) and SYN004 (functions)"


def _place(ctx: CheckContext) -> tuple[str, int]:
    found = ctx.terraform_file()
    if found:
        return found, 1
    return ctx.facts.cdktf_json or ".", 0


def _closest(table: cli_releases.CliReleases, version: Version) -> Version:
    """The nearest release of the same minor when there is one, else the next one up."""
    found = table.nearest(version)
    same = [v for v in found if v.release[:2] == version.release[:2]]
    return (same or found[-1:])[0]


def _check(ctx: CheckContext) -> Iterator[Finding]:
    version, cli = ctx.environment.terraform, ctx.environment.cli
    if version is None:
        return
    if len(version.release) != 3:
        return  # "1.5" names a series (setup-terraform picks its newest), not one release
    table = cli_releases.load_cli_releases(cli)
    if version.is_prerelease or version.is_devrelease:
        return
    if table is not None and table.lists(version):
        yield from _past_tables(ctx, version)
        return
    if table is None:
        return
    newest = table.newest
    if newest is None:
        return
    label, source = ctx.environment.cli_label, ctx.environment.terraform_source or "detected"
    path, line = _place(ctx)
    nearest = " and ".join(str(v) for v in table.nearest(version))
    if table.complete and version < max(table.complete):
        yield META.finding(
            path,
            line,
            1 if line else 0,
            f"{label} {version} ({source}) is not a release: the nearest are {nearest} "
            f"({table.releases[table.nearest(version)[0]]})",
            symbol=f"{cli} {version}",
            suggestion=f"use an existing release, e.g. {_closest(table, version)}",
        )
        return
    if version > newest:
        head = f"{label} {version} ({source}) is newer than every release compat knows (newest {newest})"
    else:
        head = (
            f"{label} {version} ({source}) is not among the releases compat knows after "
            f"{table.complete_until[:10] if table.complete_until else 'its data'} (nearest {nearest})"
        )
    yield META.finding(
        path,
        line,
        1 if line else 0,
        f"{head}: {_JUDGED_BY_VERSION} could not judge what it adds or removes",
        symbol=f"{cli} {version}",
        severity="info",
        suggestion="run 'compat data cli-releases' and 'compat data refresh' with the network for newer data",
    )


def _past_tables(ctx: CheckContext, version: Version) -> Iterator[Finding]:
    """A known release newer than the last release branch the CLI tables were read from."""
    from compat.check.rules._functions import run_function_table

    cli = ctx.environment.cli
    span = run_function_table(ctx).covers.get(cli)
    through = span[1] if span is not None else None
    if through is None or version.release[:2] <= through.release[:2]:
        return
    label, source = ctx.environment.cli_label, ctx.environment.terraform_source or "detected"
    path, line = _place(ctx)
    last = ".".join(str(part) for part in through.release[:2])
    yield META.finding(
        path,
        line,
        1 if line else 0,
        f"{label} {version} ({source}) is newer than the release branches compat's function and "
        f"feature tables were read from (through {last}): {_JUDGED_BY_VERSION} could not judge what it "
        "adds or removes",
        symbol=f"{cli} {version}",
        severity="info",
        suggestion="rebuild the data with 'compat data build --terraform-source/--opentofu-source'",
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
