"""Run ``compat check`` over a folder of real projects and summarise what it found.

    python bench/corpus.py CORPUS_DIR [--compat PYTHON_OR_COMMAND] [--baseline PYTHON_OR_COMMAND]
                           [--json OUT] [--timeout SECONDS] [--jobs N]

A project is every folder holding a ``cdktf.json`` inside an entry (a sub-folder of CORPUS_DIR),
outside ``node_modules``, ``cdktf.out``, ``imports``, virtualenvs and template folders (``{{ x }}``
in the name); the entry folder itself may hold it (the layout of /work/shared/corpus). Each project
runs as its own process, ``compat check PROJECT --format json --offline``, with every proxy pointed
at a closed port (so nothing reaches the network), a fresh cache directory and a per-project timeout.

Printed: the number of projects, findings by code and severity, aborts (exit code not 0/1, a
timeout or output that is not the JSON report, with the last stderr line), total and slowest time.
When CORPUS_DIR holds a ``JUDGEMENTS.tsv`` (columns project, code, severity, location, verdict,
reason; location is ``path:line`` relative to the project) it also prints the known false
positives still reported, the known true positives lost and the findings not judged yet. The
known-problems table of ../shared/corpus-ts (columns project, code, location, truth: the project
is the entry, the location relative to the entry, the code a class such as ``VER`` or a code) is
read as true positives. Findings and rows are matched by entry, code and entry-relative place.
``--baseline`` runs a second build on the same projects and prints what changed per project.

``--compat`` and ``--baseline`` take a Python interpreter that can ``import compat`` (run as
``PYTHON -m compat``) or any other command line (e.g. ``.venv/bin/compat``); the default is the
interpreter running this script. Stdlib only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import posixpath
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

SKIP_DIRS = frozenset({"node_modules", "cdktf.out", "imports", ".venv", "venv", ".git", "__pycache__"})
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")
CLOSED_PORT = "http://127.0.0.1:9"
SHOWN = 40  # lines listed per section before "... and N more"


@dataclass(frozen=True)
class Finding:
    """One reported finding, keyed the way JUDGEMENTS.tsv keys it (code + path:line)."""

    code: str
    severity: str
    location: str
    message: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.location)


@dataclass
class Outcome:
    """What one build did on one project."""

    project: str
    seconds: float
    exit_code: int | None
    findings: list[Finding] = field(default_factory=list)
    abort: str | None = None  # why the run gave no report, with the last stderr line


@dataclass(frozen=True)
class Judgement:
    project: str
    code: str
    severity: str
    location: str
    verdict: str
    reason: str
    entry_paths: bool = False  # project is the entry, location relative to it (the corpus-ts table)

    @property
    def key(self) -> tuple[str, str]:
        """(entry, place relative to the entry)."""
        return (
            (self.project, self.location) if self.entry_paths else _entry_place(self.project, self.location)
        )

    def covers(self, code: str) -> bool:
        """A finding of ``code`` is this row's: the same code, or a code of the row's class (``VER``)."""
        return code == self.code or (self.code.isalpha() and code.startswith(self.code))


def _entry_place(project: str, location: str) -> tuple[str, str]:
    """``("e", "infra/main.ts:7")`` of project ``e/infra`` and its location ``main.ts:7``."""
    entry, _, sub = project.partition("/")
    path, colon, line = location.rpartition(":")
    if not colon or not sub:
        return entry, location
    return entry, f"{posixpath.normpath(posixpath.join(sub, path))}:{line}"


def compat_command(spec: str) -> list[str]:
    """``PYTHON -m compat`` when SPEC names a Python interpreter, else SPEC split as a command line."""
    parts = shlex.split(spec)
    if parts and "/" in parts[0]:
        parts[0] = str(Path(parts[0]).absolute())
    if len(parts) == 1 and Path(parts[0]).name.startswith("python"):
        return [parts[0], "-m", "compat"]
    return parts


def discover(corpus: Path) -> list[tuple[str, Path]]:
    """Every (project name, folder) of the corpus; the name is ``entry`` or ``entry/sub/dir``."""
    projects: list[tuple[str, Path]] = []
    for entry in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for folder in _cdktf_folders(entry):
            rel = folder.relative_to(entry).as_posix()
            projects.append((entry.name if rel == "." else f"{entry.name}/{rel}", folder))
    return projects


def _cdktf_folders(entry: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(entry):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_DIRS and not _templated(d) and not Path(root, d, "pyvenv.cfg").exists()
        )
        if "cdktf.json" in files:
            yield Path(root)


def _templated(name: str) -> bool:
    """A template's folder (a Jinja placeholder in its name, as cookiecutter and copier write them):
    compat does not take it for a project (compat/project/files.py)."""
    return ("{{" in name and "}}" in name) or ("{%" in name and "%}" in name)


def run_one(command: Sequence[str], name: str, folder: Path, env: dict[str, str], timeout: float) -> Outcome:
    argv = [*command, "check", str(folder), "--format", "json", "--offline"]
    start = time.perf_counter()
    try:
        # an empty working folder: ``PYTHON -m compat`` would import the compat of the folder bench is
        # started in (a worktree's) before the interpreter's own
        with tempfile.TemporaryDirectory(prefix="corpus-cwd-") as cwd:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        return Outcome(name, time.perf_counter() - start, None, abort=f"timed out after {timeout:g} s")
    seconds = time.perf_counter() - start
    last = (proc.stderr.strip().splitlines() or [""])[-1][:160]
    try:
        report = json.loads(proc.stdout)
        if "projects" in report:  # nested projects below the folder: each is run on its own
            report = next(p for p in report["projects"] if Path(p["project"]) == folder.resolve())
        raw = report["findings"]
    except (ValueError, KeyError, TypeError, StopIteration):
        why = f"exit {proc.returncode}, no JSON report: {last}"
        return Outcome(name, seconds, proc.returncode, abort=why)
    if proc.returncode not in (0, 1):
        return Outcome(name, seconds, proc.returncode, abort=f"exit {proc.returncode}: {last}")
    found = [
        Finding(
            str(f.get("code")),
            str(f.get("severity")),
            f"{f.get('path')}:{f.get('line')}",
            str(f.get("message", "")),
        )
        for f in raw
    ]
    return Outcome(name, seconds, proc.returncode, found)


def run_build(
    command: Sequence[str], projects: Sequence[tuple[str, Path]], timeout: float, jobs: int
) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="compat-corpus-") as cache:
        env = {**os.environ, "NO_COLOR": "1", "COMPAT_CACHE_DIR": cache}
        env.update(dict.fromkeys(PROXY_VARS, CLOSED_PORT))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(lambda p: run_one(command, p[0], p[1], env, timeout), projects))


def read_judgements(corpus: Path) -> list[Judgement] | None:
    path = corpus / "JUDGEMENTS.tsv"
    if not path.is_file():
        return None
    with path.open(newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        if "truth" in (rows.fieldnames or []) and "verdict" not in (rows.fieldnames or []):
            return [_known_problem(r) for r in rows]
        return [
            Judgement(
                *(
                    str(r.get(k) or "")
                    for k in ("project", "code", "severity", "location", "verdict", "reason")
                )
            )
            for r in rows
        ]


def _known_problem(row: dict[str, str]) -> Judgement:
    """A row of the known-problems table (``project code location truth``): a true positive."""
    truth = str(row.get("truth") or "")
    severity = truth[1 : truth.find("]")] if truth.startswith("[") and "]" in truth else ""
    return Judgement(
        str(row.get("project") or ""),
        str(row.get("code") or ""),
        severity,
        str(row.get("location") or ""),
        "TP",
        truth,
        entry_paths=True,
    )


def _listing(title: str, lines: Sequence[str]) -> list[str]:
    out = [f"{title}: {len(lines)}"]
    out += [f"  {line}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        out.append(f"  ... and {len(lines) - SHOWN} more")
    return out


def summary(label: str, outcomes: Sequence[Outcome]) -> list[str]:
    """Projects, findings by code and severity, aborts, total and slowest time."""
    findings = [f for o in outcomes for f in o.findings]
    by_code = Counter((f.code, f.severity) for f in findings)
    by_severity = Counter(f.severity for f in findings)
    total = sum(o.seconds for o in outcomes)
    slowest = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:3]
    with_findings = sum(1 for o in outcomes if o.findings)
    lines = [
        f"== {label}",
        f"projects: {len(outcomes)} ({with_findings} with findings, "
        f"{sum(1 for o in outcomes if o.abort)} aborted)",
        f"findings: {len(findings)} (" + ", ".join(f"{s} {n}" for s, n in by_severity.most_common()) + ")",
    ]
    lines += [f"  {code:<8} {sev:<8} {n}" for (code, sev), n in sorted(by_code.items())]
    lines += _listing("aborts", [f"{o.project}: {o.abort}" for o in outcomes if o.abort])
    lines.append(
        f"time: total {total:.1f} s, slowest " + ", ".join(f"{o.project} {o.seconds:.1f} s" for o in slowest)
    )
    return lines


def compare_judgements(outcomes: Sequence[Outcome], judged: Sequence[Judgement]) -> list[str]:
    """Known FPs still reported, known TPs lost, findings not judged yet (counted per code+location)."""
    ran = {o.project: o for o in outcomes}
    entries = {o.project.partition("/")[0] for o in outcomes}
    rows: dict[tuple[str, str], list[Judgement]] = {}
    fps, tps, aborts_known = [], [], []
    for j in judged:
        if j.verdict.startswith("EXIT2"):
            if j.project in ran and ran[j.project].abort:
                aborts_known.append(f"{j.project}: {ran[j.project].abort}")
            continue
        rows.setdefault(j.key, []).append(j)
    found: dict[tuple[str, str], list[Finding]] = {}
    for o in outcomes:
        for f in o.findings:
            found.setdefault(_entry_place(o.project, f.location), []).append(f)
    for j in judged:
        if j.verdict.startswith("EXIT2") or j.key[0] not in entries:
            continue
        hit = any(j.covers(f.code) for f in found.get(j.key, []))
        line = f"{j.project} {j.code} {j.location} ({j.reason[:90]})"
        if j.verdict == "FP" and hit:
            fps.append(line)
        elif j.verdict == "TP" and not hit:
            tps.append(line)
    unjudged = []
    now: Counter[str] = Counter()
    for o in outcomes:
        used: Counter[int] = Counter()  # findings each row already accounts for, by id(row)
        for f in o.findings:
            place = _entry_place(o.project, f.location)
            row = next(
                (j for j in rows.get(place, []) if j.covers(f.code) and not used[id(j)]),
                next((j for j in rows.get(place, []) if j.covers(f.code) and j.entry_paths), None),
            )  # a class row (corpus-ts) covers every finding of its cause at its place
            if row is None:
                now["unjudged"] += 1
                unjudged.append(f"{o.project} {f.code} {f.severity} {f.location} {f.message[:90]}")
                continue
            used[id(row)] += 1
            now[row.verdict] += 1
    verdicts = Counter(
        (j.verdict.split() or ["?"])[0] for j in judged if j.project.partition("/")[0] in entries
    )
    lines = [
        "judgements: " + ", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())),
        "findings reported now: " + ", ".join(f"{v} {n}" for v, n in sorted(now.items())),
    ]
    lines += _listing("known false positives still reported", fps)
    lines += _listing("known true positives lost", tps)
    lines += _listing("known aborts still aborting", aborts_known)
    lines += _listing("findings not judged yet", unjudged)
    return lines


def compare_builds(new: Sequence[Outcome], old: Sequence[Outcome]) -> list[str]:
    """Per project: findings the new build added (+) or no longer reports (-), and abort changes."""
    before = {o.project: o for o in old}
    lines: list[str] = []
    added = removed = 0
    for o in new:
        b = before[o.project]
        if bool(o.abort) != bool(b.abort):
            lines.append(f"{o.project}: abort {'now' if o.abort else 'gone'}: {o.abort or b.abort}")
        plus = Counter(o.findings) - Counter(b.findings)
        minus = Counter(b.findings) - Counter(o.findings)
        added += sum(plus.values())
        removed += sum(minus.values())
        if plus or minus:
            lines.append(f"{o.project}:")
            lines += [f"  - {_show(f)}" for f in sorted(minus.elements(), key=_order)]
            lines += [f"  + {_show(f)}" for f in sorted(plus.elements(), key=_order)]
    return [f"== differences (compat vs baseline): {added} new, {removed} removed findings", *lines]


def _order(f: Finding) -> tuple[str, str, str]:
    return (f.location, f.code, f.message)


def _show(f: Finding) -> str:
    return f"{f.code} {f.severity} {f.location} {f.message[:100]}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="folder of projects (one sub-folder per entry)")
    parser.add_argument("--compat", default=sys.executable, help="Python importing compat, or a command")
    parser.add_argument("--baseline", help="a second build (Python or command) to compare with")
    parser.add_argument("--json", type=Path, help="write every outcome to this JSON file")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per project (default 120)")
    parser.add_argument("--jobs", type=int, default=4, help="projects checked at once (default 4)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    projects = discover(args.corpus)
    if not projects:
        parser.error(f"no cdktf.json under {args.corpus}")
    builds = [("compat", args.compat)] + ([("baseline", args.baseline)] if args.baseline else [])
    results: dict[str, list[Outcome]] = {}
    for label, spec in builds:
        start = time.perf_counter()
        results[label] = run_build(compat_command(spec), projects, args.timeout, args.jobs)
        wall = time.perf_counter() - start
        print("\n".join(summary(f"{label}: {spec} (wall {wall:.1f} s, {args.jobs} jobs)", results[label])))
        judged = read_judgements(args.corpus)
        if judged is not None:
            print("\n".join(compare_judgements(results[label], judged)))
        print()
    if args.baseline:
        print("\n".join(compare_builds(results["compat"], results["baseline"])))
    if args.json:
        payload = {label: [asdict(o) for o in outs] for label, outs in results.items()}
        args.json.write_text(json.dumps({"corpus": str(args.corpus), **payload}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
