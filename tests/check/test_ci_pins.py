"""VER021: CI and container pins as CLI and cdktf-cli version sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.versions import cli_releases
from tests.check.helpers import check, make_project

GIT = "https://github.com/hashicorp/terraform/tags"
DOCUMENT = {
    "schema": 1,
    "built_at": "2026-12-01T00:00:00Z",
    "clis": {
        "terraform": {
            "releases": {"1.1.9": GIT, "1.2.0": GIT, "1.5.7": GIT, "1.6.0": GIT},
            "complete_until": "2026-08-22T16:45:57Z",
            "sources": [{"url": GIT, "complete": True}],
        }
    },
}

WORKFLOW = """\
on: push
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: {terraform}
      - run: npm i -g cdktf-cli@{cli}
      - run: npm i -g cdktf-cli@${{{{ env.CDKTF_CLI }}}}
"""


@pytest.fixture(autouse=True)
def _table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cli_releases, "load_cli_releases", lambda cli: cli_releases.parse_cli_releases(DOCUMENT, cli)
    )


def _findings(tmp_path: Path, terraform: str, cli: str) -> list[tuple[str, str, int, str]]:
    root = make_project(
        tmp_path / "p",
        {
            "main.py": "from cdktf import App\n",
            ".github/workflows/ci.yml": WORKFLOW.format(terraform=terraform, cli=cli),
        },
    )
    (root / ".git").mkdir()
    return [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER021",)).findings]


def test_pins_that_agree_with_the_project_are_clean(tmp_path: Path) -> None:
    assert _findings(tmp_path, "1.5.7", "0.20.0") == []


def test_a_cli_below_the_cores_minimum_and_a_cdktf_cli_of_another_minor(tmp_path: Path) -> None:
    (terraform, cli) = _findings(tmp_path, "1.1.9", "0.19.2")
    # the CLI only warns below its minimum ("Warning: unsupported Terraform version"), so a warning
    assert terraform[:3] == ("warning", ".github/workflows/ci.yml", 8)
    assert "Terraform 1.1.9" in terraform[3] and "supports Terraform >= 1.2.0" in terraform[3]
    assert cli[:3] == ("warning", ".github/workflows/ci.yml", 9)
    assert "cdktf-cli 0.19.2" in cli[3] and "cdktf 0.20.12" in cli[3]
    # what the CLI does (cdktf-cli 0.12 to 0.21 bundle/bin/cmds/handlers.js): only 'get' checks the minor
    assert "'cdktf get' with that CLI stops" in cli[3] and "synth and deploy do not check" in cli[3]


def test_a_pinned_version_that_is_no_release(tmp_path: Path) -> None:
    [(severity, _, _, message)] = _findings(tmp_path, "1.5.8", "0.20.1")
    assert severity == "error" and "nearest are 1.5.7 and 1.6.0" in message


CDKTN_PIPFILE = """\
[packages]
cdktn = "=={core}"
cdktn-provider-aws = "=={bindings}"

