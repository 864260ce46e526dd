"""An index URL's credentials are never printed (issue 24, 11): redacted as pip does."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.cli import main
from compat.errors import RegistryError
from compat.registry.http import HttpClient
from compat.registry.pypi import PyPIClient
from compat.registry.redact import redact_url, redact_urls


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://alice:s3cretTOKEN@mirror.example/simple", "http://alice:****@mirror.example/simple"),
        ("https://s3cretTOKEN@mirror.example:8443/simple", "https://****@mirror.example:8443/simple"),
        ("https://al%40ice:p@ss@mirror.example/", "https://al%40ice:****@mirror.example/"),
        ("https://mirror.example/simple", "https://mirror.example/simple"),
    ],
)
def test_redacted_as_pip_does(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_urls(f"cannot reach '{url}': refused") == f"cannot reach '{shown}': refused"


def test_a_registry_error_never_carries_the_secret() -> None:
    client = PyPIClient(HttpClient(retries=0), index_url="http://alice:s3cretTOKEN@127.0.0.1:9/simple")
    with pytest.raises(RegistryError) as raised:
        client.project("cdktf")
    assert "s3cretTOKEN" not in str(raised.value) and "alice:****@127.0.0.1:9" in str(raised.value)


@pytest.mark.parametrize(
    "argv",
    [
        ["index", "build", "cdktf-cdktf-provider-random==12.0.0"],
        ["check", "--index-url", "ftp://alice:s3cretTOKEN@h/simple"],
    ],
)
def test_the_cli_never_prints_the_secret(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    monkeypatch.setenv("PIP_INDEX_URL", "http://alice:s3cretTOKEN@127.0.0.1:9/simple")
    assert main(argv + ([str(tmp_path)] if argv[0] == "check" else [])) == 2
    out, err = capsys.readouterr()
    assert "s3cretTOKEN" not in out + err and "alice:****@" in err
