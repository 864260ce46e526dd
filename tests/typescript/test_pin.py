"""``compat pin`` on a TypeScript project, over recorded npm packuments (cdktf, @cdktf/provider-random,
@cdktf/provider-null: the registry's answers, trimmed to the newest versions and the fields compat reads)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compat.cli import main
from compat.databuild.npm import npm_section
from compat.project.formats.package_json import edit_values, style_of
from compat.registry.npm import parse_packument
from compat.snapshot import Snapshot
from compat.typescript.pin import plan_ts_pin
from compat.versions.npm_semver import NpmRange

PACKUMENTS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "npm_packuments_cdktf_random_null.json").read_text()
)

PACKAGE_JSON = """{
    "name": "infra",
    "scripts": {"synth": "cdktf synth"},
    "dependencies": {
        "@cdktf/provider-random": "^11.0.0",
        "cdktf": "~0.20.4",
        "@cdktf/provider-null": "9.0.0"
    },
    "devDependencies": {
        "constructs": "^10.0.0",
        "typescript": "^5.0.0"
    }
}
"""


def _snapshot() -> Snapshot:
    snapshot = Snapshot(built_at="2026-01-01T00:00:00Z")
    packuments = {name: parse_packument(body) for name, body in PACKUMENTS.items()}
    snapshot.npm_entries = npm_section(
        [
            ("cdktf-cdktf-provider-random", "cdktf", packuments["@cdktf/provider-random"]),
            ("cdktf-cdktf-provider-null", "cdktf", packuments["@cdktf/provider-null"]),
        ],
        {"cdktf": packuments["cdktf"]},
    )
    return snapshot


def _project(root: Path, node: str | None = None, package_json: str = PACKAGE_JSON) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}\n')
    (root / "package.json").write_text(package_json)
    if node:
        (root / ".nvmrc").write_text(node + "\n")
    return root


def _npm_installs(package_json: dict[str, Any]) -> dict[str, str]:
    """What npm resolves each registry range to: the newest recorded version the range admits."""
    out = {}
    for section in ("dependencies", "devDependencies"):
        for name, spec in package_json.get(section, {}).items():
            if name in PACKUMENTS:
                found = NpmRange.parse(spec).newest(PACKUMENTS[name]["versions"])  # type: ignore[union-attr]
                assert found is not None, f"npm install: no version of {name} matches {spec}"
                out[name] = found
    return out


def _assert_npm_resolves(package_json: dict[str, Any]) -> dict[str, str]:
    """npm's ERESOLVE check: every installed provider's peer ranges admit the installed cdktf and the
    declared constructs range's lowest version."""
    installed = _npm_installs(package_json)
    constructs = NpmRange.parse(package_json["devDependencies"]["constructs"])
    assert constructs is not None
    for name, version in installed.items():
        peers = PACKUMENTS[name]["versions"][version].get("peerDependencies", {})
        if "cdktf" in peers:
            assert NpmRange.parse(peers["cdktf"]).admits(installed["cdktf"]), (name, version)  # type: ignore[union-attr]
        floor = str(constructs.lowest()[0])
        assert NpmRange.parse(peers["constructs"]).admits(floor), (name, version)  # type: ignore[union-attr]
    return installed


