"""The repository-files scanner: every mention of the tools, at its exact span."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.mentions import scan_repository
from compat.mentions.json_spans import JsonSpanError, string_members

WORKFLOW = """\
name: cdktf synth
on: [push]
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: "20"
      - uses: hashicorp/setup-terraform@v3
        with: {terraform_version: 1.5.7}
      - name: Install cdktf synth
        run: |
          npm i -g cdktf-cli@0.21.0
          # npm i -g cdktf-cli@0.20.0
          cd infra && cdktf synth
      - run: npm install --global cdktf-cli@${{ env.CDKTF_VERSION }}
      - uses: hashicorp/terraform-cdk-action@v5
        with:
          cdktfVersion: 0.21.0
          terraformVersion: 1.5.7
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}')
    (infra / "package.json").write_text(
        '{\n  "scripts": {"synth": "npx cdktf synth", "cdktf": "cdktf"},\n'
        '  "devDependencies": {"cdktf-cli": "^0.21.0", "constructs": "10.3.0"}\n}\n'
    )
    (infra / "Makefile").write_text("synth:\n\tcdktf synth\n")
    (infra / "Dockerfile").write_text('FROM node:20-slim\nRUN pip install "cdktf>=0.21,<0.22"\n')
    (tmp_path / ".nvmrc").write_text("20\n")
    (tmp_path / ".tool-versions").write_text("nodejs 20.11.0\nterraform 1.5.7\n")
    sibling = tmp_path / "other"
    sibling.mkdir()
    (sibling / "package.json").write_text('{"devDependencies": {"cdktf-cli": "0.20.0"}}')
    return infra


def _found(tmp_path: Path) -> list[tuple[str, int, str, str, str | None]]:
    found = scan_repository(_repo(tmp_path))
    out = []
    for m in found.mentions:
        text = found.texts[m.path]
        if m.name_span:
            assert text[m.name_span.start : m.name_span.end] == m.name
        if m.version_span:
            assert text[m.version_span.start : m.version_span.end] == m.version
        out.append((m.path.relative_to(tmp_path).as_posix(), m.line, m.kind, m.name, m.version))
    return out


def test_every_kind_is_found_at_its_span(tmp_path: Path) -> None:
    found = _found(tmp_path)
    assert (".github/workflows/ci.yml", 9, "node-version", "node", "20") in found
    assert (".github/workflows/ci.yml", 11, "terraform-version", "terraform", "1.5.7") in found
    assert (".github/workflows/ci.yml", 14, "npm-package", "cdktf-cli", "0.21.0") in found
    assert (".github/workflows/ci.yml", 16, "cli-command", "cdktf", None) in found
    assert (".github/workflows/ci.yml", 17, "npm-package", "cdktf-cli", "${{ env.CDKTF_VERSION }}") in found
    assert (".github/workflows/ci.yml", 18, "action", "hashicorp/terraform-cdk-action", "v5") in found
    assert (".github/workflows/ci.yml", 20, "action-input", "cdktf-cli", "0.21.0") in found
    assert ("infra/package.json", 2, "cli-command", "cdktf", None) in found
    # the bare CLI as a whole script (``npm run cdktf -- synth``), found once beside the one above
    assert [f for f in found if f[0] == "infra/package.json" and f[2] == "cli-command"] == [
        ("infra/package.json", 2, "cli-command", "cdktf", None),
        ("infra/package.json", 2, "cli-command", "cdktf", None),
    ]
    assert ("infra/package.json", 3, "npm-dependency", "cdktf-cli", "^0.21.0") in found
    assert ("infra/Makefile", 2, "cli-command", "cdktf", None) in found
    assert ("infra/Dockerfile", 1, "node-version", "node", "20") in found
    assert ("infra/Dockerfile", 2, "python-package", "cdktf", ">=0.21,<0.22") in found
    assert (".nvmrc", 1, "node-version", "node", "20") in found
    assert (".tool-versions", 1, "node-version", "node", "20.11.0") in found


