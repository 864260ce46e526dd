"""IMP005: imports of the pre-0.13 flat layout of a provider's generated package."""

from __future__ import annotations

from pathlib import Path

from tests.check.helpers import check, make_project

FLAT = "from cdktf import App\nfrom imports.random import Integer, Password, RandomProvider\n"
NAMESPACED = "from cdktf import App\nfrom imports.random.integer import Integer\n"
PROVIDERS = '["hashicorp/random@~> 3.5"]'


def test_flat_import_with_a_core_whose_cdktf_get_writes_namespaced_modules(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FLAT, "stacks/other.py": FLAT}, providers=PROVIDERS)
    [finding] = check(root, select=("IMP005",)).findings
    assert (finding.code, finding.severity, finding.path, finding.line) == ("IMP005", "error", "main.py", 2)
    assert "Integer, Password, RandomProvider cannot be imported" in finding.message
    assert "cdktf 0.20.12" in finding.message
    assert finding.suggestion is not None
    assert "from imports.random.integer import Integer" in finding.suggestion
    assert "from imports.random.provider import RandomProvider" in finding.suggestion
    assert [str(r) for r in finding.related] == ["stacks/other.py:2"]


def test_an_unpinned_core_is_a_warning_that_says_what_was_assumed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FLAT}, providers=PROVIDERS)
    (root / "Pipfile").write_text('[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n')
    [finding] = check(root, select=("IMP005",)).findings
    assert finding.severity == "warning" and "assumed" in finding.message


def test_namespaced_imports_and_old_cores_are_clean(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": NAMESPACED}, providers=PROVIDERS)
    assert check(root, select=("IMP005",)).findings == ()
    old = make_project(tmp_path / "old", {"main.py": FLAT}, providers=PROVIDERS, core="0.12.2")
    assert check(old, select=("IMP005",)).findings == ()


def test_committed_flat_package_imports_today(tmp_path: Path) -> None:
    committed = {"main.py": FLAT, "imports/random/__init__.py": "class Integer: ...\n"}
    root = make_project(tmp_path / "p", committed, providers=PROVIDERS)
    assert check(root, select=("IMP005",)).findings == ()
