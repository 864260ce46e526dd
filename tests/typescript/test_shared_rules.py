"""The language-neutral rules (the CLI, the Terraform lock, the repository's CI, cdktn's targetVersions) on
TypeScript projects: the same rule modules as on Python, each with a positive and a negative case on a
minimal project, through the CLI over the embedded release data."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compat.check.rules import ALL_RULES
from compat.cli import main

AWS_MAIN = 'import { App } from "cdktf";\nimport { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'


def _project(
    root: Path,
    packages: dict[str, str],
    *,
    code: str = AWS_MAIN,
    config: dict[str, object] | None = None,
) -> Path:
    """A TypeScript project whose package.json pins ``packages`` exactly and whose lock installs them."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    document = {"language": "typescript", "app": "npx ts-node main.ts", **(config or {})}
    (root / "cdktf.json").write_text(json.dumps(document, indent=2) + "\n")
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": packages}, indent=2))
    locked = {f"node_modules/{name}": {"version": version} for name, version in packages.items()}
    (root / "package-lock.json").write_text(
        json.dumps({"lockfileVersion": 3, "packages": {"": {"dependencies": packages}, **locked}}, indent=2)
    )
    (root / "main.ts").write_text(code)
    return root


def _findings(
    root: Path, capsys: pytest.CaptureFixture[str], code: str, *flags: str
) -> list[dict[str, object]]:
    capsys.readouterr()
    main(["check", str(root), "--offline", "--format", "json", "--node", "22.19.0", "--select", code, *flags])
    found = json.loads(capsys.readouterr().out)["findings"]
    return [f for f in found if f["code"] == code]


def test_the_shared_rules_are_the_python_rules_modules() -> None:
    shared = sorted(r.meta.code for r in ALL_RULES if "typescript" in r.languages)
    assert shared == [
        *("IMP001", "IMP002", "IMP003", "IMP004"),
        *("SRC002", "SYN001", "SYN002", "SYN004", "SYN005"),
        *("VER001", "VER002", "VER004", "VER005", "VER006", "VER008", "VER009", "VER010", "VER011", "VER014"),
        *("VER016", "VER019", "VER020", "VER021"),
    ]


def test_ver004_terraform_below_the_protocol_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"})
    (root / ".terraform-version").write_text("0.11.14\n")
    [finding] = _findings(root, capsys, "VER004")
    assert (finding["path"], finding["line"], finding["severity"]) == (".terraform-version", 1, "error")
    (root / ".terraform-version").write_text("1.5.7\n")
    assert _findings(root, capsys, "VER004") == []


def test_ver005_terraform_below_the_core_minimum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p", {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"})
    (root / ".terraform-version").write_text("1.1.9\n")
    [finding] = _findings(root, capsys, "VER005")
    assert (finding["path"], finding["severity"]) == (".terraform-version", "warning")
    assert "cdktf 0.20.0 supports Terraform >= 1.2.0" in str(finding["message"])
    (root / ".terraform-version").write_text("1.2.0\n")
    assert _findings(root, capsys, "VER005") == []


