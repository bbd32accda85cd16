"""Database ids from untrusted text (URLs, query strings, form fields)."""

from __future__ import annotations

from typing import Any

# The largest id a database key holds: larger numbers are refused as input, not sent to SQL.
MAX_ID = 2**63 - 1


def parse_id(raw: Any) -> int | None:
    """The id ``raw`` spells, or None when it cannot be one: not plain ASCII digits ("²" is
    a digit to str.isdigit() but not to int()), zero, or beyond a 64-bit key (which also
    keeps int() away from strings of thousands of digits)."""
    text = str(raw or "")
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
