"""The pull-request comment: what a dependency change also needs (``compat pr-comment``).

:mod:`compat.pullrequest.model` compares the base and the head checkout of each project and
gathers what the bump requires (the version findings of a check of the head), the provider
versions it spans, the call sites that break (the ``migrate`` plan, as a diff) and the ``pin``
plan; :mod:`compat.pullrequest.render` writes them as one Markdown comment with a hidden marker, so
the Action updates its comment rather than adding another.
"""
