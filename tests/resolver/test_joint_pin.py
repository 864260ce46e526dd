"""``compat pin`` with several prebuilt packages: one core for all, every pin written (real snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.resolver.pin import plan_pin
from compat.snapshot import Snapshot, read_snapshot

REAL = Path(__file__).resolve().parents[2] / "data" / "releases.json"


@pytest.fixture(scope="module")
def real() -> Snapshot:
    return read_snapshot(REAL)


def _project(root: Path, *lines: str) -> Path:
    root.mkdir()
    (root / "requirements.txt").write_text("\n".join(lines) + "\n")
    (root / "cdktf.json").write_text('{"language": "python", "terraformProviders": []}\n')
    return root


def _pins(plan_text: str) -> dict[str, str]:
    pins = {}
    for line in plan_text.splitlines():
        name, _, version = line.partition("==")
        if version:
            pins[name.strip()] = version.strip()
    return pins


def _written(root: Path, real: Snapshot, **options: object) -> tuple[dict[str, str], object]:
    from compat.project.changes import apply

    plan = plan_pin(root, snapshot=real, **options)  # type: ignore[arg-type]
    assert plan.selection is not None, plan.explanation
    apply(plan.changes)
    return _pins((root / "requirements.txt").read_text()), plan


def test_aws_random_null_for_terraform_1_5_7_share_one_core(tmp_path: Path, real: Snapshot) -> None:
    root = _project(
        tmp_path / "p",
        "cdktf",
        "cdktf-cdktf-provider-aws",
        "cdktf-cdktf-provider-random",
        "cdktf-cdktf-provider-null",
    )
    pins, _ = _written(root, real, terraform="1.5.7", python="3.11")
    assert set(pins) == {
        "cdktf",
        "cdktf-cdktf-provider-aws",
        "cdktf-cdktf-provider-random",
        "cdktf-cdktf-provider-null",
    }
    core = pins["cdktf"]
    for name in ("cdktf-cdktf-provider-aws", "cdktf-cdktf-provider-random", "cdktf-cdktf-provider-null"):
        release = real.binding(name, pins[name])
        assert release is not None and release.core_specifier.contains(core), (name, release)


def test_an_old_provider_constraint_moves_the_whole_set(tmp_path: Path, real: Snapshot) -> None:
    """local 2.2.x bindings were built for an older cdktf: the AWS bindings follow that core."""
    root = _project(tmp_path / "p", "cdktf-cdktf-provider-aws==10.0.2", "cdktf-cdktf-provider-local==4.0.0")
    pins, plan = _written(root, real, terraform="1.5.7", python="3.11", provider=["local@~> 2.2.0"])
    local = real.binding("cdktf-cdktf-provider-local", pins["cdktf-cdktf-provider-local"])
    aws = real.binding("cdktf-cdktf-provider-aws", pins["cdktf-cdktf-provider-aws"])
    assert local is not None and aws is not None
    assert str(local.provider_version).startswith("2.2.")
    assert local.core_specifier.contains(pins["cdktf"]) and aws.core_specifier.contains(pins["cdktf"])
    assert SpecifierSet("<0.22").contains(pins["cdktf"])


def test_add_names_a_package_of_the_projects_family(tmp_path: Path, real: Snapshot) -> None:
    root = _project(tmp_path / "p", "cdktf", "cdktf-cdktf-provider-aws")
    pins, _ = _written(root, real, terraform="1.5.7", python="3.11", add=["google"])
    google = real.binding("cdktf-cdktf-provider-google", pins["cdktf-cdktf-provider-google"])
    assert google is not None and google.core_specifier.contains(pins["cdktf"])
    with pytest.raises(CompatError, match="no prebuilt package cdktf-cdktf-provider-nosuch"):
        plan_pin(root, snapshot=real, terraform="1.5.7", add=["nosuch"])


def test_without_the_aws_bindings_another_package_leads(tmp_path: Path, real: Snapshot) -> None:
    root = _project(tmp_path / "p", "cdktf", "cdktf-cdktf-provider-random", "cdktf-cdktf-provider-null")
    pins, _ = _written(root, real, terraform="1.5.7", python="3.11")
    assert "cdktf-cdktf-provider-aws" not in pins
    assert {"cdktf-cdktf-provider-random", "cdktf-cdktf-provider-null", "cdktf"} <= set(pins)
