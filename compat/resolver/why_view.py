"""``compat why`` rendered: text (the explanation) and the JSON document."""

from __future__ import annotations

from compat.resolver.explain import WhyReport


def render_text(report: WhyReport) -> str:
    return "\n".join(report.explanation)


def why_json(report: WhyReport) -> dict[str, object]:
    verdict, target = report.verdict, report.target
    return {
        "package": verdict.release.package,
        "version": str(verdict.release.version),
        "usable": verdict.usable,  # null: unknown (a check could not be made)
        "caveats": list(verdict.caveats),
        "core": (
            {"name": verdict.core.package, "version": str(verdict.core.version)} if verdict.core else None
        ),
        "cli": target.cli,
        "terraform": str(target.terraform) if target.terraform else None,
        "python": str(target.python) if target.python else None,
        "reasons": [{"predicate": r.predicate, "reason": r.reason} for r in verdict.rejections],
        "explanation": list(report.explanation),
    }
