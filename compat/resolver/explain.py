"""``compat why`` computed: the verdict on one bindings release and the sentences explaining it."""

from __future__ import annotations

from pathlib import Path

from compat.record import Record
from compat.resolver.model import Target, Verdict


class WhyReport(Record):
    """One release judged against one environment; :mod:`compat.resolver.why_view` renders it."""

    verdict: Verdict
    target: Target  # the environment it was judged against (given versions first, else the project's)
    explanation: tuple[str, ...]  # the sentences, in order


def explain_release(
    release: str,
    *,
    terraform: str | None,
    opentofu: str | None,
    python: str | None,
    provider: str | None,
    project: Path,
) -> WhyReport:
    """Parse ``<package>==<version>`` (a short name as :mod:`compat.resolver.names` reads it) and the
    runtime options, detect the rest in ``project``, judge."""
    from compat.resolver.query import parse_release, why_target
    from compat.resolver.solve import why
    from compat.snapshot import load_snapshot

    snapshot = load_snapshot()
    package, version = parse_release(release, snapshot)
    target = why_target(
        package, terraform=terraform, opentofu=opentofu, python=python, provider=provider, project=project
    )
    verdict, lines = why(snapshot, target, package.pypi, version)
    return WhyReport(verdict=verdict, target=target, explanation=tuple(lines))
