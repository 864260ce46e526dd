"""The tree-sitter reader: import declarations and construct-call literals, nothing about non-literals."""

from __future__ import annotations

import time
from pathlib import Path

from compat.typescript.reader import LiteralArray, LiteralObject, Opaque, parse_source

SOURCE = b"""import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import * as aws from "@cdktf/provider-aws";
import { ec2, AwsProvider as Provider } from "@cdktf/provider-aws";
import type { Construct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
import { Vpc } from "./.gen/providers/aws/vpc";

class Stack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new Provider(this, "aws", { region: "eu-west-1" });
    new S3Bucket(this, "b", { bucket: "x", versioning: { enabled: true }, ...extra });
    new aws.s3Bucket.S3Bucket(this, "c", { lifecycleRule: [{ id: "a", expiration: { days: 3 } }] });
    new ec2.Instance(this, "i", props);
    new Vpc(this, "v", { cidrBlock: Fn.cidrsubnet("10.0.0.0/8", 8, 1) });
  }
}
"""


def test_imports_with_aliases_namespaces_and_type_only() -> None:
    read = parse_source(Path("main.ts"), "main.ts", SOURCE)
    by_spec = {(i.specifier, i.namespace): i for i in read.imports}
    assert [(n.name, n.local) for n in by_spec[("@cdktf/provider-aws", None)].names] == [
        ("ec2", "ec2"),
        ("AwsProvider", "Provider"),
    ]
    assert ("@cdktf/provider-aws", "aws") in by_spec
    assert by_spec[("constructs", None)].type_only
    first = read.imports[0]
    assert (first.specifier, first.line, first.column) == ("@cdktf/provider-aws/lib/s3-bucket", 1, 26)


def test_construct_calls_keep_literals_and_mark_the_rest() -> None:
    read = parse_source(Path("main.ts"), "main.ts", SOURCE)
    calls = {c.callee: c for c in read.calls}
    bucket = calls[("S3Bucket",)].props
    assert isinstance(bucket, LiteralObject) and bucket.spread  # keys may come from ...extra
    assert [k.key for k in bucket.keys] == ["bucket", "versioning"]
    nested = calls[("aws", "s3Bucket", "S3Bucket")].props
    assert isinstance(nested, LiteralObject)
    rules = nested.keys[0].value
    assert isinstance(rules, LiteralArray) and isinstance(rules.items[0], LiteralObject)
    assert [k.key for k in rules.items[0].keys] == ["id", "expiration"]
    assert isinstance(calls[("ec2", "Instance")].props, Opaque)
    cidr = calls[("Vpc",)].props
    assert isinstance(cidr, LiteralObject) and isinstance(cidr.keys[0].value, Opaque)
    assert [(f.receiver, f.name, f.line) for f in read.fn_calls] == [("Fn", "cidrsubnet", 15)]
    assert read.declared == frozenset() and not read.error  # no imported name is declared again
    again = parse_source(Path("b.ts"), "b.ts", SOURCE + b"function f(S3Bucket: string) {}\nclass Vpc {}\n")
    assert again.declared == {"S3Bucket", "Vpc"}


def test_only_wanted_imports_have_their_props_read() -> None:
    read = parse_source(Path("m.ts"), "m.ts", SOURCE, wanted=lambda spec: spec.endswith("s3-bucket"))
    calls = {c.callee: c for c in read.calls}
    assert isinstance(calls[("S3Bucket",)].props, LiteralObject)
    assert isinstance(calls[("Vpc",)].props, Opaque)


def test_a_thousand_files_parse_fast() -> None:
    start = time.perf_counter()
    for number in range(1000):
        parse_source(Path(f"f{number}.ts"), f"f{number}.ts", SOURCE)
    assert time.perf_counter() - start < 10  # ~0.4 s on the reference machine; generous for shared CI


def test_broken_source_is_read_as_far_as_it_goes() -> None:
    read = parse_source(Path("bad.ts"), "bad.ts", b'import { A } from "x";\nnew A(this, "a", { b: [ ;\n')
    assert read.error and read.imports[0].specifier == "x"
