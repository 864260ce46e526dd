"""The tree-sitter reader: import declarations and construct-call literals, nothing about non-literals."""

from __future__ import annotations

import time
from pathlib import Path

from compat.typescript.reader import (
    ArrayView,
    ObjectView,
    Opaque,
    Props,
    PropsOf,
    TsFile,
    mentions_cdk,
    parse_source,
    reads_props_of,
)

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
    assert isinstance(bucket, Props) and bucket.spread  # keys may come from ...extra
    assert [k.key for k in bucket.keys] == ["bucket", "versioning"]
    assert isinstance(calls[("aws", "s3Bucket", "S3Bucket")].props, Props)
    assert isinstance(calls[("ec2", "Instance")].props, Opaque)
    assert isinstance(calls[("Vpc",)].props, Props)
    assert [(f.receiver, f.name, f.line) for f in read.fn_calls] == [("Fn", "cidrsubnet", 15)]
    assert not read.error
    # a class declared at the top of the file shadows its import everywhere; a parameter only inside
    # its function: the calls of a shadowed name are no import's, and are not kept
    again = parse_source(Path("b.ts"), "b.ts", SOURCE + b"function f(S3Bucket: string) {}\nclass Vpc {}\n")
    assert [c.callee for c in again.calls] == [c.callee for c in read.calls if c.callee != ("Vpc",)]


def test_props_values_are_read_from_the_live_tree_only_as_far_as_asked() -> None:
    seen: dict[tuple[str, ...], ObjectView | None] = {}
    shapes: list[object] = []

    def visit(file: TsFile, props_of: PropsOf) -> None:
        for call in file.calls:
            seen[call.callee] = view = props_of(call)
            if call.callee == ("aws", "s3Bucket", "S3Bucket") and view is not None:
                rules = view.value(0)  # lifecycleRule: [{ id, expiration }]
                assert isinstance(rules, ArrayView)
                [rule] = rules.objects()
                shapes.append([k.key for k in rule.keys])
                shapes.append(type(rule.value(1)))  # expiration: { days: 1 }
            if call.callee == ("Vpc",) and view is not None:
                shapes.append(view.value(0))  # cidrBlock: a call, no literal

    parse_source(Path("main.ts"), "main.ts", SOURCE, visit=visit)
    assert shapes == [["id", "expiration"], ObjectView, None]
    assert seen[("ec2", "Instance")] is None  # a variable: nothing read


def test_only_wanted_imports_have_their_props_read() -> None:
    read = parse_source(Path("m.ts"), "m.ts", SOURCE, wanted=lambda spec, name: spec.endswith("s3-bucket"))
    calls = {c.callee: c for c in read.calls}
    assert isinstance(calls[("S3Bucket",)].props, Props)
    assert isinstance(calls[("Vpc",)].props, Opaque)


def test_a_thousand_files_parse_fast() -> None:
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail it
    for number in range(1000):
        parse_source(Path(f"f{number}.ts"), f"f{number}.ts", SOURCE)
    assert time.process_time() - start < 10  # ~0.4 s on the reference machine; generous for shared CI


def test_broken_source_is_read_as_far_as_it_goes() -> None:
    read = parse_source(Path("bad.ts"), "bad.ts", b'import { A } from "x";\nnew A(this, "a", { b: [ ;\n')
    assert read.error and read.imports[0].specifier == "x"


def test_keywords_in_strings_comments_and_longer_words_are_no_statements() -> None:
    source = (
        b'import { Fn } from "cdktf";\n'
        b'// import { X } from "nope"; new Fake(this, "c", {})\n'
        b'const text = "new Other(this, \\"s\\", {}) import";\n'
        b"const renew = anew(1); const importer = Fn$x.bad(1); const y = notFn.join([]);\n"
        b'new Real(this, "r", { a: 1 }); Fn.join(",", []);\n'
    )
    read = parse_source(Path("k.ts"), "k.ts", source)
    assert [i.specifier for i in read.imports] == ["cdktf"]
    assert [c.callee for c in read.calls] == [("Real",)]
    assert [(f.receiver, f.name, f.line) for f in read.fn_calls] == [("Fn", "join", 5)]


def _callees(source: bytes) -> list[tuple[str, ...]]:
    return [c.callee for c in parse_source(Path("d.ts"), "d.ts", source).calls]


def test_a_name_is_shadowed_only_inside_the_scope_of_a_binding_that_declares_it() -> None:
    head = b'import { A, B, C, D, E, F, G } from "x";\n'
    source = head + (
        b"foo(class A { m() { new A(); } });\n"  # a class expression binds its name inside itself only
        b"use(1, B);\n"  # an argument: no declaration (the text scan took it for a parameter)
        b"class K { constructor(private readonly C: string) { new C(); } }\n"  # a parameter: its method
        b"new D(); const x: E = 1;\n"  # uses, no declarations
        b"type F = string;\n"  # a type declared at the top: the whole file
        b"function g() { const { G } = y; new G(); }\n"  # a destructured variable: its block
        b"new A(); new B(); new C(); new F(); new G();\n"
    )
    assert _callees(source) == [("D",), ("A",), ("B",), ("C",), ("G",)]


