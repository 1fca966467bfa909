"""RunParams: the reference's run-parameter model (spec §2.1), as a frozen dataclass.

Python types are checked here (``TypeError``); values are checked by the C++
library's one option parser, with the same rules and messages as ``orbit run``
(``UsageError``). Fields the engine does not use are not accepted.
"""
from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from . import _core

TargetMode = Literal["fixed", "time"]
Session = Literal["S1", "S2"]


def _str_tuple(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of strings, got {value!r}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be a list of strings, got item {item!r}")
    return out


def _int_tuple(value: Any, name: str) -> tuple[int, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of integers, got {value!r}")
    out = []
    for item in value:
        if isinstance(item, bool):
            raise TypeError(f"{name} must be a list of integers, got item {item!r}")
        try:
            out.append(operator.index(item))
        except TypeError:
            raise TypeError(f"{name} must be a list of integers, got item {item!r}") from None
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class RunParams:
    """Run parameters, validated on construction.

    ``RunParams(instrument, enabled_sessions=("S1", "S2"), enabled_slots={},
    trade_days=(0, 1, 2, 3, 4), write_no_trade_rows=True, target_mode="fixed")``

    * ``instrument``: one of ES NQ YM CL NG GC RTY MES MNQ MYM MCL MNG MGC M2K
      (upper-case, as the reference's model requires).
    * ``enabled_slots``: ``{"S1": ["07:30"], ...}``; a missing key or an empty
      list means all slots of that session, a list of unknown labels means none
      (KI-24; ``fixes=["KI-24"]`` rejects them), other keys are ignored (§2.3).

    Raises ``TypeError`` for wrong types and ``orbit.UsageError`` (a
    ``ValueError``) with the library's message for wrong values.
    """

    instrument: str
    enabled_sessions: tuple[Session, ...] = ("S1", "S2")
    enabled_slots: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    trade_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    write_no_trade_rows: bool = True
    target_mode: TargetMode = "fixed"

    def __post_init__(self) -> None:
        if not isinstance(self.instrument, str):
            raise TypeError(f"instrument must be a string, got {self.instrument!r}")
        sessions = _str_tuple(self.enabled_sessions, "enabled_sessions")
        slots = self.enabled_slots if self.enabled_slots is not None else {}
        if not isinstance(slots, Mapping):
            raise TypeError(f"enabled_slots must be a mapping of session to a list of 'HH:MM' labels, got {slots!r}")
        checked = {}
        for key, labels in slots.items():
            if not isinstance(key, str):
                raise TypeError(f"enabled_slots keys must be session names, got {key!r}")
            checked[key] = _str_tuple(labels, f"enabled_slots[{key!r}]")
        days = _int_tuple(self.trade_days, "trade_days")
        if not isinstance(self.write_no_trade_rows, bool) and type(self.write_no_trade_rows).__name__ != "bool_":
            raise TypeError(f"write_no_trade_rows must be a bool, got {self.write_no_trade_rows!r}")
        if not isinstance(self.target_mode, str):
            raise TypeError(f"target_mode must be 'fixed' or 'time', got {self.target_mode!r}")
        object.__setattr__(self, "enabled_sessions", sessions)
        object.__setattr__(self, "enabled_slots", checked)
        object.__setattr__(self, "trade_days", days)
        object.__setattr__(self, "write_no_trade_rows", bool(self.write_no_trade_rows))
        _core.check_options(self.options())

    def options(self) -> list[tuple[str, str]]:
        """The run options these parameters stand for (catalogue names and text)."""
        out = [("instrument", self.instrument), ("sessions", ",".join(self.enabled_sessions)),
               ("trade-days", ",".join(str(d) for d in self.trade_days)),
               ("no-trade-rows", "on" if self.write_no_trade_rows else "off"), ("target-mode", self.target_mode)]
        if self.enabled_slots:
            out.append(("enabled-slots", ";".join(f"{k}={'|'.join(v)}" for k, v in self.enabled_slots.items())))
        return out

    def replace(self, **changes: Any) -> "RunParams":
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return {"instrument": self.instrument, "enabled_sessions": list(self.enabled_sessions),
                "enabled_slots": {k: list(v) for k, v in self.enabled_slots.items()},
                "trade_days": list(self.trade_days), "write_no_trade_rows": self.write_no_trade_rows,
                "target_mode": self.target_mode}

    @classmethod
    def coerce(cls, value: Any) -> "RunParams":
        """A RunParams from a RunParams, a dict, or any object with the fields as attributes."""
        if isinstance(value, RunParams):
            return value
        fields = [f.name for f in dataclasses.fields(cls)]
        if isinstance(value, Mapping):
            unknown = sorted(str(k) for k in value if k not in fields)
            if unknown:
                raise TypeError(f"unknown run parameter(s) {', '.join(unknown)} (known: {', '.join(fields)})")
            if "instrument" not in value:
                raise TypeError("instrument is required")
            return cls(**value)
        if not hasattr(value, "instrument"):
            raise TypeError(f"expected RunParams, a dict or an object with run-parameter attributes, "
                            f"got {type(value).__name__}")
        kwargs = {name: getattr(value, name) for name in fields if hasattr(value, name)}
        if kwargs.get("enabled_slots") is None:
            kwargs.pop("enabled_slots", None)
        if hasattr(kwargs.get("target_mode"), "value"):  # an Enum
            kwargs["target_mode"] = kwargs["target_mode"].value
        return cls(**kwargs)

    def __hash__(self) -> int:
        return hash((self.instrument, self.enabled_sessions, tuple(sorted(self.enabled_slots.items())),
                     self.trade_days, self.write_no_trade_rows, self.target_mode))
