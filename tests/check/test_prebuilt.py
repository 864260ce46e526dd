"""Imports and calls of prebuilt packages other than the AWS bindings, against their own release's index."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from compat.check import CheckOptions, CheckResult, run_check
from compat.check.reporters import github, sarif
from compat.cli import main
from compat.index.model import META_PARAMS, ClassInfo, MemoryReleaseIndex, Param
from compat.snapshot import Snapshot, parse_snapshot
from tests.check import fakes

RANDOM = "cdktf-cdktf-provider-random"
GOOGLE = "cdktf-cdktf-provider-google"


def _random(version: str = "12.0.1") -> MemoryReleaseIndex:
    """The shape of random's modules: one per resource, a construct and its config struct."""
    params = {
        "byte_length": Param("byte_length", "scalar", True, None, None),
        "prefix": Param("prefix", "scalar", False, None, None),
    }
    classes = {("id", "Id"): ClassInfo("Id", "construct", "random_id", params, META_PARAMS, ("hex", "id"))}
    exports = {
        "": frozenset({"RandomProvider", "id", "password"}),
        "id": frozenset({"Id", "IdConfig"}),
        "password": frozenset({"Password", "PasswordConfig"}),
    }
    return MemoryReleaseIndex(RANDOM, version, "3.7.2", exports, classes)


def _binding(version: str) -> dict[str, Any]:
    return {
        "version": version,
        "uploaded": "",
        "provider_source": "registry.terraform.io/hashicorp/random",
        "provider_version": "3.7.2",
        "provider_version_from": "npm",
        "core_requirement": "cdktf>=0.20",
        "constructs_requirement": None,
        "requires_python": "~=3.8",
        "yanked": False,
        "deprecated": False,
    }


def _snapshot() -> Snapshot:
    data = {
        "schema": 1,
        "built_at": "test",
        "features": [],
        "packages": {
            RANDOM: {"kind": "bindings", "releases": [_binding("11.0.0"), _binding("12.0.1")]},
            "cdktf": {
                "kind": "core",
                "releases": [
                    {
                        "version": "0.20.12",
                        "uploaded": "",
                        "requires_python": "~=3.8",
                        "yanked": False,
                        "node_min": "18.12",
                        "terraform_min": "1.2.0",
                    }
                ],
            },
        },
    }
    return parse_snapshot(data)


class _Loader:
    """Answers for the fake releases it holds; records every request and whether it was offline."""

    def __init__(self, *indexes: MemoryReleaseIndex) -> None:
        self.indexes = {(i.package, i.version): i for i in indexes}
        self.asked: list[tuple[str, str, bool]] = []

    def __call__(self, package: str, version: str, offline: bool) -> MemoryReleaseIndex | None:
        self.asked.append((package, version, offline))
        return self.indexes.get((package, version))


