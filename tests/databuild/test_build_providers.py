"""The build reads any prebuilt package: PyPI only (npm 404), jsii package.json, no guessed source."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import responses

from compat.databuild.build import collect
from compat.packed_rows import unpack_rows
from compat.providers import provider_package
from compat.registry.http import HttpClient
from databuild.test_build import Registry
from databuild.wheels import jsii_tarball

NAME = "cdktf-cdktf-provider-datadog"
FILE = NAME.replace("-", "_")
DATADOG = {"cdktf": {"provider": {"name": "registry.terraform.io/datadog/datadog", "version": "3.27.0"}}}
GENERATED = b"terraformGeneratorMetadata: { providerName: 'datadog', providerVersion: '2.0.0' }"


def _wheel(version: str, package_json: dict[str, object], js: bytes | None = None) -> bytes:
    module = FILE
    metadata = (
        f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\nRequires-Python: ~=3.7\n"
        "Requires-Dist: cdktf<0.18.0,>=0.17.0\nRequires-Dist: constructs<11.0.0,>=10.0.0\n\n"
        "# Terraform CDK datadog Provider ~> 3.0\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{module}/__init__.py", "__all__ = []\n")
        tarball = jsii_tarball(package_json, 4096, js)
        archive.writestr(f"{module}/_jsii/provider-datadog@{version}.jsii.tgz", tarball)
        archive.writestr(f"{module}-{version}.dist-info/METADATA", metadata)
    return buffer.getvalue()


def _pypi(versions: list[str]) -> dict[str, object]:
    def file(version: str) -> dict[str, object]:
        filename = f"{FILE}-{version}-py3-none-any.whl"
        return {
            "filename": filename,
            "packagetype": "bdist_wheel",
            "requires_python": "~=3.7",
            "size": 1000,
            "yanked": False,
            "upload_time_iso_8601": "2023-06-01T00:00:00.000000Z",
            "url": f"https://files.pythonhosted.org/packages/x/{filename}",
        }

    return {"info": {"name": NAME}, "releases": {v: [file(v)] for v in versions}}


def test_a_pypi_only_package_is_read_from_its_wheels(tmp_path: Path) -> None:
    messages: list[str] = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        registry = Registry(mock)
        registry.wheels[f"{NAME}==7.0.0"] = _wheel("7.0.0", DATADOG)
        registry.wheels[f"{NAME}==1.0.0"] = _wheel("1.0.0", {"name": "x"}, js=GENERATED)
        mock.get(f"https://pypi.org/pypi/{NAME}/json", json=_pypi(["1.0.0", "7.0.0"]))
        mock.get("https://registry.npmjs.org/@cdktf%2Fprovider-datadog", status=404)
        mock.get("https://pypi.org/pypi/cdktf-cdktf-provider-nosuch/json", status=404)
        names = (NAME, "cdktf-cdktf-provider-nosuch", "cdktf-cdktf-provider-aws")
        packages = [provider_package(n) for n in names]
        document, stats = collect(
            http=HttpClient(retries=0),
            work_dir=tmp_path,
            jobs=2,
            progress=messages.append,
            packages=[p for p in packages if p],
        )
    rows = {r["version"]: r for r in unpack_rows(document["packages"][NAME])}
    assert rows["7.0.0"]["provider_version"] == "3.27.0"
    assert rows["7.0.0"]["provider_source"] == "registry.terraform.io/datadog/datadog"
    assert rows["7.0.0"]["core_requirement"] == "cdktf<0.18.0,>=0.17.0"
    assert rows["7.0.0"]["engines_node"] is None  # not on npm
    # the generator's bare 'datadog' is not hashicorp/datadog: the version is kept, the source is not guessed
    assert (rows["1.0.0"]["provider_version"], rows["1.0.0"]["provider_source"]) == ("2.0.0", None)
    assert "cdktf-cdktf-provider-nosuch" not in document["packages"]
    assert any("cdktf-cdktf-provider-nosuch is not on PyPI" in m for m in messages)
    assert document["packages"][NAME]["summary"]["count"] == 2
    assert json.dumps(document)  # the document is plain JSON