def test_ver005_rests_on_no_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A core package.json gives only as a range, without a lock: its version is not known."""
    root = _project(tmp_path / "p", {"cdktf": "0.20.0"})
    (root / "package.json").write_text(json.dumps({"dependencies": {"cdktf": "^0.20.0"}}))
    (root / "package-lock.json").unlink()
    (root / ".terraform-version").write_text("1.1.9\n")
    assert _findings(root, capsys, "VER005") == []


def test_ver020_terraform_lock_against_the_imported_prebuilt_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"})
    (root / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.20.0"\n'
        '  constraints = "5.20.0"\n}\n'
    )
    [finding] = _findings(root, capsys, "VER020")
    assert (finding["path"], finding["line"], finding["severity"]) == (".terraform.lock.hcl", 1, "error")
    assert "@cdktf/provider-aws 19.65.1 is built for 5.99.1" in str(finding["message"])
    (root / "main.ts").write_text('import { App } from "cdktf";\n')  # the package is installed, not used
    assert _findings(root, capsys, "VER020") == []
    (root / "main.ts").write_text(AWS_MAIN)
    (root / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.99.1"\n}\n'
    )
    assert _findings(root, capsys, "VER020") == []


def test_ver020_terraform_lock_against_the_local_bindings_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = 'import { App } from "cdktf";\nimport { AwsProvider } from "./.gen/providers/aws/provider";\n'
    root = _project(
        tmp_path / "p",
        {"cdktf": "0.20.0"},
        code=code,
        config={"terraformProviders": ["hashicorp/aws@~> 5.40"]},
    )
    (root / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.20.0"\n}\n'
    )
    [finding] = _findings(root, capsys, "VER020")
    assert "imported at main.ts:2" in str(finding["message"])
    (root / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.41.0"\n}\n'
    )
    assert _findings(root, capsys, "VER020") == []


def test_ver016_the_other_familys_cli_in_ci(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code='import { App } from "cdktn";\n')
    (root / ".github" / "workflows").mkdir(parents=True)
    workflow = root / ".github" / "workflows" / "ci.yml"
    workflow.write_text("jobs:\n  s:\n    steps:\n      - run: npm i -g cdktf-cli@0.21.0\n")
    [finding] = _findings(root, capsys, "VER016")
    assert (finding["path"], finding["line"], finding["severity"]) == (".github/workflows/ci.yml", 4, "error")
    assert "while the project installs cdktn 0.24.0" in str(finding["message"])
    workflow.write_text("jobs:\n  s:\n    steps:\n      - run: npm i -g cdktn-cli@0.24.0\n")
    assert _findings(root, capsys, "VER016") == []


def test_syn005_function_outside_cdktns_default_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = (
        'import { App, Fn } from "cdktn";\nconst x = Fn.templatestring("a", {});\nconst y = Fn.upper("b");\n'
    )
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=code)
    [finding] = _findings(root, capsys, "SYN005", "--terraform", "1.16.2")
    assert (finding["path"], finding["line"], finding["symbol"]) == ("main.ts", 2, "Fn.templatestring")
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "targetVersions": {"terraform": ">=1.9.0"}}))
    assert _findings(root, capsys, "SYN005", "--terraform", "1.16.2") == []


def test_syn005_reads_only_the_cores_fn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``Fn`` declared again in the file (or not imported from a core) is not the core's."""
    code = (
        'import { App } from "cdktn";\n'
        "const Fn = { templatestring: (a: string) => a };\n"
        'Fn.templatestring("a");\n'
    )
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=code)
    assert _findings(root, capsys, "SYN005", "--terraform", "1.16.2") == []


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        # an argument declares nothing (the text scan took ``use(Fn)`` for a parameter): reported
        ('use(Fn);\nFn.templatestring("a");\n', [3]),
        # a parameter shadows Fn inside its function only
        ('function f(Fn: any) { return Fn.templatestring("a"); }\nFn.templatestring("b");\n', [3]),
        ('const f = (Fn: any) => Fn.templatestring("a");\n', []),
        # a variable: its block; a top-level one: the whole file
        ('{ const Fn = other; Fn.templatestring("a"); }\nFn.templatestring("b");\n', [3]),
        ('Fn.templatestring("b");\nlet Fn = other;\n', []),
    ],
)
def test_syn005_fn_is_shadowed_only_where_a_binding_declares_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, lines: list[int]
) -> None:
    code = 'import { App, Fn } from "cdktn";\n' + body
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=code)
    found = _findings(root, capsys, "SYN005", "--terraform", "1.16.2")
    assert [finding["line"] for finding in found] == lines


def test_ver016_the_other_familys_prebuilt_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"cdktn": "0.24.0", "@cdktf/provider-aws": "19.65.1"}, code="")
    [finding] = _findings(root, capsys, "VER016")
    assert (finding["path"], finding["symbol"]) == ("package.json", "@cdktf/provider-aws")


def test_ver016_a_cdktn_named_release_built_for_cdktf_is_no_leftover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cdktn-io's first @cdktn/provider-aws releases (21.23.0 to 22.1.0) peer on cdktf ^0.21.0."""
    root = _project(tmp_path / "p", {"cdktf": "0.21.0", "@cdktn/provider-aws": "21.23.0"}, code="")
    assert _findings(root, capsys, "VER016") == []


