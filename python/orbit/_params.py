"""RunParams: the reference's run-parameter model (spec §2.1).

Python types are checked here; the values are checked by the C++ library
(``ValidateRunParams``, the same rules and messages as ``orbit run``).
"""
from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any

from . import _core

_FIELDS = ("instrument", "enabled_sessions", "enabled_slots", "trade_days", "write_no_trade_rows", "target_mode")
# Fields of the reference model that have no effect (§2.1); accepted and kept.
_UNUSED = {"same_bar_priority": "STOP_FIRST", "write_setup_rows": False, "target": 50.0}


def _fail(problem: str) -> None:
    raise _core.UsageError("Parameter validation failed:\n  - " + problem)


def _str_list(value: Any, name: str) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail(f"{name} must be a list of strings, got {value!r}")
    out = list(value)
    for item in out:
        if not isinstance(item, str):
            _fail(f"{name} must be a list of strings, got item {item!r}")
    return out


def _int_list(value: Any, name: str) -> list[int]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail(f"{name} must be a list of integers, got {value!r}")
    out = []
    for item in value:
        if isinstance(item, bool):
            _fail(f"{name} must be a list of integers, got item {item!r}")
        try:
            out.append(operator.index(item))
        except TypeError:
            _fail(f"{name} must be a list of integers, got item {item!r}")
    return out


class RunParams:
    """Run parameters, validated on construction.

    ``RunParams(instrument, enabled_sessions=["S1", "S2"], enabled_slots={},
    trade_days=[0, 1, 2, 3, 4], write_no_trade_rows=True, target_mode="fixed")``

    * ``instrument``: one of ES NQ YM CL NG GC RTY MES MNQ MYM MCL MNG MGC M2K
      (upper-case, as the reference's model requires).
    * ``enabled_slots``: ``{"S1": ["07:30"], ...}``; a missing key or an empty
      list means all slots of that session, a list of unknown labels means none
      (KI-24; ``fixes=["KI-24"]`` rejects them), other keys are ignored (§2.3).
    * ``same_bar_priority``, ``write_setup_rows`` and ``target`` are accepted
      for compatibility and, as in the reference, have no effect.

    Raises ``orbit.UsageError`` (a ``ValueError``) with the library's message.
    """

    __slots__ = _FIELDS + tuple(_UNUSED)

    def __init__(self, instrument: str, enabled_sessions: Iterable[str] = ("S1", "S2"),
                 enabled_slots: Mapping[str, Iterable[str]] | None = None,
                 trade_days: Iterable[int] = (0, 1, 2, 3, 4), write_no_trade_rows: bool = True,
                 target_mode: str = "fixed", *, same_bar_priority: str = "STOP_FIRST",
                 write_setup_rows: bool = False, target: float = 50.0):
        if not isinstance(instrument, str):
            _fail(f"instrument must be a string, got {instrument!r}")
        sessions = _str_list(enabled_sessions, "enabled_sessions")
        if enabled_slots is None:
            enabled_slots = {}
        if not isinstance(enabled_slots, Mapping):
            _fail(f"enabled_slots must be a mapping of session to a list of 'HH:MM' labels, got {enabled_slots!r}")
        slots = {}
        for key, labels in enabled_slots.items():
            if not isinstance(key, str):
                _fail(f"enabled_slots keys must be session names, got {key!r}")
            slots[key] = _str_list(labels, f"enabled_slots[{key!r}]")
        days = _int_list(trade_days, "trade_days")
        if not isinstance(write_no_trade_rows, bool) and type(write_no_trade_rows).__name__ != "bool_":
            _fail(f"write_no_trade_rows must be a bool, got {write_no_trade_rows!r}")
        if not isinstance(target_mode, str):
            _fail(f"target_mode must be 'fixed' or 'time', got {target_mode!r}")
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "enabled_sessions", tuple(sessions))
        object.__setattr__(self, "enabled_slots", {k: tuple(v) for k, v in slots.items()})
        object.__setattr__(self, "trade_days", tuple(days))
        object.__setattr__(self, "write_no_trade_rows", bool(write_no_trade_rows))
        object.__setattr__(self, "target_mode", target_mode)
        object.__setattr__(self, "same_bar_priority", same_bar_priority)
        object.__setattr__(self, "write_setup_rows", write_setup_rows)
        object.__setattr__(self, "target", target)
        _core.validate_params(self._to_core(), "")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("RunParams is immutable; use replace(**changes)")

    def replace(self, **changes: Any) -> "RunParams":
        """A copy with some fields changed (validated again)."""
        return RunParams(**{**self.to_dict(), **changes})

    def to_dict(self) -> dict:
        d = {name: getattr(self, name) for name in _FIELDS}
        d["enabled_sessions"] = list(d["enabled_sessions"])
        d["enabled_slots"] = {k: list(v) for k, v in d["enabled_slots"].items()}
        d["trade_days"] = list(d["trade_days"])
        d.update({name: getattr(self, name) for name in _UNUSED})
        return d

    @classmethod
    def coerce(cls, value: Any) -> "RunParams":
        """A RunParams from a RunParams, a dict, or any object with the fields as attributes."""
        if isinstance(value, RunParams):
            return value
        if isinstance(value, Mapping):
            known = set(_FIELDS) | set(_UNUSED)
            unknown = sorted(str(k) for k in value if k not in known)
            if unknown:
                _fail(f"unknown run parameter(s) {', '.join(unknown)} (known: {', '.join(_FIELDS)})")
            if "instrument" not in value:
                _fail("instrument is required")
            return cls(**value)
        if not hasattr(value, "instrument"):
            raise TypeError(f"expected RunParams, a dict or an object with run-parameter attributes, "
                            f"got {type(value).__name__}")
        kwargs = {name: getattr(value, name) for name in _FIELDS + tuple(_UNUSED) if hasattr(value, name)}
        if kwargs.get("enabled_slots") is None:
            kwargs.pop("enabled_slots", None)
        if hasattr(kwargs.get("target_mode"), "value"):  # an Enum
            kwargs["target_mode"] = kwargs["target_mode"].value
        return cls(**kwargs)

    def _to_core(self) -> "_core._Params":
        p = _core._Params()
        p.instrument = self.instrument
        p.sessions = list(self.enabled_sessions)
        p.slots = {k: list(v) for k, v in self.enabled_slots.items()}
        p.trade_days = list(self.trade_days)
        p.write_no_trade_rows = self.write_no_trade_rows
        p.target_mode = self.target_mode
        return p

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunParams) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.instrument, self.enabled_sessions, tuple(sorted(self.enabled_slots.items())),
                     self.trade_days, self.write_no_trade_rows, self.target_mode))

    def __repr__(self) -> str:
        return ("RunParams(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS) + ")")