def test_pin_writes_the_newest_set_npm_resolves_keeping_format_and_styles(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    plan = plan_ts_pin(root, _snapshot())
    assert plan.chosen == {
        "cdktf": "0.21.0",
        "@cdktf/provider-random": "12.0.1",
        "@cdktf/provider-null": "11.0.1",
        "constructs": "10.4.2",
    }
    (change,) = plan.changes
    after = change.after
    # only the value spans changed: same lines, same indentation and key order, the styles kept
    assert after.splitlines()[:4] == PACKAGE_JSON.splitlines()[:4] and after.endswith("}\n")
    assert '        "@cdktf/provider-random": "^12.0.1",\n' in after
    assert '        "cdktf": "~0.21.0",\n' in after
    assert '        "@cdktf/provider-null": "11.0.1"\n' in after
    assert '        "constructs": "^10.4.2",\n' in after and '"typescript": "^5.0.0"' in after
    installed = _assert_npm_resolves(json.loads(after))
    assert installed["cdktf"] == "0.21.0"
    assert plan.install_command == "npm install"


def test_node_from_nvmrc_leaves_out_releases_whose_engines_exclude_it(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", node="18.19.0")
    plan = plan_ts_pin(root, _snapshot())
    assert plan.chosen["cdktf"] == "0.20.12"
    assert plan.chosen["@cdktf/provider-random"] == "11.1.1"
    assert plan.chosen["@cdktf/provider-null"] == "10.0.2"
    _assert_npm_resolves(json.loads(plan.changes[0].after))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_writes_once_and_a_second_run_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p")
    (root / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\nimporters:\n  .: {}\n")
    monkeypatch.setattr("compat.snapshot.load_snapshot", _snapshot)
    code, out = _run(capsys, "pin", str(root), "--dry-run")
    assert code == 0, out
    assert '+        "cdktf": "~0.21.0",' in out and (root / "package.json").read_text() == PACKAGE_JSON
    code, out = _run(capsys, "pin", str(root))
    assert code == 0, out
    assert "Then run 'pnpm install'." in out
    written = (root / "package.json").read_text()
    assert written != PACKAGE_JSON
    code, out = _run(capsys, "pin", str(root), "--format", "json")
    assert code == 0, out
    document = json.loads(out)
    assert document["changes"] == [] and document["written"] is False
    assert document["install_command"] == "pnpm install"
    assert (root / "package.json").read_text() == written


def test_no_core_declared_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{"dependencies": {"@cdktf/provider-null": "^10.0.0"}}\n'
    root = _project(tmp_path / "p", package_json=text)
    monkeypatch.setattr("compat.snapshot.load_snapshot", _snapshot)
    code, out = _run(capsys, "pin", str(root))
    assert code == 2 and "neither cdktf nor cdktn" in out
    assert (root / "package.json").read_text() == text


@pytest.mark.parametrize(
    ("spec", "style"), [("^1.2.3", "^"), ("~1.2", "~"), ("1.2.3", ""), ("=1.2.3", ""), (">=1.2.0 <2", "^")]
)
def test_range_style(spec: str, style: str) -> None:
    assert style_of(spec) == style


def test_edit_values_touches_only_the_value() -> None:
    text = '{\n\t"dependencies" : {\n\t\t"cdktf":"^0.20.0" ,\n\t\t"x": "1"\n\t}\n}'
    assert edit_values(text, {("dependencies", "cdktf"): "^0.21.0"}) == text.replace("^0.20.0", "^0.21.0")


def test_core_only_project_gets_constructs_from_the_core_peer_range_and_skips_workspace_packages(
    tmp_path: Path,
) -> None:
    text = (
        '{\n  "dependencies": {\n    "cdktf": "0.20.8",\n    "constructs": "10.0.0",\n'
        '    "@cdktf/provider-local": "workspace:*"\n  }\n}'
    )
    root = _project(tmp_path / "p", package_json=text)
    plan = plan_ts_pin(root, _snapshot())
    assert plan.chosen == {"cdktf": "0.21.0", "constructs": "10.4.2"}
    assert plan.changes[0].after == text.replace('"0.20.8"', '"0.21.0"').replace('"10.0.0"', '"10.4.2"')


def test_a_package_json_above_cdktf_json_in_the_repository_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "package.json").write_text(PACKAGE_JSON)
    infra = repo / "infra"
    infra.mkdir()
    (infra / "cdktf.json").write_text('{"language": "typescript"}\n')
    monkeypatch.setattr("compat.snapshot.load_snapshot", _snapshot)
    code, out = _run(capsys, "pin", str(infra))
    assert code == 0, out
    assert '"cdktf": "~0.21.0"' in (repo / "package.json").read_text()


def test_python_flags_are_refused_for_typescript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p")
    monkeypatch.setattr("compat.snapshot.load_snapshot", _snapshot)
    code, out = _run(capsys, "pin", str(root), "--python", "3.11", "--add", "google")
    assert code == 2 and "--python, --add: not read for a TypeScript project" in out
    assert (root / "package.json").read_text() == PACKAGE_JSON


def test_an_aliased_core_is_left_as_written(tmp_path: Path) -> None:
    text = PACKAGE_JSON.replace('"cdktf": "~0.20.4"', '"cdktf": "npm:cdktf@0.20.4"')
    plan = plan_ts_pin(_project(tmp_path / "p", package_json=text), _snapshot())
    assert '"cdktf": "npm:cdktf@0.20.4"' in plan.changes[0].after
    assert any("not a registry range: left as written" in line for line in plan.explanation)


def test_every_section_naming_a_package_is_written(tmp_path: Path) -> None:
    """A projen library names cdktf in devDependencies and peerDependencies, a provider in both
    dependencies and devDependencies: npm reads them all (florinp/cdktf-aws-eks gave ERESOLVE when
    only one entry moved)."""
    text = (
        '{\n  "devDependencies": {"@cdktf/provider-null": "^9.0.0", "cdktf": "^0.19.0", '
        '"constructs": "10.0.0"},\n  "peerDependencies": {"cdktf": "^0.19.0", "constructs": "^10"},\n'
        '  "dependencies": {"@cdktf/provider-null": "^9.0.1"}\n}\n'
    )
    after = json.loads(plan_ts_pin(_project(tmp_path / "p", package_json=text), _snapshot()).changes[0].after)
    assert after["devDependencies"] == {
        "@cdktf/provider-null": "^11.0.1",
        "cdktf": "^0.21.0",
        "constructs": "10.4.2",
    }
    assert after["peerDependencies"] == {"cdktf": "^0.21.0", "constructs": "^10.4.2"}
    assert after["dependencies"] == {"@cdktf/provider-null": "^11.0.1"}


def test_a_scope_package_without_peer_data_keeps_the_core_in_its_declared_range(tmp_path: Path) -> None:
    """@cdktf/aws-cdk peers on cdktf ^0.19 and the yarn v1 lock does not record it (augustinmerle/
    devops-test gave ERESOLVE when cdktf moved to 0.21)."""
    text = PACKAGE_JSON.replace(
        '"typescript": "^5.0.0"', '"typescript": "^5.0.0",\n        "@cdktf/aws-cdk": "^0.12.10"'
    )
    plan = plan_ts_pin(_project(tmp_path / "p", package_json=text), _snapshot())
    assert plan.chosen["cdktf"] == "0.20.12" and plan.chosen["@cdktf/provider-null"] == "10.0.2"
    assert any("@cdktf/aws-cdk may peer on cdktf" in line for line in plan.explanation)


def test_a_peer_range_the_lock_records_bounds_the_core(tmp_path: Path) -> None:
    text = PACKAGE_JSON.replace(
        '"typescript": "^5.0.0"', '"typescript": "^5.0.0",\n        "cdk-x": "^1.0.0"'
    )
    root = _project(tmp_path / "p", package_json=text)
    lock = {
        "name": "p",
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"cdk-x": "^1.0.0"}},
            "node_modules/cdk-x": {"version": "1.0.0", "peerDependencies": {"cdktf": ">=0.20.0 <0.21.0"}},
        },
    }
    (root / "package-lock.json").write_text(json.dumps(lock))
    plan = plan_ts_pin(root, _snapshot())
    assert plan.chosen["cdktf"] == "0.20.12"
    assert any("cdk-x 1.0.0 peers on cdktf >=0.20.0 <0.21.0" in line for line in plan.explanation)