@pytest.mark.parametrize(
    ("imports", "severities"),
    [
        (["./.gen/providers/aws/provider"], []),  # the prebuilt package is installed, never used
        (["@cdktf/provider-aws/lib/s3-bucket"], ["warning"]),  # the entry is an unused leftover
        (["./.gen/providers/aws/provider", "@cdktf/provider-aws/lib/s3-bucket"], ["error"]),  # mixed
    ],
)
def test_ver001_severity_follows_what_the_code_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], imports: list[str], severities: list[str]
) -> None:
    """The one policy of both languages (``ver001_provider_constraint.entry_severity``)."""
    code = "".join(f'import {{ X{n} }} from "{spec}";\n' for n, spec in enumerate(imports))
    root = _project(
        tmp_path / "p",
        {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"},
        code=code,
        config={"terraformProviders": ["hashicorp/aws@~> 6.0"]},
    )
    assert [f["severity"] for f in _findings(root, capsys, "VER001")] == severities


def test_ver001_says_so_when_the_code_imports_neither_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh project (only ``cdktf`` imported) never claims the code imports the prebuilt package."""
    root = _project(
        tmp_path / "p",
        {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"},
        code='import { App } from "cdktf";\n',
        config={"terraformProviders": ["hashicorp/aws@~> 6.0"]},
    )
    [finding] = _findings(root, capsys, "VER001")
    assert finding["severity"] == "warning"
    assert "imports neither the prebuilt package" in str(finding["message"])
    assert "imports only the prebuilt package" not in str(finding["message"])


def test_ver019_a_cli_version_that_was_never_released(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"})
    (root / ".terraform-version").write_text("1.5.8\n")
    [finding] = _findings(root, capsys, "VER019")
    assert (finding["path"], finding["severity"]) == (".terraform-version", "error")
    (root / ".terraform-version").write_text("1.5.7\n")
    assert _findings(root, capsys, "VER019") == []


def test_fix_of_a_shared_rule_rechecks_the_typescript_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--fix`` writes SYN005's targetVersions and checks the project again as TypeScript."""
    code = 'import { App, Fn } from "cdktn";\nconst x = Fn.templatestring("a", {});\n'
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=code)
    flags = ["--offline", "--terraform", "1.16.2", "--node", "22.19.0"]
    assert main(["check", str(root), *flags, "--fix"]) == 0
    out = capsys.readouterr().out
    assert "no problems found in 1 TypeScript file" in out and "Python" not in out
    assert json.loads((root / "cdktf.json").read_text())["targetVersions"] == {"terraform": ">=1.16.2"}


_WRITE_ONLY = (
    'import {{ App }} from "cdktn";\n'
    'import {{ DbInstance }} from "{spec}";\n'
    'new DbInstance(this, "db", {{ engine: "postgres", passwordWo: "s", passwordWoVersion: 1 }});\n'
)


@pytest.mark.parametrize("family", ["cdktn", "cdktf"])
def test_syn005_write_only_prop_outside_cdktns_default_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], family: str
) -> None:
    """``passwordWo`` is jsii's name of ``password_wo``: cdktn 0.24's default targets (Terraform >= 1.5.7)
    include releases without write-only attributes (Terraform 1.11)."""
    code = _WRITE_ONLY.format(spec=f"@{family}/provider-aws/lib/db-instance")
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=code)
    [finding] = _findings(root, capsys, "SYN005", "--terraform", "1.16.2")
    assert (finding["path"], finding["line"], finding["column"]) == ("main.ts", 3, 50)
    assert finding["symbol"] == "DbInstance.passwordWo"
    assert str(finding["message"]).startswith("new DbInstance({ passwordWo: ... }), a write-only attribute")
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "targetVersions": {"terraform": ">=1.11.0"}}))
    assert _findings(root, capsys, "SYN005", "--terraform", "1.16.2") == []


@pytest.mark.parametrize(
    "code",
    [
        # the project's own construct, not a prebuilt provider's
        'import { DbInstance } from "./constructs/db";\nnew DbInstance(this, "db", { passwordWo: "s" });\n',
        # a provider's class declared again in the file
        'import { DbInstance } from "@cdktn/provider-aws/lib/db-instance";\n'
        'class DbInstance {}\nnew DbInstance(this, "db", { passwordWo: "s" });\n',
        # props that are no literal say nothing
        'import { DbInstance } from "@cdktn/provider-aws/lib/db-instance";\n'
        'new DbInstance(this, "db", props);\n',
    ],
)
def test_syn005_write_only_props_only_of_provider_constructs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code='import { App } from "cdktn";\n' + code)
    assert _findings(root, capsys, "SYN005", "--terraform", "1.16.2") == []


