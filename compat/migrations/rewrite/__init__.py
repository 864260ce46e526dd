"""LibCST rewrites of user code, as command objects run in a fixed order by :func:`rewrite_source`."""

from compat.migrations.rewrite.base import RewriteCommand, RewriteContext, RewriteResult
from compat.migrations.rewrite.run import rewrite_source

__all__ = ["RewriteCommand", "RewriteContext", "RewriteResult", "rewrite_source"]