def test_titles_comments_and_sibling_projects_are_not_mentions(tmp_path: Path) -> None:
    found = _found(tmp_path)
    lines = {(path, line) for path, line, *_ in found}
    assert (".github/workflows/ci.yml", 1) not in lines  # name: cdktf synth
    assert (".github/workflows/ci.yml", 12) not in lines  # a step's name
    assert (".github/workflows/ci.yml", 15) not in lines  # a comment
    assert not any(path.startswith("other/") for path, *_ in found)
    assert not any(name == "constructs" for *_, name, _v in found)


def test_bad_yaml_is_read_line_by_line_and_reported(tmp_path: Path) -> None:
    infra = _repo(tmp_path)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text("jobs: [\n  run: npm i -g cdktf-cli@0.21.0\n")
    found = scan_repository(infra)
    assert [u.path.name for u in found.unreadable] == ["bad.yml"]
    assert any(m.path.name == "bad.yml" and m.name == "cdktf-cli" for m in found.mentions)


def test_bad_package_json_is_reported_not_raised(tmp_path: Path) -> None:
    infra = _repo(tmp_path)
    (infra / "package.json").write_text('{"devDependencies": {"cdktf-cli": ')
    found = scan_repository(infra)
    assert [u.path.name for u in found.unreadable] == ["package.json"]


def test_json_spans_survive_deep_nesting() -> None:
    assert list(string_members("[" * 100_000 + "]" * 100_000)) == []
    try:
        list(string_members('{"a": [1, }'))
    except JsonSpanError:
        pass
    else:
        raise AssertionError("malformed JSON must raise JsonSpanError")


