"""SYN005 of a TypeScript project: an ``Fn.<name>`` call cdktn's synth rejects for its targets.

cdktn 0.24 validates every function it tracks against ``targetVersions`` in cdktf.json, defaulting to
every supported release of both CLIs, and fails synth when a targeted range includes a release without
the function (the Python rule, :mod:`compat.check.rules.syn005_function_outside_targets`, says how). The
same tables (``data/runtimes.json``, cdktn's own) and the same wording; the calls are the ``Fn`` imported
from the ``cdktn`` core, read by the TypeScript reader. A call SYN004 already reports (the CLI compat
uses was read from targetVersions and lacks the function) is not reported twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from packaging.version import Version

from compat.check.model import Environment, Finding
from compat.check.rules._functions import missing
from compat.check.rules.syn005_function_outside_targets import META, rejections, target_suggestion
from compat.families import CDKTN
from compat.runtimes import load_runtimes
from compat.typescript.context import TsRun, version_of
from compat.typescript.reader import TsFile


def _targets(run: TsRun) -> tuple[Mapping[str, str], bool] | None:
    """The targets cdktn validates against and whether cdktf.json declares them (None: malformed,
    which cdktn reports itself)."""
    config = run.config
    declared = config.document.get("targetVersions") if config is not None else None
    if declared is None:
        return dict(load_runtimes().cdktn_floor), False
    if not isinstance(declared, dict) or not all(isinstance(v, str) for v in declared.values()):
        return None
    return dict(declared), True


def outside_targets(run: TsRun, files: list[TsFile], environment: Environment) -> Iterator[Finding]:
    """The ``Fn`` calls of ``files`` that the installed cdktn core (>= the release the tables were read
    from) rejects for the declared or default targets."""
    installed = run.project.installed(CDKTN.core)
    core: Version | None = version_of(installed.version) if installed.version else None
    runtimes = load_runtimes()
    since = runtimes.cdktn_release
    if core is None or since is None or core < since:
        return
    targets = None
    for file in files:
        imports = [i for i in file.imports if i.specifier == CDKTN.core]
        fn_locals = {n.local for i in imports for n in i.names if n.name == "Fn"} - file.declared
        for call in file.fn_calls:
            if call.receiver not in fn_locals:
                continue
            row = runtimes.functions.get(call.name) or runtimes.functions.get(call.name.lower())
            if row is None:
                continue
            targets = targets or _targets(run)
            if targets is None:
                return
            reasons = rejections(row, targets[0])
            by_syn004 = (
                environment.terraform is not None
                and "targetVersions" in (environment.terraform_source or "")
                and missing(row, environment.cli, environment.terraform) is not None
            )
            if not reasons or by_syn004:
                continue
            whose = (
                "the declared targetVersions" if targets[1] else "cdktn's default targets (no targetVersions)"
            )
            suggestion, _member = target_suggestion(environment, row)
            yield META.finding(
                file.rel,
                call.line,
                call.column,
                f"Fn.{call.name}: {CDKTN.core} {core} fails synth against {whose}: {'; '.join(reasons)} "
                f"({runtimes.cdktn_source} lib/functions/function-availability.generated.js)",
                symbol=f"Fn.{call.name}",
                suggestion=suggestion,
            )
