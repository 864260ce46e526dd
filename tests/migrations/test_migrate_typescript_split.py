"""``migrate --to cdktn`` of TypeScript imports the target spreads over several folders: the statement is
written once per folder, each copy keeping the statement's own text; and imports of the bindings
``cdktf get`` generated in the flat or per-service layout, which ``cdktn get`` writes per resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.cli import main
from compat.index.model import MemoryReleaseIndex
from compat.index.tslayout import TsModule
from compat.index.typescript import TsRelease
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import CoreMove, LocalMove, move_imports
from tests.conftest import indexed
from tests.migrations.fakes import OLD_PKG, new_release, old_release
from tests.migrations.test_migrate_typescript import _aws_move

CORE = CoreMove("cdktf", "cdktn")


def _move(text: str, path: str = "main.ts") -> tuple[str, list[tuple[int, str, str | None]]]:
    moved = move_imports(Path(path), path, text.encode(), CORE, [_aws_move()])
    return moved.after.decode(), [(u.line, u.symbol, u.replacement) for u in moved.unresolved]


def test_an_import_the_target_splits_over_two_folders_is_written_twice() -> None:
    text = (
        'import { App } from "cdktf";\n'
        'import { Vpc, Subnet } from "@cdktf/provider-aws/lib/vpc";  // net\n'
        "const x = 1;\n"
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        'import { App } from "cdktn";\n'
        'import { Vpc } from "@cdktn/provider-aws/lib/vpc";\n'
        'import { Subnet } from "@cdktn/provider-aws/lib/subnet";  // net\n'
        "const x = 1;\n"
    )
    assert _move(after) == (after, [])  # a second run changes nothing


def test_a_split_keeps_the_statement_style_aliases_type_only_and_newlines() -> None:
    text = (
        "  import type {\r\n"
        "    S3Bucket as Bucket,\r\n"
        "    S3BucketVersioningA,\r\n"
        "  } from '@cdktf/provider-aws/lib/s3'\r\n"
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        "  import type {\r\n"
        "    S3Bucket as Bucket,\r\n"
        "  } from '@cdktn/provider-aws/lib/s3-bucket'\r\n"
        "  import type {\r\n"
        "    S3BucketVersioningA,\r\n"
        "  } from '@cdktn/provider-aws/lib/s3-bucket-versioning'\r\n"
    )


def test_a_split_regroups_names_of_one_folder_in_their_order() -> None:
    after, unresolved = _move('import { Vpc, Subnet, DataAwsVpc } from "@cdktf/provider-aws/lib/vpc";\n')
    assert unresolved == []
    assert after == (
        'import { Vpc } from "@cdktn/provider-aws/lib/vpc";\n'
        'import { Subnet } from "@cdktn/provider-aws/lib/subnet";\n'
        'import { DataAwsVpc } from "@cdktn/provider-aws/lib/data-aws-vpc";\n'
    )


def test_a_list_with_a_comment_is_listed_with_the_folders() -> None:
    text = 'import { Vpc, /* the network */ Subnet } from "@cdktf/provider-aws/lib/vpc";\n'
    after, unresolved = _move(text)
    assert after == text
    assert [(line, symbol) for line, symbol, _ in unresolved] == [(1, "@cdktf/provider-aws/lib/vpc")]


def test_an_inline_type_name_is_resolved_and_moves_with_its_modifier() -> None:
    after, unresolved = _move('import { Vpc, type Subnet } from "@cdktf/provider-aws/lib/vpc";\n')
    assert unresolved == []
    assert after == (
        'import { Vpc } from "@cdktn/provider-aws/lib/vpc";\n'
        'import { type Subnet } from "@cdktn/provider-aws/lib/subnet";\n'
    )


# --- local bindings -------------------------------------------------------------------------------


def _flat() -> TsRelease:
    """A flat (cdktf < 0.7) stand-in: every class at the root."""
    old = old_release("9.0.52")
    classes = {
        ("", name): info
        for module in old.modules()
        for name in old.exports(module) or ()
        if (info := old.class_info(module, name)) is not None
    }
    names = frozenset(name for _, name in classes)
    return TsRelease(MemoryReleaseIndex(OLD_PKG, "2.0.0", None, {"": names}, classes), {})


def _per_resource() -> TsRelease:
    new = new_release("23.0.0", package="cdktn-provider-aws")

    def camel(module: str) -> str:
        head, *rest = module.split("_")
        return head + "".join(part.title() for part in rest)

    layout = {m: TsModule(m, camel(m), "lib/" + m.replace("_", "-")) for m in new.modules() if m}
    return TsRelease(new, layout)


def _local(certain: bool, resolved: bool = True) -> LocalMove:
    source, target = _flat(), _per_resource()
    return LocalMove(
        provider="aws",
        entry="hashicorp/aws@~> 6.0",
        source=source if resolved else None,
        target=target,
        resolver=Resolver(source.index, target.index) if resolved else None,
        stand_in="cdktn-provider-aws 23.0.0 (AWS 6.32.1)",
        certain=certain,
    )


def _move_local(
    text: str, move: LocalMove, path: str = "src/main.ts"
) -> tuple[str, list[tuple[int, str, str | None]]]:
    moved = move_imports(Path(path), path, text.encode(), CORE, [], (".gen", [move]))
    return moved.after.decode(), [(u.line, u.symbol, u.replacement) for u in moved.unresolved]


FLAT = (
    "import { Construct } from 'constructs';\n"
    "import { AwsProvider, S3Bucket, Vpc } from '../.gen/providers/aws';\n"
    "import { DataAwsVpc } from '../.gen/providers/aws';\n"
    "import { s3Bucket } from '../.gen/providers/aws';\n"
    "import { Thing } from '../.gen/providers/other';\n"
    "import { Local } from './.gen/providers/aws';\n"  # src/.gen: not the bindings' folder
)


def test_flat_root_imports_of_local_bindings_move_to_the_folders_cdktn_get_writes() -> None:
    after, unresolved = _move_local(FLAT, _local(certain=True))
    assert unresolved == []
    assert after == (
        "import { Construct } from 'constructs';\n"
        "import { AwsProvider } from '../.gen/providers/aws/provider';\n"
        "import { S3Bucket } from '../.gen/providers/aws/s3-bucket';\n"
        "import { Vpc } from '../.gen/providers/aws/vpc';\n"
        "import { DataAwsVpc } from '../.gen/providers/aws/data-aws-vpc';\n"
        "import { s3Bucket } from '../.gen/providers/aws';\n"
        "import { Thing } from '../.gen/providers/other';\n"
        "import { Local } from './.gen/providers/aws';\n"
    )
    assert _move_local(after, _local(certain=True)) == (after, [])
    # without the old layout's stand-in, the new one's names alone place them
    assert _move_local(FLAT, _local(certain=True, resolved=False))[0] == after


def test_folders_read_from_another_provider_version_are_listed_with_the_replacement() -> None:
    after, unresolved = _move_local(FLAT, _local(certain=False))
    assert after == FLAT
    assert unresolved == [
        (
            2,
            "../.gen/providers/aws",
            "import { AwsProvider } from '../.gen/providers/aws/provider'; "
            "import { S3Bucket } from '../.gen/providers/aws/s3-bucket'; "
            "import { Vpc } from '../.gen/providers/aws/vpc';",
        ),
        (3, "../.gen/providers/aws", "import { DataAwsVpc } from '../.gen/providers/aws/data-aws-vpc';"),
    ]


def test_a_statement_with_an_unknown_local_class_is_listed_whole_and_without_stand_in_too() -> None:
    text = "import { S3BucketVersioningA, Nowhere } from '../.gen/providers/aws';\n"
    after, unresolved = _move_local(text, _local(certain=True))
    assert after == text
    moved = move_imports(
        Path("src/main.ts"), "src/main.ts", text.encode(), CORE, [], (".gen", [_local(True)])
    )
    [item] = moved.unresolved
    assert (item.line, item.symbol) == (
        1,
        "../.gen/providers/aws",
    ) and "holds Nowhere with the same" in item.reason
    bare = LocalMove("aws", "hashicorp/aws@~> 6.0", None, None, None, "", False)
    after, unresolved = _move_local("import { Vpc, Subnet } from '../.gen/providers/aws';\n", bare)
    assert unresolved == [(1, "../.gen/providers/aws", None)]


def test_old_namespaces_of_local_bindings_are_listed_not_guessed() -> None:
    text = "import { EKS } from './.gen/providers/aws';\nnew EKS.EksCluster(this, 'c', {});\n"
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [], (".gen", [_local(True)]))
    assert moved.after == text.encode()
    [item] = moved.unresolved
    assert "EKS is a namespace of the per-service layout" in item.reason


def test_a_namespace_import_of_flat_bindings_moves_its_uses_through_the_new_namespaces() -> None:
    text = (
        "import * as aws from './.gen/providers/aws';\n"
        "new aws.S3Bucket(this, 'b', {});\nnew aws.Vpc(this, 'v');\n"
    )
    flat = _local(True)._replace(old_layout=True)
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [], (".gen", [flat]))
    assert moved.unresolved == ()
    assert moved.after.decode() == (
        "import * as aws from './.gen/providers/aws';\n"
        "new aws.s3Bucket.S3Bucket(this, 'b', {});\nnew aws.vpc.Vpc(this, 'v');\n"
    )
    # the same, with folders read from another provider version: listed with an example, nothing written
    moved = move_imports(
        Path("main.ts"), "main.ts", text.encode(), CORE, [], (".gen", [flat._replace(certain=False)])
    )
    assert moved.after == text.encode()
    assert "e.g. aws.S3Bucket -> aws.s3Bucket.S3Bucket" in moved.unresolved[0].reason
    # a generator of the per-resource layout: the uses are already right
    assert (
        move_imports(Path("m.ts"), "m.ts", text.encode(), CORE, [], (".gen", [_local(True)])).unresolved == ()
    )


SERVICE_MAIN = """import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { AwsProvider, s3, vpc } from "./.gen/providers/aws";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    new s3.S3Bucket(this, "b", { bucket: "x" });
    new vpc.Subnet(this, "s", { vpcId: "x", cidrBlock: "10.0.0.0/24" });
  }
}
new MyStack(new App(), "app");
"""


def _cdktf_012_project(root: Path, main_ts: str) -> None:
    """A TypeScript project on cdktf 0.12.3 with ``aws@~> 4.0`` bindings under ``.gen`` and ``main_ts``."""
    (root / "package.json").write_text(
        '{"name": "svc", "dependencies": {"cdktf": "0.12.3", "constructs": "^10.1.0"}}\n'
    )
    (root / "cdktf.json").write_text(
        '{"language": "typescript", "app": "npx ts-node main.ts",\n'
        ' "terraformProviders": ["hashicorp/aws@~> 4.0"]}\n'
    )
    (root / "main.ts").write_text(main_ts)


@pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "9.0.52", "15.0.0"), reason="no index of the stand-in releases"
)
def test_a_cdktf_012_project_moves_its_local_namespaces_to_what_cdktn_get_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cdktf_012_project(tmp_path, SERVICE_MAIN)
    assert main(["migrate", str(tmp_path), "--to", "cdktn", "--offline", "--write"]) == 0
    err = capsys.readouterr().err
    after = (tmp_path / "main.ts").read_text()
    assert 'import { provider, s3Bucket, subnet } from "./.gen/providers/aws";' in after
    assert "new provider.AwsProvider(this" in after and "new s3Bucket.S3Bucket(this" in after
    assert "new subnet.Subnet(this" in after
    assert (
        "read from cdktf-cdktf-provider-aws 15.0.0 (AWS 4.67.0), built for a provider that entry admits"
        in err
    )
    assert main(["migrate", str(tmp_path), "--to", "cdktn", "--offline"]) == 0
    assert capsys.readouterr().out == ""  # a second run changes nothing


def test_a_root_import_of_an_unindexed_flat_release_splits_by_the_names_the_target_exports_once() -> None:
    from compat.migrations.ts_imports import ProviderMove

    target = _per_resource()
    move = ProviderMove(
        "@cdktf/provider-aws", "@cdktn/provider-aws", "@cdktn/provider-aws 23.0.0", None, target, None
    )
    text = (
        'import { S3Bucket, Vpc } from "@cdktf/provider-aws";\nimport { Gone } from "@cdktf/provider-aws";\n'
    )
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])
    assert moved.after.decode() == (
        'import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";\n'
        'import { Vpc } from "@cdktn/provider-aws/lib/vpc";\n'
        'import { Gone } from "@cdktf/provider-aws";\n'
    )
    assert [(u.line, u.symbol) for u in moved.unresolved] == [(2, "Gone")]


@pytest.mark.skipif(
    not indexed("cdktf-cdktf-provider-aws", "9.0.52") or not indexed("cdktn-provider-aws", "25.8.1"),
    reason="no index of the releases",
)
def test_local_bindings_follow_the_cdktf_json_entry_the_move_writes_so_a_second_run_is_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aws@~> 3.29.0`` beside a prebuilt ``@cdktf/provider-aws``: the move keeps the entry at the
    provider of the prebuilt release it installs (``aws@~> 6.69``), which ``cdktn get`` then generates;
    the local imports are written from that entry's stand-in in the same run (they were listed, and a
    second run wrote them: corpus-ts-ext6 karstenmueller__cdktf-showcase)."""
    (tmp_path / "package.json").write_text(
        '{"name": "svc", "dependencies": {"cdktf": "0.12.3", "@cdktf/provider-aws": "9.0.52",'
        ' "constructs": "^10.1.0"}}\n'
    )
    (tmp_path / "cdktf.json").write_text(
        '{"language": "typescript", "app": "npx ts-node main.ts",\n'
        ' "terraformProviders": ["aws@~> 3.29.0"]}\n'
    )
    (tmp_path / "main.ts").write_text(
        'import * as aws from "./.gen/providers/aws";\nnew aws.AwsProvider(this, "aws", {});\n'
    )
    assert main(["migrate", str(tmp_path), "--to", "cdktn==latest", "--offline", "--write"]) in (0, 1)
    err = capsys.readouterr().err
    assert '"aws@~> 6.69"' in (tmp_path / "cdktf.json").read_text()
    assert "new aws.provider.AwsProvider(this" in (tmp_path / "main.ts").read_text()
    assert "generated for 'aws@~> 6.69' follow the layout" in err
    assert main(["migrate", str(tmp_path), "--to", "cdktn==latest", "--offline"]) in (0, 1)
    assert capsys.readouterr().out == ""  # a second run changes nothing
