"""Record ``tests/fixtures/assembly/*.jsii.json`` (network): jsii assemblies read from npm tarballs
with the project's own reader, trimmed to a few types (every other key dropped):
``@cdktf/provider-azurerm`` 0.2.8, an npm-only release (flat, PyPI has no such version), and
``@cdktn/provider-aws`` 25.7.0 (per-resource submodules, blocks as unions with IResolvable).

    .venv/bin/python tests/index/record_assembly_fixture.py
"""

from __future__ import annotations

import json
from pathlib import Path

from compat.index.build import read_npm_assembly
from compat.registry.http import default_client
from compat.registry.npm import NpmClient

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "assembly"
RECORD = {
    ("@cdktf/provider-azurerm", "0.2.8"): (
        "ResourceGroup", "ResourceGroupConfig", "ResourceGroupTimeouts", "VirtualNetwork",
        "VirtualNetworkConfig", "VirtualNetworkSubnet", "VirtualNetworkDdosProtectionPlan",
        "VirtualNetworkTimeouts",
    ),
    ("@cdktn/provider-aws", "25.7.0"): (
        "dynamodbTable.DynamodbTable", "dynamodbTable.DynamodbTableConfig",
        "dynamodbTable.DynamodbTableAttribute",
        "dynamodbTable.DynamodbTablePointInTimeRecovery", "dynamodbTable.DynamodbTableTimeouts",
        "dynamodbTable.DynamodbTableAttributeList", "lambdaFunction.LambdaFunctionEnvironment",
    ),
}  # fmt: skip


def main() -> None:
    http = default_client()
    for (name, version), keep in RECORD.items():
        row = NpmClient(http).packument(name).get(version)
        assert row is not None and row.tarball
        document = read_npm_assembly(http, row.tarball)
        types = {f"{name}.{t}": document["types"][f"{name}.{t}"] for t in keep}
        for found in types.values():  # the fixture keeps what the reader looks at
            found.pop("methods", None)
            found.pop("locationInModule", None)
        submodules = {
            fqn: {"symbolId": entry.get("symbolId")}
            for fqn, entry in (document.get("submodules") or {}).items()
            if fqn.rpartition(".")[2] in {t.split(".")[0] for t in keep if "." in t}
        }
        trimmed = {"name": name, "version": version, "submodules": submodules, "types": types}
        out = OUT / f"{name.split('/')[1]}-{version}.jsii.json"
        out.write_text(json.dumps(trimmed, indent=1, sort_keys=True) + "\n")
        print(out, out.stat().st_size)


if __name__ == "__main__":
    main()
