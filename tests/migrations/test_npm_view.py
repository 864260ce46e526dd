"""The move of a TypeScript project names npm's facts where compat's npm data has them, and keeps
every release PyPI has where it has not.

compat's npm section was read from a registry that lists only some releases (``cdktn`` 0.24.0 alone,
where registry.npmjs.org serves ``cdktn-cli`` 0.22.1 and ``@cdktn/provider-aws`` 25.0.0): a release
missing from it is no evidence npm lacks it (jsii publishes both registries from one build), so it
never blocks or removes a hop; the plan says once what it assumed. cdktn 0.24.0's peer
``constructs >=10.6.0 <10.8.0`` is still raised where the installer would end outside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.databuild.npm import npm_section
from compat.families import CDKTN
from compat.migrations.model import Release
from compat.migrations.npm_view import npm_family_view, unlisted_note
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


def _core(version: str, node: str | None = None, constructs: str | None = None) -> CoreRelease:
    return CoreRelease(
        package="cdktn",
        version=Version(version),
        uploaded="2026-10-01T00:00:00Z",
        requires_python="~=3.9",
        yanked=False,
        node_min=node,
        terraform_min=None,
        constructs_requirement=constructs,
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


def test_the_view_keeps_every_pypi_release_and_names_npm_facts_where_the_data_has_them() -> None:
    pypi = _snapshot()
    view = npm_family_view(pypi, CDKTN)
    # npm's data lists cdktn 0.24.0 alone: 0.22.1 (PyPI) stays, with its PyPI facts
    assert [c.version for c in view.cores("cdktn")] == [Version("0.22.1"), Version("0.24.0")]
    assert view.cores("cdktn")[1].node_min == "22.19.0"  # the PyPI twin's facts are kept
    aws = view.bindings("cdktn-provider-aws")
    assert [(b.version, b.core_requirement) for b in aws] == [
        (Version("23.0.0"), "cdktn<0.23.0,>=0.22.0"),  # PyPI's only: the twin's requirement stands
        (Version("23.7.0"), "cdktn>=0.22.0,<0.23.0"),  # npm's peer range
        (Version("25.5.0"), "cdktn>=0.24.0,<0.25.0"),
        (Version("25.8.1"), "cdktn<0.25.0,>=0.24.0"),
    ]
    assert aws[2].provider_version == Version("6.64.0") and aws[2].package == "cdktn-provider-aws"
    assert aws[2].engines_node == ">= 22.11.0"  # npm's engines.node
    # not in npm's data at all: PyPI's releases stand
    assert view.bindings("cdktn-provider-docker") == pypi.bindings("cdktn-provider-docker")
    assert view.bindings("cdktf-cdktf-provider-aws") == pypi.bindings("cdktf-cdktf-provider-aws")
    # the snapshot itself is left as it was
    assert [b.version for b in pypi.bindings("cdktn-provider-aws")] == [Version("23.0.0"), Version("25.8.1")]


def test_a_version_npm_deprecates_is_yanked_in_the_view() -> None:
    pypi = _snapshot()
    core = _packument("cdktn", {"0.22.1": {"deprecated": "broken"}, "0.24.0": {}})
    pypi.npm_entries = {**pypi.npm_entries, **npm_section([], {"cdktn": core}, {})}
    view = npm_family_view(pypi, CDKTN)
    assert [(c.version, c.yanked) for c in view.cores("cdktn")] == [
        (Version("0.22.1"), True),
        (Version("0.24.0"), False),
    ]


def test_a_snapshot_without_npm_versions_of_the_core_is_used_as_it_is() -> None:
    pypi = _snapshot()
    pypi.npm_entries = {}
    assert npm_family_view(pypi, CDKTN) is pypi


def test_a_core_minor_missing_from_the_npm_data_is_still_the_default_hop_with_npm_facts_elsewhere() -> None:
    pypi = _snapshot()
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    view = npm_family_view(pypi, CDKTN)
    hops, hop = choose_hop(CDKTN, source, None, view, npm=True)
    assert [h.label for h in hops] == ["cdktn==0.22.1", "cdktn==0.24.0"]
    assert all(h.blocked is None for h in hops)
    # the rename-only hop, AWS 6.25 kept as near as the releases allow (23.0.0: 6.32.1)
    assert hop is not None and hop.label == "cdktn==0.22.1"
    assert hop.bindings is not None and hop.bindings.version == Version("23.0.0")
    assert hop.to_json()["bindings"] == "@cdktn/provider-aws@23.0.0"  # the name npm installs
    _hops, newest = choose_hop(CoreTarget(CDKTN, None), source, None, view, npm=True)
    assert newest is not None and newest.bindings is not None
    assert newest.bindings.version == Version("25.8.1")  # PyPI's, though npm's data stops at 25.5.0
    # a hop to a release npm's data has names npm's facts
    _hops, asked = choose_hop(CoreTarget(CDKTN, Version("0.24.0")), source, None, view, npm=True)
    assert asked is not None
    text = "; ".join(asked.changes)
    assert "npm cdktn 0.24.0, peer constructs >=10.6.0 <10.8.0" in text
    assert "from @cdktf/provider-aws 21.22.1" in text
    assert "Node.js >= 22.19.0 (cdktn-cli 0.24.0 engines.node)" in text
    assert "Requires-Python" not in text


def test_a_hop_to_npm_listed_bindings_names_their_peer_and_engines() -> None:
    pypi = _snapshot()
    pypi.bindings_by_package["cdktn-provider-aws"] = pypi.bindings("cdktn-provider-aws")[:1]  # no 25.8.1
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    _hops, hop = choose_hop(
        CoreTarget(CDKTN, Version("0.24.0")), source, None, npm_family_view(pypi, CDKTN), npm=True
    )
    assert hop is not None and hop.bindings is not None and hop.bindings.version == Version("25.5.0")
    text = "; ".join(hop.changes)
    assert "npm @cdktn/provider-aws 25.5.0" in text and "peer cdktn ^0.24.0" in text
    assert "Node.js >= 22.11.0 (@cdktn/provider-aws 25.5.0 engines.node)" in text


def test_an_explicit_core_missing_from_the_npm_data_is_accepted() -> None:
    pypi = _snapshot()
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    _hops, hop = choose_hop(
        CoreTarget(CDKTN, Version("0.22.1")), source, None, npm_family_view(pypi, CDKTN), npm=True
    )
    assert hop is not None and hop.label == "cdktn==0.22.1" and hop.blocked is None


def test_a_missing_cli_release_blocks_no_python_hop() -> None:
    pypi = _snapshot()
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    hops, hop = choose_hop(CDKTN, source, None, pypi)
    assert [h.blocked for h in hops] == [None, None]
    assert hop is not None and hop.label == "cdktn==0.22.1"


def test_one_note_names_what_the_npm_data_lacks() -> None:
    pypi = _snapshot()
    note = unlisted_note(
        pypi,
        [
            ("cdktn", "0.22.1"),
            ("cdktn-cli", "0.22.1"),
            ("cdktn", "0.22.1"),  # named once
            ("@cdktn/provider-aws", "23.0.0"),
        ],
    )
    assert note == (
        "compat's npm data has no cdktn 0.22.1, cdktn-cli 0.22.1, @cdktn/provider-aws 23.0.0 (it lists 1 of "
        "the 2 final cdktn releases PyPI has, which jsii publishes to both registries: it is not all of "
        "npm); assumed published to npm with the PyPI release of the same jsii build (the CLI with its "
        "core): 'npm view cdktn@0.22.1 version' confirms"
    )
    # without evidence that the data is partial (it lists every final core PyPI has), no claim is made
    pypi.cores_by_package["cdktn"] = [_core("0.24.0")]
    assert unlisted_note(pypi, [("@cdktn/provider-aws", "23.0.0")]) == (
        "compat's npm data has no @cdktn/provider-aws 23.0.0; assumed published to npm with the PyPI "
        "release of the same jsii build: 'npm view @cdktn/provider-aws@23.0.0 version' confirms"
    )
    assert unlisted_note(pypi, [("cdktn", "0.24.0"), ("@cdktn/provider-aws", "25.5.0")]) is None
    pypi.npm_entries = {}
    assert unlisted_note(pypi, [("cdktn", "0.22.1")]) is None  # no npm section: nothing read to miss


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
    assert note.startswith("the AWS bindings cross majors (6.0.6 -> 23.0.0") and "'compat check'" in note


def test_a_hop_to_releases_the_npm_data_lacks_says_so_and_names_the_pypi_twins_ranges() -> None:
    view = npm_family_view(_snapshot(), CDKTN)
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    _hops, hop = choose_hop(CoreTarget(CDKTN, Version("0.22.1")), source, None, view, npm=True)
    assert hop is not None
    text = "; ".join(hop.changes)
    assert "npm cdktn 0.22.1 (not in compat's npm data: its peer constructs range is not known here)" in text
    assert (
        "npm @cdktn/provider-aws 23.0.0, AWS provider 6.32.1 (from @cdktf/provider-aws 21.22.1, AWS provider "
        "6.25.0); not in compat's npm data, so its ranges are its PyPI twin's: cdktn<0.23.0,>=0.22.0, "
        "constructs<11.0.0,>=10.4.2"
    ) in text
    assert "peer cdktn" not in text and "None" not in text and "?" not in text
    # a source release whose provider nobody recorded is said to be unknown, never "None"
    unknown = view.bindings("cdktf-cdktf-provider-aws")[0]._replace(provider_version=None)
    view.bindings_by_package["cdktf-cdktf-provider-aws"] = [unknown]
    _hops, hop = choose_hop(CoreTarget(CDKTN, Version("0.22.1")), source, None, view, npm=True)
    assert hop is not None and "AWS provider unknown)" in "; ".join(hop.changes)


def test_constructs_is_checked_against_a_pypi_twins_range_where_the_npm_data_lacks_the_release(
    tmp_path: Path,
) -> None:
    from compat.migrations.ts_planner import _move_constructs

    root = _ts_project(tmp_path, "10.3.0")
    changes: list[Any] = []
    notes: list[str] = []
    chosen = {"cdktn": "0.22.1", "@cdktn/provider-aws": "23.0.0"}  # neither in the npm data
    _move_constructs(load_ts_project(root), root, _snapshot(), chosen, changes, notes)
    import json

    # 23.0.0's PyPI twin requires constructs<11.0.0,>=10.4.2: 10.3.0 exact cannot install (ERESOLVE)
    assert json.loads(changes[0].after)["dependencies"]["constructs"] == "10.8.1"
    assert notes[0] == (
        "constructs: the peer range of cdktn 0.22.1 is not in compat's npm data, so '10.3.0' was checked "
        "against @cdktn/provider-aws 23.0.0 (its PyPI twin's requirement) only "
        "('npm view cdktn@0.22.1 peerDependencies' shows it)"
    )
    assert (
        "@cdktn/provider-aws 23.0.0 (its PyPI twin's requirement) peers on constructs >=10.4.2 <11.0.0"
        in (notes[1])
    )


def test_a_core_only_move_reads_the_cores_pypi_twin_where_the_npm_data_lacks_the_core(tmp_path: Path) -> None:
    # cdktn 0.22.1's wheel requires constructs<11.0.0,>=10.4.2 (the npm peer ^10.4.2 of the same jsii
    # build); a project still on constructs ^3 cannot install it (ERESOLVE), with no prebuilt package
    from compat.migrations.ts_planner import _move_constructs

    snapshot = _snapshot()
    snapshot.cores_by_package["cdktn"] = [_core("0.22.1", constructs="constructs<11.0.0,>=10.4.2")]
    root = _ts_project(tmp_path, "^3.0.4")
    changes: list[Any] = []
    notes: list[str] = []
    _move_constructs(load_ts_project(root), root, snapshot, {"cdktn": "0.22.1"}, changes, notes)
    import json

    assert json.loads(changes[0].after)["dependencies"]["constructs"] == "^10.8.1"
    assert notes == [
        "package.json: constructs '^3.0.4' -> '^10.8.1' (cdktn 0.22.1 (its PyPI twin's requirement) peers on "
        "constructs >=10.4.2 <11.0.0; no release '^3.0.4' admits fits: npm install fails (ERESOLVE))"
    ]
    # the hop says which range stood in for npm's
    view = npm_family_view(snapshot, CDKTN)
    source = Release("cdktf-cdktf-provider-aws", Version("21.22.1"))
    _hops, hop = choose_hop(CoreTarget(CDKTN, Version("0.22.1")), source, None, view, npm=True)
    assert hop is not None
    assert (
        "npm cdktn 0.22.1 (not in compat's npm data, so its constructs range is its PyPI twin's: "
        "constructs<11.0.0,>=10.4.2)"
    ) in "; ".join(hop.changes)


def test_constructs_locked_outside_the_peer_range_is_raised_for_npm_too(tmp_path: Path) -> None:
    # npm keeps the lock's constructs 10.3.0 while cdktf-cli's @cdktf/cli-core (still in the lock) pins it
    # exactly, and fails ERESOLVE (tried with npm 11 on a cdktf 0.20 project's lock); ^10.7.2 moves it
    root = _ts_project(tmp_path, "^10.3.0")
    (root / "package-lock.json").write_text(
        '{"name": "infra", "lockfileVersion": 3, "requires": true, "packages": {\n'
        ' "": {"name": "infra", "dependencies": {"cdktn": "0.24.0", "constructs": "^10.3.0"}},\n'
        ' "node_modules/cdktn": {"version": "0.24.0",\n'
        '  "peerDependencies": {"constructs": ">=10.6.0 <10.8.0"}},\n'
        ' "node_modules/constructs": {"version": "10.3.0"},\n'
        ' "node_modules/@cdktf/cli-core": {"version": "0.20.8", "dev": true, '
        '"dependencies": {"constructs": "10.3.0"}}\n}}\n'
    )
    value, notes = _constructs_after(root)
    assert value == "^10.7.2"
    assert "the lock holds 10.3.0, outside it: npm fails (ERESOLVE)" in notes[0]
