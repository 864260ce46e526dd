"""One release of a package not parsed yet: found by the canonical key, as a parse of every row would."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, NamedTuple

from packaging.version import Version

from compat.packed_rows import pack_rows
from compat.snapshot import Releases, _canonical_key, _version_key

SPELLINGS = [
    "0.20.12",
    "0.20.12.0",
    "0.20.1",
    "0.2.12",
    "1",
    "1.0",
    "1.0.0",
    "1.0a1",
    "1.0.0a1",
    "1.0rc1",
    "1.0.post0",
    "1.0.post1",
    "1.0-1",
    "1.0.dev0",
    "1.0.dev1",
    "1.0a1.post2.dev3",
    "01.0",
    "1!1.0",
    "1.0+local",
    "v1.0",
    "1.0.0.0.0",
    "10.0",
    "1.00",
    "1.0A1",
    "1.0.0-beta1",
]


def test_canonical_keys_are_equal_exactly_when_the_versions_are() -> None:
    for one, other in itertools.product(SPELLINGS, repeat=2):
        a, b = _canonical_key(one), _canonical_key(other)
        if a is not None and b is not None:
            assert (a == b) == (Version(one) == Version(other)), (one, other)
    assert _canonical_key("1.0+local") is None and _canonical_key("v1.0") is None  # parsed, never skipped


def test_a_version_is_keyed_from_its_parts_as_its_text_is() -> None:
    for text in [*SPELLINGS, "1!1.0", "1.0+local", "0", "0.0", "2.0.0.post0.dev0", "1.0c1", "1.0-1"]:
        version = Version(text)
        assert _version_key(version) == _canonical_key(str(version)), text


def test_the_first_equal_row_is_found_whatever_its_spelling() -> None:
    rows = [{"version": text} for text in SPELLINGS]
    for wanted in SPELLINGS:
        releases: Releases[str] = Releases(lambda package, row: str(row["version"]))
        releases.add_entry("p", pack_rows(rows))
        first = next(text for text in SPELLINGS if Version(text) == Version(wanted))
        assert releases.release("p", Version(wanted)) == str(Version(first)), wanted
    releases = Releases(lambda package, row: str(row["version"]))
    releases.add_entry("p", pack_rows(rows))
    assert releases.release("p", Version("7.0")) is None


def test_any_final_agrees_with_a_parse_of_every_row() -> None:
    """The text skip of canonical pre-releases never hides a final or post release, nor admits one."""
    from packaging.specifiers import SpecifierSet

    rows = [{"version": text} for text in SPELLINGS]
    for spec in (">=1.0", "==1.0a1", ">1.0", "<1.0", "==1.0.post1", ">=0.20,<0.21", ">=2", "==1.0.dev1"):
        specifier = SpecifierSet(spec)
        expected = any(
            specifier.contains(Version(text)) for text in SPELLINGS if not Version(text).is_prerelease
        )
        unparsed: Releases[str] = Releases(lambda package, row: str(row["version"]))
        unparsed.add_entry("p", pack_rows(rows))
        assert unparsed.any_final("p", specifier.contains) is expected, spec
    assert not unparsed.any_final("absent", lambda version: True)


def test_the_first_equal_row_in_any_order_of_the_rows() -> None:
    """The lookup goes by the first row of each text (a release padded with ``.0`` or not) and the rows
    not written canonically before it: in every order of the rows the one a parse of each row finds."""
    import random

    shuffler = random.Random(23)
    for _ in range(40):
        order = SPELLINGS[:]
        shuffler.shuffle(order)
        for wanted in ("1.0", "1.0a1", "1.0.post1", "0.20.12", "1!1.0", "1.0+local"):
            releases: Releases[int] = Releases(lambda package, row: int(str(row["row"])))
            releases.add_entry("p", pack_rows([{"version": text, "row": i} for i, text in enumerate(order)]))
            first = next(i for i, text in enumerate(order) if Version(text) == Version(wanted))
            assert releases.release("p", Version(wanted)) == first, (order, wanted)


class _Row(NamedTuple):
    version: Version
    row: int


def test_newest_accepted_is_the_last_of_the_sorted_rows_in_any_order() -> None:
    """``Releases.newest_first`` of a package not parsed yet reaches first, of the rows a caller accepts,
    the very row the sorted list's last accepted one is (of equal versions, the last in the file), in
    every order of the rows; after the rows were parsed it is the sorted list reversed."""
    import random

    def parse(package: str, row: dict[str, Any]) -> Any:
        return _Row(Version(str(row["version"])), int(str(row["row"])))

    accepts: list[Callable[[Any], bool]] = [
        lambda r: True,
        lambda r: r.version < Version("1.0"),
        lambda r: r.version.is_prerelease,
        lambda r: r.row % 3 == 1,
        lambda r: r.version == Version("1.0"),
        lambda r: False,
    ]
    shuffler = random.Random(23)
    for _ in range(40):
        order = SPELLINGS[:]
        shuffler.shuffle(order)
        entry = pack_rows([{"version": text, "row": i} for i, text in enumerate(order)])
        for accept in accepts:
            parsed: Releases[Any] = Releases(parse)
            parsed.add_entry("p", entry)
            expected = [r for r in parsed["p"] if accept(r)]
            unparsed: Releases[Any] = Releases(parse)
            unparsed.add_entry("p", entry)
            found = next((r for r in unparsed.newest_first("p") if accept(r)), None)
            assert found == (expected[-1] if expected else None), order
            assert list(parsed.newest_first("p")) == list(reversed(parsed["p"]))
            assert unparsed["p"] == parsed["p"]  # the rows parsed on the way are the list's own
    assert list(Releases(parse).newest_first("absent")) == []
