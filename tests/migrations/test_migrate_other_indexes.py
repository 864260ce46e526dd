"""``migrate --to cdktn`` moves the classes of another provider's prebuilt package into the target
release's modules where compat's symbol index holds that release (docker 2.x's flat root ->
cdktn-provider-docker 16.1.0's ``image.Image``); the imports were renamed at the module only, and
``check`` then failed with IMP002 on each class."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main
from tests.conftest import indexed

pytestmark = pytest.mark.skipif(not indexed("cdktn-provider-docker", "16.1.0"), reason="not indexed")

MAIN = (
    "from cdktf import App, TerraformStack\n"
    "from cdktf_cdktf_provider_docker import Image, Container, DockerProvider\n"
    "\n"
    "DockerProvider(None, 'docker')\n"
)


def test_classes_of_an_indexed_target_release_move_to_their_modules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (tmp_path / "Pipfile").write_text(
        '[packages]\ncdktf = "~=0.12.0"\ncdktf-cdktf-provider-docker = "~=2.0.58"\n'
    )
    (tmp_path / "main.py").write_text(MAIN)
    code = main(["migrate", str(tmp_path), "--to", "cdktn==latest", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and payload["unresolved"] == []
    [diff] = [f["diff"] for f in payload["files"] if f["path"] == "main.py"]
    assert "+from cdktn_provider_docker.image import Image\n" in diff
    assert "+from cdktn_provider_docker.container import Container\n" in diff
    assert "+from cdktn_provider_docker.provider import DockerProvider\n" in diff
    assert any("cdktn-provider-docker 16.1.0 placed in its modules" in n for n in payload["notes"])


@pytest.mark.skipif(not indexed("cdktn-provider-azurerm", "18.9.0"), reason="not indexed")
def test_a_move_across_another_providers_major_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (tmp_path / "requirements.txt").write_text("cdktf==0.20.11\ncdktf-cdktf-provider-azurerm==13.11.0\n")
    (tmp_path / "main.py").write_text("from cdktf_cdktf_provider_azurerm.provider import AzurermProvider\n")
    main(["migrate", str(tmp_path), "--to", "cdktn==latest", "--offline", "--format", "json"])
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any(
        "cdktf-cdktf-provider-azurerm 13.11.0 for 4.11.0: a major of that provider is crossed" in n
        for n in notes
    )
