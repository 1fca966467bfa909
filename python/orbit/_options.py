"""Python values -> run-option text, by the C++ catalogue (orbit._core.catalogue()).

Every run option of ``orbit run`` is a keyword here (``trade-days`` ->
``trade_days``); this module only converts and type-checks Python values
(wrong types raise ``TypeError``). The values themselves are checked by the
library's one parser (``orbit::ParseRunOptions``), with the CLI's messages.
"""
from __future__ import annotations

import datetime as _dt
import numbers
import os
from collections.abc import Iterable, Mapping
from typing import Any

from . import _core

# name -> (kind, choices, default, help, required)
CATALOGUE: dict[str, tuple[str, tuple[str, ...], str, str, bool]] = {
    name: (kind, tuple(choices), default, help_text, required)
    for name, kind, choices, default, help_text, required in _core.catalogue()
}
# Python spellings that differ from the catalogue's.
ALIASES = {"fixes": "fix"}


def keyword(name: str) -> str:
    return name.replace("-", "_")


def option_name(key: str) -> str:
    name = ALIASES.get(key, key.replace("_", "-"))
    if name not in CATALOGUE:
        raise TypeError(f"unexpected keyword argument {key!r} (run options: "
                        f"{', '.join(sorted(keyword(n) for n in CATALOGUE))})")
    return name


def _text_list(value: Any, key: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{key}: expected a string or a list, got {type(value).__name__}")
    items = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise TypeError(f"{key}: expected strings or integers in the list, got {item!r}")
        items.append(str(item))
    return ",".join(items)


def _instant(value: Any, key: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo"):  # pandas.Timestamp
        return value.isoformat()
    if type(value).__name__ == "datetime64":
        return str(value)
    raise TypeError(f"{key}: expected ISO-8601 text, a datetime or a Timestamp, got {type(value).__name__}")


def _date(value: Any, key: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime) or (hasattr(value, "date") and callable(value.date)):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"{key}: expected 'YYYY-MM-DD' text or a date, got {type(value).__name__}")


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def is_number(value: Any) -> bool:
    """An int or float, numpy scalars included; bools are not numbers here."""
    return isinstance(value, numbers.Real) and not _is_bool(value)


def number_text(value: Any) -> str:
    """The shortest text that reads back as the same number (numpy scalars too:
    under numpy 2 their repr is 'np.float64(7.5)')."""
    return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))


def to_text(name: str, value: Any, key: str) -> str:
    """The option text for one Python value (TypeError for a wrong type)."""
    kind = CATALOGUE[name][0]
    if kind == "list":
        return _text_list(value, key)
    if kind == "integer":
        if _is_bool(value) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{key}: expected an integer, got {type(value).__name__}")
        return str(int(value))
    if kind == "size":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"{key}: expected a number of bytes or a size such as '200M', got {type(value).__name__}")
        return str(value)
    if kind == "switch":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return "on" if value else "off"
        if isinstance(value, str):
            return value
        raise TypeError(f"{key}: expected a bool, got {type(value).__name__}")
    if kind == "instant":
        return _instant(value, key)
    if kind == "date":
        return _date(value, key)
    if isinstance(value, os.PathLike):
        if name not in PATH_OPTIONS:
            raise TypeError(f"{key}: expected a string, got a path ({type(value).__name__})")
        return os.fspath(value)
    if is_number(value) and name in NUMERIC_TEXT_OPTIONS:
        return number_text(value)  # numeric text options (target=12.5, commission=2.5); the parser checks them
    if not isinstance(value, str):
        expected = "a string or a path" if name in PATH_OPTIONS else "a string or a number" \
            if name in NUMERIC_TEXT_OPTIONS else "a string"
        raise TypeError(f"{key}: expected {expected}, got {type(value).__name__} {value!r:.80}")
    return value


# Text options that take a number (target=12.5): a Python number is written as
# its shortest exact text. Only these: calendar_file=5 is a TypeError, not a
# file named "5".
NUMERIC_TEXT_OPTIONS = frozenset({"target", "stop-cap", "t1", "be-offset", "commission", "slippage"})
# Options naming a file: a str or an os.PathLike.
PATH_OPTIONS = frozenset({"calendar-file"})


def axis_text(name: str, value: Any) -> str:
    """One sweep axis (target, stop_cap, t1, be_offset) as option text.

    ``None`` -> "" (the default); a str is passed as is ("5:20:0.25" or
    "5,10"); a number or a list/tuple/array of numbers -> "a,b,c" (each
    number's shortest exact text). ``TypeError`` for bytes (``b'ES'`` is not the
    numbers 69 and 83), mappings, sets (no order) and non-numbers;
    ``orbit.UsageError`` for an empty list (leave the axis out for its default)
    and for a value listed twice (it would make duplicate combinations)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview, Mapping, set, frozenset)):
        raise TypeError(f"{name}: expected a number, a list of numbers or axis text, got {type(value).__name__}")
    items = list(value) if isinstance(value, Iterable) else [value]
    for item in items:
        if not is_number(item):
            raise TypeError(f"{name}: expected numbers, got {item!r:.80} ({type(item).__name__})")
    if not items:
        raise _core.UsageError(f"{name}: empty list (leave {name} out, or None, for its default)")
    texts = [number_text(v) for v in items]
    seen: set[float] = set()
    for item, text in zip(items, texts):
        if float(item) in seen:
            raise _core.UsageError(f"{name}: {text} is listed twice (each value once: duplicates would repeat "
                                   f"combinations)")
        seen.add(float(item))
    return ",".join(texts)


def collect(kwargs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, text) pairs for the given keywords; None means 'the default'."""
    out = []
    for key, value in kwargs.items():
        name = option_name(key)
        if value is None:
            continue
        if name == "fix" and not isinstance(value, str) and not list(value):
            continue  # fixes=[]: none, the reference's behaviour
        out.append((name, to_text(name, value, key)))
    return out
