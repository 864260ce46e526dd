"""``migrate --to cdktn`` of a TypeScript project: import specifiers moved byte for byte through the
TypeScript layouts of both releases, package.json and CI with them, the lock command named."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compat.cli import main
from compat.index.tslayout import TsModule
from compat.index.typescript import TsRelease
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import CoreMove, ProviderMove, move_imports
from tests.conftest import indexed
from tests.migrations.fakes import new_release, old_release

CORE = CoreMove("cdktf", "cdktn")


def _aws_move() -> ProviderMove:
    """9.0.52 (per-service folders) -> a cdktn release with per-resource folders."""
    old, new = old_release("9.0.52"), new_release("23.0.0", package="cdktn-provider-aws")
    old_layout = {m: TsModule(m, m, f"lib/{m}") for m in old.modules() if m}
    new_layout = {
        m: TsModule(m, m.replace("_", ""), "lib/" + m.replace("_", "-")) for m in new.modules() if m
    }
    return ProviderMove(
        source_npm="@cdktf/provider-aws",
        target_npm="@cdktn/provider-aws",
        target_label="@cdktn/provider-aws 23.0.0",
        source=TsRelease(old, old_layout),
        target=TsRelease(new, new_layout),
        resolver=Resolver(old, new),
    )


def _move(text: str, path: str = "main.ts") -> tuple[str, list[tuple[int, str]]]:
    moved = move_imports(Path(path), path, text.encode(), CORE, [_aws_move()])
    return moved.after.decode(), [(u.line, u.symbol) for u in moved.unresolved]


def test_specifiers_move_and_every_other_byte_stays() -> None:
    text = (
        '// import from "cdktf" in a comment stays\r\n'
        "import { App, TerraformStack } from 'cdktf';\r\n"
        'import "cdktf/lib/testing/adapters/jest";\r\n'
        "import { S3Bucket } from '@cdktf/provider-aws/lib/s3';  // the bucket\r\n"
        'import { Instance as Box } from "@cdktf/provider-aws/lib/ec2";\r\n'
        'import * as aws from "@cdktf/provider-aws";\r\n'
        'import { Things } from "./.gen/providers/thing";\r\n'
        'export { Vpc } from "@cdktf/provider-aws/lib/vpc";\r\n'
        'const name = "cdktf";\r\n'
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        '// import from "cdktf" in a comment stays\r\n'
        "import { App, TerraformStack } from 'cdktn';\r\n"
        'import "cdktn/lib/testing/adapters/jest";\r\n'
        "import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';  // the bucket\r\n"
        'import { Instance as Box } from "@cdktn/provider-aws/lib/instance";\r\n'
        'import * as aws from "@cdktn/provider-aws";\r\n'
        'import { Things } from "./.gen/providers/thing";\r\n'
        'export { Vpc } from "@cdktn/provider-aws/lib/vpc";\r\n'
        'const name = "cdktf";\r\n'
    )
    assert _move(after) == (after, [])  # a second run changes nothing


def test_a_folder_is_mapped_through_the_module_not_its_spelling() -> None:
    # lib/s3 holds S3Bucket and S3BucketVersioningA: the target keeps them in two folders
    after, unresolved = _move('import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3";\n')
    assert after == 'import { S3BucketVersioningA } from "@cdktn/provider-aws/lib/s3-bucket-versioning";\n'
    assert unresolved == []


def test_what_cannot_move_is_unresolved_with_its_line_and_the_specifier_stays() -> None:
    text = (
        'import { App } from "cdktf";\n'
        'import { Vpc, /* net */ Subnet } from "@cdktf/provider-aws/lib/vpc";\n'  # two folders, a comment
        'import { OpsworksStack } from "@cdktf/provider-aws/lib/opsworks";\n'  # removed
        "import {\n  VpcPeeringConnectionAccepter,\n} from '@cdktf/provider-aws/lib/vpc';\n"  # renamed
        'import { Thing } from "@cdktf/provider-aws/lib/nowhere";\n'  # no such folder anywhere
        'import { Other } from "@cdktf/provider-google/lib/x";\n'  # no move planned for it
    )
    after, unresolved = _move(text)
    assert after.splitlines()[0] == 'import { App } from "cdktn";'
    assert after.splitlines()[1:] == text.splitlines()[1:]
    assert unresolved == [
        (2, "@cdktf/provider-aws/lib/vpc"),
        (3, "OpsworksStack"),
        (5, "VpcPeeringConnectionAccepter"),
        (7, "@cdktf/provider-aws/lib/nowhere"),
        (8, "@cdktf/provider-google/lib/x"),
    ]
    moved = move_imports(Path("m.ts"), "m.ts", text.encode(), CORE, [_aws_move()])
    renamed = next(u for u in moved.unresolved if u.symbol == "VpcPeeringConnectionAccepter")
    assert renamed.replacement == (
        "import { VpcPeeringConnectionAccepterA as VpcPeeringConnectionAccepter } "
        'from "@cdktn/provider-aws/lib/vpc-peering-connection-accepter"'
    )


def test_a_root_import_whose_classes_all_moved_to_one_folder_takes_that_folder() -> None:
    after, unresolved = _move('import { AwsProvider } from "@cdktf/provider-aws";\n')
    assert (after, unresolved) == ('import { AwsProvider } from "@cdktn/provider-aws/lib/provider";\n', [])


def test_root_names_the_target_does_not_export_are_unresolved() -> None:
    text = 'import { AwsProvider, s3 } from "@cdktf/provider-aws";\n'
    after, unresolved = _move(text)
    assert after == text  # AwsProvider moved to lib/provider, and the namespace s3 is gone
    assert unresolved == [(1, "AwsProvider"), (1, "s3")]
    moved = move_imports(Path("m.ts"), "m.ts", text.encode(), CORE, [_aws_move()])
    assert moved.unresolved[0].replacement == 'import { AwsProvider } from "@cdktn/provider-aws/lib/provider"'


needs_index = pytest.mark.skipif(
    not indexed("cdktn-provider-aws", "23.0.0") or not indexed("cdktf-cdktf-provider-aws", "19.26.0"),
    reason="no index of the releases",
)

MAIN_TS = """import { Construct } from "constructs";
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    new S3Bucket(this, "b", { bucket: "x" });
  }
}
const app = new App();
new MyStack(app, "app");
app.synth();
"""


def _ts_repository(root: Path, lock: str) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    infra = root / "infra"
    infra.mkdir()
    (infra / "cdktf.json").write_text(json.dumps({"language": "typescript", "app": "npx ts-node main.ts"}))
    (infra / "main.ts").write_text(MAIN_TS)
    (infra / "package.json").write_text(
        json.dumps(
            {
                "name": "infra",
                "scripts": {"synth": "cdktf synth"},
                "dependencies": {
                    "@cdktf/provider-aws": "19.26.0",
                    "cdktf": "0.20.8",
                    "constructs": "^10.3.0",
                },
                "devDependencies": {"cdktf-cli": "0.20.8"},
            },
            indent=2,
        )
        + "\n"
    )
    if lock == "yarn":
        (infra / "yarn.lock").write_text(
            '# yarn lockfile v1\n\n\n"@cdktf/provider-aws@19.26.0":\n  version "19.26.0"\n\n'
            'cdktf@0.20.8:\n  version "0.20.8"\n'
        )
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return infra


@needs_index
@pytest.mark.parametrize(("lock", "command"), [("yarn", "yarn install"), ("none", "npm install")])
def test_migrate_moves_a_typescript_project_and_applies_with_git(
    tmp_path: Path, lock: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _ts_repository(tmp_path, lock)
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 0
    captured = capsys.readouterr()
    assert "a/infra/main.ts" in captured.out and f"run '{command}'" in captured.err
    # the summary names the ends as npm installs them, not by their PyPI twins, and the core the move installs
    summary = "@cdktf/provider-aws@19.26.0 -> @cdktn/provider-aws@23.0.0 with cdktn@0.22.1: "
    assert captured.err.startswith(summary)
    assert "cdktf-cdktf-provider-aws" not in captured.err and "cdktn-provider-aws==" not in captured.err
    # 19.26.0 is AWS 5.x, every @cdktn/provider-aws is AWS 6.x: what the imports cannot carry
    assert "the AWS provider crosses a major (5." in captured.err and "run 'compat check'" in captured.err
    check = subprocess.run(
        ["git", "-C", str(tmp_path), "apply", "--check", "-"],
        input=captured.out,
        text=True,
        capture_output=True,
    )
    assert check.returncode == 0, check.stderr
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline", "--write"]) == 0
    capsys.readouterr()
    assert (infra / "main.ts").read_text() == (
        MAIN_TS.replace("'cdktf'", "'cdktn'").replace("@cdktf/provider-aws/", "@cdktn/provider-aws/")
    )
    manifest = json.loads((infra / "package.json").read_text())
    # the rename-only hop, though compat's npm data (a partial mirror's) lists cdktn 0.24.0 alone:
    # jsii publishes 0.22.1 to npm with PyPI's, and the plan says once what it assumed
    missing = "compat's npm data has no cdktn 0.22.1, cdktn-cli 0.22.1, @cdktn/provider-aws 23.0.0"
    assert captured.err.count(missing) == 1
    assert "'npm view cdktn@0.22.1 version' confirms" in captured.err
    assert "blocked" not in captured.err
    assert manifest["dependencies"] == {
        "@cdktn/provider-aws": "23.0.0",
        "cdktn": "0.22.1",
        "constructs": "^10.3.0",
    }
    assert manifest["devDependencies"] == {"cdktn-cli": "0.22.1"}
    assert manifest["scripts"] == {"synth": "cdktn synth"}
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 0
    second = capsys.readouterr()
    assert second.out == "" and "0 file(s) to change, 0 unresolved" in second.err


@needs_index
@pytest.mark.parametrize("lock", ["yarn", "none"])
def test_migrate_to_cdktn_024_picks_that_hop(
    tmp_path: Path, lock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _ts_repository(tmp_path, lock)
    assert main(["migrate", str(infra), "--to", "cdktn==0.24.0", "--offline", "--format", "json"]) in (0, 1)
    plan = json.loads(capsys.readouterr().out)
    assert plan["to"].startswith("@cdktn/provider-aws@25.") and plan["from"] == "@cdktf/provider-aws@19.26.0"
    chosen = [h for h in plan["hops"] if h["chosen"]]
    assert chosen and chosen[0]["core"] == "0.24.0"
    assert main(["migrate", str(infra), "--to", "cdktn==0.24.0", "--offline", "--write"]) in (0, 1)
    capsys.readouterr()
    manifest = json.loads((infra / "package.json").read_text())
    # constructs: npm picks 10.7.x within ^10.3.0 by cdktn 0.24.0's peer >=10.6.0 <10.8.0, Yarn would
    # take 10.8.1, so its range is narrowed
    assert manifest["dependencies"]["cdktn"] == "0.24.0"
    assert manifest["dependencies"]["constructs"] == ("^10.3.0" if lock == "none" else "~10.7.2")
    assert manifest["devDependencies"] == {"cdktn-cli": "0.24.0"}


@needs_index
def test_migrate_to_a_core_the_npm_data_lacks_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # compat's npm data lists cdktn 0.24.0 alone; PyPI has 0.22.1, which jsii published to npm with it
    infra = _ts_repository(tmp_path, "none")
    assert main(["migrate", str(infra), "--to", "cdktn==0.22.1", "--offline", "--format", "json"]) in (0, 1)
    plan = json.loads(capsys.readouterr().out)
    chosen = [h for h in plan["hops"] if h["chosen"]]
    assert chosen and chosen[0]["core"] == "0.22.1" and chosen[0]["blocked"] is None
    assert chosen[0]["bindings"] == "@cdktn/provider-aws@23.0.0"


def test_to_prebuilt_and_bindings_versions_are_refused_for_typescript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _ts_repository(tmp_path, "none")
    assert main(["migrate", str(infra), "--to-prebuilt", "--offline"]) == 2
    assert main(["migrate", str(infra), "--to", "21.0.0", "--offline"]) == 2
    err = capsys.readouterr().err
    assert "--to-prebuilt reads Python projects only" in err and "moved to cdktn only" in err
    assert main(["migrate", str(infra), "--to", "cdktf", "--offline"]) == 2
    assert "--to cdktf: a TypeScript project is moved to cdktn only" in capsys.readouterr().err
    assert (infra / "main.ts").read_text() == MAIN_TS


@needs_index
def test_a_second_run_on_ranges_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    infra = _ts_repository(tmp_path, "none")
    manifest = (infra / "package.json").read_text()
    ranged = manifest.replace('"19.26.0"', '"^19.26.0"').replace('"0.20.8"', '"^0.20.8"')
    (infra / "package.json").write_text(ranged)
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline", "--write"]) == 0
    moved = json.loads((infra / "package.json").read_text())
    assert moved["dependencies"]["cdktn"] == "^0.22.1"
    assert moved["devDependencies"] == {"cdktn-cli": "^0.22.1"}
    capsys.readouterr()
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 0
    second = capsys.readouterr()
    assert second.out == "" and "already depends on cdktn 0.22.1" in second.err


def test_a_namespaced_root_import_moves_with_its_uses() -> None:
    text = (
        'import { s3 } from "@cdktf/provider-aws";\n'
        'const b = new s3.S3Bucket(this, "b", {}); // keep\n'
        "let v: s3.S3BucketVersioningA;\n"
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        'import { s3bucket, s3bucketversioning } from "@cdktn/provider-aws";\n'
        'const b = new s3bucket.S3Bucket(this, "b", {}); // keep\n'
        "let v: s3bucketversioning.S3BucketVersioningA;\n"
    )


def test_a_namespace_name_the_file_uses_is_aliased() -> None:
    text = 'import { s3 } from "@cdktf/provider-aws";\nconst s3bucket = new s3.S3Bucket(this, "b", {});\n'
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        'import { s3bucket as awsS3bucket } from "@cdktn/provider-aws";\n'
        'const s3bucket = new awsS3bucket.S3Bucket(this, "b", {});\n'
    )


def test_a_namespace_used_other_than_as_ns_member_stays_listed() -> None:
    text = 'import { s3 } from "@cdktf/provider-aws";\nconst all = s3;\nnew s3.S3Bucket(this, "b", {});\n'
    after, unresolved = _move(text)
    assert after == text and unresolved == [(1, "s3")]


def test_a_root_class_beside_a_namespace_moves_through_its_namespace() -> None:
    text = (
        'import { AwsProvider, s3 } from "@cdktf/provider-aws";\n'
        'const p: AwsProvider = new AwsProvider(this, "aws", {});\n'
        'new s3.S3Bucket(this, "b", {});\n'
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        'import { provider, s3bucket } from "@cdktn/provider-aws";\n'
        'const p: provider.AwsProvider = new provider.AwsProvider(this, "aws", {});\n'
        'new s3bucket.S3Bucket(this, "b", {});\n'
    )


def test_a_name_bound_again_is_never_rewritten() -> None:
    text = (
        'import { AwsProvider, s3 } from "@cdktf/provider-aws";\n'
        "function make(AwsProvider: number) { return AwsProvider; }\n"
        'new s3.S3Bucket(this, "b", {});\n'
    )
    after, unresolved = _move(text)
    assert after == text and (1, "s3") in unresolved


def test_an_old_namespace_whose_spelling_survives_still_moves_its_members() -> None:
    """``vpc`` of 9.x held VpcPeeringConnectionAccepter; ``vpc`` of the target holds only Vpc."""
    text = (
        'import { vpc as V } from "@cdktf/provider-aws";\n'
        'new V.VpcPeeringConnectionAccepter(this, "a", {});\n'
    )
    after, unresolved = _move(text)
    assert unresolved == []
    assert after == (
        'import { vpcpeeringconnectionaccepter } from "@cdktn/provider-aws";\n'
        'new vpcpeeringconnectionaccepter.VpcPeeringConnectionAccepterA(this, "a", {});\n'
    )


@needs_index
def test_the_lock_command_names_the_workspace_root_relative_to_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _ts_repository(tmp_path, "none")
    (tmp_path / "package.json").write_text('{"name": "root", "private": true, "workspaces": ["infra"]}\n')
    (tmp_path / "yarn.lock").write_text('# yarn lockfile v1\n\n\ncdktf@0.20.8:\n  version "0.20.8"\n')
    main(["migrate", str(infra), "--to", "cdktn", "--offline"])
    err = capsys.readouterr().err
    assert "then run 'yarn install' in .. to update yarn.lock" in err  # never an absolute path


@needs_index
def test_the_cdktf_json_aws_entry_follows_the_prebuilt_package_as_pin_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # aws@~> 5.0 beside @cdktn/provider-aws built for AWS 6 is a second, conflicting source (VER001):
    # the code imports only the prebuilt package, so the entry goes
    infra = _ts_repository(tmp_path, "none")
    (infra / "cdktf.json").write_text(
        '{\n  "language": "typescript",\n  "app": "npx ts-node main.ts",\n'
        '  "terraformProviders": ["aws@~> 5.0"]\n}\n'
    )
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline", "--write"]) == 0
    assert json.loads((infra / "cdktf.json").read_text())["terraformProviders"] == []
    assert "removed 'aws@~> 5.0' from terraformProviders" in capsys.readouterr().err
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 0
    assert capsys.readouterr().out == ""  # a second run changes nothing
