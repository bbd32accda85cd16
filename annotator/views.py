"""Reviewer screens. One URL per screen; htmx requests get a partial of the same template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget
from django_htmx.middleware import HtmxDetails

from annotator import selectors, services
from annotator.models import Campaign, Review
from annotator.vocabulary import VOCABULARY, LabelValue
from articles.models import Article, Sentence


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    campaigns = selectors.reviewer_campaigns(user=request.user)
    return render(request, "annotator/home.html", {"campaigns": campaigns})


@require_POST
@login_required
def review_start(request: HtmxHttpRequest, campaign_id: int, article_id: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.filter(reviewers=request.user, is_open=True),  # type: ignore[misc]
        pk=campaign_id,
    )
    article = get_object_or_404(Article.objects.filter(campaigns=campaign), pk=article_id)
    review = services.review_start(campaign=campaign, article=article, reviewer=request.user)  # type: ignore[arg-type]
    return redirect("review", review_id=review.pk)


def _my_review(request: HttpRequest, review_id: int) -> Review:
    """The review if it is the requesting user's own; 404 otherwise (never 403: blind review)."""
    return get_object_or_404(
        Review.objects.for_reviewer(request.user).for_page(),  # type: ignore[arg-type]
        pk=review_id,
    )


@require_GET
@login_required
def review_detail(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    paragraphs = selectors.review_sentences(review=review)
    rows = [row for paragraph in paragraphs for row in paragraph]
    context = {
        "review": review,
        "article": review.article,
        "paragraphs": paragraphs,
        "progress": selectors.ReviewProgress(
            tagged=sum(1 for row in rows if row.label), total=len(rows)
        ),
        "vocabulary": VOCABULARY,
    }
    return render(request, "annotator/review.html", context)


@require_POST
@login_required
def label_update(request: HtmxHttpRequest, review_id: int, sentence_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    sentence = get_object_or_404(Sentence, pk=sentence_id, article_id=review.article_id)
    raw = request.POST.get("value", "")
    value = raw if raw in LabelValue.values else None
    if raw and value is None:
        return HttpResponse(
            f"Unknown label {raw!r}: expected one of {', '.join(LabelValue.values)}.", status=400
        )
    try:
        label = services.label_set(
            review=review,
            sentence=sentence,
            value=value,
            actor=request.user,  # type: ignore[arg-type]
        )
    except services.ReviewNotEditable as error:
        if request.htmx:
            return HttpResponse(str(error), status=409)
        messages.error(request, str(error))
        return redirect("review", review_id=review.pk)

    if not request.htmx:
        url = reverse("review", kwargs={"review_id": review.pk})
        return HttpResponseRedirect(f"{url}#s-{sentence.pk}")

    row = selectors.SentenceRow(sentence=sentence, label=label)
    context = {
        "review": review,
        "row": row,
        "vocabulary": VOCABULARY,
        "progress": selectors.review_progress(review=review),
        "oob": True,
    }
    response = render(request, "annotator/review.html#sentence-update", context)
    return retarget(response, f"#s-{sentence.pk}")


@require_POST
@login_required
def review_submit(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    try:
        marked = services.review_submit(review=review, actor=request.user)  # type: ignore[arg-type]
    except services.ReviewNotEditable as error:
        messages.error(request, str(error))
        return redirect("review", review_id=review.pk)
    note = f" {marked} untagged sentences were counted as no claim." if marked else ""
    messages.success(request, f"Submitted “{review.article.title}”.{note}")
    return redirect("home")
