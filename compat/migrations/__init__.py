"""Migrations between releases: the rename graph, LibCST rewrites and the ``migrate`` planner."""
