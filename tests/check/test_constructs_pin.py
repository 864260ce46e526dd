"""VER002 on Python projects: an exact ``constructs`` pin outside the ``constructs`` requirement of a
prebuilt release installed beside it (pip: ResolutionImpossible). Real releases of the embedded
snapshot: cdktn-provider-aws 25.0.0 and cdktn-provider-random 15.0.0 need constructs>=10.6.0,<10.8.0;
cdktn-provider-aws 23.0.0 accepts constructs>=10.4.2,<11.0.0. The cores' own requirements (their wheels'
METADATA, ``compat data build``): cdktn 0.24.0 ``constructs<10.8.0,>=10.6.0``, cdktf 0.21.0
``constructs<11.0.0,>=10.4.2``."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.check import CheckOptions, run_check
from compat.check.model import Finding
from tests.check import fakes


def _findings(root: Path) -> list[Finding]:
    options = CheckOptions(select=("VER002",), offline=True)
    return list(run_check(root, options, index_loader=fakes.loader()).findings)


def _project(tmp_path: Path, requirements: str) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text(requirements)
    (root / "main.py").write_text("from cdktn import App\n")
    return root


@pytest.mark.parametrize("bindings", ["cdktn-provider-aws==25.0.0", "cdktn-provider-random==15.0.0"])
def test_an_exact_constructs_pin_below_a_release_requirement_is_an_error_at_its_line(
    tmp_path: Path, bindings: str
) -> None:
    root = _project(tmp_path, f"cdktn==0.24.0\n{bindings}\nconstructs==10.4.2\n")
    [finding] = _findings(root)
    assert (finding.severity, finding.path, finding.line) == ("error", "requirements.txt", 3)
    name, version = bindings.split("==")
    assert finding.message.startswith(f"constructs 10.4.2 is outside the requirement of {name} {version} (")
    assert finding.suggestion == "pin constructs <10.8.0,>=10.6.0"


def test_the_fix_satisfies_every_release_installed_beside_it(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "cdktn==0.22.1\ncdktn-provider-aws==23.0.0\ncdktn-provider-random==15.0.0\nconstructs==10.4.2\n",
    )
    [finding] = _findings(root)
    assert "cdktn-provider-random 15.0.0" in finding.message and "cdktn-provider-aws" not in finding.message
    assert finding.suggestion == "pin constructs <10.8.0,<11.0.0,>=10.4.2,>=10.6.0"


@pytest.mark.parametrize(
    "requirements",
    [
        "cdktn==0.24.0\ncdktn-provider-aws==25.0.0\nconstructs==10.6.0\n",  # inside the requirement
        "cdktn==0.24.0\ncdktn-provider-aws==25.0.0\nconstructs>=10.0.0\n",  # a range: pip picks one that fits
        "cdktn==0.23.4\ncdktn-provider-random>=15.0.0\nconstructs==10.8.0\n",  # a range of bindings: idem
        "cdktf==0.21.0\nconstructs==10.4.2\n",  # the core's own requirement: constructs<11.0.0,>=10.4.2
        "cdktn==0.22.1\ncdktn-provider-aws==23.0.0\nconstructs==10.4.2\n",  # 23.0.0 accepts 10.4.2
    ],
)
def test_what_pip_can_install_is_silent(tmp_path: Path, requirements: str) -> None:
    assert _findings(_project(tmp_path, requirements)) == []


@pytest.mark.parametrize(
    ("requirements", "core"),
    [
        ("cdktn==0.24.0\nconstructs==10.4.2\n", "cdktn 0.24.0 (constructs<10.8.0,>=10.6.0)"),
        ("cdktf==0.21.0\nconstructs==10.3.0\n", "cdktf 0.21.0 (constructs<11.0.0,>=10.4.2)"),
    ],
)
def test_a_project_without_prebuilt_bindings_is_judged_by_the_core_requirement(
    tmp_path: Path, requirements: str, core: str
) -> None:
    [finding] = _findings(_project(tmp_path, requirements))
    assert (finding.severity, finding.path, finding.line) == ("error", "requirements.txt", 2)
    assert finding.message.endswith(f"outside the requirement of {core}: pip cannot install them together")
