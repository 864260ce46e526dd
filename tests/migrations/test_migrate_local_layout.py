"""``migrate --to cdktn`` of a Python project importing the bindings ``cdktf get`` generated before
cdktf 0.13 (a provider's package, or AWS per service): ``cdktn get`` writes one module per resource, so
``old_layout_imports`` lists each one with the import to write (``migrate`` rewrites those whose
module a stand-in release tells: test_migrate_old_layout_rewrite.py), never a finished move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from compat.cli import main
from compat.index.model import ClassInfo, MemoryReleaseIndex
from compat.migrations.local_layout import old_layout_imports
from compat.project import load_project
from compat.project.local_bindings import InstalledCore

MAIN = (
    "from cdktf import App\n"
    "from imports.aws import AwsProvider\n"
    "from imports.aws.vpc import Vpc, Subnet\n"
    "from imports.aws.subnet import Subnet as S\n"
    "from imports.random import Password, RandomProvider\n"
    "from imports.random import password\n"
)


def _project(root: Path, core: str) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {
                "language": "python",
                "terraformProviders": ["hashicorp/aws@~> 4.0", "hashicorp/random@~> 3.1"],
                "codeMakerOutput": "imports",
            }
        )
    )
    (root / "requirements.txt").write_text(f"cdktf=={core}\n")
    (root / "main.py").write_text(MAIN)
    return root


def _aws() -> MemoryReleaseIndex:
    classes = {
        ("provider", "AwsProvider"): ClassInfo("AwsProvider", "construct", "aws"),
        ("vpc", "Vpc"): ClassInfo("Vpc", "construct", "aws_vpc"),
        ("subnet", "Subnet"): ClassInfo("Subnet", "construct", "aws_subnet"),
    }
    exports = {m: frozenset({n}) for m, n in classes}
    return MemoryReleaseIndex("cdktn-provider-aws", "23.0.0", "6.32.1", {"": frozenset(), **exports}, classes)


def _items(root: Path, source: str, target: str = "0.22.1") -> list[tuple[int, str, str | None]]:
    project = load_project(root)
    found = old_layout_imports(
        root,
        project,
        [root / "main.py"],
        InstalledCore("cdktf", Version(source)),
        InstalledCore("cdktn", Version(target)),
        _aws(),
    )
    return [(u.line, u.symbol, u.replacement) for u in found]


def test_old_layout_imports_are_listed_with_the_import_to_write(tmp_path: Path) -> None:
    items = _items(_project(tmp_path / "p", "0.12.3"), "0.12.3")
    assert items == [
        (2, "imports.aws", "from imports.aws.provider import AwsProvider"),
        (3, "imports.aws.vpc", "from imports.aws.vpc import Vpc; from imports.aws.subnet import Subnet"),
        (5, "imports.random", None),  # no index of random given: its modules are never guessed
    ]


def test_a_project_already_on_the_per_resource_layout_has_nothing_listed(tmp_path: Path) -> None:
    assert _items(_project(tmp_path / "p", "0.13.0"), "0.13.0") == []


def test_migrate_rewrites_them_from_the_indexed_stand_ins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", "0.12.3")
    code = main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and payload["unresolved"] == []  # AWS and random: test_migrate_old_layout_rewrite.py
    assert "main.py:5: imports.random -> from imports.random.password import Password; " in " ".join(
        payload["notes"]
    )
    assert (root / "main.py").read_text() == MAIN  # nothing written without --write