def test_each_kind_of_binding_shadows_its_own_scope() -> None:
    head = b'import { S3Bucket } from "x";\n'
    shadowed = [
        b"function f(S3Bucket) { new S3Bucket(); }",
        b"const f = (S3Bucket) => new S3Bucket();",
        b"const f = S3Bucket => new S3Bucket();",
        b"try {} catch (S3Bucket) { new S3Bucket(); }",
        b"for (const S3Bucket of xs) { new S3Bucket(); }",
        b"{ let S3Bucket = 1; new S3Bucket(); }",
        b"function f() { if (x) { var S3Bucket = 1; } new S3Bucket(); }",
        b"function f({ a: [S3Bucket] }) { new S3Bucket(); }",
        b"{ function S3Bucket() {} new S3Bucket(); }",
        b"const f = function S3Bucket() { new S3Bucket(); };",
    ]
    for body in shadowed:
        assert _callees(head + body + b"\n") == [], body
    reported = [
        b"function f(a = S3Bucket) { new S3Bucket(); }",  # a default value is a use
        b"{ let S3Bucket = 1; } new S3Bucket();",  # outside the block
        b"for (S3Bucket of xs) {} new S3Bucket();",  # an assignment declares nothing
        b"const { S3Bucket: other } = y; new S3Bucket();",  # the key names a property
        b"const f = function S3Bucket() {}; new S3Bucket();",  # outside the function expression
    ]
    for body in reported:
        assert _callees(head + body + b"\n") == [("S3Bucket",)], body


def test_many_statements_are_read_in_one_pass() -> None:
    lines = b"".join(b'new Thing(this, "t%d", { a: %d });\n' % (n, n) for n in range(20000))
    source = b'import { Thing } from "@cdktf/provider-aws/lib/thing";\n' + lines
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail it
    read = parse_source(Path("big.ts"), "big.ts", source)
    assert len(read.calls) == 20000 and read.calls[-1].line == 20001
    assert time.process_time() - start < 10  # ~0.3 s; a lookup from the root per call took minutes


def test_a_file_naming_no_core_package_or_local_folder_is_not_read() -> None:
    assert not mentions_cdk(b'import { x } from "./util";\nnew Date();\n', ".gen")
    assert mentions_cdk(b'import { S3Bucket } from "@CDKTF/provider-aws/lib/s3-bucket";\n', ".gen")
    assert mentions_cdk(b'import { Vpc } from "../generated/providers/aws/vpc";\n', "./generated/")
    assert mentions_cdk(b'import { x } from "./util";\n', ".")  # no name to look for: read it


def test_an_import_read_again_elsewhere_is_placed_where_it_stands() -> None:
    statement = b'import {\n  A,\n  B as C } from "@cdktf/provider-aws/lib/a";\n'
    first = parse_source(Path("a.ts"), "a.ts", statement)
    moved = parse_source(
        Path("b.ts"), "b.ts", b"// one\n// two\n    " + statement
    )  # the same text, read once
    [one], [two] = first.imports, moved.imports
    assert (one.line, one.column, [(n.local, n.line, n.column) for n in one.names]) == (
        3,
        17,
        [("A", 2, 3), ("C", 3, 3)],
    )
    assert (two.line, two.column, [(n.local, n.line, n.column) for n in two.names]) == (
        5,
        17,
        [("A", 4, 3), ("C", 5, 3)],
    )
    one_line = b'import { A, B } from "x";\n'
    shifted = parse_source(Path("c.ts"), "c.ts", b"/* c */ " + one_line).imports[0]
    assert parse_source(Path("d.ts"), "d.ts", one_line).imports[0].column == 22
    assert (shifted.line, shifted.column) == (1, 30)
    assert [(n.name, n.line, n.column) for n in shifted.names] == [("A", 1, 18), ("B", 1, 21)]


