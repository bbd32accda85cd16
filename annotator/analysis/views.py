"""Outlet and article reports: the comparison of outlets, one outlet, one article, and the
numbers behind each chart as CSV.

Admins read every report. A reviewer reads the reports of the closed campaigns they review in
that show reports to their reviewers (``Campaign.reports_visible_to_reviewers``), one campaign
at a time; with no such campaign every report is 403 for them, and another campaign, or an
outlet or article outside theirs, is 404.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from annotator.analysis import charts, reports, selectors
from annotator.analysis.reports import LABELS, ReportFilter, ShareRow
from annotator.htmx import HtmxHttpRequest
from annotator.models import Campaign
from annotator.permissions import is_admin
from annotator.spreadsheets import neutralise
from annotator.vocabulary import VOCABULARY
from articles.models import Article, Outlet


@dataclass(frozen=True, slots=True)
class Scope:
    """What the request may see: its filter (a reviewer's always names a campaign) and the
    campaigns it may choose from."""

    report_filter: ReportFilter
    campaigns: list[Campaign]
    admin: bool

    @property
    def campaign(self) -> Campaign | None:
        return next((c for c in self.campaigns if c.pk == self.report_filter.campaign_id), None)


def _scope(request: HttpRequest) -> Scope:
    """The filter asked for, checked against the campaigns the user may read. Queries: 1."""
    report_filter = ReportFilter.parse(request.GET)
    admin = is_admin(request.user)
    campaigns = list(
        selectors.campaigns_visible_to(request.user).order_by("-is_open", "-created_at", "pk")
    )
    if not admin and not campaigns:
        raise PermissionDenied(
            "Reports are for admins, and for reviewers of campaigns that share them."
        )
    chosen = report_filter.campaign_id
    if chosen is None and not admin:
        report_filter = replace(report_filter, campaign_id=campaigns[0].pk)
    elif chosen is not None and all(c.pk != chosen for c in campaigns):
        raise Http404("No such campaign.")
    return Scope(report_filter=report_filter, campaigns=campaigns, admin=admin)


def _context(request: HttpRequest, scope: Scope, **extra: Any) -> dict[str, Any]:
    report_filter = scope.report_filter
    return {
        "scope": scope,
        "filter": report_filter,
        "query": urlencode(report_filter.query()),
        # Campaign and dates: what links to another report keep.
        "scope_query": urlencode(
            report_filter.query(
                outlet_ids=(), sort="unsourced", descending=True, trend_outlet_id=None
            )
        ),
        "campaign_query": urlencode(
            [("campaign", str(report_filter.campaign_id))] if report_filter.campaign_id else []
        ),
        "fallback": reports.FALLBACK,
        "min_reviews": settings.REPORT_MIN_REVIEWS,
        "vocabulary": VOCABULARY,
        **extra,
    }


def _sort_headers(report_filter: ReportFilter) -> list[dict[str, str]]:
    """The comparison table's column headers as links that sort by them (again: reversed)."""
    columns = [("name", "Outlet"), ("sentences", "Sentences")]
    columns += [(spec.value.value, spec.name) for spec in VOCABULARY]
    headers = []
    for key, label in columns:
        current = report_filter.sort == key
        descending = not report_filter.descending if current else key != "name"
        headers.append(
            {
                "key": key,
                "label": label,
                "href": "?" + urlencode(report_filter.query(sort=key, descending=descending)),
                "aria_sort": (
                    ("descending" if report_filter.descending else "ascending") if current else ""
                ),
            }
        )
    return headers


@require_GET
@login_required
def report_comparison(request: HtmxHttpRequest) -> HttpResponse:
    """Outlets side by side: one chart and a sortable table, and one outlet's monthly trend
    (for htmx, ``HX-Target: trend``, just that section). Queries: 5, the user's included
    (4 for the fragment)."""
    scope = _scope(request)
    report_filter = scope.report_filter
    rows = selectors.outlet_shares(report_filter)
    named = [row for row in rows if row.key is not None]
    trend_row = next((row for row in named if row.key == report_filter.trend_outlet_id), None)
    trend_row = trend_row or (named[0] if named else None)
    context = _context(request, scope, rows=rows, trend_outlets=named, trend_row=trend_row)
    if trend_row is not None:
        trend = selectors.outlet_trend(report_filter, outlet_id=int(trend_row.key or 0))
        context["trend"] = trend
        if trend.months:
            context["trend_chart"] = charts.trend_lines(
                chart_id="trend-chart", title=f"{trend_row.name}: shares by month", trend=trend
            )
        context["trend_query"] = urlencode(report_filter.query(trend_outlet_id=None))
        context["trend_fields"] = report_filter.query(trend_outlet_id=None)
    if request.htmx and request.htmx.target == "trend":
        response = render(request, "analysis/report_comparison.html#trend", context)
    else:
        outlets = selectors.report_outlets(campaign_id=report_filter.campaign_id, admin=scope.admin)
        context["outlets"] = list(outlets.order_by("name").only("pk", "name"))
        context["headers"] = _sort_headers(report_filter)
        context["chart"] = charts.share_panels(
            chart_id="comparison-chart", title="Shares of each label by outlet", rows=rows
        )
        response = render(request, "analysis/report_comparison.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _outlet(scope: Scope, outlet_id: int) -> tuple[Outlet, ShareRow]:
    """The outlet and its shares (empty when the filter leaves nothing); 404 for a reviewer
    when the outlet has no article in their campaign."""
    outlets = selectors.report_outlets(
        campaign_id=scope.report_filter.campaign_id, admin=scope.admin
    )
    outlet = get_object_or_404(outlets, pk=outlet_id)
    scoped = replace(scope.report_filter, outlet_ids=(outlet.pk,))
    rows = selectors.outlet_shares(scoped)
    return outlet, rows[0] if rows else ShareRow(key=outlet.pk, name=outlet.name, counts={})


@require_GET
@login_required
def report_outlet(request: HttpRequest, outlet_id: int) -> HttpResponse:
    """One outlet: its shares, monthly trend, most-cited sources and the articles with the
    highest share of unsourced claims. Queries: 7, the user's included."""
    scope = _scope(request)
    outlet, row = _outlet(scope, outlet_id)
    trend = selectors.outlet_trend(scope.report_filter, outlet_id=outlet.pk)
    context = _context(
        request,
        scope,
        outlet=outlet,
        row=row,
        row_list=[row],
        chart=charts.share_panels(
            chart_id="outlet-chart", title=f"{outlet.name}: shares of each label", rows=[row]
        ),
        trend=trend,
        trend_chart=charts.trend_lines(
            chart_id="trend-chart", title=f"{outlet.name}: shares by month", trend=trend
        )
        if trend.months
        else None,
        sources=selectors.outlet_sources(scope.report_filter, outlet_id=outlet.pk),
        articles=selectors.article_shares(scope.report_filter, outlet_id=outlet.pk),
    )
    return render(request, "analysis/report_outlet.html", context)


def _article(scope: Scope, article_id: int) -> Article:
    articles = selectors.report_articles(campaign_id=scope.report_filter.campaign_id)
    return get_object_or_404(articles, pk=article_id)


@require_GET
@login_required
def report_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """One article: its sentences coloured by reported label, its shares, and where the
    reviewers disagreed (how many gave each label, never who). Queries: 6, the user's
    included."""
    scope = _scope(request)
    article = _article(scope, article_id)
    report = selectors.article_report(scope.report_filter, article=article)
    context = _context(
        request,
        scope,
        article=article,
        report=report,
        row_list=[report.shares],
        chart=charts.share_panels(
            chart_id="article-chart",
            title=f"{article.title}: shares of each label",
            rows=[report.shares],
        ),
    )
    return render(request, "analysis/report_article.html", context)


# CSV -------------------------------------------------------------------------------------------


def _csv_rows(first: str, rows: Iterable[ShareRow]) -> Iterator[list[Any]]:
    yield [
        first,
        "articles",
        "sentences",
        "from_gold",
        "from_fallback",
        "unresolved",
        *(f"{value}_{part}" for value in LABELS for part in ("count", "share", "low", "high")),
    ]
    for row in rows:
        cells: list[Any] = [
            row.name,
            row.articles,
            row.sentences,
            row.from_gold,
            row.from_fallback,
            row.unresolved,
        ]
        for share in row.shares:
            cells += [
                share.count,
                *("" if x is None else f"{x:.6f}" for x in (share.value, share.low, share.high)),
            ]
        yield cells


def _csv_response(name: str, first: str, rows: Iterable[ShareRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    writer = csv.writer(response)
    for cells in _csv_rows(first, rows):
        writer.writerow([neutralise(cell) for cell in cells])
    return response


@require_GET
@login_required
def report_comparison_csv(request: HttpRequest) -> HttpResponse:
    """The numbers behind the comparison chart, one row per outlet. Queries: 3, the
    user's included."""
    scope = _scope(request)
    return _csv_response("outlet-shares", "outlet", selectors.outlet_shares(scope.report_filter))


@require_GET
@login_required
def report_outlet_csv(request: HttpRequest, outlet_id: int) -> HttpResponse:
    """The numbers behind one outlet's chart. Queries: 4, the user's included."""
    scope = _scope(request)
    outlet, row = _outlet(scope, outlet_id)
    return _csv_response(f"outlet-{outlet.slug}-shares", "outlet", [row])


@require_GET
@login_required
def report_trend_csv(request: HttpRequest, outlet_id: int) -> HttpResponse:
    """The numbers behind one outlet's trend chart, one row per month. Queries: 5, the user's
    included."""
    scope = _scope(request)
    outlet, _ = _outlet(scope, outlet_id)
    trend = selectors.outlet_trend(scope.report_filter, outlet_id=outlet.pk)
    return _csv_response(f"outlet-{outlet.slug}-trend", "month", trend.months)


@require_GET
@login_required
def report_article_csv(request: HttpRequest, article_id: int) -> HttpResponse:
    """The numbers behind one article's chart. Queries: 6, the user's included."""
    scope = _scope(request)
    article = _article(scope, article_id)
    report = selectors.article_report(scope.report_filter, article=article)
    return _csv_response(f"article-{article.pk}-shares", "article", [report.shares])
