"""``migrate`` rewrites the imports of AWS bindings ``cdktf get`` generated before cdktf 0.13 (a class
from the provider's package or its service module) into the per-resource modules ``cdktn get`` writes,
the module of each class read from the symbol index of the release standing in for the generated
bindings; what it cannot rewrite safely stays as written and is listed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compat.cli import main
from compat.migrations.layout_rewrite import rewrite_layout
from tests.conftest import indexed

PLACES = {
    "AwsProvider": "provider",
    "Vpc": "vpc",
    "Subnet": "subnet",
    "Instance": "instance",
    "SecurityGroup": "security_group",
    "SecurityGroupIngress": "security_group",
}


def _place(top: str, name: str) -> tuple[str | None, str]:
    found = PLACES.get(name)
    return (found, "") if found else (None, "the stand-in has no such class")


def _rewrite(text: str) -> tuple[str, list[tuple[int, str, str | None]]]:
    result = rewrite_layout(text, "imports", {"aws": _place})
    return result.after, [(i.line, i.symbol, i.written) for i in result.items]


def test_a_from_import_becomes_one_statement_per_module_with_aliases_and_comments_kept() -> None:
    text = (
        "import os\n"
        "# the network\n"
        "from imports.aws.vpc import Vpc, Subnet as S, \\\n"
        "    SecurityGroup, SecurityGroupIngress  # all of it\n"
        "x = os.sep  # untouched   spacing\n"
    )
    after, items = _rewrite(text)
    assert after == (
        "import os\n"
        "# the network\n"
        "from imports.aws.vpc import Vpc\n"
        "from imports.aws.subnet import Subnet as S\n"
        "from imports.aws.security_group import SecurityGroup, SecurityGroupIngress  # all of it\n"
        "x = os.sep  # untouched   spacing\n"
    )
    assert [line for line, _, _ in items] == [3]


def test_a_class_of_the_provider_package_and_an_indented_import() -> None:
    text = "def f():\n    from imports.aws import AwsProvider, Instance\n    return AwsProvider\n"
    after, _ = _rewrite(text)
    assert after == (
        "def f():\n"
        "    from imports.aws.provider import AwsProvider\n"
        "    from imports.aws.instance import Instance\n"
        "    return AwsProvider\n"
    )


def test_uses_through_a_module_alias_are_rewritten_and_a_shadowing_parameter_is_not() -> None:
    text = (
        "import imports.aws as aws\n"
        "from imports import aws as a2\n"
        "import imports.aws\n"
        "def f(aws):\n"
        "    return aws.Instance\n"
        "v = aws.Vpc(s, 'v')\n"
        "i = aws.ec2.Instance(s, 'i', ami='x')\n"
        "g = a2.SecurityGroup(s, 'g')\n"
        "j = imports.aws.ec2.Instance\n"
        "k = aws.vpc.Vpc\n"
    )
    after, items = _rewrite(text)
    assert after == (
        "import imports.aws as aws\n"
        "from imports import aws as a2\n"
        "import imports.aws\n"
        "def f(aws):\n"
        "    return aws.Instance\n"
        "v = aws.vpc.Vpc(s, 'v')\n"
        "i = aws.instance.Instance(s, 'i', ami='x')\n"
        "g = a2.security_group.SecurityGroup(s, 'g')\n"
        "j = imports.aws.instance.Instance\n"
        "k = aws.vpc.Vpc\n"
    )
    assert all(written is not None for _, _, written in items)
    assert rewrite_layout(after, "imports", {"aws": _place}).items == ()  # a second run finds nothing


def test_what_cannot_be_rewritten_is_kept_and_listed_with_its_line() -> None:
    text = (
        "from imports.aws.vpc import Vpc, Gone\n"  # one class unknown: the statement stays
        "import os; from imports.aws.ec2 import Instance\n"  # shares its line
        "if True: from imports.aws import AwsProvider\n"  # after a colon
        "from imports.aws import vpc\n"
        "import imports.aws as aws\n"
        "s = vpc.Subnet(x, 's')\n"  # a service module bound to a name
        "t = vpc.Vpc(x, 'v')\n"  # its own resource: fine as it is
        "register(aws)\n"  # the package as a value
        "u = aws.Gone\n"
        "from imports.aws.ec2 import *\n"
        "from imports.aws.vpc import (\n    Vpc,  # the network\n    Subnet,\n)\n"
    )
    after, items = _rewrite(text)
    assert after == text
    listed = {(line, symbol) for line, symbol, written in items if written is None}
    assert listed == {
        (1, "imports.aws.vpc"),
        (2, "imports.aws.ec2"),
        (3, "imports.aws"),
        (6, "vpc.Subnet"),
        (8, "aws"),
        (9, "aws.Gone"),
        (10, "imports.aws.ec2"),
        (11, "imports.aws.vpc"),
    }
    result = rewrite_layout(text, "imports", {"aws": _place})
    by_line = {i.line: i for i in result.items}
    assert by_line[6].replacement == "from imports.aws.subnet import Subnet"
    assert by_line[2].replacement == "from imports.aws.instance import Instance"
    assert "Gone" in by_line[1].reason


def test_silent_on_the_per_resource_layout_other_providers_and_other_packages() -> None:
    text = (
        "from imports.aws.vpc import Vpc\n"
        "from imports.aws.subnet import Subnet as S\n"
        "from imports.random import Password\n"
        "from imports.aws.provider import AwsProvider\n"
        "from cdktf_cdktf_provider_aws.vpc import Vpc as V\n"
        "import imports.random as random\n"
        "p = random.Password\n"
    )
    after, items = _rewrite(text)
    assert after == text and items == []


CDKTF = "cdktf-cdktf-provider-aws"
needs_index = pytest.mark.skipif(not indexed(CDKTF, "10.0.0", "15.0.0"), reason="not indexed")

MAIN = (
    "from constructs import Construct\n"
    "from cdktf import App, TerraformStack\n"
    "from imports.aws import AwsProvider\n"
    "from imports.aws.vpc import Vpc, Subnet, SecurityGroup, SecurityGroupIngress\n"
    "import imports.aws as aws\n"
    "\n"
    "\n"
    "class Stack(TerraformStack):\n"
    "    def __init__(self, scope: Construct, ns: str):\n"
    "        super().__init__(scope, ns)\n"
    "        AwsProvider(self, 'aws', region='us-east-1')\n"
    "        aws.ec2.Instance(self, 'i', ami='ami-1')\n"
)


def _project(root: Path, constraint: str, main_py: str = MAIN) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {
                "language": "python",
                "terraformProviders": [f"hashicorp/aws@{constraint}"],
                "codeMakerOutput": "imports",
            }
        )
    )
    (root / "requirements.txt").write_text("cdktf==0.12.3\n")
    (root / "main.py").write_text(main_py)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@needs_index
def test_migrate_rewrites_from_the_release_built_for_the_admitted_provider_and_the_diff_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", "~> 4.0")
    assert main(["migrate", str(root), "--to", "cdktn", "--offline"]) == 0
    captured = capsys.readouterr()
    (tmp_path / "d.diff").write_text(captured.out)
    subprocess.run(["git", "-C", str(root), "apply", str(tmp_path / "d.diff")], check=True)
    text = (root / "main.py").read_text()
    assert text == MAIN.replace("from cdktf import", "from cdktn import").replace(
        "from imports.aws import AwsProvider\n"
        "from imports.aws.vpc import Vpc, Subnet, SecurityGroup, SecurityGroupIngress\n",
        "from imports.aws.provider import AwsProvider\n"
        "from imports.aws.vpc import Vpc\n"
        "from imports.aws.subnet import Subnet\n"
        "from imports.aws.security_group import SecurityGroup, SecurityGroupIngress\n",
    ).replace("aws.ec2.Instance(", "aws.instance.Instance(")
    assert "run 'cdktn get' to regenerate imports/" in captured.err
    assert "built for 'hashicorp/aws@~> 4.0'" in captured.err and "assumed" not in captured.err
    assert main(["migrate", str(root), "--to", "cdktn", "--offline"]) == 0
    assert capsys.readouterr().out == ""  # a second run changes nothing


@needs_index
def test_without_a_release_for_the_admitted_provider_the_nearest_stands_in_and_disagreements_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the per-resource releases start at AWS 4.33; this struct moved to wafv2_web_acl_rule in AWS 6.x
    struct = "Wafv2WebAclRuleStatementSqliMatchStatementFieldToMatchBody"
    main_py = f"from imports.aws import AwsProvider\nfrom imports.aws.wafv2 import {struct}\n"
    root = _project(tmp_path / "p", "~> 3.67.0", main_py)
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    [left] = payload["unresolved"]
    assert (left["path"], left["line"], left["symbol"]) == ("main.py", 2, "imports.aws.wafv2")
    assert struct in left["reason"] and "wafv2_web_acl_rule" in left["reason"]
    assert any(n.startswith("assumed: no release in the per-resource layout") for n in payload["notes"])
    assert "main.py:1: imports.aws -> from imports.aws.provider import AwsProvider" in payload["notes"]


@needs_index
def test_a_file_libcst_cannot_read_keeps_its_imports_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from compat.migrations import local_layout
    from compat.migrations.layout_rewrite import LayoutRewrite

    def unreadable(text: str, package: str, placers: object, roots_only: bool = False) -> LayoutRewrite:
        return LayoutRewrite(after=text, items=(), read=False)

    monkeypatch.setattr(local_layout, "rewrite_layout", unreadable)
    root = _project(tmp_path / "p", "~> 4.0")
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert {(u["line"], u["symbol"]) for u in payload["unresolved"]} == {
        (3, "imports.aws"),
        (4, "imports.aws.vpc"),
    }
    assert not any("rewritten for the layout" in n for n in payload["notes"])


@needs_index
def test_a_provider_no_prebuilt_package_is_built_for_is_listed_with_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {"language": "python", "terraformProviders": ["acme/widget@~> 1.0"], "codeMakerOutput": "imports"}
        )
    )
    (root / "requirements.txt").write_text("cdktf==0.12.3\n")
    (root / "main.py").write_text("from imports.widget import Gadget\n")
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    [left] = payload["unresolved"]
    assert (left["line"], left["symbol"]) == (1, "imports.widget")
    assert "no prebuilt package is built for" in left["reason"] and "acme/widget" in left["reason"]


def test_an_old_layout_import_listed_not_rewritten_keeps_the_files_other_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """random 3.1 has no release in the per-resource layout: its imports are listed, and the rest of the
    file (the core's imports) still moves; the listing once put the file back as it was."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {
                "language": "python",
                "app": "python main.py",
                "terraformProviders": ["hashicorp/random@~> 3.1.0"],
                "codeMakerOutput": "imports",
            }
        )
    )
    (root / "requirements.txt").write_text("cdktf==0.7.0\n")
    (root / "main.py").write_text("from cdktf import App\nfrom imports.random import Id\n")
    main(["migrate", str(root), "--to", "cdktn", "--offline"])
    captured = capsys.readouterr()
    assert "-from cdktf import App\n+from cdktn import App\n" in captured.out
    assert "main.py:2: imports.random:" in captured.err


def test_an_unpinned_core_rewrites_only_the_classes_of_a_providers_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unpinned core is read as the newest, whose ``get`` already writes one module per resource: a
    class imported from the provider's package is old-layout (rewritten), a module below it is a
    resource's (left as it is, never listed)."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text(
        json.dumps(
            {
                "language": "python",
                "app": "python main.py",
                "terraformProviders": ["hashicorp/random@~> 3.0"],
                "codeMakerOutput": "imports",
            }
        )
    )
    (root / "requirements.txt").write_text("cdktf\n")
    code = "from cdktf import App\nfrom imports.random import Integer\n"
    (root / "main.py").write_text(code + "from imports.random.password import Password\n")
    assert main(["migrate", str(root), "--to", "cdktn", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "-from imports.random import Integer\n" in out
    assert "+from imports.random.integer import Integer\n" in out
    assert " from imports.random.password import Password\n" in out  # context: unchanged
