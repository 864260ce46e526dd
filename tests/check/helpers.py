"""Small real-shaped projects written into tmp_path, checked against the fakes."""

from __future__ import annotations

import textwrap
from pathlib import Path

from compat.check import CheckOptions, CheckResult, run_check
from compat.index.model import MemoryReleaseIndex
from tests.check import fakes

PIPFILE = """\
[packages]
cdktf = "=={core}"
cdktf-cdktf-provider-aws = "=={bindings}"

[requires]
python_version = "{python}"
"""


def make_project(
    root: Path,
    files: dict[str, str],
    *,
    bindings: str = "19.65.1",
    core: str = "0.20.12",
    python: str = "3.11",
    terraform: str | None = "1.5.7",
    providers: str = "[]",
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pipfile").write_text(PIPFILE.format(core=core, bindings=bindings, python=python))
    (root / "cdktf.json").write_text(
        '{\n  "language": "python",\n  "app": "python main.py",\n'
        f'  "terraformProviders": {providers},\n  "codeMakerOutput": "imports"\n}}\n'
    )
    if terraform:
        (root / ".terraform-version").write_text(terraform + "\n")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def check(root: Path, *indexes: MemoryReleaseIndex, **options: object) -> CheckResult:
    loaded = indexes or (fakes.index_19_65_1(),)
    return run_check(
        root,
        CheckOptions(**options),  # type: ignore[arg-type]
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(*loaded),
    )


def codes(result: CheckResult) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in result.findings]
