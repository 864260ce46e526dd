"""What ``cdktf get`` generates for a cdktf.json (names from hashicorp/terraform-cdk's own tests)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from compat.project.cdktf_json import read_cdktf_json
from compat.project.local_bindings import (
    imported_providers,
    local_bindings,
    module_names,
    provider_name,
    scan_files,
    scan_imports,
    scan_parsed,
)


@pytest.mark.parametrize(
    ("entry", "name"),
    [
        ("hashicorp/aws", "aws"),
        ("aws@~>4.0", "aws"),
        ("hashicorp/aws@~> 5.40", "aws"),
        ("registry.terraform.io/hashicorp/aws@=5.99.1", "aws"),
        ("kreuzwerker/docker@~> 3.0", "docker"),
        ("hashicorp/google-beta", "google_beta"),
        ({"name": "aws", "source": "hashicorp/aws", "version": "~> 5.0"}, "aws"),
    ],
)
def test_provider_package_is_the_last_address_part(entry: Any, name: str) -> None:
    assert provider_name(entry) == name


@pytest.mark.parametrize(
    ("entry", "names"),
    [
        # the CLI >= 0.20 name (examples/python/aws), the < 0.20 one, then construct-maker-target.test.ts's
        (
            "terraform-aws-modules/vpc/aws@2.77.0",
            ("vpc", "terraform_aws_modules.aws", "terraform_aws_modules.vpc.aws"),
        ),
        ("cloudposse/label/null", ("label", "cloudposse.null", "cloudposse.label.null")),
        (
            "terraform-aws-modules/eks/aws//modules/self-managed-node-group",
            (
                "self_managed_node_group",
                "terraform_aws_modules.aws.eks.modules",
                "terraform_aws_modules.eks.aws.modules.self_managed_node_group",
            ),
        ),
        (
            {"name": "my-local-module", "source": "./path/to/local/terraform/module"},
            ("my_local_module", "mylocalmodule"),
        ),
        ({"name": "vpc", "source": "terraform-aws-modules/vpc/aws", "version": "~> 3.0"}, ("vpc",)),
        ("./modules/network", ("network", "modules", "modules.network")),
        ("git::https://github.com/org/terraform-x.git?ref=v1.2.0", ("terraform_x", "org", "org.terraform_x")),
    ],
)
def test_module_packages_per_cli_era(entry: Any, names: tuple[str, ...]) -> None:
    assert module_names(entry) == names


def _config(tmp_path: Path, document: dict[str, Any]) -> Path:
    (tmp_path / "cdktf.json").write_text(json.dumps(document, indent=2) + "\n")
    return tmp_path / "cdktf.json"


def test_entries_folder_and_package(tmp_path: Path) -> None:
    config = read_cdktf_json(
        _config(
            tmp_path,
            {
                "language": "python",
                "codeMakerOutput": "imports",
                "terraformProviders": ["hashicorp/aws@~>5.0", "hashicorp/random"],
                "terraformModules": [{"name": "vpc", "source": "terraform-aws-modules/vpc/aws"}],
            },
        )
    )
    bindings = local_bindings(config)
    assert (bindings.folder, bindings.package) == ("imports", "imports")
    assert [(e.kind, e.name, e.position) for e in bindings.entries] == [
        ("provider", "aws", 0),
        ("provider", "random", 1),
        ("module", "vpc", 0),
    ]
    entry = bindings.entry_for("aws.s3_bucket")
    assert entry is not None and entry.raw == "hashicorp/aws@~>5.0"
    assert bindings.entry_for("awscc.x") is None and bindings.entry_for("google") is None


def test_default_output_is_not_an_importable_package(tmp_path: Path) -> None:
    bindings = local_bindings(read_cdktf_json(_config(tmp_path, {"terraformProviders": ["aws"]})))
    assert (bindings.folder, bindings.package) == (".gen", "")


def test_scan_finds_every_import_form(tmp_path: Path) -> None:
    config = read_cdktf_json(
        _config(
            tmp_path, {"codeMakerOutput": "imports", "terraformProviders": ["aws"], "terraformModules": []}
        )
    )
    text = (
        "from imports.aws.vpc import Vpc\n"
        "from imports import aws, google\n"
        "import imports.aws.subnet as subnet\n"
        "from importsx.aws import Nope\n"
        "from .imports.aws import Relative\n"
    )
    found = scan_imports("main.py", text, ast.parse(text), local_bindings(config))
    assert [(i.line, i.column, i.dotted, i.entry is not None) for i in found] == [
        (1, 6, "aws.vpc", True),
        (2, 21, "aws", True),
        (2, 26, "google", False),
        (3, 8, "aws.subnet", True),
    ]


def test_imported_providers_says_where(tmp_path: Path) -> None:
    config = read_cdktf_json(
        _config(
            tmp_path, {"codeMakerOutput": "imports", "terraformProviders": ["hashicorp/random", "aws@~>5.0"]}
        )
    )
    (tmp_path / "main.py").write_text("import os\nfrom imports.aws.vpc import Vpc\n")
    (tmp_path / "broken.py").write_text("from imports.random import x\ndef (:\n")
    files = [tmp_path / "main.py", tmp_path / "broken.py"]
    assert imported_providers(tmp_path, config, files) == {1: "main.py:2"}


@pytest.mark.parametrize(
    "raw",
    [
        b"import os\nfrom imports.aws.vpc import Vpc\n",
        b"import os\r\nfrom imports.aws.vpc import Vpc\r\n",
        b"import os\rfrom imports.aws.vpc import Vpc\r",
        b"\xef\xbb\xbfimport os\nfrom imports.aws.vpc import Vpc\n",
        b"from imports.aws.vpc import Vpc\ndef (:\n",
        b"match x:\n    case 1: pass\nfrom imports.aws import vpc\n",
    ],
)
def test_an_already_parsed_file_is_scanned_as_reading_it_again_would(tmp_path: Path, raw: bytes) -> None:
    bindings = local_bindings(
        read_cdktf_json(_config(tmp_path, {"codeMakerOutput": "imports", "terraformProviders": ["aws"]}))
    )
    path = tmp_path / "main.py"
    path.write_bytes(raw)
    text = raw.decode("utf-8")
    try:  # the engine's tree: None when the project's (older) grammar rejects the file
        tree: ast.Module | None = ast.parse(raw, feature_version=(3, 9))
    except SyntaxError:
        tree = None
    assert scan_parsed(tmp_path, path, text, tree, bindings) == scan_files(tmp_path, [path], bindings)


def test_imports_nested_in_any_block_are_found(tmp_path: Path) -> None:
    config = read_cdktf_json(_config(tmp_path, {"codeMakerOutput": "imports", "terraformProviders": ["aws"]}))
    text = (
        "def f():\n    class C:\n        import imports.aws.a\n"
        "try:\n    pass\nexcept ImportError:\n    import imports.aws.b\nelse:\n    import imports.aws.c\n"
        "finally:\n    import imports.aws.d\n"
        "match x:\n    case 1:\n        import imports.aws.e\n"
        "for i in y:\n    pass\nelse:\n    with z:\n        if w:\n"
        "            from imports.aws import f\n"
        "async def g():\n    async with q:\n        import imports.aws.g\n"
        "h = lambda: __import__('imports.aws.h')\n"
    )
    found = scan_imports("main.py", text, ast.parse(text), local_bindings(config))
    assert [i.dotted for i in found] == ["aws.a", "aws.b", "aws.c", "aws.d", "aws.e", "aws", "aws.g"]
