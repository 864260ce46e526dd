"""The version of a Terraform binary is asked once per (path, size, mtime), never over the network."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from compat.versions.binary_version import binary_version


def test_asked_once_per_binary_and_again_when_it_changes(tmp_path: Path) -> None:
    from compat.paths import cache_dir

    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / "index.sqlite").write_text("")  # a user cache compat already keeps
    binary = tmp_path / "terraform"
    binary.write_text("v1")
    calls: list[dict[str, str]] = []

    def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(kwargs["env"])
        answer = json.dumps({"terraform_version": f"1.{len(calls)}.0"})
        return subprocess.CompletedProcess(argv, 0, answer, "")

    assert binary_version(str(binary), run) == "1.1.0"
    assert binary_version(str(binary), run) == "1.1.0"
    assert len(calls) == 1 and calls[0]["CHECKPOINT_DISABLE"] == "1"
    binary.write_text("v2, a larger binary")
    os.utime(binary, ns=(1, 1))
    assert binary_version(str(binary), run) == "1.2.0"


def test_a_damaged_cache_is_not_used(tmp_path: Path) -> None:
    from compat.paths import cache_dir

    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / "binary-versions.json").write_text("{not json")
    binary = tmp_path / "tofu"
    binary.write_text("x")

    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 0, json.dumps({"terraform_version": "1.8.0"}), "")

    assert binary_version(str(binary), run) == "1.8.0"


def test_a_first_run_starts_no_cache(tmp_path: Path) -> None:
    from compat.paths import cache_dir

    binary = tmp_path / "terraform"
    binary.write_text("x")

    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 0, json.dumps({"terraform_version": "1.5.7"}), "")

    assert binary_version(str(binary), run) == "1.5.7"
    assert not cache_dir().exists() or not any(cache_dir().iterdir())
