"""Compare the assembly reader with the wheel reader on one release present on both (network).

Reads the release's whole ``package/.jsii`` from its wheel's jsii tarball, describes it with
:mod:`compat.index.assembly` and compares every module and class with the committed index (built
from the generated Python). Results of 2026-12-07 are in ``tests/index/test_assembly.py``.

    .venv/bin/python tests/index/compare_assembly_to_wheel.py cdktf-cdktf-provider-aws 12.0.1
"""

from __future__ import annotations

import io
import json
import sys
import tarfile
import time

from compat.databuild.jsii import _IterReader, jsii_tarball_name
from compat.index import open_release_index
from compat.index.assembly import read_assembly
from compat.index.build import wheel_urls
from compat.registry.http import default_client
from compat.registry.wheel import RemoteWheel


def main() -> None:
    pkg, ver = sys.argv[1], sys.argv[2]
    http = default_client()
    w = RemoteWheel(http, wheel_urls(http, pkg)[ver])
    blocks = w.stream(jsii_tarball_name(list(w.members())))
    raw = io.BufferedReader(_IterReader(blocks), buffer_size=1 << 20)
    t = time.time()
    with tarfile.open(fileobj=raw, mode="r|gz") as tar:
        for e in tar:
            if e.name == "package/.jsii":
                doc = json.loads(tar.extractfile(e).read())
                break
    print("read", round(time.time() - t, 1), "s")
    t = time.time()
    modules, subs = read_assembly(doc)
    print("assembly parsed", round(time.time() - t, 1), "s", len(modules), "modules")
    idx = open_release_index(pkg, ver)
    keys_py = set(idx.modules())
    keys_js = set(modules)
    print(
        "modules only in wheel:",
        sorted(keys_py - keys_js)[:10],
        "only in assembly:",
        sorted(keys_js - keys_py)[:10],
    )
    diffs = {}
    compared = 0
    for key in sorted(keys_py & keys_js):
        ep = idx.exports(key) or frozenset()
        ej = frozenset(modules[key].exports)
        if ep != ej:
            diffs.setdefault("exports", []).append((key, sorted(ep - ej)[:3], sorted(ej - ep)[:3]))
        for name, cj in modules[key].classes.items():
            cp = idx.class_info(key, name)
            if cp is None:
                continue
            compared += 1
            if cp.kind != cj.kind:
                diffs.setdefault("kind", []).append((key, name, cp.kind, cj.kind))
                continue
            if cp.kind == "other":
                continue
            if cp.tf_type != cj.tf_type:
                diffs.setdefault("tf_type", []).append((key, name, cp.tf_type, cj.tf_type))
            if set(cp.params) != set(cj.params):
                diffs.setdefault("param names", []).append(
                    (
                        key,
                        name,
                        sorted(set(cp.params) - set(cj.params))[:3],
                        sorted(set(cj.params) - set(cp.params))[:3],
                    )
                )
            for p in set(cp.params) & set(cj.params):
                a, b = cp.params[p], cj.params[p]
                if (a.shape, a.required, a.struct, a.js_name) != (b.shape, b.required, b.struct, b.js_name):
                    diffs.setdefault("param", []).append((key, name, p, a, b))
            if cp.meta_params != cj.meta_params:
                diffs.setdefault("meta", []).append((key, name, cp.meta_params, cj.meta_params))
    print("classes compared", compared)
    for k, v in diffs.items():
        print(k, len(v))
        [print("   ", x) for x in v[:4]]


if __name__ == "__main__":
    main()
