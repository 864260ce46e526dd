"""Users behind a mirror: PIP_INDEX_URL, pip's config, [tool.compat], --index-url, NPM_CONFIG_REGISTRY."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from compat.cli import main
from compat.registry.endpoints import npm_registry_url, pypi_index_url, use
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient
from compat.registry.pypi import PyPIClient
from tests.faults.server import HostileServer, body

SIMPLE = {
    "meta": {"api-version": "1.1"},
    "name": "cdktf",
    "files": [
        {
            "filename": "cdktf-0.21.0-py3-none-any.whl",
            "url": "../../files/cdktf-0.21.0-py3-none-any.whl",
            "hashes": {},
            "upload-time": "2025-05-01T00:00:00Z",
        }
    ],
}


@pytest.fixture
def mirror() -> Iterator[HostileServer]:
    server = HostileServer({"/simple/cdktf/": body(json.dumps(SIMPLE).encode())})
    with server.running():
        yield server


def test_pip_index_url_points_compat_at_the_mirror(
    mirror: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", mirror.url("/simple/"))
    project = PyPIClient(HttpClient(retries=0)).project("cdktf")
    (release,) = project.releases
    assert str(release.version) == "0.21.0" and release.wheel is not None
    assert release.wheel.url == mirror.url("/files/cdktf-0.21.0-py3-none-any.whl")
    assert mirror.hits == {"/simple/cdktf/": 1}


def test_pip_config_file_is_read(
    mirror: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\nindex-url = {mirror.url('/simple')}\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(config))
    assert pypi_index_url() == mirror.url("/simple")
    assert PyPIClient(HttpClient(retries=0)).project("cdktf").name == "cdktf"


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "pip.conf"
    config.write_text("[global]\nindex-url = https://conf.example/simple\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(config))
    assert pypi_index_url() == "https://conf.example/simple"
    use(project_index_url="https://project.example/simple")
    assert pypi_index_url() == "https://project.example/simple"
    monkeypatch.setenv("PIP_INDEX_URL", "https://env.example/simple/")
    assert pypi_index_url() == "https://env.example/simple"
    use(index_url="https://flag.example/simple", project_index_url="https://project.example/simple")
    assert pypi_index_url() == "https://flag.example/simple"
    use(index_url="https://pypi.org/simple/")
    assert pypi_index_url() is None  # pypi.org itself: its JSON API


def test_npm_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    assert npm_registry_url() == "https://registry.npmjs.org"
    use(project_npm_registry="https://npm.project.example")
    assert npm_registry_url() == "https://npm.project.example"
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://npm.corp.example/")
    assert NpmClient(HttpClient()).packument_url("@cdktf/provider-aws") == (
        "https://npm.corp.example/@cdktf%2Fprovider-aws"
    )


def test_project_settings_and_a_bad_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compat.toml").write_text('index-url = "https://project.example/simple"\n')
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    assert main(["check", str(tmp_path), "--offline"]) in (0, 1)
    assert pypi_index_url() == "https://project.example/simple"
    assert main(["check", str(tmp_path), "--offline", "--index-url", "ftp://x"]) == 2
    assert "--index-url: 'ftp://x' is not an http(s) URL" in capsys.readouterr().err
