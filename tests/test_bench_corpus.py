"""bench/corpus.py on a tiny corpus with a fake ``compat`` command."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location("bench_corpus", Path(__file__).parents[1] / "bench/corpus.py")
assert SPEC is not None and SPEC.loader is not None
corpus = importlib.util.module_from_spec(SPEC)
sys.modules["bench_corpus"] = corpus
SPEC.loader.exec_module(corpus)

# Reports one VER003 per listed line for the projects named in FINDS; exits 2 without JSON in
# "broken" and 3 when the network is not pointed at a closed port.
FAKE = """\
import json, os, sys
if os.environ.get("HTTPS_PROXY") != "http://127.0.0.1:9":
    sys.exit(3)
project = sys.argv[sys.argv.index("check") + 1]
name = os.path.basename(project)
if name == "broken":
    print("compat: error: Pipfile: bad specifier", file=sys.stderr)
    sys.exit(2)
lines = {FINDS}
found = [{{"code": "VER003", "severity": "error", "path": "Pipfile.lock", "line": n, "message": "m"}}
         for n in lines.get(name, [])]
print(json.dumps({{"findings": found}}))
sys.exit(1 if found else 0)
"""


def _fake(tmp_path: Path, name: str, finds: dict[str, list[int]]) -> str:
    script = tmp_path / name
    script.write_text(FAKE.format(FINDS=repr(finds)))
    return f"{sys.executable} {script}"


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    skipped = ("b/node_modules/pkg", "b/imports/aws", "b/{{ cookiecutter.dir }}")
    for folder in ("a", "b/infra", *skipped, "c/broken"):
        (root / folder).mkdir(parents=True)
        (root / folder / "cdktf.json").write_text("{}")
    (root / "JUDGEMENTS.tsv").write_text(
        "project\tcode\tseverity\tlocation\tverdict\treason\n"
        "a\tVER003\terror\tPipfile.lock:35\tFP\tpython 3 read as 3.0\n"
        "b/infra\tVER003\terror\tPipfile.lock:9\tTP\treal\n"
    )
    return root


def test_discovers_projects_of_both_layouts_and_skips_generated_folders(tiny: Path) -> None:
    names = [name for name, _ in corpus.discover(tiny)]
    assert names == ["a", "b/infra", "c/broken"]


def test_counts_findings_aborts_and_compares_with_judgements(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = _fake(tmp_path, "fake.py", {"a": [35, 36], "infra": []})
    assert corpus.main([str(tiny), "--compat", fake, "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "projects: 3 (1 with findings, 1 aborted)" in out
    assert "VER003   error    2" in out
    assert "c/broken: exit 2, no JSON report: compat: error: Pipfile: bad specifier" in out
    assert "findings reported now: FP 1, unjudged 1" in out
    assert "known false positives still reported: 1\n  a VER003 Pipfile.lock:35" in out
    assert "known true positives lost: 1\n  b/infra VER003 Pipfile.lock:9" in out
    assert "findings not judged yet: 1\n  a VER003 error Pipfile.lock:36" in out


def test_baseline_prints_new_and_removed_findings(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _fake(tmp_path, "new.py", {"a": [35], "infra": [9]})
    old = _fake(tmp_path, "old.py", {"a": [35, 40]})
    out_json = tmp_path / "out.json"
    corpus.main([str(tiny), "--compat", new, "--baseline", old, "--json", str(out_json)])
    out = capsys.readouterr().out
    assert "differences (compat vs baseline): 1 new, 1 removed findings" in out
    assert "a:\n  - VER003 error Pipfile.lock:40 m" in out
    assert "b/infra:\n  + VER003 error Pipfile.lock:9 m" in out
    assert out_json.read_text().count('"project"') == 6


def test_a_folder_holding_nested_projects_counts_its_own_report_only(tmp_path: Path) -> None:
    """``compat check`` on a folder with nested projects reports each; they are run on their own."""
    folder = tmp_path / "app"
    folder.mkdir()
    script = tmp_path / "multi.py"
    script.write_text(
        "import json, sys\n"
        "root = sys.argv[sys.argv.index('check') + 1]\n"
        "own = {'project': root, 'findings': [{'code': 'VER003', 'severity': 'error', 'path': 'Pipfile',\n"
        "                                     'line': 3, 'message': 'm'}]}\n"
        "nested = {'project': root + '/examples/x', 'findings': []}\n"
        "print(json.dumps({'projects': [nested, own], 'summary': {}}))\n"
        "sys.exit(1)\n"
    )
    outcome = corpus.run_one([sys.executable, str(script)], "app", folder, {}, 30)
    assert outcome.abort is None and [f.location for f in outcome.findings] == ["Pipfile:3"]


def test_reads_the_known_problems_table_of_the_typescript_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``project code location truth`` (../shared/corpus-ts): the project is the entry, the location is
    relative to the entry (the repository root) and the code may be a class (``VER``) of codes."""
    root = tmp_path / "corpus"
    for folder in ("e/infra", "f"):  # a project in a sub-folder of its repository, one at its root
        (root / folder).mkdir(parents=True)
        (root / folder / "cdktf.json").write_text("{}")
    (root / "JUDGEMENTS.tsv").write_text(
        "project\tcode\tlocation\ttruth\n"
        "e\tVER\tinfra/Pipfile.lock:5\t[error] the lock installs what the bindings exclude\n"
        "e\tIMP\tinfra/main.ts:7\t[warning] a class the release does not have\n"
        "f\tAPI\tmain.ts:3\t[error] a key the struct does not have\n"
    )
    fake = _fake(tmp_path, "fake.py", {"infra": [5, 6]})
    assert corpus.main([str(root), "--compat", fake, "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "judgements: TP 3" in out
    assert "findings reported now: TP 1, unjudged 1" in out
    assert "known true positives lost: 2\n  e IMP infra/main.ts:7 ([warning] a class" in out
    assert "\n  f API main.ts:3 ([error] a key" in out
    assert "findings not judged yet: 1\n  e/infra VER003 error Pipfile.lock:6" in out


def test_the_command_does_not_run_the_code_of_the_folder_bench_is_started_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PYTHON -m compat`` puts its working folder first on sys.path: run from a worktree, a
    ``--compat``/``--baseline`` interpreter ran that worktree's compat instead of its own."""
    meant, here = tmp_path / "meant", tmp_path / "here"
    for folder, body in ((meant, "print('{\"findings\": []}')"), (here, "raise SystemExit(2)")):
        (folder / "fakecompat").mkdir(parents=True)
        (folder / "fakecompat" / "__init__.py").write_text("")
        (folder / "fakecompat" / "__main__.py").write_text(body)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(here)
    env = {**os.environ, "PYTHONPATH": str(meant)}
    outcome = corpus.run_one([sys.executable, "-m", "fakecompat"], "project", project, env, 60)
    assert outcome.abort is None and outcome.exit_code == 0
