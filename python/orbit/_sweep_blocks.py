"""A sweep grid cut into blocks of consecutive combinations (orbit.dask.sweep).

The engine numbers combinations 0..count-1 over the product of the target,
stop-cap, T1 and break-even-offset axes, target slowest and offset fastest
(src/sweep/sweep_grid.h, CombinationAt). A block here is a run of consecutive
ids that is itself a product grid: single values of the slower axes, a
contiguous slice of one axis, every value of the faster axes. A sweep of the
block's axis texts therefore numbers its combinations 0..n-1 in the same order,
and ``first + local id`` is the full grid's id.

Axis texts are expanded as ``src/sweep/axis.cc`` (ParseAxis) does, on scaled
integers: "0.5:0.8:0.05" -> "0.50", "0.55", ..., "0.80", each the exact decimal
the engine would have produced and parses again to the same double. Only texts
the engine has already accepted are expanded here (orbit.dask.sweep asks the
engine to check the grid first), so this module does no validation.
"""
from __future__ import annotations

from dataclasses import dataclass

# The engine's values for an empty axis text (sweep_grid.cc, ParseGrid); an
# empty target axis means each instrument's own target and stays "".
_DEFAULTS = {"target": "", "stop_cap": "3.0", "t1": "0.65", "be_offset": "1"}
AXES = ("target", "stop_cap", "t1", "be_offset")  # slowest to fastest


def _tokens(text: str, separator: str) -> list[str]:
    """core/tokens.h SplitTokens: parts with spaces and tabs trimmed."""
    return [part.strip(" \t") for part in text.split(separator)]


def _scaled(token: str) -> tuple[int, int]:
    """A plain decimal "[-+]digits[.digits]" as (mantissa, scale)."""
    whole, _, fraction = token.partition(".")
    return int(whole + fraction), len(fraction)


def _decimal_text(mantissa: int, scale: int) -> str:
    """axis.cc DecimalText: mantissa * 10^-scale with exactly `scale` fraction digits."""
    sign = "-" if mantissa < 0 else ""
    digits = str(abs(mantissa))
    if scale == 0:
        return sign + digits
    digits = digits.rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def expand_axis(text: str) -> list[str]:
    """The values of an accepted axis text, as decimal texts in the engine's order:
    "a:b:step" -> a, a+step, ... <= b (exact); "5,10" -> its tokens."""
    if ":" in text:
        (a, sa), (b, sb), (step, ss) = (_scaled(t) for t in _tokens(text, ":"))
        scale = max(sa, sb, ss)
        a, b, step = (m * 10 ** (scale - s) for m, s in ((a, sa), (b, sb), (step, ss)))
        return [_decimal_text(a + i * step, scale) for i in range((b - a) // step + 1)]
    return _tokens(text, ",")


@dataclass(frozen=True)
class Block:
    """Combinations first..first+count-1 of the full grid; `axes` are the
    texts (target, stop_cap, t1, be_offset) of the sub-grid to sweep."""

    first: int
    count: int
    axes: tuple[str, str, str, str]


def grid_axes(texts: dict[str, str]) -> list[list[str]]:
    """Each axis's values, slowest first ([""] for the default target)."""
    axes = []
    for name in AXES:
        text = texts.get(name) or _DEFAULTS[name]
        axes.append(expand_axis(text) if text else [""])
    return axes


def plan_blocks(axes: list[list[str]], block: int) -> list[Block]:
    """Consecutive blocks of at most `block` (>= 1) combinations covering the
    grid in id order. The slowest axis k whose faster axes hold <= block
    combinations is sliced into runs of block // inner values; the axes
    slower than k take one value per block."""
    sizes = [len(values) for values in axes]
    inner = [1] * len(sizes)  # inner[k]: combinations per value of axis k
    for k in range(len(sizes) - 2, -1, -1):
        inner[k] = inner[k + 1] * sizes[k + 1]
    k = next(k for k in range(len(sizes)) if inner[k] <= block)
    run = min(sizes[k], max(1, block // inner[k]))
    outer = 1
    for size in sizes[:k]:
        outer *= size
    blocks = []
    for prefix in range(outer):  # index of the slower axes' values, as a combination id / (sizes[k] * inner[k])
        picks, rest = [], prefix
        for size in reversed(sizes[:k]):
            picks.append(rest % size)
            rest //= size
        picks.reverse()
        for start in range(0, sizes[k], run):
            stop = min(start + run, sizes[k])
            texts = [axes[j][picks[j]] for j in range(k)]
            texts.append(",".join(axes[k][start:stop]))
            texts.extend(",".join(values) for values in axes[k + 1:])
            first = prefix * sizes[k] * inner[k] + start * inner[k]
            blocks.append(Block(first, (stop - start) * inner[k], tuple(texts)))
    return blocks
