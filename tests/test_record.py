"""``compat.record.Record`` behaves as ``typing.NamedTuple`` does, for any shape of fields.

Record rebuilds at run time what ``typing.NamedTuple`` makes (to cost less at import), so every
behaviour a caller can reach is compared against the ``collections.namedtuple`` that
``typing.NamedTuple`` builds for the same fields.
"""

import pickle
from collections import namedtuple
from typing import Any, Generic, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compat.record import Record

T = TypeVar("T")


def _record_class(name: str, body: dict[str, Any]) -> type[Any]:
    """What ``class name(Record): body`` runs."""
    metaclass: Any = type(Record)
    made: type[Any] = metaclass(name, (Record,), body)
    return made


def _pair(field_count: int, default_count: int) -> tuple[type[Any], type[Any]]:
    """The same class made both ways: fields f0..fN, the last ``default_count`` with defaults."""
    annotations = {f"f{i}": int for i in range(field_count)}
    defaults = {f"f{i}": -i for i in range(field_count - default_count, field_count)}
    body = {"__annotations__": annotations, **defaults, "__module__": __name__}
    # what ``class Made(NamedTuple)`` builds: collections.namedtuple with the body's defaults
    make_namedtuple: Any = namedtuple
    made_by_typing: type[Any] = make_namedtuple(
        "Made", list(annotations), defaults=tuple(defaults.values()), module=__name__
    )
    made_by_record = _record_class("Made", dict(body))
    return made_by_typing, made_by_record


_shapes = st.integers(min_value=0, max_value=7).flatmap(
    lambda count: st.tuples(st.just(count), st.integers(min_value=0, max_value=count))
)


@given(shape=_shapes, data=st.data())
def test_a_record_behaves_as_a_namedtuple_of_the_same_fields(
    shape: tuple[int, int], data: st.DataObject
) -> None:
    field_count, default_count = shape
    by_typing, by_record = _pair(field_count, default_count)
    required = field_count - default_count
    given_count = data.draw(st.integers(min_value=required, max_value=field_count))
    values = data.draw(st.lists(st.integers(), min_size=given_count, max_size=given_count))
    keywords = {f"f{i}": value for i, value in enumerate(values)}

    expected, actual = by_typing(**keywords), by_record(**keywords)
    assert tuple(actual) == tuple(expected)
    assert by_record(*values) == actual
    assert actual._fields == expected._fields
    assert actual._field_defaults == expected._field_defaults
    assert actual._asdict() == expected._asdict()
    assert repr(actual) == repr(expected)
    assert by_record.__match_args__ == by_typing.__match_args__
    if field_count:
        changed = actual._replace(f0=10**6)
        assert type(changed) is by_record
        assert changed == expected._replace(f0=10**6)
        assert actual.f0 == expected.f0
    assert by_record._make(tuple(actual)) == actual


class Point(Record):
    """A point."""

    x: int
    y: int = 0

    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


def test_a_record_keeps_its_body_and_refuses_what_namedtuple_refuses() -> None:
    assert Point(3, -4).norm() == 7
    assert pickle.loads(pickle.dumps(Point(3, -4))) == Point(3, -4)
    assert type(pickle.loads(pickle.dumps(Point(3)))) is Point
    assert Point.__doc__ == "A point."
    assert Point.__module__ == __name__
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, z=3)  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        Point(1).x = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="unexpected field names"):
        Point(1)._replace(z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Expected 2 arguments"):
        Point._make((1,))
    with pytest.raises(TypeError, match="cannot follow default"):
        _record_class("Bad", {"__annotations__": {"a": int, "b": int}, "a": 1})
    with pytest.raises(AttributeError, match="Cannot overwrite"):
        _record_class("Bad", {"__annotations__": {"a": int}, "_replace": None})


class Boxed(Record, Generic[T]):
    item: T


def test_a_generic_record_subscripts_as_a_generic_namedtuple_does() -> None:
    assert Boxed[int](item=1) == (1,)
    assert Boxed[int](item=1).item == 1
