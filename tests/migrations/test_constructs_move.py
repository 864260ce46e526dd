"""A move pins ``constructs`` within the requirement of every prebuilt release it installs, not only
the AWS bindings' (real releases: cdktn-provider-random 15.0.0, built for cdktn 0.24, needs
constructs>=10.6.0,<10.8.0; cdktn-provider-random 13.0.0, for cdktn 0.22, accepts 10.4.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.cli import main


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text(
        "cdktf==0.21.0\ncdktf-cdktf-provider-random==12.0.0\nconstructs==10.4.2\n"
    )
    (root / "main.py").write_text("from cdktf_cdktf_provider_random.provider import RandomProvider\n")
    return root


@pytest.mark.parametrize(
    ("to", "constructs"), [("cdktn==0.24.0", "+constructs>=10.6.0,<10.8.0\n"), ("cdktn", None)]
)
def test_a_move_without_aws_bindings_pins_constructs_for_the_other_providers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str, constructs: str | None
) -> None:
    main(["migrate", str(_project(tmp_path / "p")), "--to", to, "--offline"])
    diff = capsys.readouterr().out
    if constructs is None:  # 10.4.2 is inside what the smallest move installs: the pin stays
        assert "-constructs" not in diff and "+constructs" not in diff
    else:
        assert "-constructs==10.4.2\n" in diff and constructs in diff


@pytest.mark.parametrize(
    ("to", "constructs"), [("cdktn==0.24.0", "+constructs>=10.6.0,<10.8.0\n"), ("cdktn", None)]
)
def test_a_core_only_move_pins_constructs_within_the_core_requirement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str, constructs: str | None
) -> None:
    """No prebuilt package at all: the target core's own requirement decides (cdktn 0.24.0's wheel says
    ``Requires-Dist: constructs <10.8.0,>=10.6.0``; 0.22.1's ``constructs<11.0.0,>=10.4.2``)."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text("cdktf==0.21.0\nconstructs==10.4.2\n")
    (root / "main.py").write_text("from cdktf import App\n")
    main(["migrate", str(root), "--to", to, "--offline"])
    diff = capsys.readouterr().out
    if constructs is None:
        assert "+cdktn==0.22.1\n" in diff and "-constructs" not in diff
    else:
        assert "-constructs==10.4.2\n" in diff and constructs in diff


def test_a_manifest_that_does_not_install_the_core_keeps_its_constructs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cdktf monorepo's examples declare only ``constructs`` (the core comes from the repository):
    no manifest installs the core, so its requirement pins nothing."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text("constructs~=3.0.0\n")
    (root / "main.py").write_text("from cdktf import App\n")
    main(["migrate", str(root), "--to", "cdktn", "--offline"])
    assert "constructs" not in capsys.readouterr().out.replace("from constructs", "")
