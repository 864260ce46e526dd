"""The repository files around a project (CI, package.json, Makefile, Dockerfile ...), scanned once per
run for every rule that reads them (VER016, VER021): :func:`compat.mentions.scan_repository`."""

from __future__ import annotations

from compat.check.context import CheckContext
from compat.check.shared import Shared
from compat.mentions.model import RepositoryMentions

MENTIONS: Shared[RepositoryMentions] = Shared("the tool mentions of the repository files around the project")


def repository_mentions(ctx: CheckContext) -> RepositoryMentions:
    from compat.mentions import scan_repository

    memo = ctx.shared
    if MENTIONS in memo:
        return memo[MENTIONS]
    return memo.keep(MENTIONS, scan_repository(ctx.facts.root, mentions_only=True))
