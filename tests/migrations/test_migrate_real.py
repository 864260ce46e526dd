"""The done-when cases of ``compat migrate``, on the real committed index and fixture projects."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from compat.cli import main
from compat.index import indexed_versions, open_release_index
from tests.conftest import FIXTURES
from tests.conftest import indexed as _indexed

PROJECTS = FIXTURES / "migrations"
CDKTF, CDKTN = "cdktf-cdktf-provider-aws", "cdktn-provider-aws"


needs_cdktf = pytest.mark.skipif(
    not _indexed(CDKTF, "9.0.52", "20.1.0", "21.22.1"), reason="real index of 9.0.52/20.1.0/21.22.1 not built"
)
needs_cdktn = pytest.mark.skipif(
    not _indexed(CDKTN) or not _indexed(CDKTF, "21.22.1"), reason="no cdktn index"
)


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(PROJECTS / name, target)
    return target


def _imported_names(source: str, package: str) -> list[tuple[str, str]]:
    """(module key, name) of every ``from package.x import Name`` and ``mod.Name`` on an imported module."""
    tree = ast.parse(source)
    found: list[tuple[str, str]] = []
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
            key = node.module[len(package) + 1 :]
            for alias in node.names:
                found.append((key, alias.name))
                if not key:
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(package + ".") and alias.asname:
                    modules[alias.asname] = alias.name[len(package) + 1 :]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            found.append((modules[node.value.id], node.attr))
    return found


def _assert_all_exist(source: str, package: str, index_package: str, version: str) -> None:
    index = open_release_index(index_package, version)
    names = _imported_names(source, package)
    assert names
    for module, name in names:
        exports = index.exports(module)
        is_module = index.exports(name if not module else f"{module}.{name}") is not None
        assert is_module or (exports is not None and name in exports), f"{module}.{name} not in {version}"


@needs_cdktf
def test_aws9_project_to_21_22_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _copy("aws9", tmp_path)
    assert main(["migrate", str(project), "--to", "21.22.1", "--write"]) == 0
    source = (project / "main.py").read_text()
    compile(source, "main.py", "exec")
    _assert_all_exist(source, "cdktf_cdktf_provider_aws", CDKTF, "21.22.1")
    assert "vpc.Subnet" not in source and "import cdktf_cdktf_provider_aws.ec2" not in source
    assert (
        'cdktf-cdktf-provider-aws = "==21.22.1"  # per-service modules' in (project / "Pipfile").read_text()
    )
    capsys.readouterr()
    # second run: the pins now say 21.22.1, nothing left to change
    before = {p: p.read_text() for p in project.rglob("*") if p.is_file()}
    assert main(["migrate", str(project), "--to", "21.22.1", "--write"]) == 0
    assert {p: p.read_text() for p in project.rglob("*") if p.is_file()} == before
    # even told the old source again, the migrated code stays as it is
    assert main(["migrate", str(project), "--to", "21.22.1", "--from", "9.0.52", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["files"] == [] and payload["unresolved"] == []


@needs_cdktn
def test_cdktf_021_project_to_cdktn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _copy("cdktf021", tmp_path)
    newest = max(indexed_versions(CDKTN), key=lambda v: tuple(int(x) for x in v.split(".")))
    assert main(["migrate", str(project), "--to", "cdktn==latest", "--write"]) == 0
    source = (project / "main.py").read_text()
    compile(source, "main.py", "exec")
    assert "cdktf" not in source
    _assert_all_exist(source, "cdktn_provider_aws", CDKTN, newest)
    tree = ast.parse(source)
    tops = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    tops |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert tops == {"cdktn", "cdktn_provider_aws", "constructs"}
    # the core names too: every cdktn name imported exists in the real cdktn 0.24.0 (recorded __all__)
    core = set(json.loads((PROJECTS / "core_exports.json").read_text())["cdktn"]["__all__"])
    used = {
        a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module == "cdktn"
        for a in n.names
    }
    used |= {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and getattr(n.value, "id", "") == "cdktn"
    }
    assert used and used <= core
    requirements = (project / "requirements.txt").read_text().splitlines()
    assert requirements[1] == f"cdktn-provider-aws=={newest}"
    assert requirements[0].startswith("cdktn==")
    capsys.readouterr()
    assert main(["migrate", str(project), "--to", "cdktn==latest"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["migrate", str(project), "--to", "cdktn"]) == 0  # on the family already: nothing moves
    assert capsys.readouterr().out == ""


@needs_cdktf
def test_aws20_removed_resource_and_parameter_are_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _copy("aws20", tmp_path)
    main_py = (project / "main.py").read_text()
    assert main(["migrate", str(project), "--to", "21.22.1", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["from"] == f"{CDKTF}==20.1.0" and payload["to"] == f"{CDKTF}==21.22.1"
    by_symbol = {u["symbol"]: u for u in payload["unresolved"]}
    stack = by_symbol["cdktf_cdktf_provider_aws.opsworks_stack.OpsworksStack"]
    assert stack["line"] == 6 and "aws_opsworks_stack" in stack["reason"]
    eip = by_symbol["Eip(vpc=...)"]
    assert eip["line"] == 13 and eip["replacement"] == 'domain = "vpc"'
    assert eip["reason"].endswith("does not exist in cdktf-cdktf-provider-aws 21.22.1 (removed in 21.0.0)")
    assert stack["reason"].endswith("(since 21.0.0)")
    assert (project / "main.py").read_text() == main_py  # diff mode writes nothing


@needs_cdktf
def test_markdown_and_diff_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _copy("aws20", tmp_path)
    assert main(["migrate", str(project), "--to", "21.22.1", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert "| unresolved | 3 |" in out and "```diff" in out and "`main.py:13`" in out
    assert main(["migrate", str(project), "--to", "21.22.1"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("--- a/Pipfile\n+++ b/Pipfile\n")
    assert "3 unresolved" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "banana"], "--to must be a version"),
        (["--to", "99.0.0"], "no indexed release 99.0.0"),
        ([], "--to is required"),
    ],
)
@needs_cdktf
def test_bad_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    project = _copy("aws9", tmp_path)
    assert main(["migrate", str(project), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_project_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", str(tmp_path / "nope"), "--to", "21.22.1"]) == 2
    assert "does not exist" in capsys.readouterr().err


@needs_cdktf
def test_renames_and_graph_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["renames", "vpc.Subnet", "--from", "9.0.52", "--to", "21.22.1", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    (symbol,) = payload["symbols"]
    assert symbol["target"]["module"] == "subnet"
    moved = next(c for c in symbol["changes"] if c["kind"] == "moved")
    assert moved["since"] == "10.0.0"  # the 9 -> 10 split, dated from the intermediate releases
    assert main(["renames", "Eip", "--from", "20.1.0", "--to", "21.22.1"]) == 0
    text = capsys.readouterr().out
    assert "param_removed: parameter vpc removed from Eip (since 21.0.0)" in text
    assert main(["graph", "S3BucketVersioningA", "vpc.Subnet", "--from", "9.0.52", "--to", "21.22.1"]) == 0
    dot = capsys.readouterr().out
    assert dot.startswith("digraph renames {") and "s3_bucket_versioning" in dot
    assert main(["renames", "NoSuchThing", "--from", "9.0.52", "--to", "21.22.1"]) == 2


@pytest.mark.skipif(not _indexed(CDKTF, "12.0.0", "12.0.1"), reason="12.0.0/12.0.1 not indexed")
def test_route53_routing_policy_list_becomes_single_block_at_12_0_1() -> None:
    from compat.migrations.resolve import Resolver
    from compat.migrations.rewrite import RewriteContext, rewrite_source

    resolver = Resolver(open_release_index(CDKTF, "12.0.0"), open_release_index(CDKTF, "12.0.1"))
    ctx = RewriteContext(resolver, "cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_aws", path="dns.py")
    source = (
        "from cdktf_cdktf_provider_aws.route53_record import Route53Record\n"
        "Route53Record(s, 'r', zone_id='Z', name='a', type='A',\n"
        "    failover_routing_policy=[{'type': 'PRIMARY'}])\n"
    )
    result = rewrite_source(source, ctx)
    assert "failover_routing_policy={'type': 'PRIMARY'})" in result.after
    assert result.unresolved == ()


@needs_cdktf
def test_project_without_pins_needs_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.py").write_text((PROJECTS / "aws9" / "main.py").read_text())
    assert main(["migrate", str(tmp_path), "--to", "21.22.1"]) == 2
    assert "pass --from" in capsys.readouterr().err
    assert main(["migrate", str(tmp_path), "--to", "21.22.1", "--from", "9.0.52", "--write"]) == 0
    assert "from cdktf_cdktf_provider_aws.provider import AwsProvider" in (tmp_path / "main.py").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.py"]


def test_every_cdktf_core_name_exists_in_cdktn() -> None:
    """Why the core move is a pure rename: cdktn 0.24.0 exports all 183 names of cdktf 0.21.0 (recorded)."""
    recorded = json.loads((PROJECTS / "core_exports.json").read_text())
    assert set(recorded["cdktf"]["__all__"]) <= set(recorded["cdktn"]["__all__"])


@needs_cdktf
def test_aws6_single_blocks_that_became_lists_nested_with_camel_case_keys() -> None:
    """AWS 6 turned bedrock logging_config and its nested cloudwatch/s3 configs into lists (real index)."""
    from compat.migrations.resolve import Resolver
    from compat.migrations.rewrite import RewriteContext, rewrite_source

    resolver = Resolver(open_release_index(CDKTF, "20.1.0"), open_release_index(CDKTF, "21.22.1"))
    ctx = RewriteContext(resolver, "cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_aws", path="bedrock.py")
    module = "cdktf_cdktf_provider_aws.bedrock_model_invocation_logging_configuration"
    source = (
        f"from {module} import BedrockModelInvocationLoggingConfiguration\n"
        "BedrockModelInvocationLoggingConfiguration(self, 'logging', logging_config={\n"
        "    'embedding_data_delivery_enabled': True,\n"
        "    'cloudwatch_config': {'log_group_name': 'bedrock', 'role_arn': role.arn},\n"
        "})\n"
    )
    result = rewrite_source(source, ctx)
    assert result.unresolved == ()
    assert result.after.endswith(
        "logging_config=[{\n"
        "    'embeddingDataDeliveryEnabled': True,\n"
        "    'cloudwatchConfig': [{'logGroupName': 'bedrock', 'roleArn': role.arn}],\n"
        "}])\n"
    )
    assert rewrite_source(result.after, ctx).after == result.after


@needs_cdktn
@needs_cdktf
def test_family_move_is_drawn_through_the_last_cdktf_release(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["graph", "S3BucketVersioningA", "--from", "9.0.52", "--to", "cdktn", "--format", "mermaid"])
        == 0
    )
    out = capsys.readouterr().out
    assert "cdktf-cdktf-provider-aws 21.22.1<br/>s3_bucket_versioning.S3BucketVersioningA" in out
    assert '-->|"package cdktf_cdktf_provider_aws renamed to cdktn_provider_aws"|' in out
    assert (
        main(["renames", "S3BucketVersioningA", "--from", "9.0.52", "--to", "cdktn", "--format", "json"]) == 0
    )
    (symbol,) = json.loads(capsys.readouterr().out)["symbols"]
    assert [c["kind"] for c in symbol["changes"]] == ["moved", "package_renamed"]
    assert symbol["target"]["package"] == CDKTN


@needs_cdktf
def test_a_sample_of_9_0_52_classes_lands_on_real_21_22_1_names() -> None:
    """300 constructs and structs of 9.0.52 (fixed sample), imported in three styles: every name after the
    rewrite exists in 21.22.1 or is reported, the file compiles, and a second run changes nothing."""
    import random

    from compat.migrations.resolve import Resolver
    from compat.migrations.rewrite import RewriteContext, rewrite_source

    source_index = open_release_index(CDKTF, "9.0.52")
    target_index = open_release_index(CDKTF, "21.22.1")
    pool = sorted(
        (m, n)
        for m in source_index.modules()
        if m
        for n in source_index.exports(m) or ()
        if (info := source_index.class_info(m, n)) is not None and info.kind in ("construct", "struct")
    )
    sample = random.Random(952).sample(pool, 300)
    by_module: dict[str, list[str]] = {}
    for m, n in sample:
        by_module.setdefault(m, []).append(n)
    lines: list[str] = []
    uses: list[str] = []
    for i, (m, names) in enumerate(sorted(by_module.items())):
        if i % 3 == 0:
            lines.append(
                f"from cdktf_cdktf_provider_aws.{m} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
            )
            uses += names
        elif i % 3 == 1:
            lines.append(f"from cdktf_cdktf_provider_aws import {m}")
            uses += [f"{m}.{n}" for n in names]
        else:
            lines.append(f"import cdktf_cdktf_provider_aws.{m} as {m}_mod")
            uses += [f"{m}_mod.{n}" for n in names]
    text = "\n".join(lines) + "\n\nUSED = [\n" + "".join(f"    {u},\n" for u in uses) + "]\n"
    ctx = RewriteContext(
        Resolver(source_index, target_index),
        "cdktf_cdktf_provider_aws",
        "cdktf_cdktf_provider_aws",
        path="sample.py",
    )
    result = rewrite_source(text, ctx)
    compile(result.after, "sample.py", "exec")
    reported = {u.symbol.rsplit(".", 1)[-1] for u in result.unresolved}
    reported |= {u.symbol.split(".")[1] for u in result.unresolved if u.symbol.count(".") == 2}
    missing = []
    for module, name in _imported_names(result.after, "cdktf_cdktf_provider_aws"):
        exports = target_index.exports(module)
        is_module = not module and target_index.exports(name) is not None
        if not is_module and (exports is None or name not in exports) and name not in reported:
            missing.append(f"{module}.{name}")
    assert missing == []
    # what is left are real removals: mostly the deeply nested wafv2 helpers dropped in 19.20.0
    others = [u for u in result.unresolved if ".wafv2." not in u.symbol]
    assert len(others) < 20
    assert all("has no" in u.reason for u in result.unresolved)
    assert rewrite_source(result.after, ctx).after == result.after


@pytest.mark.skipif(not _indexed(CDKTF, "19.57.0", "21.22.1"), reason="19.57.0/21.22.1 not indexed")
def test_source_release_comes_from_the_lock_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "pipfile-prebuilt", project)  # Pipfile.lock pins 19.57.0
    pipfile = project / "Pipfile"
    pipfile.write_text(pipfile.read_text().replace('"==19.57.0"', '"*"'))
    assert main(["migrate", str(project), "--to", "21.22.1", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["from"] == f"{CDKTF}==19.57.0"
    assert "Pipfile.lock is now out of date: run 'pipenv lock'" in payload["notes"]


@needs_cdktf
def test_unparsable_file_stops_everything_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _copy("aws9", tmp_path)
    (project / "broken.py").write_text("from cdktf_cdktf_provider_aws.s3 import S3Bucket\ndef (:\n")
    (project / "unrelated.py").write_text("def (:\n")  # never parsed: it does not import the bindings
    before = {p: p.read_text() for p in project.rglob("*") if p.is_file()}
    assert main(["migrate", str(project), "--to", "21.22.1", "--write"]) == 2
    assert "broken.py: cannot parse" in capsys.readouterr().err
    assert {p: p.read_text() for p in project.rglob("*") if p.is_file()} == before


@needs_cdktn
def test_project_with_local_bindings_moves_its_core_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "local-bindings", project)
    config = (project / "cdktf.json").read_text()
    assert main(["migrate", str(project), "--to", "cdktn", "--write", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["from"].startswith("cdktf==") and payload["to"].startswith("cdktn==")
    assert sorted(f["path"] for f in payload["files"]) == ["main.py", "requirements.txt"]
    assert (project / "main.py").read_text().startswith("from cdktn import App, TerraformStack\n")
    assert (project / "cdktf.json").read_text() == config  # the provider the bindings come from stays
    assert any("regenerate them" in n for n in payload["notes"])


@pytest.mark.skipif(not _indexed(CDKTF, "9.0.52", "12.0.0", "12.0.1", "21.22.1"), reason="not indexed")
def test_renames_dates_the_route53_single_blocks_at_12_0_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["renames", "Route53Record", "--from", "9.0.52", "--to", "21.22.1", "--format", "json"]) == 0
    (symbol,) = json.loads(capsys.readouterr().out)["symbols"]
    shapes = {
        c["param"]: (c["before"], c["after"], c["since"])
        for c in symbol["changes"]
        if c["kind"] == "shape_changed"
    }
    assert shapes["failover_routing_policy"] == ("block_list", "block_single", "12.0.1")
    assert shapes["alias"] == ("block_list", "block_single", "12.0.1")


needs_19_65_1 = pytest.mark.skipif(
    not _indexed(CDKTF, "19.65.1", "21.22.1"), reason="real index of 19.65.1/21.22.1 not built"
)


@needs_19_65_1
def test_names_19_65_1_lacks_move_to_their_a_constructs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 10 item 1: each of these modules also names a same-named struct elsewhere (s3_bucket,
    vpc_peering_connection): migrate must take the construct ``check`` suggests, and ``check`` of
    the result must find no import or API error."""
    project = tmp_path / "app"
    project.mkdir()
    (project / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (project / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.20.12"\ncdktf-cdktf-provider-aws = "==19.65.1"\n'
    )
    (project / "main.py").write_text(
        "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
        "from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (\n"
        "    S3BucketServerSideEncryptionConfiguration,\n"
        ")\n"
        "from cdktf_cdktf_provider_aws.vpc_peering_connection_accepter import VpcPeeringConnectionAccepter\n"
        "\n"
        "def build(scope):\n"
        "    S3BucketVersioning(scope, 'v', bucket='b', versioning_configuration={'status': 'Enabled'})\n"
        "    S3BucketServerSideEncryptionConfiguration(scope, 'e', bucket='b', rule=[])\n"
        "    VpcPeeringConnectionAccepter(scope, 'p', vpc_peering_connection_id='pcx-1')\n"
    )
    assert main(["migrate", str(project), "--to", "21.22.1", "--write", "--offline"]) == 0
    source = (project / "main.py").read_text()
    for name in (
        "S3BucketVersioning",
        "S3BucketServerSideEncryptionConfiguration",
        "VpcPeeringConnectionAccepter",
    ):
        assert f"{name}A(scope" in source and f"import {name}\n" not in source
    _assert_all_exist(source, "cdktf_cdktf_provider_aws", CDKTF, "21.22.1")
    assert "construct for Terraform type aws_s3_bucket_versioning" in capsys.readouterr().err
    main(["check", str(project), "--offline", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in findings if f["code"].startswith(("IMP", "API"))] == []


@needs_19_65_1
def test_broken_stack_example_moves_to_the_a_constructs_aligned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "broken-stack"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "broken-stack", project)
    assert main(["migrate", str(project), "--to", "21.22.1", "--write", "--offline"]) == 0
    network = (project / "lib" / "network.py").read_text().splitlines()
    storage = (project / "lib" / "storage.py").read_text()
    assert "import S3BucketVersioningA\n" in storage and "    S3BucketVersioningA(scope" in storage
    accepter = next(i for i, line in enumerate(network) if "VpcPeeringConnectionAccepterA(" in line)
    paren = network[accepter].index("(") + 1
    # pushed past the file's longest line: broken before the argument that no longer fits, aligned
    assert network[accepter + 1] == " " * paren + 'vpc_peering_connection_id="pcx-0123456789abcdef0",'
    assert network[accepter + 2] == " " * paren + "auto_accept=True)"
    capsys.readouterr()
    assert main(["renames", "S3BucketVersioning", "--from", "19.65.1", "--to", "21.22.1", "--no-date"]) == 0
    out = capsys.readouterr().out
    assert "s3_bucket_versioning.S3BucketVersioning  (" in out
    assert "-> s3_bucket_versioning.S3BucketVersioningA" in out and "intended:" in out
