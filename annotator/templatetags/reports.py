"""Report helpers for templates: percentages, intervals, and whether to offer the Reports link."""

from __future__ import annotations

from typing import Any

from django import template

from annotator import reports
from annotator.charts import percent as _percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """``{{ share.value|percent }}``: 0.3 → "30.0%"; None → "–"."""
    return _percent(value)


@register.filter
def percent_range(low: float | None, high: float | None) -> str:
    """``{{ share.low|percent_range:share.high }}``: "10.8–60.3%"; "" without an interval."""
    if low is None or high is None:
        return ""
    return f"{_percent(low).rstrip('%')}–{_percent(high)}"


@register.simple_tag(takes_context=True)
def reports_link_visible(context: template.Context) -> bool:
    """Whether the navigation offers Reports: always to admins (no query); to a reviewer
    when a closed campaign of theirs shares its reports (one query)."""
    user: Any = context.get("user")
    return user is not None and user.is_authenticated and reports.reports_visible(user)
