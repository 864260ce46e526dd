"""Small real wheels built in the tests: METADATA + a jsii tarball holding package/package.json."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"


#: provider versions the real cdktn READMEs state ("... bindings for hashicorp/aws provider version X")
CDKTN_PROVIDER = {"21.23.0": "6.28.0", "25.7.0": "6.66.0", "25.8.1": "6.69.1"}


def metadata_for(package: str, version: str) -> str:
    """The real METADATA of the family's sample release, with the version (and the README's provider)
    put in."""
    sample = {
        "cdktf-cdktf-provider-aws": ("METADATA-cdktf-cdktf-provider-aws-9.0.52", "9.0.52"),
        "cdktn-provider-aws": ("METADATA-cdktn-provider-aws-25.8.1", "25.8.1"),
    }[package]
    text = (FIXTURES / sample[0]).read_text()
    text = text.replace(f"Version: {sample[1]}\n", f"Version: {version}\n", 1)
    if package == "cdktn-provider-aws":
        text = text.replace("provider version 6.69.1", f"provider version {CDKTN_PROVIDER[version]}")
    return text


def jsii_tarball(package_json: dict[str, Any], jsii_size: int = 2 << 20, js: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:

        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add("package/.jsii", (b'{"schema": "jsii/0.10.0", "types": {}}' + b" " * jsii_size)[:jsii_size])
        if js is not None:
            add("package/lib/s3-bucket.js", js)
        add("package/package.json", json.dumps(package_json).encode())
    return buffer.getvalue()


def wheel(
    package: str, version: str, package_json: dict[str, Any] | None = None, js: bytes | None = None
) -> bytes:
    module = package.replace("-", "_")
    dist = f"{module}-{version}.dist-info"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{module}/__init__.py", "__all__ = []\n")
        tarball = jsii_tarball(package_json or {"name": "x", "version": version}, js=js)
        archive.writestr(f"{module}/_jsii/provider-aws@{version}.jsii.tgz", tarball)
        archive.writestr(f"{dist}/METADATA", metadata_for(package, version))
        archive.writestr(f"{dist}/RECORD", "")
    return buffer.getvalue()


#: ``Requires-Dist: constructs`` of the core wheels built here, as real releases state it (cdktf 0.21.0:
#: ``constructs<11.0.0,>=10.4.2``; cdktn 0.24.0: ``constructs <10.8.0,>=10.6.0``)
CORE_CONSTRUCTS = {"cdktf": "constructs<11.0.0,>=10.4.2", "cdktn": "constructs <10.8.0,>=10.6.0"}


def core_wheel(package: str, version: str) -> bytes:
    """A core's wheel: METADATA with its Requires-Python and ``constructs`` requirement."""
    dist = f"{package}-{version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\nRequires-Python: ~=3.9\n"
        f"Requires-Dist: {CORE_CONSTRUCTS[package]}\nRequires-Dist: jsii<2.0.0,>=1.112.0\n\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{package}/__init__.py", "")
        archive.writestr(f"{dist}/METADATA", metadata)
        archive.writestr(f"{dist}/RECORD", "")
    return buffer.getvalue()