[requires]
python_version = "3.12"
"""


def _cdktn_findings(tmp_path: Path, core: str, bindings: str, cli: str) -> list[tuple[str, str, str]]:
    root = make_project(
        tmp_path / "n",
        {
            "main.py": "import cdktn\n",
            "package.json": json.dumps({"devDependencies": {"cdktn-cli": cli}}, indent=2) + "\n",
        },
    )
    (root / "Pipfile").write_text(CDKTN_PIPFILE.format(core=core, bindings=bindings))
    (root / ".git").mkdir()
    return [(f.severity, f.message, f.suggestion or "") for f in check(root, select=("VER021",)).findings]


def test_cdktn_cli_releases_are_npms_own() -> None:
    from packaging.version import Version

    from compat.check.rules.ver021_ci_pins import cli_releases_on_npm

    assert Version("0.24.0") in cli_releases_on_npm("cdktn-cli")  # data/runtimes.json, from the packument


def test_a_cdktn_cli_the_npm_data_lacks_is_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compat's npm data (a partial mirror's) lists cdktn-cli 0.24.0 alone; registry.npmjs.org serves
    # 0.22.1: a pin of the core's own minor is no finding, whatever the data lists
    from packaging.version import Version

    from compat.check.rules import ver021_ci_pins

    monkeypatch.setattr(ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.24.0")])
    assert _cdktn_findings(tmp_path, "0.22.1", "23.0.0", "0.22.1") == []


def test_a_monorepo_placeholder_cli_beside_its_placeholder_core_is_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cdk-terrain's examples: cdktn 0.0.0 and cdktn-cli 0.0.0, both linked from the workspace."""
    from packaging.version import Version

    from compat.check.rules import ver021_ci_pins

    monkeypatch.setattr(ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.24.0")])
    assert _cdktn_findings(tmp_path, "0.0.0", "23.0.0", "0.0.0") == []


def test_a_cdktn_cli_of_another_minor_names_what_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packaging.version import Version

    from compat.check.rules import ver021_ci_pins

    monkeypatch.setattr(ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.24.0")])
    [(severity, message, fix)] = _cdktn_findings(tmp_path, "0.22.1", "23.0.0", "0.24.0")
    assert severity == "warning" and "cdktn-cli 0.24.0" in message and "cdktn 0.22.1" in message
    assert fix.startswith("install cdktn-cli@0.22 (the core's minor; compat's npm data lists only 0.24.0")
    assert "'npm view cdktn-cli@0.22 version' confirms it is published" in fix
    # where the data lists a release of the core's minor, the fix names it
    monkeypatch.setattr(
        ver021_ci_pins, "cli_releases_on_npm", lambda package: [Version("0.22.1"), Version("0.24.0")]
    )
    [(_severity, _message, fix)] = _cdktn_findings(tmp_path / "again", "0.22.1", "23.0.0", "0.24.0")
    assert fix == "install cdktn-cli@0.22.1 (the core's minor)"
    assert _cdktn_findings(tmp_path / "same", "0.24.0", "25.8.1", "0.24.0") == []


TOFU = "https://github.com/opentofu/opentofu/tags"


def _with_opentofu(monkeypatch: pytest.MonkeyPatch) -> None:
    document = {
        **DOCUMENT,
        "clis": {
            **DOCUMENT["clis"],  # type: ignore[dict-item]
            "opentofu": {
                "releases": {"1.8.0": TOFU, "1.8.1": TOFU, "1.9.0": TOFU},
                "complete_until": "2026-08-22T16:45:57Z",
                "sources": [{"url": TOFU, "complete": True}],
            },
        },
    }
    monkeypatch.setattr(
        cli_releases, "load_cli_releases", lambda cli: cli_releases.parse_cli_releases(document, cli)
    )


def _repository_findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int, str]]:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf import App\n", **files})
    (root / ".git").mkdir()
    return [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER021",)).findings]


DOCKERFILE = """\
FROM node:20 AS build
# FROM hashicorp/terraform:0.12.0 (a comment is no pin)
FROM hashicorp/terraform:{terraform} AS terraform
COPY --from=ghcr.io/opentofu/opentofu:{tofu}-minimal /usr/local/bin/tofu /usr/local/bin/tofu
FROM hashicorp/terraform:light
"""


def test_dockerfile_cli_images_are_pins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_opentofu(monkeypatch)
    clean = {"Dockerfile": DOCKERFILE.format(terraform="1.5.7", tofu="1.8.0")}
    assert _repository_findings(tmp_path / "a", clean) == []
    wrong = {"Dockerfile": DOCKERFILE.format(terraform="1.1.9", tofu="1.8.2")}
    (terraform, tofu) = _repository_findings(tmp_path / "b", wrong)
    assert terraform[:3] == ("warning", "Dockerfile", 3)
    assert "installs Terraform 1.1.9 (Dockerfile hashicorp/terraform)" in terraform[3]
    assert "supports Terraform >= 1.2.0" in terraform[3]
    assert tofu[:3] == ("error", "Dockerfile", 4)
    assert "OpenTofu 1.8.2" in tofu[3] and "nearest are 1.8.1 and 1.9.0" in tofu[3]


def test_setup_opentofu_and_a_gitlab_image_are_pins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_opentofu(monkeypatch)
    workflow = (
        "on: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: opentofu/setup-opentofu@v1\n        with:\n          tofu_version: 1.8.5\n"
    )
    gitlab = (
        "plan:\n  image:\n    name: hashicorp/terraform:1.5.8\n    entrypoint: ['']\n  script: [tofu plan]\n"
    )
    found = _repository_findings(tmp_path, {".github/workflows/ci.yml": workflow, ".gitlab-ci.yml": gitlab})
    assert [(f[0], f[1], f[2]) for f in found] == [
        ("error", ".github/workflows/ci.yml", 8),
        ("error", ".gitlab-ci.yml", 3),
    ]
    assert "OpenTofu 1.8.5 (with.tofu_version)" in found[0][3]
    assert "Terraform 1.5.8 (image hashicorp/terraform)" in found[1][3]


UNVERSIONED = """\
on: push
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - run: npm install -g cdktf-cli
      - run: npm install --global cdktf-cli@latest
      - run: cdktf get
"""


def test_an_unversioned_cdktf_cli_install_is_the_archived_lines_final_release(tmp_path: Path) -> None:
    """``npm install -g cdktf-cli`` gets npm's ``latest`` (0.21.0, frozen since the archive): beside a
    0.20 core it is the pin of another minor; an ``upgrade`` script asking for ``@latest`` is no pin."""
    root = make_project(
        tmp_path / "p",
        {
            "main.py": "from cdktf import App\n",
            ".github/workflows/ci.yml": UNVERSIONED,
            "package.json": '{"scripts": {"upgrade": "npm i cdktf@latest cdktf-cli@latest"}}\n',
        },
    )
    (root / ".git").mkdir()
    found = [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER021",)).findings]
    assert [(severity, path, line) for severity, path, line, _ in found] == [
        ("warning", ".github/workflows/ci.yml", 6),
        ("warning", ".github/workflows/ci.yml", 7),
    ]
    assert "cdktf-cli with no version (npm's 'latest': 0.21.0" in found[0][3]
    assert "cdktf-cli@latest (npm's 'latest': 0.21.0" in found[1][3]
    assert "cdktf 0.20.12" in found[0][3]


def test_an_unversioned_cdktf_cli_beside_the_final_core_is_clean(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": "from cdktf import App\n", ".github/workflows/ci.yml": UNVERSIONED},
        core="0.21.0",
        bindings="21.22.1",
    )
    (root / ".git").mkdir()
    assert list(check(root, select=("VER021",)).findings) == []


def test_npx_of_the_projects_own_cdktf_cli_is_no_unversioned_install(tmp_path: Path) -> None:
    """``npx cdktf-cli synth`` runs the cdktf-cli package.json declares, not npm's ``latest``."""
    workflow = UNVERSIONED.replace("npm install -g cdktf-cli", "npx cdktf-cli synth").replace(
        "      - run: npm install --global cdktf-cli@latest\n", ""
    )
    files = {"main.py": "from cdktf import App\n", ".github/workflows/ci.yml": workflow}
    root = make_project(tmp_path / "p", files)
    (root / ".git").mkdir()
    assert list(check(root, select=("VER021",)).findings) == []


@pytest.mark.parametrize(("spec", "found"), [("~=0.20.0", 2), (">=0.20", 0)])
def test_latest_cli_beside_an_unlocked_core_range(tmp_path: Path, spec: str, found: int) -> None:
    """No lock pins cdktf: the 0.21.0 CLI's minor check stands only when every release pip could pick
    with the bindings range is of another minor (``~=0.20.0``), saying what was assumed; ``>=0.20`` beside
    ``>=19.65.1`` admits cdktf 0.21.0 (with bindings 21.22.1)."""
    files = {"main.py": "from cdktf import App\n", ".github/workflows/ci.yml": UNVERSIONED}
    root = make_project(tmp_path / "p", files)
    (root / "Pipfile").write_text(f'[packages]\ncdktf = "{spec}"\ncdktf-cdktf-provider-aws = ">=19.65.1"\n')
    (root / ".git").mkdir()
    findings = [f for f in check(root, select=("VER021",)).findings]
    assert len(findings) == found
    assert all(f.severity == "warning" and "every release it could pick" in f.message for f in findings)


@pytest.mark.parametrize("name", [".tool-versions", "mise.toml", ".config/mise.toml"])
def test_a_mise_cli_pin_is_a_pin_as_in_tool_versions(tmp_path: Path, name: str) -> None:
    text = "terraform 1.5.8\n" if name == ".tool-versions" else '[tools]\nterraform = "1.5.8"\n'
    [(severity, path, _line, message)] = _repository_findings(tmp_path, {name: text})
    assert (severity, path) == ("error", name)
    assert "installs Terraform 1.5.8" in message and "nearest are 1.5.7 and 1.6.0" in message


def test_a_mise_cli_pin_for_macos_only_is_no_pin(tmp_path: Path) -> None:
    # mise on Linux (CI) installs no terraform from this entry: nothing to judge
    files = {"mise.toml": '[tools]\nterraform = { version = "1.5.8", os = ["macos"] }\n'}
    assert _repository_findings(tmp_path, files) == []


def _two_projects(tmp_path: Path, files: dict[str, str]) -> dict[str, list[str]]:
    """A repository with projects ``main`` and ``other`` and CI ``files`` at its root: VER021 of each."""
    (tmp_path / ".git").mkdir(parents=True)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    found = {}
    for name in ("main", "other"):
        root = make_project(tmp_path / name, {"main.py": "from cdktf import App\n"})
        found[name] = [f.message for f in check(root, select=("VER021",)).findings]
    return found


def _steps(steps: str, top: str = "", job: str = "") -> dict[str, str]:
    return {
        ".github/workflows/ci.yml": f"on: push\n{top}jobs:\n  ci:\n    runs-on: ubuntu-latest\n{job}"
        f"    steps:\n      - uses: actions/checkout@v4\n{steps}"
    }


INSTALL = "npm i -g cdktf-cli@0.19.2"
IN_MAIN = {
    "cd on an earlier line": _steps(f"      - run: |\n          cd main\n          {INSTALL}\n"),
    "cd && on the line": _steps(f"      - run: cd ./main/ && {INSTALL}\n"),
    "step working-directory": _steps(f"      - working-directory: main\n        run: {INSTALL}\n"),
    "job defaults": _steps(
        f"      - run: {INSTALL}\n", job="    defaults:\n      run:\n        working-directory: main\n"
    ),
    "workflow defaults": _steps(
        f"      - run: {INSTALL}\n", top="defaults:\n  run:\n    working-directory: main\n"
    ),
    "gitlab script": {".gitlab-ci.yml": f"deploy:\n  script:\n    - cd main\n    - {INSTALL}\n"},
    "circleci cd": {
        ".circleci/config.yml": f"jobs:\n  d:\n    steps:\n      - checkout\n"
        f"      - run: cd main && {INSTALL}\n"
    },
}
ANYWHERE = {
    "circleci working_directory": {
        ".circleci/config.yml": f"jobs:\n  d:\n    working_directory: ~/x\n    steps:\n"
        f"      - run: cd main && {INSTALL}\n"
    },
    "no folder": _steps(f"      - run: {INSTALL}\n"),
    "matrix folder": _steps(f"      - working-directory: ${{{{ matrix.dir }}}}\n        run: {INSTALL}\n"),
    "cd to a variable": _steps(f"      - run: |\n          cd $APP\n          {INSTALL}\n"),
    "cd back to the root": _steps(
        f"      - run: |\n          cd main\n          cd ..\n          {INSTALL}\n"
    ),
    "cd in a subshell": _steps(f"      - run: |\n          (cd main && make)\n          {INSTALL}\n"),
    "checkout elsewhere": _steps(
        f"      - uses: actions/checkout@v4\n        with: {{path: src}}\n"
        f"      - run: |\n          cd main\n          {INSTALL}\n"
    ),
}


@pytest.mark.parametrize("shape", IN_MAIN)
def test_a_ci_step_run_in_one_projects_folder_is_that_projects_only(tmp_path: Path, shape: str) -> None:
    found = _two_projects(tmp_path, IN_MAIN[shape])
    assert len(found["main"]) == 1 and "cdktf-cli 0.19.2" in found["main"][0]
    assert found["other"] == []


@pytest.mark.parametrize("shape", ANYWHERE)
def test_a_ci_step_with_no_literal_folder_applies_to_every_project(tmp_path: Path, shape: str) -> None:
    found = _two_projects(tmp_path, ANYWHERE[shape])
    assert found["main"] == found["other"] and len(found["main"]) == 1


def test_a_ci_step_in_a_folder_holding_the_project_or_inside_it_is_the_projects(tmp_path: Path) -> None:
    steps = f"      - run: cd apps && {INSTALL}\n      - run: cd apps/main/src && {INSTALL}\n"
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text(_steps(steps)[".github/workflows/ci.yml"])
    root = make_project(tmp_path / "apps" / "main", {"main.py": "from cdktf import App\n"})
    assert len(check(root, select=("VER021",)).findings) == 2


LOCAL = "npm i cdktf-cli@0.19.2"
CDK_ACTION = (
    "      - uses: hashicorp/terraform-cdk-action@v5\n        with:\n          cdktfVersion: 0.19.2\n"
)
SECOND_JOB = "  other:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cd other && cdktf synth\n"
#: where each shape's pin counts: a global install (and a setup action, terraform-cdk-action's cdktfVersion)
#: for the folders of its job's later commands; a local one where it runs
REACH = {
    "global install, a later step of the job in the other project": (
        _steps(f"      - run: cd main && {INSTALL}\n      - run: cd other && cdktf synth\n"),
        ["main", "other"],
    ),
    "global install, the same line goes on in the other project": (
        _steps(f"      - run: cd main && {INSTALL} && cd ../other && cdktf synth\n"),
        ["main", "other"],
    ),
    "global install, a later step at the root": (
        _steps(f"      - run: cd main && {INSTALL}\n      - run: npm test\n"),
        ["main", "other"],
    ),
    "global install, later steps at the root that can run no CLI (exit, echo, mkdir)": (
        _steps(
            f"      - run: cd main && {INSTALL}\n      - run: cd main && cdktf deploy\n"
            "      - run: exit 1\n      - run: |\n          mkdir state\n"
            "          echo \\`\\`\\` >> state/out.md\n"
        ),
        ["main"],
    ),
    "global install, a later echo at the root running the CLI in a substitution": (
        _steps(f'      - run: cd main && {INSTALL}\n      - run: echo "$(cdktf --version)"\n'),
        ["main", "other"],
    ),
    "global install, later steps in its own project only": (
        _steps("      - run: npm i -g cdktf-cli@0.19.2\n      - run: cd main && cdktf synth\n"),
        ["main"],
    ),
    "global install, the other project in another job": (
        {},
        ["main"],
    ),
    "global install continued on the next line": (
        _steps(
            "      - run: |\n          cd main\n          npm i -g \\\n            cdktf-cli@0.19.2\n"
            "          cd ../other && cdktf synth\n"
        ),
        ["main", "other"],
    ),
    "local install, a later step in the other project": (
        _steps(f"      - run: cd main && {LOCAL}\n      - run: cd other && cdktf synth\n"),
        ["main"],
    ),
    "yarn global add in a step's folder, the other project later": (
        _steps(
            "      - working-directory: main\n        run: yarn global add cdktf-cli@0.19.2\n"
            "      - working-directory: other\n        run: cdktf synth\n"
        ),
        ["main", "other"],
    ),
    "terraform-cdk-action in a workingDirectory": (
        _steps(CDK_ACTION + "          workingDirectory: ./main\n"),
        ["main"],
    ),
    "terraform-cdk-action at the root": (_steps(CDK_ACTION), ["main", "other"]),
    "terraform-cdk-action, the other project later in the job": (
        _steps(CDK_ACTION + "          workingDirectory: main\n      - run: cd other && cdktf synth\n"),
        ["main", "other"],
    ),
    "terraform-cdk-action, a local action later": (
        _steps(CDK_ACTION + "          workingDirectory: main\n      - uses: ./.github/actions/synth\n"),
        ["main", "other"],
    ),
    "npm --prefix": (_steps("      - run: npm --prefix main i cdktf-cli@0.19.2\n"), ["main"]),
    "pnpm -C": (_steps("      - run: pnpm -C main add cdktf-cli@0.19.2\n"), ["main"]),
    "yarn --cwd": (_steps("      - run: yarn --cwd main add cdktf-cli@0.19.2\n"), ["main"]),
    "cd inside an if block over several lines": (
        _steps(
            '      - run: |\n          if [ -n "$X" ]; then\n'
            f"            cd main\n          fi\n          {LOCAL}\n"
        ),
        ["main", "other"],
    ),
    "if cd": (_steps(f"      - run: if cd main; then {LOCAL}; fi\n"), ["main"]),
    "gitlab before_script cd": (
        {".gitlab-ci.yml": f"deploy:\n  before_script:\n    - cd main\n  script:\n    - {LOCAL}\n"},
        ["main"],
    ),
    "gitlab before_script cd, a script written as one string": (
        {".gitlab-ci.yml": f"deploy:\n  before_script: [cd apps]\n  script: cd ../main && {LOCAL}\n"},
        ["main"],
    ),
    "gitlab before_script with a !reference, a relative cd in the script": (
        {
            ".gitlab-ci.yml": ".setup:\n  script: [cd apps]\n"
            "deploy:\n  before_script:\n    - !reference [.setup, script]\n"
            f"  script:\n    - cd main && {LOCAL}\n"  # apps/main, not main
        },
        ["main", "other"],
    ),
    "gitlab job extending a template of this file that changes no folder": (
        {
            ".gitlab-ci.yml": ".common:\n  before_script: [npm ci]\n"
            f"deploy:\n  extends: .common\n  script:\n    - cd main\n    - {LOCAL}\n"
        },
        ["main"],
    ),
    "gitlab job extending a template of another file": (
        {
            ".gitlab-ci.yml": "include: ci/templates.yml\n"
            f"deploy:\n  extends: [.common]\n  script:\n    - cd main\n    - {LOCAL}\n"
        },
        ["main", "other"],
    ),
    "gitlab quoted cd": (
        {".gitlab-ci.yml": f"deploy:\n  script:\n    - \"cd main\"\n    - '{LOCAL}'\n"},
        ["main"],
    ),
    "gitlab script written before its before_script": (
        {".gitlab-ci.yml": f"deploy:\n  script:\n    - {LOCAL}\n  before_script:\n    - cd main\n"},
        ["main", "other"],
    ),
    "gitlab default before_script cd": (
        {
            ".gitlab-ci.yml": "default:\n  before_script:\n    - cd main\n"
            f"deploy:\n  script:\n    - cd sub && {LOCAL}\n"
        },
        ["main", "other"],
    ),
    "gitlab global install, another job in the other project": (
        {
            ".gitlab-ci.yml": f"a:\n  script:\n    - cd main\n    - {INSTALL}\n"
            "b:\n  script:\n    - cd other\n    - cdktf synth\n"
        },
        ["main"],
    ),
    "gitlab global install, the job goes on in the other project": (
        {
            ".gitlab-ci.yml": f"a:\n  script:\n    - cd main\n    - {INSTALL}\n"
            "    - cd ../other && cdktf synth\n"
        },
        ["main", "other"],
    ),
}
REACH["global install, the other project in another job"] = (
    {
        ".github/workflows/ci.yml": _steps(f"      - run: cd main && {INSTALL}\n")[".github/workflows/ci.yml"]
        + SECOND_JOB
    },
    ["main"],
)


@pytest.mark.parametrize("shape", REACH)
def test_a_ci_pin_counts_where_the_runner_uses_it(tmp_path: Path, shape: str) -> None:
    files, where = REACH[shape]
    found = _two_projects(tmp_path, files)
    assert [name for name in ("main", "other") if found[name]] == where
    assert all(len(found[name]) == 1 and "cdktf-cli 0.19.2" in found[name][0] for name in where)


@pytest.mark.parametrize(
    ("later", "where"),
    [
        ("      - run: cdktf synth\n        working-directory: main\n", ["main"]),
        ("      - run: cdktf synth\n", ["main", "other"]),  # at the root: any project
        ("", ["main", "other"]),  # nothing later: as before, every project
    ],
)
def test_a_setup_actions_version_counts_for_the_folders_its_job_runs_in(
    tmp_path: Path, later: str, where: list[str]
) -> None:
    setup = "      - uses: hashicorp/setup-terraform@v3\n        with:\n          terraform_version: 1.5.8\n"
    found = _two_projects(tmp_path, _steps(setup + later))
    assert [name for name in ("main", "other") if found[name]] == where
    assert all("installs Terraform 1.5.8" in found[name][0] for name in where)


ACTION = """\
name: setup
inputs:
  cli-version:
    default: {default}
runs:
  using: composite
  steps:
    - run: npm install -g cdktf-cli@${{{{ inputs.cli-version }}}}
      shell: bash
"""


def _action_findings(tmp_path: Path, default: str, caller: str = "") -> list[tuple[str, str, int, str]]:
    root = make_project(
        tmp_path / f"p{default}{len(caller)}",
        {
            "main.py": "from cdktf import App\n",
            ".github/actions/setup/action.yml": ACTION.format(default=default),
            ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: ./.github/actions/setup\n" + caller,
        },
    )
    (root / ".git").mkdir()
    return [(f.severity, f.path, f.line, f.message) for f in check(root, select=("VER021",)).findings]


def test_a_cli_version_read_from_the_actions_own_input_default_is_judged(tmp_path: Path) -> None:
    [(severity, path, line, message)] = _action_findings(tmp_path, "0.19.2")
    assert (severity, path, line) == ("warning", ".github/actions/setup/action.yml", 8)
    assert "cdktf-cli 0.19.2 (run, input cli-version default at line 4)" in message


def test_an_input_a_caller_passes_is_not_read_from_its_default(tmp_path: Path) -> None:
    passed = "        with:\n          cli-version: 0.20.0\n"
    assert _action_findings(tmp_path, "0.19.2", passed) == []
    assert _action_findings(tmp_path, "0.20.0") == []
