"""Actions whose outcome the page keeps across reruns (Streamlit session state):
an action's result under its name, or its error message under ``<name>_error``.

Only the engine's errors are caught (``ENGINE_ERRORS``: bad parameters, bad data,
unreadable files); they become readable messages in the page and the app keeps
running. Any other exception is a bug and propagates.
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st

import orbit

ENGINE_ERRORS = (orbit.UsageError, orbit.BadInputError, OSError, RuntimeError, KeyError, ValueError)


def show_error(where: str, error: BaseException) -> None:
    st.error(f"{where}: {error}", icon="⚠️")


def remember(name: str, action: Callable[[], Any]) -> None:
    """Runs `action` and keeps its result in the session as `name`, or its error as `name`_error."""
    try:
        st.session_state[name] = action()
        st.session_state.pop(f"{name}_error", None)
    except ENGINE_ERRORS as e:
        st.session_state.pop(name, None)
        st.session_state[f"{name}_error"] = f"{type(e).__name__}: {e}"


def show_remembered_error(name: str, what: str) -> None:
    if f"{name}_error" in st.session_state:
        st.error(f"{what}: {st.session_state[name + '_error']}", icon="⚠️")


def fmt(value: Any, digits: int = 2) -> str:
    """A figure as the page shows it in a metric ("–" for none)."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"
