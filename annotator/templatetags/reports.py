"""Report helpers for templates: percentages, intervals, and whether to offer the Reports link."""

from __future__ import annotations

from typing import Any

from django import template

from annotator.analysis import selectors
from annotator.analysis.charts import percent as _percent
from annotator.permissions import is_admin

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


# Where a reviewer's navigation asks whether they may read reports: home (where they land) and
# the reports themselves. The review workspace is left out: its pages keep a fixed, minimal
# query budget (tests/annotator/test_views.py holds it to 4).
REVIEWER_NAV_PAGES = ("home", "report-")


@register.simple_tag(takes_context=True)
def reports_link_visible(context: template.Context) -> bool:
    """Whether the navigation offers Reports: always to admins (no query); to a reviewer, on
    home and report pages, when a closed campaign of theirs shares its reports (one query)."""
    user: Any = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = getattr(match, "url_name", None) or ""
    if not name.startswith(REVIEWER_NAV_PAGES):
        return False
    return selectors.reports_visible(user)
