"""Build the state a killed write leaves: temporary files beside their targets and a genuine journal."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from compat.journal import (
    Journal,
    JournalEntry,
    digest,
    identity_of,
    journal_path,
    temporary_for,
    write_journal,
)

TXID = "0123456789ab"


def killed_write(root: Path, state: str, changes: dict[Path, str], *, txid: str = TXID) -> list[Path]:
    """Leave ``root`` as a write of ``changes`` killed in ``state`` does; returns the temporary files."""
    root = root.resolve()
    entries, temporaries = [], []
    for path, text in changes.items():
        real = path.resolve()
        before = real.read_bytes() if real.exists() else None
        temporary = temporary_for(real, txid)
        temporary.write_text(text)
        temporaries.append(temporary)
        entries.append(
            JournalEntry(
                path=PurePosixPath(real.relative_to(root).as_posix()),
                before=None if before is None else digest(before),
                before_identity=None if before is None else identity_of(real),
                after=digest(text.encode()),
            )
        )
    assert state in ("prepare", "commit")
    write_journal(
        Journal(
            root=root,
            root_identity=identity_of(root),
            txid=txid,
            state="commit" if state == "commit" else "prepare",
            entries=tuple(entries),
        )
    )
    return temporaries


def leftovers(root: Path) -> list[str]:
    """Temporary files and journals a write left: in the project and in the state folder."""
    names = sorted(
        p.name for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == ".compat-journal.json"
    )
    if journal_path(root.resolve()).exists():
        names.append("journal")
    return names