#: the registry's answers for @cdktf/provider-aws, constructs and cdktf-cli (npm view, trimmed to a few
#: versions and the fields compat reads)
MORE_PACKUMENTS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "npm_packuments_aws_constructs_cli.json").read_text()
)

AWS_PACKAGE_JSON = """{
  "dependencies": {
    "@cdktf/provider-aws": "^19.0.0",
    "cdktf": "^0.20.0",
    "constructs": "^10.3.0"
  },
  "devDependencies": {
    "cdktf-cli": "~0.20.0"
  }
}
"""


def _aws_snapshot(tools: bool = True) -> Snapshot:
    snapshot = Snapshot(built_at="2026-01-01T00:00:00Z")
    read = {name: parse_packument(body) for name, body in {**PACKUMENTS, **MORE_PACKUMENTS}.items()}
    snapshot.npm_entries = npm_section(
        [
            ("cdktf-cdktf-provider-aws", "cdktf", read["@cdktf/provider-aws"]),
            ("cdktf-cdktf-provider-random", "cdktf", read["@cdktf/provider-random"]),
            ("cdktf-cdktf-provider-null", "cdktf", read["@cdktf/provider-null"]),
        ],
        {"cdktf": read["cdktf"]},
        {"constructs": read["constructs"], "cdktf-cli": read["cdktf-cli"]} if tools else {},
    )
    return snapshot


def _aws_project(root: Path, cdktf_json: str) -> Path:
    root = _project(root, package_json=AWS_PACKAGE_JSON)
    (root / "cdktf.json").write_text(cdktf_json)
    return root


def test_constructs_is_the_newest_release_every_peer_range_admits_and_the_cli_follows_the_core(
    tmp_path: Path,
) -> None:
    root = _aws_project(tmp_path / "p", '{"language": "typescript"}\n')
    plan = plan_ts_pin(root, _aws_snapshot())
    assert plan.chosen == {
        "cdktf": "0.21.0",
        "@cdktf/provider-aws": "21.22.1",
        "constructs": "10.8.1",  # ^10.4.2 (provider) and the core's range admit it; 10.4.2 is only the floor
        "cdktf-cli": "0.21.0",
    }
    after = json.loads(plan.changes[0].after)
    assert after["devDependencies"] == {"cdktf-cli": "~0.21.0"}  # the project's range style kept
    assert after["dependencies"]["constructs"] == "^10.8.1"
    without = plan_ts_pin(_aws_project(tmp_path / "q", '{"language": "typescript"}\n'), _aws_snapshot(False))
    assert without.chosen["constructs"] == "10.4.2"  # no constructs releases in the data: the floor
    assert without.chosen["cdktf-cli"] == "0.21.0"  # no CLI releases either: the core's own number


