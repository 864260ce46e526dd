"""Findings on a version compat only assumed (a range without a lock), and on packages from a path.

A version read from a lock or an exact pin is a fact; one read from a range is compat's guess at what
the installer picks today. A finding on a guess is no error: nothing when some release the range
admits is free of the problem, else a warning saying what was assumed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from compat.check import CheckOptions, run_check
from compat.check.model import Basis, Finding, Resolved, RuleMeta
from compat.check.standing import Standing, apply_standing, standing
from compat.cli import main
from compat.snapshot import Snapshot
from tests.check import fakes
from tests.check.helpers import check

AWS = "cdktf-cdktf-provider-aws"


def _project(
    root: Path,
    packages: str,
    *,
    providers: str = "[]",
    lock: dict[str, object] | None = None,
    files: dict[str, str] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pipfile").write_text(f'[packages]\n{packages}\n[requires]\npython_version = "3.11"\n')
    config = {"language": "python", "app": "python main.py", "terraformProviders": json.loads(providers)}
    (root / "cdktf.json").write_text(json.dumps(config, indent=2))
    (root / ".terraform-version").write_text("1.5.7\n")
    if lock is not None:
        (root / "Pipfile.lock").write_text(json.dumps({"default": lock, "develop": {}}, indent=4))
    for name, text in (files or {}).items():
        (root / name).write_text(text)
    return root


def _deprecated_newest() -> Snapshot:
    snapshot = fakes.snapshot()
    snapshot.bindings_by_package[AWS] = [
        r._replace(deprecated=r.version == Version("21.22.1")) for r in snapshot.bindings(AWS)
    ]
    return snapshot


def _run(root: Path, snapshot: Snapshot, select: tuple[str, ...]) -> list[Finding]:
    result = run_check(
        root, CheckOptions(select=select), snapshot=snapshot, index_loader=fakes.loader(fakes.index_19_65_1())
    )
    return list(result.findings)


def test_standing_of_a_known_an_assumed_and_an_inferred_version() -> None:
    known = Resolved(name=AWS, version=Version("21.22.1"), how="pinned", pin=None)
    assert standing(Basis(known, lambda v: True)) == Standing(None, "")
    admitted = (Version("21.22.1"), Version("19.65.1"))
    guess = Resolved(
        name=AWS, version=Version("21.22.1"), how="'*' is a range", pin=None, assumed=True, admitted=admitted
    )
    assert standing(Basis(guess, lambda v: v == Version("21.22.1"))) is None  # 19.65.1 would be fine
    judged = standing(Basis(guess, lambda v: True))
    assert judged is not None and judged.severity == "warning"
    assert "assumed: no lock pins it; 21.22.1 is what the installer would pick today" in judged.caveat
    inferred = known._replace(inferred=True)
    assert standing(Basis(inferred)) == Standing("warning", "")


def test_the_engine_applies_the_standing_once_and_drops_the_basis() -> None:
    guess = Resolved(name=AWS, version=Version("21.22.1"), how="range", pin=None, assumed=True)
    meta = RuleMeta("VER999", "version", "error", "x", "x")
    error = meta.finding("Pipfile", 1, 1, "problem", basis=Basis(guess))
    info = meta.finding("Pipfile", 2, 1, "note", severity="info", basis=Basis(guess))
    plain = meta.finding("Pipfile", 3, 1, "plain")
    applied = apply_standing([error, info, plain])
    assert [f.severity for f in applied] == ["warning", "info", "error"]  # an info is not raised
    assert applied[0].message.startswith("problem (assumed: no lock pins") and applied[2] == plain
    assert all(f.basis is None for f in applied)


def test_no_provider_mismatch_on_a_guess_some_admitted_release_avoids(tmp_path: Path) -> None:
    # '*' resolves to 21.22.1 (AWS 6) today, but '*' admits 19.x (AWS 5), which ~> 5.0 takes
    root = _project(tmp_path / "p", f'cdktf = "*"\n{AWS} = "*"\n', providers='["aws@~> 5.0"]')
    assert [f.code for f in check(root, select=("VER001",)).findings] == []


def test_a_range_every_release_of_which_mismatches_is_a_warning_saying_so(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", f'cdktf = "*"\n{AWS} = ">=21"\n', providers='["aws@~> 5.0"]')
    [finding] = check(root, select=("VER001",)).findings
    assert finding.severity == "warning"
    assert "assumed:" in finding.message
    assert "every release it could pick has the same problem" in finding.message
    assert f"{AWS}>=21 at Pipfile:3" in finding.message
    assert check(root, select=("VER001",)).exit_code() == 0


def test_an_exact_pin_keeps_the_rules_severity(tmp_path: Path) -> None:
    """The code imports the prebuilt package and the bindings generated from the entry: one stack mixes
    two AWS provider versions, an error; an exact pin is no assumption, so it stays one."""
    code = "import cdktf_cdktf_provider_aws\nfrom imports.aws.provider import AwsProvider\n"
    root = _project(
        tmp_path / "p",
        f'cdktf = "==0.21.0"\n{AWS} = "==21.22.1"\n',
        providers='["aws@~> 5.0"]',
        files={"main.py": code},
    )
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "codeMakerOutput": "imports"}, indent=2))
    [finding] = check(root, select=("VER001",)).findings
    assert finding.severity == "error" and "assumed" not in finding.message
    (root / "main.py").write_text("import cdktf_cdktf_provider_aws\n")  # the entry is an unused leftover
    [finding] = check(root, select=("VER001",)).findings
    assert finding.severity == "warning" and "assumed" not in finding.message


def test_deprecated_newest_release_of_a_range_is_no_finding(tmp_path: Path) -> None:
    snapshot = _deprecated_newest()
    star = _project(tmp_path / "star", f'cdktf = "*"\n{AWS} = "*"\n')
    assert [f.code for f in _run(star, snapshot, ("VER008",))] == []
    only = _project(tmp_path / "only", f'cdktf = "*"\n{AWS} = ">=21"\n')
    [finding] = _run(only, snapshot, ("VER008",))
    assert finding.severity == "warning" and "assumed:" in finding.message
    exact = _project(tmp_path / "exact", f'cdktf = "==0.21.0"\n{AWS} = "==21.22.1"\n')
    [finding] = _run(exact, snapshot, ("VER008",))
    assert "assumed" not in finding.message


def test_a_locked_path_wheel_is_not_looked_up_as_a_release(tmp_path: Path) -> None:
    wheel = "./../../dist/python/cdktf-0.0.0-py3-none-any.whl"
    root = _project(
        tmp_path / "p",
        f'cdktf = {{path = "{wheel}"}}\n',
        lock={"cdktf": {"hashes": [], "path": wheel, "version": "==0.0.0"}},
    )
    result = check(root)
    assert [f.code for f in result.findings if f.code.startswith("VER")] == []
    assert any("installed from path" in note and "not as a registry release" in note for note in result.notes)


def test_a_package_installed_from_a_file_counts_as_installed(tmp_path: Path) -> None:
    wheel = "../../../dist/python/cdktn-0.0.0-py3-none-any.whl"
    root = _project(
        tmp_path / "p",
        'cdktf = {path = "../dist/cdktf-0.0.0-py3-none-any.whl"}\n',
        lock={"cdktn": {"file": wheel, "hashes": []}},
        files={"main.py": "from cdktn import App, TerraformStack\n\nApp().synth()\n"},
    )
    codes = [f.code for f in check(root).findings]
    assert "IMP003" not in codes and "VER009" not in codes


def test_an_unreadable_cdktf_entry_in_pep621_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "pyproject.toml").write_text('[project]\nname = "a"\nversion = "1"\ndependencies = [["cdktf"]]\n')
    assert main(["check", str(root), "--offline"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "pyproject.toml" in lines[0] and captured.out == ""


def test_a_duplicate_source_on_an_assumed_version_says_what_was_assumed(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        f'cdktf = "*"\n{AWS} = "*"\n',
        providers='["aws@~> 6.0"]',
        files={"main.py": "from cdktf_cdktf_provider_aws.vpc import Vpc\n"},
    )
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "codeMakerOutput": "imports"}, indent=2))
    [finding] = check(root, select=("VER010",)).findings
    assert finding.severity == "warning" and "21.22.1" in finding.message and "assumed:" in finding.message
