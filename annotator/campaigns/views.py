"""The admins' campaign pages: set up, progress, agreement, adjudication, reviewer quality.

Every view here is for admins only (``admin_required``: 403 for reviewers).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotator.analysis import agreement
from annotator.analysis import selectors as analysis
from annotator.analysis.confusion import confusion_table
from annotator.campaigns import gold, quality, selectors, services
from annotator.campaigns.forms import ArticleFilterForm, CampaignForm
from annotator.ids import parse_id
from annotator.models import Campaign
from annotator.permissions import admin_required
from annotator.vocabulary import SPEC_BY_VALUE, VOCABULARY

# How many rows a list page shows at once.
PAGE_SIZE = 50


@require_GET
@admin_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "campaigns/campaigns.html", {"summaries": selectors.campaign_summaries()}
    )


@require_http_methods(["GET", "POST"])
@admin_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign, _ = services.campaign_save(form=form)
        messages.success(request, f"Created “{campaign.name}”. Now choose its articles.")
        return redirect("campaign-articles", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "campaign": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@admin_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        campaign, changed = services.campaign_save(form=form)
        if changed is not None:
            messages.info(request, f"Automatic gold labels brought up to date ({changed} changed).")
        messages.success(request, f"Saved “{campaign.name}”.")
        return redirect("campaign", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.errors else 200,
    )


@require_GET
@admin_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    progress = selectors.campaign_progress(campaign=campaign)
    context = {
        "campaign": campaign,
        "progress": progress,
        "short": progress.short[:PAGE_SIZE],
        "model_agreement": selectors.model_agreement(campaign=campaign),
    }
    return render(request, "campaigns/campaign.html", context)


@require_POST
@admin_required
def campaign_toggle(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    services.campaign_open_set(campaign=campaign, is_open=request.POST.get("open") == "1")
    state = (
        "open: reviewers can take its articles" if campaign.is_open else "closed: labels are frozen"
    )
    messages.success(request, f"“{campaign.name}” is now {state}.")
    return redirect("campaign", campaign_id=campaign.pk)


@require_http_methods(["GET", "POST"])
@admin_required
def campaign_articles(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Choose articles by outlet, import batch, dates or search; preview, then add or remove."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    data = request.POST if request.method == "POST" else request.GET
    form = ArticleFilterForm(data if data else None)
    matching = None
    if form.is_bound and form.is_valid():
        article_filter = form.article_filter()
        matching = selectors.articles_matching(article_filter)
        if request.method == "POST":
            if not article_filter:
                messages.error(
                    request, "Choose at least one filter before adding or removing articles."
                )
            elif request.POST.get("action") == "remove":
                removed, kept = services.campaign_articles_remove(
                    campaign=campaign, articles=matching
                )
                note = f" {kept} with reviews stayed in the campaign." if kept else ""
                messages.success(request, f"Removed {removed} articles.{note}")
            else:
                added = services.campaign_articles_add(campaign=campaign, articles=matching)
                messages.success(request, f"Added {added} articles to “{campaign.name}”.")
            return redirect(f"{request.path}?{urlencode(_filter_query(request))}")
    in_campaign = campaign.articles.select_related("outlet").order_by("-created_at", "-pk")
    context = {
        "campaign": campaign,
        "form": form,
        "matching": matching[:PAGE_SIZE] if matching is not None else None,
        "matching_count": matching.count() if matching is not None else 0,
        "in_campaign": in_campaign[:PAGE_SIZE],
        "in_campaign_count": in_campaign.count(),
    }
    return render(
        request,
        "campaigns/campaign_articles.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def _filter_query(request: HttpRequest) -> list[tuple[str, str]]:
    """The article filter's fields of the posted form, as a query string's pairs."""
    return [
        (key, value)
        for key in ArticleFilterForm.base_fields
        for value in request.POST.getlist(key)
        if value
    ]


@require_POST
@admin_required
def campaign_settle(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    changed = gold.gold_refresh_campaign(campaign=campaign)
    messages.success(request, f"Automatic gold labels brought up to date ({changed} changed).")
    return redirect("adjudication", campaign_id=campaign.pk)


# Agreement and quality ----------------------------------------------------------------------


@require_GET
@admin_required
def campaign_agreement(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Every agreement figure with how to read it, each reviewer's figures, and the confusion
    matrix of the pair of reviewers asked for (``?a=<id>&b=<id>``; the first pair that shares
    sentences by default), its cells opening the disagreements behind them."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    report = analysis.campaign_agreement(campaign=campaign)
    names = {reviewer.id: reviewer.username for reviewer in report.reviewers}
    context = {
        "campaign": campaign,
        "report": report,
        "by_label": [
            (SPEC_BY_VALUE[value], figure) for value, figure in report.alpha_by_label.items()
        ],
        "by_reviewer": [(names[row.reviewer], row) for row in report.by_reviewer],
        "pairs": [(pair, names[pair.reviewer_a], names[pair.reviewer_b]) for pair in report.pairs],
        "confusion": confusion_table(
            report, parse_id(request.GET.get("a")), parse_id(request.GET.get("b"))
        ),
        "good_enough": agreement.GOOD_ENOUGH,
        "tentative": agreement.TENTATIVE,
        "few_sentences": agreement.FEW_SENTENCES,
    }
    return render(request, "campaigns/agreement.html", context)


@require_GET
@admin_required
def campaign_agreement_json(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    report = analysis.campaign_agreement(campaign=campaign)
    return JsonResponse(
        {"campaign": {"id": campaign.pk, "name": campaign.name}, **report.as_dict()}
    )


@require_GET
@admin_required
def campaign_quality(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    context = {
        "campaign": campaign,
        "rows": quality.reviewer_quality(campaign=campaign),
        "pace": quality.reviewer_pace(campaign=campaign),
        "fast_seconds": settings.REVIEW_FAST_SECONDS,
        "vocabulary": VOCABULARY,
    }
    return render(request, "campaigns/quality.html", context)
