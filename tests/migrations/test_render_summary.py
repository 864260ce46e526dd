"""The stderr summary of ``compat migrate``: what would change in a dry run, what changed after --write."""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from compat.migrations.migration_plan import MigrationPlan
from compat.migrations.model import Release, Unresolved
from compat.migrations.render import render_text_summary
from compat.project.changes import FileChange


def _plan(root: Path) -> MigrationPlan:
    return MigrationPlan(
        root=root,
        source=Release(package="cdktf-cdktf-provider-aws", version=Version("19.0.0")),
        target=Release(package="cdktf-cdktf-provider-aws", version=Version("21.0.0")),
        changes=(FileChange(path=root / "main.py", before="a\n", after="b\n"),),
        # a reason that itself says "to change," must be left as it is
        unresolved=(Unresolved(path="main.py", line=3, symbol="X", reason="nothing to change, by hand"),),
    )


def test_a_dry_run_says_what_would_change(tmp_path: Path) -> None:
    first, second = render_text_summary(_plan(tmp_path)).splitlines()[:2]
    assert first.endswith(": 1 file(s) to change, 1 unresolved")
    assert second == "main.py:3: X: nothing to change, by hand"


def test_a_written_plan_says_what_changed_and_keeps_the_rest(tmp_path: Path) -> None:
    first, second = render_text_summary(_plan(tmp_path), written=True).splitlines()[:2]
    assert first == (
        "cdktf-cdktf-provider-aws==19.0.0 -> cdktf-cdktf-provider-aws==21.0.0: "
        "1 file(s) changed, 1 unresolved"
    )
    assert second == "main.py:3: X: nothing to change, by hand"
