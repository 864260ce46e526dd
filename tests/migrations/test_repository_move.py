"""``migrate --to cdktn`` moves the whole repository: package.json, CI, Makefile, Dockerfile, version
files; what it cannot move is listed with file and line; a second run changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.version import Version

from compat.cli import main
from compat.families import CDKTF, CDKTN
from compat.mentions import scan_repository
from compat.migrations.repository import ToolTarget, plan_repository_move, renamed
from tests.conftest import FIXTURES
from tests.conftest import indexed as _indexed
from tests.mentions.test_scan import WORKFLOW

needs_cdktn = pytest.mark.skipif(
    not _indexed("cdktn-provider-aws", "23.0.0", "25.0.0")
    or not _indexed("cdktf-cdktf-provider-aws", "21.22.1"),
    reason="no cdktn index",
)


def _repository(tmp_path: Path) -> Path:
    """A git repository with the cdktf 0.21 fixture project in infra/ and its CI around it."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    infra = tmp_path / "infra"
    shutil.copytree(FIXTURES / "migrations" / "cdktf021", infra)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    (infra / "package.json").write_text(
        '{\n  "scripts": {"synth": "npx cdktf synth"},\n'
        '  "devDependencies": {"cdktf-cli": "^0.21.0", "constructs": "10.3.0"}\n}\n'
    )
    (infra / "Makefile").write_text("synth:\n\tcdktf synth\n\tcdktf deploy --auto-approve\n")
    (tmp_path / ".nvmrc").write_text("20\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    return infra


def _without_the_cli_from_npm(infra: Path) -> None:
    """No CI workflow and no package.json: nothing installs the CLI from npm (its minors do not bound
    the hops)."""
    (infra.parent / ".github" / "workflows" / "ci.yml").unlink()
    (infra / "package.json").unlink()


def _target(core: str, floor: str | None = None) -> ToolTarget:
    return ToolTarget(CDKTN, Version(core), Version(floor) if floor else None, "cdktn-cli engines.node")


def test_renames_follow_the_family() -> None:
    assert renamed("cdktf-cli", CDKTN) == "cdktn-cli"
    assert renamed("@cdktf/provider-google", CDKTN) == "@cdktn/provider-google"
    assert renamed("cdktf-cdktf-provider-aws", CDKTN) == "cdktn-provider-aws"
    assert renamed("cdktn", CDKTF) == "cdktf"
    assert renamed("constructs", CDKTN) == "constructs"


def test_edits_keep_every_other_byte(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    (infra / "Makefile").write_bytes(b"synth:\r\n\tcdktf synth   \r\n")
    move = plan_repository_move(scan_repository(infra), _target("0.22.1"))
    by_name = {c.path.name: c for c in move.changes}
    assert by_name["Makefile"].after == "synth:\r\n\tcdktn synth   \r\n"
    workflow = by_name["ci.yml"].after
    assert workflow == (
        WORKFLOW.replace("cdktf-cli@0.21.0\n", "cdktn-cli@0.22.1\n", 1).replace(
            "cd infra && cdktf synth", "cd infra && cdktn synth"
        )
    )
    assert json.loads(by_name["package.json"].after)["devDependencies"] == {
        "cdktn-cli": "^0.22.1",
        "constructs": "10.3.0",
    }


def test_an_unversioned_cli_install_is_pinned_to_the_target_core(tmp_path: Path) -> None:
    """``npm install -g cdktf-cli`` would become npm's latest cdktn-cli (0.24.x) beside a 0.22.1 core, and
    that CLI's 'get' stops on the other minor: the install names the target's release; an upgrade script
    keeps asking for the newest."""
    infra = _repository(tmp_path)
    (infra / "Dockerfile").write_text(
        "FROM node:22\nRUN npm install -g cdktf-cli && npm i -g cdktf-cli@latest\nRUN npx cdktf-cli synth\n"
    )
    (infra / "package.json").write_text('{"scripts": {"upgrade": "npm i cdktf@latest cdktf-cli@latest"}}\n')
    move = plan_repository_move(scan_repository(infra), _target("0.22.1"))
    by_name = {c.path.name: c.after for c in move.changes}
    assert by_name["Dockerfile"] == (
        "FROM node:22\nRUN npm install -g cdktn-cli@0.22.1 && npm i -g cdktn-cli@0.22.1\n"
        "RUN npx cdktn-cli@0.22.1 synth\n"
    )
    assert json.loads(by_name["package.json"])["scripts"] == {
        "upgrade": "npm i cdktn@latest cdktn-cli@latest"
    }


def test_what_cannot_move_is_listed_with_file_and_line(tmp_path: Path) -> None:
    move = plan_repository_move(scan_repository(_repository(tmp_path)), _target("0.22.1"))
    listed = {(u.path, u.line, u.symbol.split("@")[0]) for u in move.unresolved}
    assert listed == {
        (".github/workflows/ci.yml", 17, "cdktf-cli"),  # a version built at run time
        (".github/workflows/ci.yml", 18, "hashicorp/terraform-cdk-action"),  # installs cdktf-cli
    }


def test_node_floor_is_raised_in_the_form_written(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    (tmp_path / ".tool-versions").write_text("nodejs 20.11.0\nterraform 1.5.7\n")
    (infra / "package.json").write_text('{"engines": {"node": ">=20"}}')
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    after = {c.path.name: c.after for c in move.changes}
    assert after[".nvmrc"] == "22\n"
    assert after[".tool-versions"] == "nodejs 22.19.0\nterraform 1.5.7\n"
    assert after["package.json"] == '{"engines": {"node": ">=22.19.0"}}'
    assert 'node-version: "22"' in after["ci.yml"]
    # already high enough: untouched
    (tmp_path / ".nvmrc").write_text("24\n")
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    assert ".nvmrc" not in {c.path.name for c in move.changes}


@needs_cdktn
def test_migrate_moves_the_whole_repository_and_applies_with_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _repository(tmp_path)
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 1  # two items left by hand
    captured = capsys.readouterr()
    diff, summary = captured.out, captured.err
    assert "--- a/.github/workflows/ci.yml" in diff and "--- a/infra/requirements.txt" in diff
    # the CI (npm i -g cdktf-cli@0.21.0) and package.json install the CLI from npm; compat's npm data
    # (a partial mirror's) lists cdktn-cli 0.24.0 alone, which is no evidence npm lacks 0.22.1: the
    # default stays the rename-only hop, and the plan says once what it assumed
    assert "+cdktn==0.22.1" in diff and "+cdktn-provider-aws==23.0.0" in diff
    assert "+          npm i -g cdktn-cli@0.22.1\n" in diff
    assert f"relative to {tmp_path}" in summary
    assert "hop 1/3 cdktn==0.22.1 (this move): " in summary and "blocked" not in summary
    assert summary.count("compat's npm data has no cdktn-cli 0.22.1 (it lists 1 of the ") == 1
    assert "'npm view cdktn-cli@0.22.1 version' confirms" in summary
    patch = tmp_path / "move.diff"
    patch.write_text(diff)
    subprocess.run(["git", "-C", str(tmp_path), "apply", str(patch)], check=True)
    assert "cdktn synth" in (infra / "Makefile").read_text()
    assert '"cdktn-cli": "^0.22.1"' in (infra / "package.json").read_text()
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 1
    assert capsys.readouterr().out == ""  # a second run changes nothing


@needs_cdktn
def test_write_edits_the_ci_of_the_repository_above_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--write`` writes every file of the diff, the workflow at the repository root included (it was
    refused as outside the project folder, so the move wrote nothing)."""
    infra = _repository(tmp_path)
    main(["migrate", str(infra), "--to", "cdktn", "--offline"])
    diff = capsys.readouterr().out
    main(["migrate", str(infra), "--to", "cdktn", "--offline", "--write"])
    assert "nothing written" not in capsys.readouterr().err
    assert "npm i -g cdktn-cli@0.22.1" in (tmp_path / ".github" / "workflows" / "ci.yml").read_text()
    assert "cdktn==0.22.1" in (infra / "requirements.txt").read_text()
    written = subprocess.run(
        ["git", "-C", str(tmp_path), "diff"], capture_output=True, text=True, check=True
    ).stdout
    assert sorted(line for line in written.splitlines() if line.startswith(("+", "-"))) == sorted(
        line for line in diff.splitlines() if line.startswith(("+", "-"))
    )


@needs_cdktn
def test_without_the_cli_from_npm_the_default_is_the_rename_only_hop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _repository(tmp_path)
    _without_the_cli_from_npm(infra)  # the Makefile runs whatever cdktn is on PATH
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline"]) == 0
    captured = capsys.readouterr()
    assert "+cdktn-provider-aws==23.0.0" in captured.out  # the smallest move: AWS 6.25 -> 6.32, no major
    assert "+cdktn==0.22.1" in captured.out
    assert "hop 1/3 cdktn==0.22.1 (this move)" in captured.err and "blocked" not in captured.err


@needs_cdktn
def test_to_cdktn_024_raises_node_and_constructs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    infra = _repository(tmp_path)
    (infra / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.10"\n')
    main(["migrate", str(infra), "--to", "cdktn==0.24.0", "--offline"])
    diff = capsys.readouterr().out
    assert "+cdktn==0.24.0" in diff
    assert "+cdktn-provider-aws==25.0.0" in diff
    assert "+22" in diff  # .nvmrc
    assert "constructs<10.8.0,>=10.6.0" in diff or "constructs>=10.6.0,<10.8.0" in diff


@needs_cdktn
def test_to_cdktn_024_declares_the_project_cli_as_targets_naming_its_file_relatively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cdktn 0.24 validates against targetVersions (default terraform >=1.5.7): the move writes the
    project's own CLI floor, and the note names where it came from as the check does, relative to the
    project (an absolute path leaks the machine's layout into a pull request)."""
    infra = _repository(tmp_path)
    (infra / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.10"\n')
    (infra / ".terraform-version").write_text("1.9.8\n")
    main(["migrate", str(infra), "--to", "cdktn==0.24.0", "--offline"])
    captured = capsys.readouterr()
    assert '+  "targetVersions": {"terraform": ">=1.9.8"},' in captured.out
    (note,) = [line for line in captured.err.splitlines() if "targetVersions {" in line]
    assert "from .terraform-version (" in note and str(tmp_path) not in note


@needs_cdktn
def test_mixed_families_move_to_the_release_built_for_the_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktn==0.22.1\ncdktn-provider-aws==22.1.0\n")
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "main.py").write_text(
        "from cdktn import App\nfrom cdktn_provider_aws.provider import AwsProvider\n"
    )
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 0
    assert (root / "requirements.txt").read_text() == "cdktn==0.22.1\ncdktn-provider-aws==23.0.0\n"
    capsys.readouterr()
    assert main(["migrate", str(root), "--to", "cdktn", "--offline"]) == 0
    assert capsys.readouterr().out == ""


@needs_cdktn
def test_committed_generated_bindings_are_listed_with_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _repository(tmp_path)
    module = infra / "imports" / "vpc"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text("import cdktf\nfrom cdktf import TerraformModule\n")
    main(["migrate", str(infra), "--to", "cdktn", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    (item,) = [u for u in payload["unresolved"] if u["path"] == "imports/"]
    assert item["replacement"] == "cdktn get" and "1 generated file(s)" in item["symbol"]
    assert payload["apply_from"] == str(tmp_path)
    assert all(not f["path"].startswith(("/", "..")) for f in payload["files"])


@needs_cdktn
def test_a_hop_the_python_range_rules_out_is_unresolved_with_the_narrowing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infra = _repository(tmp_path)
    _without_the_cli_from_npm(infra)
    (infra / "requirements.txt").unlink()
    (infra / "pyproject.toml").write_text(  # Poetry locks for every Python the range admits
        '[tool.poetry]\nname = "x"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = ">=3.9,<3.12"\n'
        'cdktf = "0.21.0"\ncdktf-cdktf-provider-aws = "21.22.1"\n'
    )
    main(["migrate", str(infra), "--to", "cdktn==0.24.0", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    (item,) = [u for u in payload["unresolved"] if u["symbol"] == "cdktn==0.24.0"]
    assert "needs Python >=3.10" in item["reason"]
    assert item["replacement"].startswith("narrow the project's Python to >=3.10")
    assert main(["migrate", str(infra), "--to", "cdktn", "--offline", "--format", "json"]) == 0
    chosen = [h for h in json.loads(capsys.readouterr().out)["hops"] if h["chosen"]]
    assert chosen[0]["core"] == "0.22.1" and chosen[0]["blocked"] is None


@needs_cdktn
def test_markdown_shows_the_staged_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    infra = _repository(tmp_path)
    _without_the_cli_from_npm(infra)
    main(["migrate", str(infra), "--to", "cdktn", "--offline", "--format", "markdown"])
    out = capsys.readouterr().out
    assert "| 1 (this move) | `cdktn==0.22.1` | `cdktn-provider-aws==23.0.0` | 6.32.1 |  |" in out
    assert f"| apply from | `{tmp_path}` (`git apply`) |" in out


@needs_cdktn
def test_a_root_manifest_is_in_the_diff_relative_to_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    infra = tmp_path / "infra"
    shutil.copytree(FIXTURES / "migrations" / "cdktf021", infra)
    (infra / "requirements.txt").unlink()
    (tmp_path / "Pipfile").write_text(
        '[packages]\ncdktf = "==0.21.0"\ncdktf-cdktf-provider-aws = "==21.22.1"\n\n'
        '[requires]\npython_version = "3.11"\n'
    )
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    main(["migrate", str(infra), "--to", "cdktn", "--offline"])
    diff = capsys.readouterr().out
    assert "--- a/Pipfile\n" in diff and "--- a/infra/main.py\n" in diff and "a//" not in diff
    patch = tmp_path / "d.diff"
    patch.write_text(diff)
    subprocess.run(["git", "-C", str(tmp_path), "apply", str(patch)], check=True)
    assert 'cdktn = "==0.22.1"' in (tmp_path / "Pipfile").read_text()


@pytest.mark.parametrize("cli_from_npm", [True, False])
def test_a_core_only_move_takes_the_rename_only_hop_whatever_the_npm_data_lists(
    tmp_path: Path, cli_from_npm: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # a project with no prebuilt bindings moves its core alone; its package.json installs the CLI from
    # npm, and compat's npm data lists cdktn-cli 0.24.0 alone: an assumption, said, never a block
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktf==0.20.0\n")
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "main.py").write_text("from cdktf import App\n")
    if cli_from_npm:
        (root / "package.json").write_text('{"devDependencies": {"cdktf-cli": "0.20.0"}}\n')
    main(["migrate", str(root), "--to", "cdktn", "--offline"])
    captured = capsys.readouterr()
    assert "+cdktn==0.22.1" in captured.out and "passed by" not in captured.err
    if cli_from_npm:
        assert '"cdktn-cli": "0.22.1"' in captured.out
        assert "compat's npm data has no cdktn-cli 0.22.1" in captured.err
    else:
        assert "compat's npm data" not in captured.err


def test_mise_node_moves_with_the_other_node_pins_keeping_every_other_byte(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    text = '# tools\n[tools]\nnode = "20"   # keep this\nterraform = "1.9.0"\n\n[env]\nX = "node = 20"\n'
    (tmp_path / "mise.toml").write_text(text)
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    after = {c.path.name: c.after for c in move.changes}
    assert after["mise.toml"] == text.replace('node = "20"', 'node = "22"')
    (tmp_path / "mise.toml").write_text(after["mise.toml"])
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    assert "mise.toml" not in {c.path.name for c in move.changes}


@pytest.mark.parametrize(
    ("value", "moved"),
    [
        ("'''\n20'''", "'''22'''"),  # a multi-line literal string: its first newline goes with the value
        ('"""20"""', '"""22"""'),
        ("'20'", "'22'"),
        ('"\\u0032\\u0030"', '"22"'),
        ('"prefix:20"', '"prefix:22"'),
    ],
)
def test_mise_node_in_any_string_form_moves_keeping_every_other_byte(
    tmp_path: Path, value: str, moved: str
) -> None:
    infra = _repository(tmp_path)
    text = f"# tools\n[tools]\nnode = {value}   # keep\nterraform = '1.9.0'\n"
    (tmp_path / "mise.toml").write_text(text)
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    after = {c.path.name: c.after for c in move.changes}
    assert after["mise.toml"] == text.replace(value, moved)
    assert not [u for u in move.unresolved if u.path == "mise.toml"]


def test_mise_node_with_no_string_is_a_leftover_at_its_line(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    (tmp_path / "mise.toml").write_text("[env]\nA = 1\n[tools]\nnode = 20\n")
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    assert "mise.toml" not in {c.path.name for c in move.changes}
    (left,) = [u for u in move.unresolved if u.path == "mise.toml"]
    assert left.line == 4 and "set it to 22 by hand" in left.reason


def test_mise_node_built_from_a_ref_is_a_leftover(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    (tmp_path / "mise.toml").write_text('[tools]\nnode = "ref:v20.11.0"\n')
    move = plan_repository_move(scan_repository(infra), _target("0.24.0", "22.19.0"))
    (left,) = [u for u in move.unresolved if u.path == "mise.toml"]
    assert left.line == 2 and "cannot be compared with the floor" in left.reason


def test_a_ci_step_run_in_another_projects_folder_is_not_moved_with_this_one(tmp_path: Path) -> None:
    infra = _repository(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "migrations" / "cdktf021", other)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        WORKFLOW.replace("cd infra && cdktf synth", "cd infra && cdktf synth\n          cdktf deploy")
    )
    moved = {
        c.path.name: c.after for c in plan_repository_move(scan_repository(infra), _target("0.22.1")).changes
    }
    assert "cd infra && cdktn synth\n          cdktn deploy" in moved["ci.yml"]
    # the other project moves what runs anywhere (the unscoped install), not infra's synth and deploy
    kept = {
        c.path.name: c.after for c in plan_repository_move(scan_repository(other), _target("0.22.1")).changes
    }
    assert "cdktn-cli@0.22.1\n" in kept["ci.yml"]
    assert "cd infra && cdktf synth\n          cdktf deploy" in kept["ci.yml"]
