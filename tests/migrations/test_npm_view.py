"""The move of a TypeScript project chooses among the releases npm lists, and names npm's facts.

Minimal reproduction of what ``npm install`` did to migrated copies of real projects: PyPI has
``cdktn`` 0.22.1, npm lists 0.24.0 alone, so a default hop to 0.22.1 failed with ERESOLVE
(``cdktn@undefined``); and cdktn 0.24.0's peer ``constructs >=10.6.0 <10.8.0`` left out of the move.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.databuild.npm import npm_section
from compat.families import CDKTN
from compat.migrations.model import Release
from compat.migrations.npm_view import missing_on_npm, npm_family_view
from compat.migrations.planner import choose_hop
from compat.migrations.target import CoreTarget
from compat.registry.npm import parse_packument
from compat.snapshot import BindingRelease, CoreRelease, Snapshot
from compat.typescript.project import load_ts_project


def _packument(name: str, versions: dict[str, dict[str, Any]]) -> Any:
    return parse_packument(
        {"name": name, "versions": {v: {"name": name, "version": v, **row} for v, row in versions.items()}}
    )


def _binding(package: str, version: str, core: str, provider: str) -> BindingRelease:
    return BindingRelease(
        package=package,
        version=Version(version),
        uploaded="2026-10-01T00:00:00Z",
        provider_source="registry.terraform.io/hashicorp/aws",
        provider_version=Version(provider),
        provider_version_from="wheel",
        core_requirement=core,
        constructs_requirement="constructs<11.0.0,>=10.4.2",
        requires_python="~=3.10",
        yanked=False,
        deprecated=False,
    )


def _core(version: str, node: str | None = None) -> CoreRelease:
    return CoreRelease(
        package="cdktn",
        version=Version(version),
        uploaded="2026-10-01T00:00:00Z",
        requires_python="~=3.9",
        yanked=False,
        node_min=node,
        terraform_min=None,
    )


def _snapshot() -> Snapshot:
    snapshot = Snapshot(built_at="2026-12-01T00:00:00Z")
    snapshot.cores_by_package["cdktn"] = [_core("0.22.1"), _core("0.24.0", "22.19.0")]
    snapshot.cores_by_package["cdktf"] = []
    snapshot.bindings_by_package["cdktn-provider-aws"] = [
        _binding("cdktn-provider-aws", "23.0.0", "cdktn<0.23.0,>=0.22.0", "6.32.1"),
        _binding("cdktn-provider-aws", "25.8.1", "cdktn<0.25.0,>=0.24.0", "6.69.1"),
    ]
    snapshot.bindings_by_package["cdktn-provider-docker"] = [
        _binding("cdktn-provider-docker", "13.1.0", "cdktn<0.25.0,>=0.24.0", "3.6.2"),
    ]
    snapshot.bindings_by_package["cdktf-cdktf-provider-aws"] = [
        _binding("cdktf-cdktf-provider-aws", "21.22.1", "cdktf<0.22.0,>=0.21.0", "6.25.0"),
    ]
    peers = {"cdktn": "^0.24.0", "constructs": ">=10.6.0 <10.8.0"}
    aws = _packument(
        "@cdktn/provider-aws",
        {
            "23.7.0": {"peerDependencies": {"cdktn": "^0.22.0", "constructs": "^10.4.2"}},
            "25.5.0": {
                "peerDependencies": peers,
                "engines": {"node": ">= 22.11.0"},
                "cdktf": {"provider": {"name": "registry.terraform.io/hashicorp/aws", "version": "6.64.0"}},
            },
        },
    )
    core = _packument("cdktn", {"0.24.0": {"peerDependencies": {"constructs": ">=10.6.0 <10.8.0"}}})
    constructs = _packument("constructs", {v: {} for v in ("10.3.0", "10.4.2", "10.6.0", "10.7.2", "10.8.1")})
    cli = _packument("cdktn-cli", {"0.24.0": {"engines": {"node": ">=22.19.0"}}})
    snapshot.npm_entries = npm_section(
        [("cdktn-provider-aws", "cdktn", aws)], {"cdktn": core}, {"constructs": constructs, "cdktn-cli": cli}
    )
    return snapshot


def test_the_view_holds_only_what_npm_lists_with_npm_peer_ranges() -> None:
    pypi = _snapshot()
    view = npm_family_view(pypi, CDKTN)
    assert [c.version for c in view.cores("cdktn")] == [Version("0.24.0")]
    assert view.cores("cdktn")[0].node_min == "22.19.0"  # the PyPI twin's facts are kept
    aws = view.bindings("cdktn-provider-aws")
    assert [(b.version, b.core_requirement) for b in aws] == [
        (Version("23.7.0"), "cdktn>=0.22.0,<0.23.0"),
        (Version("25.5.0"), "cdktn>=0.24.0,<0.25.0"),
    ]
    assert aws[1].provider_version == Version("6.64.0") and aws[1].package == "cdktn-provider-aws"
    assert view.bindings("cdktn-provider-docker") == []  # on PyPI, not on npm: nothing to install
    assert view.bindings("cdktf-cdktf-provider-aws") == pypi.bindings("cdktf-cdktf-provider-aws")
    # the snapshot itself is left as it was
    assert [c.version for c in pypi.cores("cdktn")] == [Version("0.22.1"), Version("0.24.0")]
    assert len(pypi.bindings("cdktn-provider-docker")) == 1
    assert missing_on_npm(pypi, view, CDKTN) == ["0.22"]


def test_a_snapshot_without_npm_versions_of_the_core_is_used_as_it_is() -> None:
    pypi = _snapshot()
    pypi.npm_entries = {}
    assert npm_family_view(pypi, CDKTN) is pypi


def test_the_default_hop_of_a_typescript_project_is_one_npm_can_install_and_names_npm_facts() -> None:
    pypi = _snapshot()
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    _hops, python_hop = choose_hop(CDKTN, source, None, pypi)
    assert python_hop is not None and python_hop.label == "cdktn==0.22.1"  # PyPI: the rename-only hop
    hops, hop = choose_hop(CDKTN, source, None, npm_family_view(pypi, CDKTN), npm=True)
    assert [h.label for h in hops] == ["cdktn==0.24.0"]
    assert hop is not None and hop.bindings is not None and hop.bindings.version == Version("25.5.0")
    text = "; ".join(hop.changes)
    assert "npm cdktn 0.24.0, peer constructs >=10.6.0 <10.8.0" in text
    assert "npm @cdktn/provider-aws 25.5.0" in text and "peer cdktn ^0.24.0" in text
    assert "from @cdktf/provider-aws 21.22.1" in text
    assert "Node.js >= 22.11.0 (@cdktn/provider-aws 25.5.0 engines.node)" in text
    assert "Node.js >= 22.19.0 (cdktn-cli 0.24.0 engines.node)" in text
    assert "Requires-Python" not in text
    assert hop.to_json()["bindings"] == "@cdktn/provider-aws@25.5.0"  # the name npm installs
    assert python_hop.to_json()["bindings"] == "cdktn-provider-aws==23.0.0"


def test_a_python_hop_whose_cli_npm_does_not_list_is_blocked_when_the_repository_installs_it() -> None:
    pypi = _snapshot()
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    hops, hop = choose_hop(CDKTN, source, None, pypi, cli_from_npm=".github/workflows/ci.yml:14")
    assert [h.blocked is not None for h in hops] == [True, False]
    assert hops[0].blocked == (
        "npm lists no cdktn-cli 0.22 release (npm has: 0.24.0) and the repository installs the CLI "
        "from npm (.github/workflows/ci.yml:14)"
    )
    assert hop is not None and hop.label == "cdktn==0.24.0"  # the smallest move that installs
    _hops, asked = choose_hop(
        CoreTarget(CDKTN, Version("0.22.1")), source, None, pypi, cli_from_npm="package.json:5"
    )
    assert asked is not None and asked.blocked is not None and "package.json:5" in asked.blocked


def _ts_project(root: Path, constructs: str, lock: str | None = None) -> Path:
    (root / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}\n')
    (root / "package.json").write_text(
        '{\n  "name": "infra",\n  "dependencies": {\n    "cdktn": "0.24.0",\n'
        f'    "constructs": "{constructs}"\n  }}\n}}\n'
    )
    if lock == "pnpm":
        (root / "pnpm-lock.yaml").write_text(
            "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"
            f"      cdktn:\n        specifier: 0.24.0\n        version: 0.24.0(constructs@10.3.0)\n"
            f"      constructs:\n        specifier: '{constructs}'\n        version: 10.3.0\n\n"
            "packages:\n\n  cdktn@0.24.0:\n    resolution: {integrity: sha512-x}\n\n"
            "  constructs@10.3.0:\n    resolution: {integrity: sha512-y}\n"
        )
    return root


def _constructs_after(root: Path) -> tuple[str, list[str]]:
    from compat.migrations.ts_planner import _move_constructs

    changes: list[Any] = []
    notes: list[str] = []
    _move_constructs(load_ts_project(root), root, _snapshot(), {"cdktn": "0.24.0"}, changes, notes)
    text = changes[0].after if changes else (root / "package.json").read_text()
    import json

    return json.loads(text)["dependencies"]["constructs"], notes


def test_constructs_outside_the_peer_range_is_raised_in_the_entry_style(tmp_path: Path) -> None:
    # npm: an exact 10.3.0 admits nothing cdktn 0.24.0 peers on: npm install fails (ERESOLVE)
    value, notes = _constructs_after(_ts_project(tmp_path, "10.3.0"))
    assert value == "10.7.2" and "ERESOLVE" in notes[0] and "'10.3.0' -> '10.7.2'" in notes[0]
    before = (tmp_path / "package.json").read_text()
    assert before.count("10.3.0") == 1  # nothing written: a plan


def test_constructs_npm_can_move_within_its_range_is_left_to_npm(tmp_path: Path) -> None:
    value, notes = _constructs_after(_ts_project(tmp_path, "^10.3.0"))
    assert (value, notes) == ("^10.3.0", [])


def test_constructs_pnpm_keeps_locked_is_narrowed_so_pnpm_takes_a_fitting_release(tmp_path: Path) -> None:
    # pnpm keeps the locked 10.3.0 that ^10.3.0 admits; ^10.7.2 would give it 10.8.1 (< 10.8.0 fails)
    value, notes = _constructs_after(_ts_project(tmp_path, "^10.3.0", lock="pnpm"))
    assert value == "~10.7.2"
    assert "pnpm keeps 10.3.0" in notes[0]


def test_undeclared_constructs_is_left_to_the_installer(tmp_path: Path) -> None:
    root = _ts_project(tmp_path, "10.3.0")
    (root / "package.json").write_text('{"name": "infra", "dependencies": {"cdktn": "0.24.0"}}\n')
    from compat.migrations.ts_planner import _move_constructs

    changes: list[Any] = []
    _move_constructs(load_ts_project(root), root, _snapshot(), {"cdktn": "0.24.0"}, changes, [])
    assert changes == []


def test_a_move_across_the_provider_major_or_unknown_bindings_majors_says_what_is_not_rewritten() -> None:
    from compat.migrations.ts_planner import _major_note

    pypi = _snapshot()
    view = npm_family_view(pypi, CDKTN)
    _hops, hop = choose_hop(
        CDKTN, Release("cdktf-cdktf-provider-aws", Version("21.22.1")), None, view, npm=True
    )
    assert _major_note(view, Release("cdktf-cdktf-provider-aws", Version("21.22.1")), hop) == []  # AWS 6 -> 6
    # 6.0.6 is unknown to the snapshot (its provider too): the bindings majors differ
    [note] = _major_note(view, Release("cdktf-cdktf-provider-aws", Version("6.0.6")), hop)
    assert note.startswith("the AWS bindings cross majors (6.0.6 -> 25.5.0") and "'compat check'" in note
