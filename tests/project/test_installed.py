"""The installed set as the project's installer would make it: lock first, else ranges resolved jointly;
and manifest entries read as their tool reads them (a bare Pipfile version is ``==``)."""

from __future__ import annotations

import json
from pathlib import Path

from packaging.version import Version

from compat.paths import data_dir
from compat.project import load_project
from compat.snapshot import FILENAME, Snapshot, read_snapshot

AWS = "cdktf-cdktf-provider-aws"


def _pipfile(root: Path, packages: str, dev: str = "", python: str = "3") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    text = f'[packages]\n{packages}\n[dev-packages]\n{dev}\n[requires]\npython_version = "{python}"\n'
    (root / "Pipfile").write_text(text)
    return root


def test_unpinned_core_next_to_pinned_bindings_resolves_jointly(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _pipfile(tmp_path, f'cdktf = "~=0.20"\n{AWS} = "==19.57.0"\n')
    project = load_project(root, snapshot=snapshot)
    core = project.installed["cdktf"]
    # newest per package would be 0.21.x, which 19.57.0 (cdktf<0.21) rules out: pip never installs that
    assert core.how == "range" and core.version is not None and core.version < Version("0.21")
    assert "assuming the newest set pip would install jointly" in core.note
    assert project.installed[AWS].how == "exact"


def test_two_stars_take_the_newest_consistent_pair(tmp_path: Path, snapshot: Snapshot) -> None:
    project = load_project(_pipfile(tmp_path, f'cdktf = "*"\n{AWS} = "*"\n'), snapshot=snapshot)
    assert project.installed_version(AWS) == Version("21.22.1")
    assert project.installed_version("cdktf") == Version("0.21.0")


def test_an_exact_python_skips_releases_it_rules_out(tmp_path: Path, snapshot: Snapshot) -> None:
    """Python 3.8: pip skips 19.58+ (~=3.9) and cdktf 0.21 (~=3.9), as `compat pin --python 3.8` does."""
    project = load_project(_pipfile(tmp_path, f'cdktf = "*"\n{AWS} = "*"\n', python="3.8"), snapshot=snapshot)
    assert project.installed_version(AWS) == Version("19.57.0")
    core = project.installed["cdktf"]
    assert core.version is not None and Version("0.20") <= core.version < Version("0.21")
    assert "rules out" in project.installed[AWS].note


def test_another_providers_range_takes_a_release_that_goes_with_the_core(tmp_path: Path) -> None:
    """pip never installs google 16.12.1 (cdktf>=0.20) beside cdktf ~=0.12: it backtracks to 2.0.46."""
    google = "cdktf-cdktf-provider-google"
    snapshot = read_snapshot(data_dir() / FILENAME)  # the embedded one: every provider's releases
    project = load_project(_pipfile(tmp_path, f'cdktf = "~=0.12.0"\n{google} = "*"\n'), snapshot=snapshot)
    assert project.installed_version("cdktf") == Version("0.12.3")
    chosen = project.installed[google]
    assert chosen.version == Version("2.0.46") and "takes cdktf 0.12.3" in chosen.note
    release = snapshot.binding(google, Version("2.0.46"))
    assert release is not None and release.core_specifier.contains(Version("0.12.3"))
    # every release it could pick goes with the core, so a finding true of all is certain, not of one
    assert all(v < Version("3") for v in chosen.admitted)


def test_a_range_whose_newest_release_goes_with_the_core_keeps_it(tmp_path: Path) -> None:
    google = "cdktf-cdktf-provider-google"
    snapshot = read_snapshot(data_dir() / FILENAME)
    project = load_project(_pipfile(tmp_path, f'cdktf = "*"\n{google} = "*"\n'), snapshot=snapshot)
    chosen = project.installed[google]
    assert chosen.version is not None and "the newest release it admits," in chosen.note


def test_no_consistent_pair_keeps_the_conflict_visible(tmp_path: Path, snapshot: Snapshot) -> None:
    project = load_project(_pipfile(tmp_path, f'cdktf = "==0.20.0"\n{AWS} = "~=21.0"\n'), snapshot=snapshot)
    bindings = project.installed[AWS]
    assert bindings.version == Version("21.22.1") and "pip would fail" in bindings.note


def test_every_manifest_constrains_the_range(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _pipfile(tmp_path, f'{AWS} = "*"\n')
    (root / "requirements.txt").write_text(f"{AWS}<20\n")
    assert load_project(root, snapshot=snapshot).installed_version(AWS) == Version("19.65.1")


def test_bare_pipfile_versions_mean_equals(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _pipfile(tmp_path, f'cdktf = "0.20.0"\n{AWS} = "19.0.0"\n', dev='ruff = "0.0.292"\n')
    project = load_project(root, snapshot=snapshot)
    assert project.pins("ruff")[0].exact == Version("0.0.292")
    assert project.installed[AWS].how == "exact" and project.installed_version(AWS) == Version("19.0.0")
    assert project.pins(AWS)[0].raw == "19.0.0"  # written back as the author wrote it


def test_unreadable_entries_of_other_packages_are_notes(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _pipfile(tmp_path, f'{AWS} = "==19.0.0"\nodd = 3\nweird = "=>1"\n')
    (root / "requirements-dev.txt").write_text("pytest\nbroken==1.0 extra\n")
    deps = '["boto3>>1", "cdktf==0.20.0"]'
    (root / "pyproject.toml").write_text(f'[project]\nname = "x"\ndependencies = {deps}\n')
    project = load_project(root, snapshot=snapshot)
    notes = [n for m in project.manifests for n in m.notes]
    assert len(notes) == 4 and all("skipped (not a cdktf package)" in n for n in notes)
    assert project.installed_version("cdktf") == Version("0.20.0")
    assert project.pins("pytest") and not project.pins("odd")


def test_pipfile_lock_develop_counts_for_dev_packages(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _pipfile(tmp_path, 'boto3 = "*"\n', dev=f'cdktf = "*"\n{AWS} = "*"\n')
    lock = {
        "_meta": {"requires": {"python_version": "3"}},
        "default": {"boto3": {"version": "==1.0.0"}},
        "develop": {"cdktf": {"version": "==0.20.0"}, AWS: {"version": "==19.0.0"}},
    }
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    project = load_project(root, snapshot=snapshot)
    bindings = project.installed[AWS]
    assert bindings.how == "lock" and bindings.version == Version("19.0.0")
    assert bindings.pin is not None and bindings.pin.section == "develop"
    assert project.lock is not None and project.lock.find("cdktf") is not None


def test_a_range_no_release_of_which_fits_the_lock_gets_what_a_relock_picks(
    tmp_path: Path, snapshot: Snapshot
) -> None:
    """cdktf locked at a dev release no bindings admit: the unlocked bindings are what re-locking gives."""
    root = _pipfile(tmp_path, 'cdktf = "~=0.19.0.dev5"\n', dev=f'{AWS} = "*"\n')
    lock = {"_meta": {"requires": {}}, "default": {"cdktf": {"version": "==0.19.0.dev5"}}, "develop": {}}
    (root / "Pipfile.lock").write_text(json.dumps(lock, indent=4))
    project = load_project(root, snapshot=snapshot)
    bindings = project.installed[AWS]
    assert bindings.version == Version("18.0.0") and "a re-lock would pick" in bindings.note
    assert project.installed_version("cdktf") == Version("0.19.0.dev5")  # the lock stays as it is