def test_outside_a_repository_only_the_project_folder_is_read(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (tmp_path / "Makefile").write_text("all:\n\tcdktf synth\n")
    (project / "Makefile").write_text("all:\n\tcdktf deploy\n")
    found = scan_repository(project)
    assert [m.path for m in found.mentions] == [project / "Makefile"]


def test_gitlab_precommit_and_package_manager_forms(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cdktf.json").write_text("{}")
    (tmp_path / ".gitlab-ci.yml").write_text(
        "image: node:18\nsynth:\n  script:\n    - yarn global add cdktf-cli@0.20.0\n"
        "    - pnpm add -g cdktf-cli\n    - npx cdktf-cli@0.21.0 synth\n"
        "    - pipenv install cdktf-cdktf-provider-aws==19.0.0\n"
    )
    (tmp_path / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: synth\n        name: cdktf synth\n"
        "        entry: cdktf synth\n        language: system\n"
    )
    found = scan_repository(tmp_path)
    got = [(m.path.name, m.line, m.kind, m.name, m.version) for m in found.mentions]
    assert got == [
        (".gitlab-ci.yml", 1, "node-version", "node", "18"),
        (".gitlab-ci.yml", 4, "npm-package", "cdktf-cli", "0.20.0"),
        (".gitlab-ci.yml", 5, "npm-package", "cdktf-cli", None),
        (".gitlab-ci.yml", 6, "npm-package", "cdktf-cli", "0.21.0"),
        (".gitlab-ci.yml", 7, "python-package", "cdktf-cdktf-provider-aws", "==19.0.0"),
        (".pre-commit-config.yaml", 6, "cli-command", "cdktf", None),
    ]


def test_paths_and_file_names_are_not_commands(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(
        "clean:\n\trm -rf cdktf.out\n\tcat cdktf.json\n\t./node_modules/.bin/cdktf synth\n"
        "\techo cdktf is great\n\t$(yarn bin)/cdktf deploy\n\t/opt/cdktf synth\n"
    )
    found = scan_repository(tmp_path)
    assert [(m.line, m.kind) for m in found.mentions] == [(4, "cli-command"), (6, "cli-command")]


def test_hostile_files_end_quickly(tmp_path: Path) -> None:
    """Nesting, alias bombs and backtracking bait: one line each, never a hang or a traceback."""
    import time

    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    bomb = ['a0: &a0 ["run: cdktf synth", "x"]']
    bomb += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    (workflows / "bomb.yml").write_text("\n".join(bomb) + "\n")
    (workflows / "deep.yml").write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    (workflows / "bait.yml").write_text("run: npm i cdktf@" + "${a}" * 5_000 + "<\n")
    installs = "      - run: cd a && npm i -g cdktf-cli@0.20.0 && cd .. && cdktf synth\n" * 2_000
    (workflows / "installs.yml").write_text("jobs:\n  a:\n    steps:\n" + installs)
    gitlab = [*bomb[:-1], f"default: {{before_script: *a{len(bomb) - 2}}}", "j: {script: [*a20]}"]
    (tmp_path / ".gitlab-ci.yml").write_text("\n".join(gitlab) + "\n")
    (workflows / "bytes.yml").write_bytes(b"\xff\xfe run: cdktf synth\n")
    (tmp_path / "package.json").write_text('{"scripts": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001)
    started = time.monotonic()
    found = scan_repository(tmp_path)
    assert time.monotonic() - started < 10
    assert sorted(u.path.name for u in found.unreadable) == ["bytes.yml", "deep.yml"]


def test_cli_images_are_version_pins_only_with_a_version_tag() -> None:
    from compat.mentions.scan import file_mentions

    text = (
        "FROM hashicorp/terraform:1.5.7 AS tf\n"
        "FROM docker.io/hashicorp/terraform:light\n"
        "FROM hashicorp/terraform:${TF_VERSION}\n"
        "FROM myhashicorp/terraform:1.0.0\n"
        "FROM example.com/hashicorp/terraform-cdk:1.0.0\n"
        "COPY --from=ghcr.io/opentofu/opentofu:1.8.0-minimal /usr/local/bin/tofu /bin/tofu\n"
        "RUN docker run hashicorp/terraform:1.0.0 version\n"
    )
    found, problem = file_mentions(Path("Dockerfile"), text)
    assert problem is None
    pins = [
        (m.line, m.kind, m.version, text[m.version_span.start : m.version_span.end])
        for m in found
        if m.version_span
    ]
    assert pins == [
        (1, "terraform-version", "1.5.7", "1.5.7"),
        (6, "opentofu-version", "1.8.0", "1.8.0"),
        (7, "terraform-version", "1.0.0", "1.0.0"),  # a Dockerfile's RUN of the image: that CLI runs
    ]
    # in a shell script an image name is not read (docker run of another version may be deliberate)
    assert not file_mentions(Path("deploy.sh"), "docker run hashicorp/terraform:1.0.0 plan\n")[0]


def test_many_global_installs_in_one_job_are_placed_in_linear_time() -> None:
    """Each job-wide mention's reach is read from one table per job (it was every later command for each
    mention: minutes for 20,000 installs in one job)."""
    import time

    from compat.mentions.ci_files import yaml_mentions
    from compat.mentions.ci_yaml import load_yaml
    from compat.mentions.model import LineIndex

    root = Path("/repo")
    step = "      - run: cd a && npm i -g cdktf-cli@0.20.0 && cdktf synth\n"
    text = "jobs:\n  a:\n    steps:\n" + step * 3_000
    documents = load_yaml(text)
    started = time.process_time()
    found = yaml_mentions(root / ".github/workflows/ci.yml", text, LineIndex(text), documents, root)
    assert time.process_time() - started < 1.5
    assert len(found) == 6_000 and found[0].folders == (root / "a",)


def test_mise_config_paths_a_folder_does_not_list_are_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan lists each folder once and asks the file system only about mise paths it lists."""
    project = tmp_path / "stack"
    project.mkdir()
    (project / "mise.toml").write_text('[tools]\nnode = "22"\n')
    asked: list[Path] = []
    real = Path.is_file

    def is_file(self: Path) -> bool:
        asked.append(self)
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    found = scan_repository(project)
    assert [m.path.name for m in found.mentions] == ["mise.toml"]
    assert not [p for p in asked if "mise" in str(p.relative_to(tmp_path)) and not p.exists()], asked
