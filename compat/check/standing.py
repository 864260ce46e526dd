"""How far a finding can be trusted when the version it is about was not read but assumed: one policy.

A rule says what its finding rests on (a :class:`Basis`: the version it judged and, for a version
rule, whether another release would have the same problem); the engine applies :func:`standing`
once to every finding, after all rules and passes ran. Three cases:

- a locked or exact version, or none: the finding as the rule made it;
- a version read from a range without a lock (``Resolved.assumed``): with ``holds``, not reported when
  some other release the installer could pick is free of the problem (it would rest only on compat's
  guess), else a warning that says what was assumed; without ``holds`` (code checked against the
  assumed release of another prebuilt package), at most a warning that says so;
- a release inferred for bindings no manifest declares (``Resolved.inferred``): a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from compat.record import Record

if TYPE_CHECKING:
    from compat.check.model import Basis, Finding, Severity


class Standing(Record):
    """How a finding about a resolved version is reported: its severity and what it rests on."""

    severity: Severity | None  # None: the rule's own
    caveat: str  # appended to the message: the assumption it rests on ("" for a locked or exact version)
    at_most: bool = False  # ``severity`` caps an error only (an info stays an info)


def standing(basis: Basis) -> Standing | None:
    """How a finding resting on ``basis`` is reported; None: not at all (see the module docstring)."""
    resolved, holds = basis
    if resolved.inferred:
        return Standing("warning", "")
    if not resolved.assumed:
        return Standing(None, "")
    if holds is None:
        return Standing(
            "warning",
            f" (assumed: no lock pins {resolved.name}; {resolved.version} is what "
            "the installer would pick today)",
            at_most=True,
        )
    if any(not holds(version) for version in resolved.admitted if version != resolved.version):
        return None
    pin = resolved.pin
    where = f"{resolved.name}{pin.specifier or ' *'} at {pin.path}:{pin.line}" if pin else resolved.how
    return Standing(
        "warning",
        f" (assumed: no lock pins it; {resolved.version} is what the installer "
        f"would pick today for {where}, and every release it could pick has the "
        "same problem)",
    )


def apply_standing(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` as their basis lets them stand (see :func:`standing`), each without its basis."""
    kept: list[Finding] = []
    for finding in findings:
        if finding.basis is None:
            kept.append(finding)
            continue
        judged = standing(finding.basis)
        if judged is None:
            continue
        severity = finding.severity
        if judged.severity is not None and (not judged.at_most or severity == "error"):
            severity = judged.severity
        kept.append(finding._replace(message=finding.message + judged.caveat, severity=severity, basis=None))
    return kept
