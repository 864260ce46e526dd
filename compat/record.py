"""``Record``: ``typing.NamedTuple`` as the type checker sees it, made ~5x cheaper when a module is imported.

A value object is ``class Finding(Record): code: str ...`` built by keyword. mypy reads ``Record`` as
``typing.NamedTuple`` itself (the import under ``TYPE_CHECKING``), so every check it makes of a
NamedTuple holds. At run time the class statement makes the same thing ``typing.NamedTuple`` makes, a
``tuple`` subclass with ``_fields``, ``_field_defaults``, ``__match_args__``, ``_make``, ``_replace``,
``_asdict``, the ``__repr__`` ``name(field=value, ...)``, ``__getnewargs__`` (so it pickles) and one
read-only property per field, with the class body's methods, properties and docstring, but without
what makes ``typing.NamedTuple`` cost ~0.7 M instructions a class (a check defines some 120 of them
before it reads a file): ``collections.namedtuple`` compiles a new ``__new__`` from source for each
class and builds ``__repr__``, ``_replace`` and ``_asdict`` as closures, and ``typing`` type-checks
every annotation. Here ``__new__`` reuses the code compiled once per number of fields, its
parameters renamed after the fields (so keywords and defaults behave as in a NamedTuple), and the
other methods are shared by every record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Record"]

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from _collections import _tuplegetter
    from types import CodeType, FunctionType

    _tuple_new = tuple.__new__
    _ARITY: dict[int, CodeType] = {}
    #: what the class body may not define, as typing.NamedTuple refuses it
    _PROHIBITED = frozenset(
        {
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        }
    )
    _NEW_GLOBALS = {"_tuple_new": _tuple_new}

    # ``__new__`` of a record of 0-17 fields, compiled with this module (its .pyc holds them): compiling
    # each from source when the first record of that size is defined cost ~3 M instructions a check.
    def _arity_0(_cls):
        return _tuple_new(_cls, ())

    def _arity_1(_cls, p0):
        return _tuple_new(_cls, (p0,))

    def _arity_2(_cls, p0, p1):
        return _tuple_new(_cls, (p0, p1))

    def _arity_3(_cls, p0, p1, p2):
        return _tuple_new(_cls, (p0, p1, p2))

    def _arity_4(_cls, p0, p1, p2, p3):
        return _tuple_new(_cls, (p0, p1, p2, p3))

    def _arity_5(_cls, p0, p1, p2, p3, p4):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4))

    def _arity_6(_cls, p0, p1, p2, p3, p4, p5):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5))

    def _arity_7(_cls, p0, p1, p2, p3, p4, p5, p6):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6))

    def _arity_8(_cls, p0, p1, p2, p3, p4, p5, p6, p7):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7))

    def _arity_9(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8))

    def _arity_10(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9))

    def _arity_11(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10))

    def _arity_12(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11))

    def _arity_13(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12))

    def _arity_14(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13))

    def _arity_15(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14))

    def _arity_16(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15))

    def _arity_17(_cls, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16):
        return _tuple_new(_cls, (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16))

    _ARITY.update((count, globals()[f"_arity_{count}"].__code__) for count in range(18))

    def _new_code(count: int) -> CodeType:
        """``__new__(_cls, p0, ..., pN)``: one of the above, or compiled once per larger number of fields."""
        code = _ARITY.get(count)
        if code is None:
            names = ", ".join(f"p{i}" for i in range(count))
            source = (
                f"def __new__(_cls, {names}): return _tuple_new(_cls, ({names}{',' if count == 1 else ''}))"
            )
            space: dict[str, object] = {}
            exec(compile(source, "<record>", "exec"), {"_tuple_new": _tuple_new}, space)  # noqa: S102
            code = space["__new__"].__code__
            _ARITY[count] = code
        return code

    @classmethod
    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes):
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def __repr__(self):
        pairs = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
        return f"{self.__class__.__name__}({pairs})"

    def _asdict(self):
        return dict(zip(self._fields, self, strict=True))

    def __getnewargs__(self):
        return tuple(self)

    _ALIASES: list[str] = []  # the docstring of each field's property, by position

    class _RecordMeta(type):
        def __new__(cls, typename, bases, namespace):
            if not _PROHIBITED.isdisjoint(namespace):
                raise AttributeError(
                    f"Cannot overwrite NamedTuple attribute {min(_PROHIBITED & set(namespace))}"
                )
            annotations = namespace.get("__annotations__", {})
            fields = tuple(annotations)
            attributes = dict(namespace)  # the body's methods, properties, docstring, module and qualname
            defaults = {}
            for index, name in enumerate(fields):
                if name in namespace:
                    defaults[name] = namespace[name]
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {name} cannot follow default field(s)")
                while len(_ALIASES) <= index:
                    _ALIASES.append(f"Alias for field number {len(_ALIASES)}")
                attributes[name] = _tuplegetter(index, _ALIASES[index])
            new = FunctionType(
                _new_code(len(fields)).replace(
                    co_varnames=("_cls", *fields), co_name="__new__", co_filename="<record>"
                ),
                _NEW_GLOBALS,
                "__new__",
                tuple(defaults.values()) or None,
            )
            new.__qualname__ = f"{typename}.__new__"
            attributes.update(
                __slots__=(),
                _fields=fields,
                _field_defaults=defaults,
                __new__=new,
                _make=_make,
                _replace=_replace,
                __repr__=__repr__,
                _asdict=_asdict,
                __getnewargs__=__getnewargs__,
                __match_args__=fields,
            )
            attributes.setdefault("__doc__", f"{typename}({', '.join(fields)})")
            attributes.setdefault("__module__", "__main__")
            # ``class Pin(Record, Generic[R])``: Generic stays a base, so ``Pin[SpecifierSet]`` means what
            # it means to the type checker (typing.NamedTuple allows it from Python 3.11 only)
            generic = tuple(base for base in bases if base is not Record)
            return type(typename, (tuple, *generic), attributes)

    Record = type.__new__(_RecordMeta, "Record", (), {"__module__": __name__})