@pytest.mark.parametrize("family", ["cdktf", "cdktn"])
def test_ver010_aws_entry_next_to_the_imported_prebuilt_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], family: str
) -> None:
    name, version = {"cdktf": ("@cdktf/provider-aws", "19.65.1"), "cdktn": ("@cdktn/provider-aws", "23.0.0")}[
        family
    ]
    code = f'import {{ App }} from "{family}";\nimport {{ S3Bucket }} from "{name}/lib/s3-bucket";\n'
    root = _project(
        tmp_path / "p",
        {family: "0.21.0" if family == "cdktf" else "0.22.1", name: version},
        code=code,
        config={"terraformProviders": ["aws", "random"]},
    )
    [finding] = _findings(root, capsys, "VER010")
    assert (finding["path"], finding["line"], finding["severity"], finding["symbol"]) == (
        "cdktf.json",
        5,
        "warning",
        name,
    )
    assert str(finding["suggestion"]).endswith(f"the code uses {name}")
    (root / "main.ts").write_text(f'import {{ App }} from "{family}";\n')  # installed, not imported
    assert _findings(root, capsys, "VER010") == []


@pytest.mark.parametrize(
    ("imports", "entry"),
    [
        # the code imports the bindings generated from the entry (VER001 decides on a mix)
        (["./.gen/providers/aws/provider", "@cdktf/provider-aws/lib/s3-bucket"], "aws"),
        # the entry excludes the provider the package was built for: VER001's finding, not a second one
        (["@cdktf/provider-aws/lib/s3-bucket"], "hashicorp/aws@~> 6.0"),
    ],
)
def test_ver010_not_for_an_entry_in_use_or_in_disagreement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], imports: list[str], entry: str
) -> None:
    code = "".join(f'import {{ X{n} }} from "{spec}";\n' for n, spec in enumerate(imports))
    root = _project(
        tmp_path / "p",
        {"cdktf": "0.20.0", "@cdktf/provider-aws": "19.65.1"},
        code=code,
        config={"terraformProviders": [entry]},
    )
    assert _findings(root, capsys, "VER010") == []


@pytest.mark.parametrize(("entry", "reported"), [("random@~> 3.6", True), ("random@~> 2.0", False)])
def test_ver010_every_provider_with_a_prebuilt_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, reported: bool
) -> None:
    """A random entry beside @cdktf/provider-random 11.0.3 (built for random 3.6.x) the code imports: the
    same duplicate as for AWS; an entry excluding that provider is VER001's alone."""
    code = 'import { App } from "cdktf";\nimport { Password } from "@cdktf/provider-random/lib/password";\n'
    packages = {"cdktf": "0.20.0", "@cdktf/provider-random": "11.0.3"}
    root = _project(tmp_path / "p", packages, code=code, config={"terraformProviders": [entry]})
    found = _findings(root, capsys, "VER010")
    assert [(f["symbol"], f["severity"]) for f in found] == (
        [("@cdktf/provider-random", "warning")] if reported else []
    )
    if reported:
        assert "two sources of truth for the 'random' provider" in str(found[0]["message"])


def test_ver010_one_finding_an_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both families' prebuilt AWS packages installed and imported: the entry is one duplicate source."""
    code = "".join(
        f'import {{ S3Bucket{n} }} from "@{family}/provider-aws/lib/s3-bucket";\n'
        for n, family in enumerate(("cdktf", "cdktn"))
    )
    packages = {"cdktf": "0.21.0", "@cdktf/provider-aws": "19.65.1", "@cdktn/provider-aws": "23.0.0"}
    root = _project(tmp_path / "p", packages, code=code, config={"terraformProviders": ["aws"]})
    assert [f["symbol"] for f in _findings(root, capsys, "VER010")] == ["@cdktf/provider-aws"]


_LOCAL_WRITE_ONLY = (
    'import { App } from "cdktn";\n'
    'import { DbInstance } from "./.gen/providers/aws/db-instance";\n'
    'import * as aws from "./.gen/providers/aws";\n'
    'new DbInstance(this, "db", { engine: "postgres", passwordWo: "s" });\n'
    'new aws.dbInstance.DbInstance(this, "db2", { engine: "postgres", passwordWo: "s", colourWo: "x" });\n'
)