def _project(root: Path, requirements: str, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text(requirements)
    (root / "cdktf.json").write_text(
        '{"language": "python", "app": "python main.py", '
        '"terraformProviders": [], "codeMakerOutput": "imports"}\n'
    )
    (root / ".terraform-version").write_text("1.5.7\n")
    for rel, text in files.items():
        (root / rel).write_text(textwrap.dedent(text))
    return root


PINNED = f"cdktf==0.20.12\n{RANDOM}==12.0.1\n"
MAIN = """\
from cdktf_cdktf_provider_random.id import Id
from cdktf_cdktf_provider_random.password import Passwrd
import cdktf_cdktf_provider_random as random
Id(None, "id", byte_length=8, bogus=1)
random.password.Password(None, "p")
"""


def _check(root: Path, loader: _Loader, **options: Any) -> CheckResult:
    return run_check(root, CheckOptions(**options), snapshot=_snapshot(), index_loader=loader)


def test_a_class_the_pinned_random_release_lacks_is_an_error_naming_the_release(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PINNED, {"main.py": MAIN})
    result = _check(root, _Loader(_random()), offline=True)
    found = {(f.code, f.severity, f.line): f.message for f in result.findings if f.path == "main.py"}
    assert found == {
        (
            "IMP002",
            "error",
            2,
        ): "cdktf_cdktf_provider_random.password has no Passwrd in cdktf-cdktf-provider-random 12.0.1",
        ("API001", "error", 4): "Id does not accept the keyword bogus in cdktf-cdktf-provider-random 12.0.1",
    }


def test_offline_and_not_indexed_is_one_info_per_package_that_never_fails(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        PINNED + f"{GOOGLE}==16.12.1\n",
        {
            "main.py": MAIN,
            "other.py": "from cdktf_cdktf_provider_random.id import Id\n",
            "g.py": "from cdktf_cdktf_provider_google.storage_bucket import StorageBucket\n",
        },
    )
    result = _check(root, _Loader(), offline=True)
    infos = [f for f in result.findings if f.code == "SRC002"]
    assert [(f.severity, f.path, f.line, f.symbol) for f in infos] == [
        ("info", "requirements.txt", 2, f"{RANDOM}==12.0.1"),
        ("info", "requirements.txt", 3, f"{GOOGLE}==16.12.1"),
    ]
    assert "is not in the symbol index (offline)" in infos[0].message
    assert infos[0].suggestion is not None and f"compat index build {RANDOM}==12.0.1" in infos[0].suggestion
    assert result.exit_code(strict=True) == 0 and result.summary().infos == 2


def test_with_src002_ignored_the_gap_is_still_said_as_a_note(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PINNED, {"main.py": MAIN})
    result = _check(root, _Loader(), offline=True, ignore=("SRC002",))
    assert not [f for f in result.findings if f.code == "SRC002"]
    assert any(f"{RANDOM} 12.0.1 is not in the symbol index" in note for note in result.notes)


def test_after_one_failed_on_demand_index_the_network_is_not_tried_again(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        PINNED + f"{GOOGLE}==16.12.1\n",
        {"main.py": MAIN, "g.py": "from cdktf_cdktf_provider_google.storage_bucket import StorageBucket\n"},
    )
    loader = _Loader()
    result = _check(root, loader, offline=False)
    assert [(p, offline) for p, _, offline in loader.asked if p != "cdktf-cdktf-provider-aws"] == [
        (RANDOM, False),
        (GOOGLE, True),
    ]
    messages = [f.message for f in result.findings if f.code == "SRC002"]
    assert "could not be indexed" in messages[0] and f"after indexing {RANDOM}==12.0.1 failed" in messages[1]


def test_a_range_without_a_lock_gives_warnings_that_say_what_was_assumed(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", f"cdktf==0.20.12\n{RANDOM}>=11\n", {"main.py": MAIN})
    result = _check(root, _Loader(_random("12.0.1")), offline=True)
    imp = next(f for f in result.findings if f.code == "IMP002")
    assert imp.severity == "warning"
    assert "assumed: no lock pins cdktf-cdktf-provider-random; 12.0.1 is what the installer" in imp.message


def test_a_package_the_code_does_not_import_is_not_looked_up(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PINNED, {"main.py": "from cdktf import App\n"})
    loader = _Loader()
    result = _check(root, loader, offline=True)
    assert not [f for f in result.findings if f.code in ("SRC002", "IMP002")]
    assert all(package != RANDOM for package, _, _ in loader.asked)


def test_an_unknown_installed_release_is_a_note(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p", f"cdktf==0.20.12\n{RANDOM} @ git+https://example.invalid/r.git\n", {"main.py": MAIN}
    )
    result = _check(root, _Loader(_random()), offline=True)
    assert not [f for f in result.findings if f.path == "main.py"]
    unknown = "its imports and calls were not checked: the installed release is unknown"
    assert any(unknown in note for note in result.notes)


def test_the_aws_bindings_are_checked_once_as_before(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        "cdktf==0.20.12\ncdktf-cdktf-provider-aws==19.65.1\n",
        {"main.py": "from cdktf_cdktf_provider_aws.s3_bucket import S3Buckett\n"},
    )
    result = run_check(
        root,
        CheckOptions(offline=True),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(fakes.index_19_65_1()),
    )
    assert [(f.code, f.severity) for f in result.findings if f.path == "main.py"] == [("IMP002", "error")]


def test_info_is_a_sarif_note_and_a_github_notice(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PINNED, {"main.py": MAIN})
    result = _check(root, _Loader(), offline=True, select=("SRC002", "IMP"))
    [sarif_result] = json.loads(sarif.render(result))["runs"][0]["results"]
    assert sarif_result["level"] == "note"
    assert github.render(result).splitlines()[-1].startswith("::notice file=requirements.txt,line=2,")


@pytest.mark.parametrize(
    "args", [["index", "build", "random"], ["index", "build", f"{RANDOM}==12.0.1", "--package", RANDOM]]
)
def test_index_build_of_named_releases_rejects_bad_input_in_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_index_build_of_named_releases_writes_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import compat.index.build as index_build

    calls: list[tuple[Path, list[tuple[str, str]]]] = []

    def fake_build(path: Path, targets: Any, **_: Any) -> index_build.BuildReport:
        calls.append((path, list(targets)))
        return index_build.BuildReport(releases=1)

    monkeypatch.setenv("COMPAT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(index_build, "build", fake_build)
    assert main(["index", "build", "cdktf_cdktf_provider_random==12.0.1"]) == 0
    assert calls == [(tmp_path / "index.sqlite", [(RANDOM, "12.0.1")])]
    assert "indexed 1 release(s)" in capsys.readouterr().err
