"""VER011 on the CLI package's own ``engines.node`` (cdktn-cli 0.24.0: ``>=22.19.0``, the npm data):
a warning where npm/pnpm only warn, an error where the installer refuses (Yarn v1, engine-strict)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compat.cli import main


def _project(root: Path, *, cli: str | None = "0.24.0", lock: str = "npm", python: bool = False) -> Path:
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    language = "python" if python else "typescript"
    (root / "cdktf.json").write_text(json.dumps({"language": language, "app": "x"}))
    dependencies = {"cdktn": "0.24.0", "constructs": "10.6.0"}
    dev = {"cdktn-cli": cli} if cli else {}
    (root / "package.json").write_text(
        json.dumps({"dependencies": {} if python else dependencies, "devDependencies": dev})
    )
    if python:
        (root / "requirements.txt").write_text("cdktn==0.24.0\nconstructs==10.6.0\n")
        (root / "main.py").write_text("import cdktn\n")
        return root
    packages = {**dependencies, **dev}
    if lock == "npm":
        locked = {f"node_modules/{name}": {"version": version} for name, version in packages.items()}
        (root / "package-lock.json").write_text(
            json.dumps({"lockfileVersion": 3, "packages": {"": {"dependencies": packages}, **locked}})
        )
    else:  # Yarn v1
        (root / "yarn.lock").write_text(
            "# yarn lockfile v1\n\n"
            + "".join(f'"{n}@{v}":\n  version "{v}"\n\n' for n, v in packages.items())
        )
    (root / "main.ts").write_text('import { App } from "cdktn";\n')
    return root


def _ver011(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str, str]]:
    capsys.readouterr()
    main(["check", str(root), "--offline", "--format", "json", "--select", "VER011"])
    found = json.loads(capsys.readouterr().out)["findings"]
    return [(f["path"], f["line"], f["severity"], f["message"]) for f in found if f["code"] == "VER011"]


def test_the_cli_below_its_engines_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p")
    (root / "mise.toml").write_text('[tools]\nnode = "22.18"\n')
    ((path, _, severity, message),) = _ver011(root, capsys)
    assert (path, severity) == ("package.json", "warning")
    assert message.startswith(
        "cdktn-cli 0.24.0 needs Node.js >=22.19.0 (engines.node), but the project runs Node.js 22.18"
    )
    (root / "mise.toml").write_text('[tools]\nnode = "22"\n')  # names 22.19 and later too
    assert _ver011(root, capsys) == []


def test_yarn_v1_and_engine_strict_refuse_the_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "yarn", lock="yarn")
    (root / ".nvmrc").write_text("20\n")
    assert [(s, "Yarn v1 refuses" in m) for _, _, s, m in _ver011(root, capsys)] == [("error", True)]
    root = _project(tmp_path / "strict")
    (root / ".nvmrc").write_text("20\n")
    (root / ".npmrc").write_text("engine-strict=true\n")
    assert [s for _, _, s, _ in _ver011(root, capsys)] == ["error"]


def test_a_ci_install_uses_the_node_its_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", cli=None)
    (root / ".nvmrc").write_text("24\n")
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    step = "      - uses: actions/setup-node@v4\n        with:\n          node-version: {node}\n"
    run = "      - run: npm i -g cdktn-cli@0.24.0\n"
    head = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    (workflows / "ci.yml").write_text(head + step.format(node="20") + run)
    assert [(p, n, s) for p, n, s, _ in _ver011(root, capsys)] == [(".github/workflows/ci.yml", 9, "warning")]
    (workflows / "ci.yml").write_text(head + step.format(node="lts/*") + run)  # unreadable: nothing said
    assert _ver011(root, capsys) == []
    (workflows / "ci.yml").write_text(head + run)  # no Node.js of its own: the project's (24)
    assert _ver011(root, capsys) == []
    (root / ".nvmrc").write_text("20\n")
    assert [s for _, _, s, _ in _ver011(root, capsys)] == ["warning"]


def test_a_python_projects_package_json_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p", python=True)
    (root / ".node-version").write_text("20.11.0\n")
    cli = [(p, s) for p, _, s, m in _ver011(root, capsys) if m.startswith("cdktn-cli")]
    assert cli == [("package.json", "warning")]
    (root / "package.json").write_text(json.dumps({"devDependencies": {"cdktn-cli": "^0.24.0"}}))
    # a range: which release installs is not known
    assert [m for _, _, _, m in _ver011(root, capsys) if m.startswith("cdktn-cli")] == []