def test_cdktf_json_loses_the_aws_entry_the_prebuilt_package_brings(tmp_path: Path) -> None:
    text = (
        '{\n  "language": "typescript",\n  "terraformProviders": [\n    "aws@~> 5.0",\n    "random"\n  ]\n}\n'
    )
    root = _aws_project(tmp_path / "p", text)
    (root / "main.ts").write_text('import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n')
    plan = plan_ts_pin(root, _aws_snapshot())
    cdktf_json = next(c for c in plan.changes if c.path.name == "cdktf.json")
    assert cdktf_json.after == text.replace('    "aws@~> 5.0",\n', "")
    assert any("removed 'aws@~> 5.0' from terraformProviders" in line for line in plan.explanation)


def test_cdktf_json_keeps_an_aws_entry_whose_local_bindings_the_code_imports(tmp_path: Path) -> None:
    text = '{"language": "typescript", "terraformProviders": ["hashicorp/aws@~>3.0"]}\n'
    root = _aws_project(tmp_path / "p", text)
    (root / "main.ts").write_text('import { S3BucketAcl } from "./.gen/providers/aws/s3-bucket-acl";\n')
    plan = plan_ts_pin(root, _aws_snapshot())
    cdktf_json = next(c for c in plan.changes if c.path.name == "cdktf.json")
    assert json.loads(cdktf_json.after)["terraformProviders"] == ["hashicorp/aws@~> 6.25"]  # 21.22.1's AWS
    assert any("main.ts:1 imports the bindings" in line for line in plan.explanation)


def test_cdktf_json_keeps_an_aws_entry_a_barrel_file_re_exports(tmp_path: Path) -> None:
    """luneo7/appmesh_terraformcdk: provider-aws.ts holds ``export * from './.gen/providers/aws/...'`` and
    the stacks import from it; dropping the entry would leave the re-exports pointing at nothing."""
    text = '{"language": "typescript", "terraformProviders": ["aws@ 3.11.0"]}\n'
    root = _aws_project(tmp_path / "p", text)
    (root / "provider-aws.ts").write_text(
        "// the generated bindings, in one place\nexport * from './.gen/providers/aws/vpc';\n"
        'export { Subnet as AwsSubnet } from "./.gen/providers/aws/subnet";\n'
    )
    (root / "main.ts").write_text('import { Vpc } from "./provider-aws";\n')
    plan = plan_ts_pin(root, _aws_snapshot())
    cdktf_json = next(c for c in plan.changes if c.path.name == "cdktf.json")
    assert json.loads(cdktf_json.after)["terraformProviders"] == ["aws@~> 6.25"]
    assert any("provider-aws.ts:2 imports the bindings" in line for line in plan.explanation)


def test_a_folder_of_typescript_projects_is_pinned_in_one_run_and_a_second_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _aws_project(
        tmp_path / "apps" / "a", '{"language": "typescript", "terraformProviders": ["aws"]}\n'
    )
    second = _project(tmp_path / "apps" / "b")
    monkeypatch.setattr("compat.snapshot.load_snapshot", _aws_snapshot)
    code, out = _run(capsys, "pin", str(tmp_path / "apps"))
    assert code == 0, out
    assert "== a ==" in out and "== b ==" in out
    assert json.loads((first / "package.json").read_text())["dependencies"]["cdktf"] == "^0.21.0"
    assert json.loads((first / "cdktf.json").read_text())["terraformProviders"] == []
    assert json.loads((second / "package.json").read_text())["dependencies"]["cdktf"] == "~0.21.0"
    code, out = _run(capsys, "pin", str(tmp_path / "apps"), "--format", "json")
    assert code == 0, out
    document = json.loads(out)
    assert document["written"] is False and all(p["changes"] == [] for p in document["projects"])


def test_a_folder_mixing_python_and_typescript_is_planned_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path / "apps" / "ts")
    python = tmp_path / "apps" / "py"
    python.mkdir(parents=True)
    (python / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (python / "requirements.txt").write_text("cdktf==0.20.0\n")
    # the embedded snapshot (no network): the Python plan needs its PyPI releases too
    code, out = _run(
        capsys, "pin", str(tmp_path / "apps"), "--dry-run", "--format", "json", "--terraform", "1.9.0"
    )
    assert code in (0, 1), out  # a plan for each, whatever the newest set; never "does not read"
    document = json.loads(out)
    assert [p["project"] for p in document["projects"]] == ["py", "ts"]
    assert document["projects"][1]["language"] == "typescript"
    assert document["written"] is False
