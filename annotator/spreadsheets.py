"""Cells that open as text in a spreadsheet: the guard every CSV the app writes uses (exports
and report downloads), so a title like ``=HYPERLINK(...)`` is never run as a formula."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value: Any) -> Any:
    """A cell value that opens as text in a spreadsheet: formula-like text gets a leading '."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