def test_syn005_and_syn001_write_only_props_of_local_provider_constructs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cdktf get`` generates the newest AWS 6.x under ``~> 6.0``: the release standing in for it has
    ``passwordWo`` (AWS's ``password_wo``) on ``DbInstance``; ``colourWo``, no prop of it, says nothing."""
    config = {"terraformProviders": ["hashicorp/aws@~> 6.0"]}
    root = _project(tmp_path / "p", {"cdktn": "0.24.0"}, code=_LOCAL_WRITE_ONLY, config=config)
    found = _findings(root, capsys, "SYN005", "--terraform", "1.16.2")
    assert [(f["line"], f["column"], f["symbol"]) for f in found] == [
        (4, 50, "DbInstance.passwordWo"),
        (5, 66, "DbInstance.passwordWo"),
    ]
    assert str(found[0]["message"]).startswith("new DbInstance({ passwordWo: ... }), a write-only attribute")
    found = _findings(root, capsys, "SYN001", "--terraform", "1.10.0")
    assert [(f["line"], f["column"]) for f in found] == [(4, 50), (5, 66)]
    assert _findings(root, capsys, "SYN001", "--terraform", "1.11.0") == []


@pytest.mark.parametrize(
    ("provider", "packages"),
    [
        ("hashicorp/aws@>= 5.0", {"cdktn": "0.24.0"}),  # a later major may be generated: release unknown
        ("aws", {"cdktn": "0.24.0"}),  # no constraint: the newest of any major
        ("hashicorp/aws@~> 5.50.0", {"cdktn": "0.24.0"}),  # AWS 5.50 has no password_wo
        ("hashicorp/aws@~> 6.0", {}),  # no core nor CLI installed: the layout cdktf get writes is unknown
        ("hashicorp/random@~> 3.0", {"cdktn": "0.24.0"}),  # the import is of another provider's folder
    ],
)
def test_local_write_only_props_say_nothing_where_the_generated_release_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], provider: str, packages: dict[str, str]
) -> None:
    config = {"terraformProviders": [provider]}
    root = _project(tmp_path / "p", packages, code=_LOCAL_WRITE_ONLY, config=config)
    assert _findings(root, capsys, "SYN005", "--terraform", "1.16.2") == []
    assert _findings(root, capsys, "SYN001", "--terraform", "1.10.0") == []


def test_ver009_a_range_above_every_release_without_a_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """vvak/Western-Philosophy-Oracle-Training: ``"@cdktf/provider-google-beta": "^20.0.0"`` and no lock;
    the newest release is 16.12.1 (PyPI and npm), so ``npm install`` stops with ETARGET."""
    root = _project(tmp_path / "p", {"cdktf": "^0.21.0", "@cdktf/provider-google-beta": "^20.0.0"})
    (root / "package-lock.json").unlink()
    (root / "main.ts").write_text(
        'import { GoogleBetaProvider } from "@cdktf/provider-google-beta/lib/provider";\n'
    )
    [finding] = _findings(root, capsys, "VER009")
    assert (finding["path"], finding["line"], finding["severity"]) == ("package.json", 5, "warning")
    assert "^20.0.0" in str(finding["message"]) and "newest compat knows is 16.12.1" in str(
        finding["message"]
    )
    assert "ETARGET" in str(finding["message"])
    # a range a release satisfies, or one on the newest release's own line (npm-only releases of a line
    # may be missing from the data), is no VER009
    for spec in ("^16.0.0", "^16.13.0"):
        dependencies = {"cdktf": "^0.21.0", "@cdktf/provider-google-beta": spec}
        (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": dependencies}))
        assert _findings(root, capsys, "VER009") == []


def _unlocked(root: Path, cdktf: str) -> Path:
    """A TypeScript project whose package.json gives cdktf as ``cdktf`` and which has no lock; its CI
    installs npm's ``latest`` cdktf-cli (0.21.0) and runs ``cdktf get``."""
    root = _project(root, {"cdktf": "0.20.12"}, code='import { App } from "cdktf";\n')
    (root / "package-lock.json").unlink()
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": {"cdktf": cdktf}}))
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text(
        "jobs:\n  s:\n    steps:\n      - run: npm install -g cdktf-cli@latest\n      - run: cdktf get\n"
    )
    return root


def test_ver021_latest_cli_beside_an_unlocked_range_of_another_minor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No lock, but every release ``^0.20.0`` admits is a 0.20: the 0.21.0 CLI's get stops on any of them."""
    [finding] = _findings(_unlocked(tmp_path / "p", "^0.20.0"), capsys, "VER021")
    where = (finding["path"], finding["line"], finding["severity"])
    assert where == (".github/workflows/ci.yml", 4, "warning")
    assert 'cdktf 0.20.12 (cdktf "^0.20.0" in package.json, no lock)' in str(finding["message"])
    assert "every release it could pick has the same problem" in str(finding["message"])


def test_ver021_no_finding_where_the_unlocked_range_admits_the_clis_minor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``>=0.20.0`` admits 0.21.0 (what npm picks today): the minor check would rest on a guess."""
    assert _findings(_unlocked(tmp_path / "p", ">=0.20.0"), capsys, "VER021") == []
