"""Record the TypeScript-layout fixtures (``tests/fixtures/tslayout/``) from real wheels (network).

For each release: the head of its jsii assembly is streamed from the wheel's ``_jsii/*.jsii.tgz``
(:func:`compat.index.build.read_ts_submodules`), the Python module keys are listed from the wheel's
central directory, and the fixture keeps every submodule whose folder or namespace differs from
the usual spelling plus a few usual ones, with the keys of those submodules and of the root.

    .venv/bin/python tests/index/record_ts_fixtures.py
"""

from __future__ import annotations

import json
from pathlib import Path

from compat.index.build import module_key, package_module, read_ts_submodules, wheel_urls
from compat.index.tslayout import folder_of, layout, snake_case
from compat.providers import provider_package
from compat.registry.http import default_client
from compat.registry.wheel import RemoteWheel

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "tslayout"
RELEASES = [
    ("cdktf-cdktf-provider-aws", "2.0.13"),
    ("cdktf-cdktf-provider-aws", "9.0.52"),
    ("cdktf-cdktf-provider-aws", "10.0.2"),
    ("cdktf-cdktf-provider-aws", "21.22.1"),
    ("cdktn-provider-aws", "25.7.0"),
    ("cdktf-cdktf-provider-google", "14.24.0"),
    ("cdktn-provider-google", "21.1.0"),
    ("cdktf-cdktf-provider-random", "11.1.1"),
    ("cdktn-provider-random", "15.0.1"),
]
USUAL = (
    "s3Bucket",
    "ec2",
    "s3",
    "computeInstance",
    "storageBucket",
    "provider",
    "password",
    "stringResource",
)


def main() -> None:
    http = default_client()
    OUT.mkdir(parents=True, exist_ok=True)
    for package, version in RELEASES:
        url = wheel_urls(http, package)[version]
        wheel = RemoteWheel(http, url)
        top = package_module(package)
        keys = sorted(k for k in (module_key(p, top) for p in wheel.members()) if k is not None)
        found = provider_package(package)
        assert found is not None
        submodules = read_ts_submodules(wheel, found.npm)
        modules, unmatched = layout(submodules, keys)
        assert not unmatched, unmatched
        kept = {
            name: symbol
            for name, symbol in submodules.items()
            if name in USUAL
            or folder_of(symbol) != "lib/" + snake_case(name).replace("_", "-")
            or snake_case(name) not in keys
        }
        kept_keys = sorted({m.key for m in modules if m.namespace in kept} | {""})
        document = {
            "package": package,
            "npm": found.npm,
            "version": version,
            "recorded_from": url.split("?")[0],
            "submodules_total": len(submodules),
            "keys_total": len(keys),
            "submodules": dict(sorted(kept.items())),
            "keys": kept_keys,
        }
        (OUT / f"{package}-{version}.json").write_text(json.dumps(document, indent=1) + "\n")
        print(package, version, len(submodules), "->", len(kept))


if __name__ == "__main__":
    main()
