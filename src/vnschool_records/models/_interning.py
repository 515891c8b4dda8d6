"""Interning (Dùng chung giá trị đã kiểm tra): validate a repeated sub-record once.

Every student of a class carries the same class (``ClassGroup`` with its ``SchoolYear``)
and the same subject list; a district of 20,000 students repeats a few hundred of them.
Comment-only assessment rows (Đạt / Chưa đạt) and attendance rows repeat too; scored rows
rarely do and are not looked up. :class:`StudentYearRecord` validates such a value once
and hands every later record the same frozen instance, which saves the validation and the
objects — 20,000 copies of a 16-subject list are 320,000 ``Subject`` objects (and twice
as many dicts and sets) that the cyclic garbage collector would otherwise scan again and
again.

Only a plain ``dict`` (or a list or tuple of them) whose keys are ``str`` and whose values
have exactly one of a few immutable types is looked up, keyed by the items *and the type
of every value*, so ``1``, ``1.0`` and ``True`` never share an entry. A value is stored
only after the ordinary validation accepted it: invalid input is validated afresh every
time and raises exactly as before. The cache is bounded (oldest entry out first) and safe
to use from several threads.

One difference remains, in pydantic's strict mode only (``model_validate(..., strict=True)``,
which the SDK never uses): strict mode alone refuses a ``list`` where a ``tuple`` is
declared and a ``str`` or ``int`` where an enum is, but a hit returns the value that lax
validation of equal input gave. Records built from JSON-like data need lax mode anyway.

>>> cache: Interner[str, int] = Interner(maxsize=2)
>>> cache.add("a", 1), cache.add("b", 2), cache.add("a", 10), cache.get("a")
(1, 2, 1, 1)
>>> cache.add("c", 3), cache.get("a"), len(cache)
(3, None, 2)
>>> row_key({"code": "toan", "periods": 105}, frozenset({str, int}))
((('code', 'toan'), ('periods', 105)), (<class 'str'>, <class 'int'>))
>>> row_key({"code": "toan", "periods": 105.0}, frozenset({str, int})) is None
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from itertools import chain
from typing import Any, Final, Generic, TypeVar

from pydantic import ValidatorFunctionWrapHandler

__all__ = ["Interner", "RowKey", "RowsKey", "intern_rows", "nested_row_key", "row_key", "rows_key"]

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

RowKey = tuple[tuple[tuple[object, object], ...], tuple[type, ...]]
"""A dict's items and the exact type of each value."""
RowsKey = tuple[tuple[object, ...], tuple[object, ...], tuple[type, ...], tuple[int, ...]]
"""Several dicts' keys, values and value types (each flattened) and their lengths."""


class Interner(Generic[_K, _V]):
    """A bounded, thread-safe map from a key to the one validated value for it."""

    __slots__ = ("_entries", "_lock", "_maxsize")

    def __init__(self, maxsize: int) -> None:
        self._entries: dict[_K, _V] = {}
        self._lock = threading.Lock()
        self._maxsize = maxsize

    def get(self, key: _K) -> _V | None:
        """The stored value for ``key``, or ``None``."""
        return self._entries.get(key)

    def add(self, key: _K, value: _V) -> _V:
        """Store ``value`` for ``key`` unless one is stored already; return the stored one."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                return found
            if len(self._entries) >= self._maxsize:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = value
            return value

    def __len__(self) -> int:
        return len(self._entries)


_STR_ONLY: Final = frozenset({str})
_DICT_ONLY: Final = frozenset({dict})


def row_key(item: object, value_types: frozenset[type]) -> RowKey | None:
    """The key of a plain dict with ``str`` keys and values of ``value_types``; else ``None``."""
    if type(item) is not dict:
        return None
    types = tuple(map(type, item.values()))
    if not value_types.issuperset(types) or not _STR_ONLY.issuperset(map(type, item)):
        return None
    return tuple(item.items()), types


def rows_key(value: object, value_types: frozenset[type]) -> RowsKey | None:
    """The key of a non-empty list or tuple of such dicts; else ``None``.

    Keys, values and value types of all rows, each flattened into one tuple, and the
    length of every row: built and hashed in C, which matters when this runs for every
    record of a district.

    >>> rows_key([{"a": 1}, {"a": True, "b": "x"}], frozenset({int, bool, str}))
    (('a', 'a', 'b'), (1, True, 'x'), (<class 'int'>, <class 'bool'>, <class 'str'>), (1, 2))
    >>> rows_key([], frozenset({int})), rows_key([{"a": [1]}], frozenset({int}))
    (None, None)
    >>> rows_key("ab", _STR_ONLY), rows_key(["ab"], _STR_ONLY), rows_key([{1: "a"}], _STR_ONLY)
    (None, None, None)
    """
    if (type(value) is not list and type(value) is not tuple) or not value:
        return None
    if not _DICT_ONLY.issuperset(map(type, value)):
        return None
    rows: tuple[dict[object, object], ...] = tuple(value)
    values = tuple(chain.from_iterable(map(dict.values, rows)))
    types = tuple(map(type, values))
    keys = tuple(chain.from_iterable(rows))
    if not value_types.issuperset(types) or not _STR_ONLY.issuperset(map(type, keys)):
        return None
    return keys, values, types, tuple(map(len, rows))


def nested_row_key(item: object, value_types: frozenset[type]) -> Hashable | None:
    """Like :func:`row_key`, also allowing values that are a list or tuple of such values.

    >>> nested_row_key({"levels": ["Đạt"], "semester": 1}, frozenset({str, int}))
    (('levels', 'semester'), ((<class 'list'>, ('Đạt',), (<class 'str'>,)), (<class 'int'>, 1)))
    >>> nested_row_key({"levels": [["Đạt"]]}, frozenset({str}))
    >>> nested_row_key({"x": 1.5}, frozenset({str}))
    >>> nested_row_key({2: "x"}, frozenset({str})), nested_row_key(["x"], frozenset({str}))
    (None, None)
    """
    if type(item) is not dict:
        return None
    keys = tuple(item)
    if not _STR_ONLY.issuperset(map(type, keys)):
        return None
    parts: list[tuple[object, ...]] = []
    for value in item.values():
        kind = type(value)
        if kind is list or kind is tuple:
            items = tuple(value)
            item_types = tuple(map(type, items))
            if not value_types.issuperset(item_types):
                return None
            parts.append((kind, items, item_types))
        elif kind in value_types:
            parts.append((kind, value))
        else:
            return None
    return keys, tuple(parts)


def intern_rows(
    value: Any,
    handler: ValidatorFunctionWrapHandler,
    cache: Interner[Hashable, Any],
    key_of: Callable[[object], Hashable | None],
) -> Any:
    """Validate a sequence of rows, taking rows already validated from ``cache``.

    Rows found in the cache are replaced by their validated instance, which pydantic keeps
    as it is; the sequence (same type, same positions, so errors keep their location) then
    goes through the ordinary validation, and the rows it newly accepted are stored.
    """
    if type(value) is not list and type(value) is not tuple:
        return handler(value)
    rows = list(value)
    fresh: list[tuple[int, Hashable]] = []
    for index, row in enumerate(rows):
        key = key_of(row)
        if key is not None:
            found = cache.get(key)
            if found is None:
                fresh.append((index, key))
            else:
                rows[index] = found
    validated: Sequence[Any] = handler(rows if type(value) is list else tuple(rows))
    for index, key in fresh:
        cache.add(key, validated[index])
    return validated
