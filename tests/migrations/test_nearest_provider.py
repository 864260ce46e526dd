"""Every prebuilt provider package moves by the smallest-move rule the AWS bindings of a hop follow:
the admissible release built for the provider nearest the installed one (``--to cdktn==latest``: the
newest), and a move across that provider's major says so, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from compat.cli import main
from compat.migrations.providers import release_for_core
from compat.migrations.stages import nearest_release
from compat.snapshot import BindingRelease, load_snapshot

AZ_CDKTF, AZ_CDKTN = "cdktf-cdktf-provider-azurerm", "cdktn-provider-azurerm"


def _release(version: str, provider: str | None) -> BindingRelease:
    return BindingRelease(
        package=AZ_CDKTN,
        version=Version(version),
        uploaded="2026-01-01T00:00:00Z",
        provider_source="registry.terraform.io/hashicorp/azurerm",
        provider_version=Version(provider) if provider else None,
        provider_version_from="npm" if provider else None,
        core_requirement="cdktn<0.23.0,>=0.22.0",
        constructs_requirement=None,
        requires_python=None,
        yanked=False,
        deprecated=False,
    )


def test_nearest_prefers_the_provider_not_below_the_installed_one_then_the_lowest_release() -> None:
    pool = [_release("1.0.0", "4.59.0"), _release("2.0.0", "4.61.0"), _release("2.1.0", "4.61.0")]
    assert nearest_release(pool, Version("4.60.0")).version == Version("2.0.0")
    assert nearest_release(pool, Version("4.58.0")).version == Version("1.0.0")
    assert nearest_release(pool, Version("5.0.0")).version == Version("2.0.0")  # all below: the nearest


def test_release_for_core_nearest_or_newest_on_the_real_snapshot() -> None:
    snapshot = load_snapshot()
    if not snapshot.bindings(AZ_CDKTN) or snapshot.binding(AZ_CDKTN, Version("15.0.0")) is None:
        pytest.skip("cdktn-provider-azurerm not in the snapshot")
    core = Version("0.22.1") if any(c.version == Version("0.22.1") for c in snapshot.cores("cdktn")) else None
    if core is None:
        pytest.skip("cdktn 0.22.1 not in the snapshot")
    newest = release_for_core(snapshot, AZ_CDKTN, "cdktn", core)
    near = release_for_core(snapshot, AZ_CDKTN, "cdktn", core, near=Version("3.55.0"))
    assert newest == "15.11.0"  # azurerm 4.71, the newest for cdktn 0.22
    assert near == "15.0.0"  # azurerm 4.60: the first cdktn-built release, the smallest move from 3.55


def _python(root: Path) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text(f"cdktf==0.20.11\n{AZ_CDKTF}==7.0.3\n")
    (root / "main.py").write_text("from cdktf_cdktf_provider_azurerm.provider import AzurermProvider\n")
    return root


def test_python_default_moves_azurerm_to_the_nearest_release_and_says_the_major_crosses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _python(tmp_path / "p")
    main(["migrate", str(project), "--to", "cdktn", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    [requirements] = [f["diff"] for f in payload["files"] if f["path"] == "requirements.txt"]
    assert f"+{AZ_CDKTN}==15.0.0\n" in requirements  # azurerm 3.55 -> 4.60, not 4.71 (15.11.0)
    notes = payload["notes"]
    assert any(f"{AZ_CDKTN} 15.0.0, azurerm provider 4.60.0" in n for n in notes)
    assert any(f"{AZ_CDKTF} 7.0.3 for 3.55.0: a major of that provider is crossed" in n for n in notes)


def test_python_latest_moves_azurerm_to_the_newest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _python(tmp_path / "p")
    main(["migrate", str(project), "--to", "cdktn==latest", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    [requirements] = [f["diff"] for f in payload["files"] if f["path"] == "requirements.txt"]
    newest = max(r.version for r in load_snapshot().bindings(AZ_CDKTN) if not r.version.is_prerelease)
    assert f"+{AZ_CDKTN}=={newest}\n" in requirements


def _typescript(root: Path) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}\n')
    (root / "package.json").write_text(
        json.dumps(
            {
                "dependencies": {
                    "cdktf": "0.20.8",
                    "@cdktf/provider-azurerm": "7.0.3",
                    "constructs": "^10.3.0",
                }
            },
            indent=2,
        )
        + "\n"
    )
    (root / "main.ts").write_text('import { provider } from "@cdktf/provider-azurerm";\n')
    return root


@pytest.mark.parametrize(("to", "expected"), [("cdktn", "15.0.0"), ("cdktn==0.22.1", "15.0.0")])
def test_typescript_moves_azurerm_to_the_nearest_release_and_says_the_major_crosses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str, expected: str
) -> None:
    project = _typescript(tmp_path / "p")
    main(["migrate", str(project), "--to", to, "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    [manifest] = [f["diff"] for f in payload["files"] if f["path"] == "package.json"]
    assert f'"@cdktn/provider-azurerm": "{expected}"' in manifest
    notes = payload["notes"]
    assert any(f"@cdktn/provider-azurerm {expected}, azurerm provider 4.60.0" in n for n in notes)
    assert any(f"{AZ_CDKTF} 7.0.3 for 3.55.0: a major of that provider is crossed" in n for n in notes)


def test_typescript_latest_moves_azurerm_to_the_newest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _typescript(tmp_path / "p")
    main(["migrate", str(project), "--to", "cdktn==latest", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    [manifest] = [f["diff"] for f in payload["files"] if f["path"] == "package.json"]
    assert '"@cdktn/provider-azurerm": "15.0.0"' not in manifest
    assert any("(the newest)" in n and "@cdktn/provider-azurerm" in n for n in payload["notes"])


@pytest.mark.parametrize("language", ["python", "python with AWS bindings", "typescript"])
@pytest.mark.parametrize("to", ["cdktn", "cdktn==latest"])
def test_every_hop_names_the_release_it_picks_for_the_other_providers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, to: str
) -> None:
    """Each hop says what it changes for azurerm too, as for the AWS bindings; the hop this move makes
    names the release the manifest gets (the newest under ``==latest``), the others the smallest move.
    A Python project without AWS bindings (a move of its core alone) shows the same hops."""
    project = (_typescript if language == "typescript" else _python)(tmp_path / "p")
    if language == "python with AWS bindings":
        (project / "requirements.txt").write_text(
            f"cdktf==0.20.11\ncdktf-cdktf-provider-aws==19.65.1\n{AZ_CDKTF}==7.0.3\n"
        )
    main(["migrate", str(project), "--to", to, "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    manifest = "".join(
        f["diff"] for f in payload["files"] if f["path"] in ("requirements.txt", "package.json")
    )
    hop_lines = [n for n in payload["notes"] if n.startswith(("hop ", "this move "))]
    assert hop_lines and all(
        "azurerm bindings: " in line and "(from azurerm 3.55.0)" in line for line in hop_lines
    )
    [this_move] = [line for line in hop_lines if "(this move)" in line or line.startswith("this move ")]
    picked = this_move.split("azurerm bindings: ", 1)[1].split(",", 1)[0].rsplit(" ", 1)[1]
    assert picked in manifest  # the line names the release the move writes
    first = hop_lines[0].split("azurerm bindings: ", 1)[1]
    assert first.split(",", 1)[0].endswith(" 15.0.0")  # the first hop: the smallest move, azurerm 4.60
