"""Before/after rewrites on the fake index: each case is one import or call pattern users write."""

from __future__ import annotations

import textwrap

import pytest

from compat.errors import CompatError
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from tests.migrations.fakes import new_release, old_release

P = "cdktf_cdktf_provider_aws"


def _ctx(family_move: bool = False) -> RewriteContext:
    if family_move:
        target = new_release("25.8.1", package="cdktn-provider-aws")
        return RewriteContext(
            Resolver(new_release(), target), P, "cdktn_provider_aws", {"cdktf": "cdktn"}, "m.py"
        )
    return RewriteContext(Resolver(old_release(), new_release()), P, P, path="m.py")


def _run(source: str, family_move: bool = False) -> tuple[str, list[str]]:
    result = rewrite_source(textwrap.dedent(source), _ctx(family_move))
    return result.after, [f"{u.line}:{u.symbol}" for u in result.unresolved]


CASES = [
    pytest.param(
        f"from {P}.s3 import S3Bucket, S3BucketVersioningA\n",
        f"from {P}.s3_bucket import S3Bucket\nfrom {P}.s3_bucket_versioning import S3BucketVersioningA\n",
        id="split-from-import",
    ),
    pytest.param(
        f"from {P}.s3 import (\n    S3Bucket as Bucket,  # keep me\n    S3BucketVersioning,\n)\n",
        f"from {P}.s3_bucket import (\n    S3Bucket as Bucket,  # keep me\n    S3BucketVersioning,\n)\n",
        id="parenthesized-aliased-same-target-keeps-layout",
    ),
    pytest.param(
        f"from {P}.s3 import (\n    S3Bucket as Bucket,\n    S3BucketVersioningA as Versioning,\n)\n"
        "Bucket; Versioning\n",
        f"from {P}.s3_bucket import (\n    S3Bucket as Bucket,\n)\n"
        f"from {P}.s3_bucket_versioning import (\n    S3BucketVersioningA as Versioning,\n)\n"
        "Bucket; Versioning\n",  # longer than any line of the file: wrapped as the file wraps
        id="parenthesized-aliased-split",
    ),
    pytest.param(
        f"from {P} import AwsProvider\nAwsProvider(None, 'aws')\n",
        f"from {P}.provider import AwsProvider\nAwsProvider(None, 'aws')\n",
        id="root-to-provider-module",
    ),
    pytest.param(
        f"from {P} import vpc\nnet = vpc.Vpc(s, 'v')\nsub = vpc.Subnet(s, 's', vpc_id=net.id)\n",
        f"from {P} import vpc\nfrom {P} import subnet\n"
        "net = vpc.Vpc(s, 'v')\nsub = subnet.Subnet(s, 's', vpc_id=net.id)\n",
        id="module-attribute-moved",
    ),
    pytest.param(
        f"from {P} import vpc\nsubnet = vpc.Subnet(s, 's')\n",
        f"from {P} import subnet as aws_subnet\nsubnet = aws_subnet.Subnet(s, 's')\n",
        id="module-attribute-name-taken-and-old-module-unused",
    ),
    pytest.param(
        f"import {P}.ec2 as ec2\nec2.Instance(s, 'i')\nec2.Eip(s, 'e', domain='vpc')\n",
        f"from {P} import instance\nfrom {P} import eip\n"
        "instance.Instance(s, 'i')\neip.Eip(s, 'e', domain='vpc')\n",
        id="import-module-as-alias-removed-module",
    ),
    pytest.param(
        f"import {P}.ec2\n{P}.ec2.Instance(s, 'i')\n",
        f"import {P}.instance\n{P}.instance.Instance(s, 'i')\n",
        id="dotted-use-through-package",
    ),
    pytest.param(
        f"import {P}.vpc\nimport {P}.ec2\n{P}.vpc.Subnet(s, 's')\n{P}.vpc.Vpc(s, 'v')\n",
        f"import {P}.vpc\nimport {P}.subnet\n{P}.subnet.Subnet(s, 's')\n{P}.vpc.Vpc(s, 'v')\n",
        id="dotted-import-of-removed-unused-module-dropped",
    ),
    pytest.param(
        f"from {P}.s3 import S3BucketVersioningVersioningConfiguration\n"
        "cfg = S3BucketVersioningVersioningConfiguration(status='Enabled')\n",
        f"from {P}.s3_bucket_versioning import (\n    S3BucketVersioningVersioningConfigurationA,\n)\n"
        "cfg = S3BucketVersioningVersioningConfigurationA(status='Enabled')\n",
        id="struct-renamed-by-struct-path-uses-follow",
    ),
    pytest.param(
        f"from {P}.s3 import S3BucketVersioningVersioningConfiguration as Cfg\nCfg(status='Enabled')\n",
        f"from {P}.s3_bucket_versioning import (\n    S3BucketVersioningVersioningConfigurationA as Cfg,\n)\n"
        "Cfg(status='Enabled')\n",
        id="struct-renamed-alias-kept",
    ),
    pytest.param(
        f"from {P}.vpc import VpcPeeringConnectionAccepter\n"
        "VpcPeeringConnectionAccepter(s, 'a', vpc_peering_connection_id='pcx')\n",
        f"from {P}.vpc_peering_connection_accepter import (\n    VpcPeeringConnectionAccepterA,\n)\n"
        "VpcPeeringConnectionAccepterA(s, 'a', vpc_peering_connection_id='pcx')\n",
        id="construct-renamed-by-terraform-type",
    ),
    pytest.param(
        f"from {P}.vpc import DataAwsVpc, Vpc\n",
        f"from {P}.vpc import Vpc\nfrom {P}.data_aws_vpc import DataAwsVpc\n",
        id="data-source-kept-apart-from-resource",
    ),
    pytest.param(
        f"from {P}.route53 import Route53Record\n"
        "Route53Record(s, 'r', failover_routing_policy=[{'type': 'PRIMARY'}])\n",
        f"from {P}.route53_record import Route53Record\n"
        "Route53Record(s, 'r', failover_routing_policy={'type': 'PRIMARY'})\n",
        id="single-element-list-unwrapped",
    ),
    pytest.param(
        f"from {P}.route53 import Route53Record\n"
        "Route53Record(s, 'r', failover_routing_policy=[{\"type\": 'PRIMARY', \"evaluateTarget\": True}])\n",
        f"from {P}.route53_record import Route53Record\n"
        "Route53Record(s, 'r', failover_routing_policy={\"type\": 'PRIMARY', \"evaluate_target\": True})\n",
        id="unwrapped-dict-keys-to-snake-case",
    ),
    pytest.param(
        f"from {P} import AwsProvider\nAwsProvider(s, 'aws', assume_role={{'role_arn': 'x'}})\n",
        f"from {P}.provider import AwsProvider\nAwsProvider(s, 'aws', assume_role=[{{'roleArn': 'x'}}])\n",
        id="single-block-wrapped-in-list-keys-to-camel-case",
    ),
    pytest.param(
        f"from {P} import AwsProvider, AwsProviderAssumeRole\n"
        "AwsProvider(s, 'aws', assume_role=AwsProviderAssumeRole(role_arn='x'))\n",
        f"from {P}.provider import (\n    AwsProvider,\n    AwsProviderAssumeRole,\n)\n"
        "AwsProvider(s, 'aws', assume_role=[AwsProviderAssumeRole(role_arn='x')])\n",
        id="struct-instance-wrapped-in-list",
    ),
    pytest.param(
        f"from {P}.s3 import S3Bucket\n"
        "S3Bucket(s, 'b', versioning={'enabled': True, 'mfa': {'serial_number': 'x'}})\n",
        f"from {P}.s3_bucket import S3Bucket\n"
        "S3Bucket(s, 'b', versioning={'enabled': True, 'mfa': [{'serialNumber': 'x'}]})\n",
        id="nested-block-in-dict-wrapped-keys-to-camel-case",
    ),
    pytest.param(
        f"from {P}.s3 import S3BucketVersioning\nS3BucketVersioning(mfa={{'serial_number': 'x'}})\n",
        f"from {P}.s3_bucket import S3BucketVersioning\nS3BucketVersioning(mfa=[{{'serialNumber': 'x'}}])\n",
        id="struct-call-keyword-wrapped",
    ),
    pytest.param(
        "import os\nfrom cdktf import App\nprint(os.sep)\n",
        "import os\nfrom cdktf import App\nprint(os.sep)\n",
        id="unrelated-file-untouched",
    ),
    pytest.param(
        f"def make(s):\n    from {P}.s3 import S3Bucket\n    return S3Bucket(s, 'b')\n",
        f"def make(s):\n    from {P}.s3_bucket import S3Bucket\n    return S3Bucket(s, 'b')\n",
        id="import-inside-function",
    ),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_rewrite(before: str, after: str) -> None:
    result, unresolved = _run(before)
    assert result == after
    assert unresolved == []
    again, _ = _run(result)
    assert again == result, "a second run must change nothing"
    compile(result, "m.py", "exec")


LINE_MOVE = [
    pytest.param(
        "import cdktf\nfrom cdktf import App, TerraformStack\napp = cdktf.App()\n",
        "import cdktn\nfrom cdktn import App, TerraformStack\napp = cdktn.App()\n",
        id="core-import-and-uses",
    ),
    pytest.param(
        "import cdktf as tf\ntf.App()\n",
        "import cdktn as tf\ntf.App()\n",
        id="core-aliased-keeps-alias",
    ),
    pytest.param(
        f"from {P}.s3_bucket import S3Bucket\nimport {P}.vpc as vpc\nfrom {P} import subnet\n",
        "from cdktn_provider_aws.s3_bucket import S3Bucket\nimport cdktn_provider_aws.vpc as vpc\n"
        "from cdktn_provider_aws import subnet\n",
        id="bindings-package-renamed",
    ),
    pytest.param(
        f"import {P}\n{P}.s3_bucket.S3Bucket(s, 'b')\n",
        "import cdktn_provider_aws\ncdktn_provider_aws.s3_bucket.S3Bucket(s, 'b')\n",
        id="dotted-package-uses",
    ),
]


@pytest.mark.parametrize(("before", "after"), LINE_MOVE)
def test_family_move(before: str, after: str) -> None:
    result, unresolved = _run(before, family_move=True)
    assert result == after
    assert unresolved == []
    assert _run(result, family_move=True)[0] == result


def test_unresolved_are_reported_with_original_lines_and_code_kept() -> None:
    source = (
        f"from {P}.opsworks import OpsworksStack\n"  # 1
        f"from {P}.ec2 import Eip\n"  # 2
        f"from {P}.route53 import Route53Record\n"  # 3
        f"from {P} import opsworks\n"  # 4
        "policies = [{'type': 'PRIMARY'}]\n"  # 5
        "OpsworksStack(s, 'o')\n"  # 6
        "Eip(s, 'e', vpc=True)\n"  # 7
        "Route53Record(s, 'r', failover_routing_policy=policies)\n"  # 8
        "opsworks.OpsworksStack(s, 'p')\n"  # 9
    )
    result = rewrite_source(source, _ctx())
    found = {(u.line, u.symbol): u for u in result.unresolved}
    assert set(found) == {
        (1, f"{P}.opsworks.OpsworksStack"),
        (6, "OpsworksStack(...)"),
        (7, "Eip(vpc=...)"),
        (8, "Route53Record(failover_routing_policy=...)"),
        (9, f"{P}.opsworks.OpsworksStack"),
        (9, "OpsworksStack(...)"),
    }
    assert found[(7, "Eip(vpc=...)")].replacement == 'domain = "vpc"'
    assert "aws_opsworks_stack" in found[(6, "OpsworksStack(...)")].reason
    assert "single block" in found[(8, "Route53Record(failover_routing_policy=...)")].reason
    # nothing dropped: the removed class and the removed parameter are still in the code
    assert "OpsworksStack(s, 'o')" in result.after and "vpc=True" in result.after
    assert f"from {P}.eip import Eip" in result.after


def test_removed_nested_field_is_reported() -> None:
    source = f"from {P}.s3 import S3Bucket\nS3Bucket(s, 'b',\n    versioning={{'mfa_delete': True}})\n"
    result = rewrite_source(source, _ctx())
    assert [(u.line, u.symbol) for u in result.unresolved] == [(3, "S3Bucket(versioning=...)['mfa_delete']")]
    assert "field mfa_delete of S3BucketVersioning does not exist" in result.unresolved[0].reason
    assert "'mfa_delete': True" in result.after


def test_multi_element_list_is_not_unwrapped() -> None:
    source = (
        f"from {P}.route53 import Route53Record\n"
        "Route53Record(s, 'r', failover_routing_policy=[{}, {}])\n"
    )
    result = rewrite_source(source, _ctx())
    assert "failover_routing_policy=[{}, {}]" in result.after
    assert [u.line for u in result.unresolved] == [2]


def test_unparsable_file_is_bad_input() -> None:
    with pytest.raises(CompatError, match="m.py: cannot parse"):
        rewrite_source("def (:\n", _ctx())


def test_already_migrated_code_is_left_alone_even_with_the_old_source() -> None:
    source = f"from {P}.subnet import Subnet\nfrom {P} import instance\ninstance.Instance(s, 'i')\n"
    assert rewrite_source(source, _ctx()).after == source


def test_star_import_from_a_module_the_target_lacks_is_reported() -> None:
    source = f"from {P}.ec2 import *\nfrom {P}.vpc import *\n"
    result = rewrite_source(source, _ctx())
    assert result.after == source
    assert [(u.line, u.symbol) for u in result.unresolved] == [(1, f"{P}.ec2.*")]


def test_keys_are_left_as_written_where_nothing_changed() -> None:
    """Migrate is not a linter: a dict whose reader does not change keeps its keys, right or wrong."""
    source = (
        f"from {P}.s3_bucket import S3Bucket\n"
        "S3Bucket(s, 'b', versioning={'enabled': True, 'mfa': [{'serial_number': 'x'}]})\n"
    )
    assert rewrite_source(source, _ctx()).after == source


def test_other_providers_of_the_old_family_are_reported_on_a_family_move() -> None:
    source = "from cdktf import App\nfrom cdktf_cdktf_provider_random.password import Password\n"
    result = rewrite_source(source, _ctx(family_move=True))
    assert (
        result.after == "from cdktn import App\nfrom cdktf_cdktf_provider_random.password import Password\n"
    )
    assert [(u.line, u.symbol) for u in result.unresolved] == [(2, "cdktf_cdktf_provider_random")]
    assert rewrite_source(source, _ctx()).unresolved == ()  # not on a move within the family


def test_missing_new_required_parameter_is_reported() -> None:
    source = f"from {P}.vpc import VpcPeeringConnectionAccepter\nVpcPeeringConnectionAccepter(s, 'a')\n"
    result = rewrite_source(source, _ctx())
    assert [(u.line, u.symbol) for u in result.unresolved] == [
        (2, "VpcPeeringConnectionAccepterA(vpc_peering_connection_id=...)")
    ]
    assert "requires vpc_peering_connection_id" in result.unresolved[0].reason
    spread = f"from {P}.vpc import VpcPeeringConnectionAccepter\nVpcPeeringConnectionAccepter(s, 'a', **kw)\n"
    assert rewrite_source(spread, _ctx()).unresolved == ()  # **kwargs may carry it: not guessed


def test_a_file_with_calls_to_rewrite_is_walked_whole_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """One walk reaches the calls (every command is a unit of it); the import table, the import
    lines and the layout are read and written without entering expressions."""
    import libcst as cst

    reached: list[str] = []  # visitor of every argument node reached
    visit = cst.CSTNode.visit

    def counting(self: cst.CSTNode, visitor: cst.CSTVisitorT) -> cst.CSTNode:
        if isinstance(self, cst.Arg):  # reached only by a walk that entered its call
            reached.append(type(visitor).__name__)
        return visit(self, visitor)

    monkeypatch.setattr(cst.CSTNode, "visit", counting)
    source = f"from {P}.vpc import Subnet\n" + "Subnet(s, 'n', vpc_id='x')\n" * 3
    after = f"from {P}.subnet import Subnet\n" + "Subnet(s, 'n', vpc_id='x')\n" * 3
    assert rewrite_source(source, _ctx()).after == after
    assert reached == ["_Pass"] * 9
