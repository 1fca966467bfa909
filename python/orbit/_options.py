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
        return os.fspath(value)
    if is_number(value) and kind == "text":
        return number_text(value)  # numeric text options (target=12.5, commission=2.5); the parser checks them
    if not isinstance(value, str):
        raise TypeError(f"{key}: expected a string, got {type(value).__name__}")
    return value


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
