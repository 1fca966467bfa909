"""Sidebar widgets for the engine's strategy and research run options.

Each widget is drawn from the library's option catalogue (``orbit.options()``,
the table behind ``orbit run --help``): its choices, default and help text are
the catalogue's, so a new choice in the engine appears here without an app
change. The app neither parses nor checks the values: they go to the engine as
run options (``orbit.scan`` / ``orbit.sweep`` keywords), whose parser rejects
bad ones with the CLI's messages (the page shows them).

Contract: a widget left at its default contributes no option, so a run with
every widget untouched is the run without these options (the reference's).
"""
from __future__ import annotations

from typing import Any

import orbit

# Sidebar groups: (title, option keywords in display order).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Strategy", ("target", "stop_cap", "t1", "be_offset", "range_start", "intrabar")),
    ("Costs", ("slippage", "point_value")),
    ("Calendar and columns", ("calendar", "calendar_file", "columns")),
)
LABELS = {
    "target": "Target, points",
    "stop_cap": "Stop cap, × target",
    "t1": "T1, fraction of the target",
    "be_offset": "Break-even offset, ticks",
    "range_start": "Range start",
    "intrabar": "Intra-bar policy",
    "slippage": "Slippage, ticks per side",
    "point_value": "Point values, USD per point",
    "calendar": "Calendar",
    "calendar_file": "Calendar file",
    "columns": "Columns",
}


def spec(keyword: str) -> dict[str, Any]:
    """The catalogue entry of one run option: kind, choices, default, help."""
    return orbit.options()[keyword]


def default_text(keyword: str) -> str:
    return f"default: {spec(keyword)['default']}"


def option_widget(container: Any, keyword: str, label: str | None = None) -> Any:
    """Draws the widget of one run option (widget key = the keyword) and returns
    its value as a run option, or None when it is left at the default.

    choice kind: a selectbox of the catalogue's choices (plus a "default" entry
    when the default is no choice, e.g. no calendar); integer kind: a whole-number
    input starting at the default; every other kind: a text input, empty = default.
    """
    entry = spec(keyword)
    label = label or LABELS.get(keyword, keyword)
    kind, choices, default, help_text = entry["kind"], entry["choices"], entry["default"], entry["help"]
    if kind == "choice":
        if default in choices:
            value = container.selectbox(label, choices, index=choices.index(default), key=keyword, help=help_text)
            return None if value == default else value
        value = container.selectbox(label, [None, *choices], index=0, key=keyword, help=help_text,
                                    format_func=lambda v: default_text(keyword) if v is None else v)
        return value
    if kind == "integer":
        start = int(default)
        value = container.number_input(label, value=start, step=1, key=keyword,
                                       help=f"{help_text} ({default_text(keyword)})")
        return None if int(value) == start else int(value)
    text = container.text_input(label, key=keyword, placeholder=default_text(keyword), help=help_text)
    return text.strip() or None


# How the data source is read: the CLI's reading options (--input-tz, --format).
DATA_OPTIONS = ("input_tz", "format")
DATA_LABELS = {"input_tz": "Input time zone (naive timestamps)", "format": "CSV format"}


def data_options(container: Any) -> tuple[dict[str, Any], str]:
    """Draws the data source's reading options in `container` (the sidebar):
    the input zone and format preset of the catalogue, and the instrument of
    files without an instrument column (what `orbit run --instrument X` assumes
    for them). Returns (options set away from their defaults, that instrument
    or "")."""
    chosen: dict[str, Any] = {}
    for keyword in DATA_OPTIONS:
        value = option_widget(container, keyword, DATA_LABELS[keyword])
        if value is not None:
            chosen[keyword] = value
    instrument = container.text_input(
        "Instrument of files without an instrument column", key="file_instrument", placeholder="e.g. NQ",
        help="The rows of files without an instrument column (NinjaTrader, TradeStation exports, the NQ sample) "
             "belong to this instrument, as with `orbit run --instrument NQ`")
    return chosen, instrument.strip().upper()


def strategy_options(container: Any) -> dict[str, Any]:
    """Draws every group of GROUPS in `container` (the sidebar) as an expander;
    returns the options set away from their defaults (keyword -> value)."""
    chosen: dict[str, Any] = {}
    for title, keywords in GROUPS:
        group = container.expander(title)
        for keyword in keywords:
            value = option_widget(group, keyword)
            if value is not None:
                chosen[keyword] = value
    return chosen
