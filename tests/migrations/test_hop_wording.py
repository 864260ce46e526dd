"""A hop's lines name the packages of its own family: the Node.js floor of a cdktf hop is cdktf-cli's,
never a cdktn-cli release that does not exist (cdktn starts at 0.22)."""

from __future__ import annotations

import pytest

from compat.families import CDKTF, CDKTN, Family
from compat.migrations.stages import plan_hops
from compat.snapshot import load_snapshot


@pytest.mark.parametrize("family", [CDKTF, CDKTN])
def test_the_node_floor_names_the_cli_of_the_hops_family(family: Family) -> None:
    snapshot = load_snapshot()
    hops = plan_hops(snapshot, family, None, None, uses_bindings=False)
    floors = [line for hop in hops for line in hop.changes if line.startswith("Node.js >=")]
    assert floors, "no hop of the snapshot records a Node.js floor"
    other = CDKTN if family is CDKTF else CDKTF
    assert all(f"({family.core}-cli " in line for line in floors), floors
    assert not any(f"{other.core}-cli" in line for line in floors), floors