def test_keys_read_from_bytes_and_from_nodes_agree() -> None:
    """A plain key is read from the bytes at its pair; a string key, a comment before the colon, a
    non-ASCII name or a literal with a syntax error in it are read from the nodes, to the same keys."""
    source = (
        b'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        b'new S3Bucket(this, "a", { bucket: "x", "acl": "y", tags /* c */ : {}, \xc3\xa9t\xc3\xa9: 1,\n'
        b"  $ref : 2, [computed]: 3, 4: 5, forceDestroy });\n"
        b'new S3Bucket(this, "b", { bucket: "x", policy: ) , acl: "y" });\n'
    )
    kept: list[tuple[tuple[str, int, int], ...]] = []
    values: list[object] = []

    def visit(file: TsFile, props_of: PropsOf) -> None:
        for call in file.calls:
            view = props_of(call)
            assert view is not None
            kept.append(tuple((k.key, k.line, k.column) for k in view.keys))
            values.append(type(view.value(2)) if len(view.keys) > 2 else None)

    read = parse_source(Path("k.ts"), "k.ts", source, visit=visit)
    assert kept[0] == (
        ("bucket", 2, 27),
        ("acl", 2, 40),
        ("tags", 2, 52),
        ("\u00e9t\u00e9", 2, 71),  # columns count bytes, as tree-sitter does
        ("$ref", 3, 3),
        ("forceDestroy", 3, 34),
    )
    assert values[0] is ObjectView  # tags: {}, read from its pair
    assert isinstance(read.calls[0].props, Props) and read.calls[0].props.spread  # computed, numeric keys
    assert kept[1] == (("bucket", 4, 27), ("acl", 4, 52))  # a broken literal: read from the nodes


def test_a_literal_gives_each_key_place_on_demand_as_its_keys_hold_it() -> None:
    seen: list[ObjectView] = []
    kept: list[object] = []

    def visit(file: TsFile, props_of: PropsOf) -> None:
        view = props_of(file.calls[0])
        assert view is not None
        nested = view.value(1)
        assert isinstance(nested, ObjectView)
        seen.extend((view, nested))
        kept.extend([view.keys, [view.key(at) for at in range(len(view.names))], nested.key(0)])

    source = (
        b'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        b'new S3Bucket(this, "b", {\n  bucket: "x",\n    versioning: { enabled: true }, tags,\n});\n'
    )
    file = parse_source(Path("main.ts"), "main.ts", source, visit=visit)
    keys, one_by_one, nested_key = kept
    assert seen[0].names == ("bucket", "versioning", "tags")
    assert keys == tuple(one_by_one)
    assert [(k.key, k.line, k.column) for k in one_by_one] == [
        ("bucket", 3, 3),
        ("versioning", 4, 5),
        ("tags", 4, 36),
    ]
    assert (nested_key.key, nested_key.line, nested_key.column) == ("enabled", 4, 19)
    props = file.calls[0].props
    assert isinstance(props, Props) and props.keys == keys  # what the file keeps once the tree is gone


def test_fn_calls_are_found_past_blanks_comments_and_optional_chains_only() -> None:
    """The pre-filter of ``Fn`` places keeps every place a member access may follow (blanks, a comment,
    ``?.``, a line break) and drops the others (the import clause, a key, an element, a longer name)."""
    source = (
        b'import { Fn, TerraformStack } from "cdktf";\n'
        b"const z = { Fn: 1 };\n"
        b'const a = Fn /* why */ .join(",", []);\n'
        b"const b = Fn?.upper(x);\n"
        b"const c = Fn\n  .lower(x);\n"
        b"const d = Fnx.keys(m); const e = [Fn, 1];\n"
        b"const f = Fn// trailing\n.abs(1);\n"
    )
    read = parse_source(Path("f.ts"), "f.ts", source)
    assert [(f.name, f.line) for f in read.fn_calls] == [("join", 3), ("upper", 4), ("lower", 5), ("abs", 8)]


def test_of_a_core_only_the_backends_props_are_read() -> None:
    source = (
        b'import { S3Backend, TerraformOutput } from "cdktf";\n'
        b'new S3Backend(this, { bucket: "b", useLockfile: true });\n'
        b'new TerraformOutput(this, "o", { value: 1 });\n'
    )
    read = parse_source(Path("c.ts"), "c.ts", source, wanted=reads_props_of)
    backend, output = read.calls
    assert isinstance(backend.props, Props) and backend.props.names == ("bucket", "useLockfile")
    assert isinstance(output.props, Opaque)  # no rule reads it
    assert not reads_props_of("cdktf", None) and reads_props_of("@cdktf/provider-aws", None)


def test_fn_calls_are_calls_of_the_imported_name_only() -> None:
    source = (
        b'import { Fn } from "cdktf";\n'
        b"Fn.join(a); Fn . upper(b); Fn?.lower(c); Fn.element<string>(d);\n"
        b'new Fn.bad(1); this.Fn.bad(2); notFn.bad(3); x = "Fn.bad(4)"; /* Fn.bad(5) */ Fn.ref;\n'
        b"f(Fn.length(e).toString(), Fn.keys(g));\n"
    )
    read = parse_source(Path("f.ts"), "f.ts", source)
    assert [(f.name, f.line, f.column) for f in read.fn_calls] == [
        ("join", 2, 1),
        ("upper", 2, 13),
        ("lower", 2, 28),
        ("element", 2, 42),
        ("length", 4, 3),
        ("keys", 4, 28),
    ]
