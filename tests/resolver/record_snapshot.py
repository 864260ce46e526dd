"""Record the small real snapshot the resolver tests run on (run by hand; needs the network).

    /work/venv/bin/python tests/resolver/record_snapshot.py

Picks a few dozen releases of each line (the boundaries the tests care about), and reads for each
the facts ``compat data build`` reads: upload time and yanked flag from the PyPI JSON API,
Requires-Dist / Requires-Python from the wheel's own METADATA (Range requests), the AWS provider
version from the npm packument. Core releases: all of them, from the PyPI JSON API. The Terraform
minimum of the core CLI is the one fact not published as data (DOMAIN.md section 4).
"""

from __future__ import annotations

import json
import sys
from email.parser import Parser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from packaging.requirements import Requirement
from packaging.version import Version

from compat.registry.http import default_client
from compat.registry.wheel import RemoteWheel

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "snapshot" / "releases.json"

PICKS = {
    "cdktf-cdktf-provider-aws": [
        "21.22.1",
        "21.22.0",
        "21.21.0",
        "21.0.0",
        "20.1.0",
        "20.0.0",
        "19.65.1",
        "19.58.0",
        "19.57.0",
        "19.50.0",
        "19.0.0",
        "18.0.0",
        "16.0.0",
        "15.0.0",
        "12.0.0",
        "10.0.0",
        "9.0.52",
        "9.0.0",
        "2.0.13",
        "1.0.40",
    ],
    "cdktn-provider-aws": [],  # filled with the first two and the last five
}
CORES = {"cdktf-cdktf-provider-aws": "cdktf", "cdktn-provider-aws": "cdktn"}
NPM = {"cdktf-cdktf-provider-aws": "@cdktf%2fprovider-aws", "cdktn-provider-aws": "@cdktn%2fprovider-aws"}


def terraform_min(core: str, version: Version) -> str | None:
    """DOMAIN.md section 4: the cdktf CLI warns below 1.0.0 (0.12.2-0.14), 1.2.0 from 0.15."""
    if version >= Version("0.15"):
        return "1.2.0"
    if version >= Version("0.12.2"):
        return "1.0.0"
    return None


def node_min(version: Version) -> str | None:
    for floor, node in (("0.21", "20.9"), ("0.19", "18.12"), ("0.16", "16.13"), ("0.10", "14.17")):
        if version >= Version(floor):
            return node
    return None


def main() -> int:
    http = default_client()
    document: dict[str, Any] = {"schema": 1, "built_at": "", "sources": {}, "packages": {}, "features": []}
    for package, picks in PICKS.items():
        pypi = http.get_json(f"https://pypi.org/pypi/{package}/json", ttl=86400)
        npm = http.get_json(f"https://registry.npmjs.org/{NPM[package]}", ttl=86400)
        versions = sorted((v for v in pypi["releases"] if pypi["releases"][v]), key=Version)
        if not picks:  # the first two and the newest five that npm knows (it lags PyPI for the newest)
            on_npm = [v for v in versions if v in npm.get("versions", {})]
            picks = on_npm[:2] + on_npm[-5:]
        yanked = [v for v in versions if any(f.get("yanked") for f in pypi["releases"][v])]
        picks = sorted(set(picks) | set(yanked[:2]), key=Version)
        rows = []
        for v in picks:
            files = [f for f in pypi["releases"][v] if f["filename"].endswith(".whl")]
            url = f"https://pypi.org/pypi/{package}/json"
            wheel = RemoteWheel(http, urljoin(url, files[0]["url"]))  # some mirrors answer relative URLs
            meta_name = next(n for n in wheel.members() if n.endswith(".dist-info/METADATA"))
            meta = Parser().parsestr(wheel.read(meta_name).decode("utf-8"))
            requires = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
            core = next((str(r) for r in requires if r.name == CORES[package]), None)
            constructs = next((str(r) for r in requires if r.name == "constructs"), None)
            info = (npm.get("versions", {}).get(v) or {}).get("cdktf") or {}
            provider = (info.get("provider") or {}).get("version")
            rows.append(
                {
                    "version": v,
                    "uploaded": files[0]["upload_time_iso_8601"],
                    "provider_source": "registry.terraform.io/hashicorp/aws" if provider else None,
                    "provider_version": provider,
                    "provider_version_from": "npm" if provider else None,
                    "core_requirement": core,
                    "constructs_requirement": constructs,
                    "requires_python": meta.get("Requires-Python"),
                    "yanked": any(f.get("yanked") for f in pypi["releases"][v]),
                    "deprecated": bool(info.get("isDeprecated")),
                }
            )
            print(package, v, provider, core, meta.get("Requires-Python"), file=sys.stderr)
        document["packages"][package] = {"kind": "bindings", "releases": rows}
        core_name = CORES[package]
        core_json = http.get_json(f"https://pypi.org/pypi/{core_name}/json", ttl=86400)
        cores = []
        ordered = sorted(core_json["releases"].items(), key=lambda kv: Version(kv[0]))
        pre = [v for v, files in ordered if files and Version(v).is_prerelease][-3:]
        for v, files in ordered:
            if not files or (Version(v).is_prerelease and v not in pre):  # finals and the last 3 pre-releases
                continue
            version = Version(v)
            cores.append(
                {
                    "version": v,
                    "uploaded": files[0]["upload_time_iso_8601"],
                    "requires_python": files[0].get("requires_python"),
                    "yanked": any(f.get("yanked") for f in files),
                    "node_min": node_min(version) if core_name == "cdktf" else None,
                    "terraform_min": terraform_min(core_name, version) if core_name == "cdktf" else None,
                }
            )
        document["packages"][core_name] = {"kind": "core", "releases": cores}
    document["built_at"] = max(r["uploaded"] for e in document["packages"].values() for r in e["releases"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
