"""The adjudication pages (admins only): the disagreement list, one disagreement at a time,
a whole article with every disagreement in it, and undoing the decision just made."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotator.campaigns import adjudication, gold
from annotator.campaigns.forms import GoldForm
from annotator.ids import parse_id
from annotator.models import Campaign
from annotator.permissions import admin_required
from annotator.vocabulary import SPEC_BY_VALUE, VOCABULARY
from articles.models import Article, Outlet, Sentence

# How many disagreements the list shows at once.
PAGE_SIZE = 50


def _narrow(request: HttpRequest) -> adjudication.DisagreementFilter:
    return adjudication.DisagreementFilter.parse(request.GET.dict())


@require_GET
@admin_required
def adjudication_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    narrow = _narrow(request)
    found = adjudication.disagreements(campaign=campaign, narrow=narrow).select_related(
        "article__outlet"
    )
    sentences = list(found[:PAGE_SIZE])
    reviewers = list(campaign.reviewers.order_by("username"))
    names = {person.pk: person.get_username() for person in reviewers}
    context = {
        "campaign": campaign,
        "narrow": narrow,
        "query": urlencode(narrow.query()),
        "rows": adjudication.disagreement_rows(campaign=campaign, sentences=sentences),
        "total": found.count(),
        "pairs": _label_pairs(),
        "outlets": Outlet.objects.filter(articles__campaigns=campaign).distinct().order_by("name"),
        "reviewers": reviewers,
        "votes": [(names.get(pk, str(pk)), SPEC_BY_VALUE[value]) for pk, value in narrow.votes],
        "settled": _settled(request, campaign),
    }
    return render(request, "campaigns/adjudication.html", context)


def _label_pairs() -> list[tuple[str, str]]:
    values = [spec.value for spec in VOCABULARY]
    return [
        (f"{a.value}-{b.value}", f"{a.label} / {b.label}")
        for i, a in enumerate(values)
        for b in values[i + 1 :]
    ]


@require_http_methods(["GET", "POST"])
@admin_required
def adjudication_item(request: HttpRequest, campaign_id: int, sentence_id: int) -> HttpResponse:
    """One disagreement: the sentence in its paragraph, every review, and the gold buttons.

    A decision names the gold version the page showed; when the gold changed meanwhile the
    page comes back with 409 saying who decided what, offering to keep theirs or replace it.
    After a decision the next page offers to undo it (``?settled=<event id>``).
    """
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"),
        pk=sentence_id,
        article__campaigns=campaign,
    )
    narrow = _narrow(request)
    refused = None
    if request.method == "POST":
        outcome = _decide(request, campaign, sentence)
        if isinstance(outcome, int):
            return _to_next(request, campaign, narrow, sentence, settled=outcome)
        refused = outcome
    row = adjudication.disagreement_rows(campaign=campaign, sentences=[sentence])[0]
    context = {
        "following": _after(campaign, narrow, sentence),
        "previous": _before(campaign, narrow, sentence),
        "campaign": campaign,
        "row": row,
        "article": sentence.article,
        "paragraph": adjudication.paragraph_of(sentence),
        "query": urlencode(narrow.query()),
        "vocabulary": VOCABULARY,
        "remaining": adjudication.disagreements(
            campaign=campaign, narrow=replace(narrow, unsettled=True)
        ).count(),
        "settled": _settled(request, campaign),
        **(refused.context() if refused else {}),
    }
    status = 409 if refused and refused.conflict else 400 if request.method == "POST" else 200
    return render(request, "campaigns/adjudication_item.html", context, status=status)


@dataclass(frozen=True, slots=True)
class Refused:
    """A decision not stored: the gold changed meanwhile (``conflict``), or the form was
    wrong. ``mine`` is what the admin chose, to offer again."""

    sentence_id: int
    conflict: gold.GoldChange | None = None
    mine: str | None = None
    source: str = ""

    def context(self) -> dict[str, object]:
        return {
            "conflict": self.conflict,
            "conflict_sentence": self.sentence_id,
            "mine": SPEC_BY_VALUE[self.mine] if self.mine else None,
            "mine_value": self.mine or "",
            "mine_source": self.source,
        }


def _decide(request: HttpRequest, campaign: Campaign, sentence: Sentence) -> int | Refused:
    """Store the posted gold decision on ``sentence``: the new gold version, or why not."""
    form = GoldForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{field.capitalize()}: {' '.join(str(error) for error in errors)}"
            )
        return Refused(sentence.pk)
    mine, source = form.cleaned_data["value"] or None, form.cleaned_data["source"]
    try:
        decision = gold.gold_set(
            campaign=campaign,
            sentence=sentence,
            value=mine,
            actor=request.user,  # type: ignore[arg-type]
            expected_version=form.cleaned_data["version"],
            source=source,
        )
    except gold.GoldConflict as error:
        return Refused(sentence.pk, conflict=error.current, mine=mine, source=source)
    return decision.version


@require_http_methods(["GET", "POST"])
@admin_required
def adjudication_article(request: HttpRequest, campaign_id: int, article_id: int) -> HttpResponse:
    """A whole article with every disagreement marked, each reviewer's label beside it, and
    a decision form for each: the same version check as the one-by-one page, back here after.
    The POST names its sentence (``sentence``), which must be one of this article's."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    article = get_object_or_404(
        Article.objects.select_related("outlet"), pk=article_id, campaigns=campaign
    )
    query = urlencode(_narrow(request).query())
    refused = None
    if request.method == "POST":
        sentence = Sentence.objects.filter(
            pk=parse_id(request.POST.get("sentence")) or 0, article=article
        ).first()
        if sentence is None:
            messages.error(request, "Sentence: not one of this article's.")
        else:
            outcome = _decide(request, campaign, sentence)
            if isinstance(outcome, int):
                return _to_article(request, campaign, sentence, settled=outcome)
            refused = outcome
    paragraphs = adjudication.article_disagreements(campaign=campaign, article_id=article.pk)
    context = {
        "campaign": campaign,
        "article": article,
        "paragraphs": paragraphs,
        "count": sum(1 for paragraph in paragraphs for item in paragraph if item.row),
        "query": query,
        "vocabulary": VOCABULARY,
        "settled": _settled(request, campaign),
        "undo_back": "article",
        **(refused.context() if refused else {}),
    }
    status = 409 if refused and refused.conflict else 400 if request.method == "POST" else 200
    return render(request, "campaigns/adjudication_article.html", context, status=status)


def _to_next(
    request: HttpRequest,
    campaign: Campaign,
    narrow: adjudication.DisagreementFilter,
    sentence: Sentence,
    *,
    settled: int,
) -> HttpResponse:
    """After a decision: the next disagreement (or the list), offering to undo it."""
    query = urlencode({**narrow.query(), "settled": settled})
    following = _after(campaign, narrow, sentence)
    if following is None:
        messages.success(request, "That was the last disagreement for this filter.")
        return redirect(f"{reverse('adjudication', args=[campaign.pk])}?{query}")
    return redirect(f"{reverse('adjudication-item', args=[campaign.pk, following.pk])}?{query}")


def _settled(request: HttpRequest, campaign: Campaign) -> adjudication.Settled | None:
    """The decision the page after it offers to undo (the requester's own only)."""
    return adjudication.settled_event(
        campaign=campaign,
        event_id=parse_id(request.GET.get("settled")),
        actor=request.user,  # type: ignore[arg-type]
    )


@require_POST
@admin_required
def adjudication_undo(request: HttpRequest, campaign_id: int, event_id: int) -> HttpResponse:
    """Take back one's own gold decision, then show its sentence to decide again."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    settled = adjudication.settled_event(campaign=campaign, event_id=event_id, actor=request.user)  # type: ignore[arg-type]
    if settled is None:
        raise Http404("No such decision of yours in this campaign.")
    event = settled.event
    query = urlencode(_narrow(request).query())
    try:
        decision = gold.gold_undo(campaign=campaign, event=event, actor=request.user)  # type: ignore[arg-type]
    except gold.GoldConflict as error:
        messages.error(request, f"Not undone: {error}")
    else:
        excerpt = Truncator(event.sentence.text).chars(60)
        state = (
            f"back to {SPEC_BY_VALUE[decision.gold.value].name}"
            if decision.gold
            else "back to no gold label"
        )
        messages.success(request, f"Undone: “{excerpt}” is {state}.")
    if request.POST.get("back") == "article":
        return _to_article(request, campaign, event.sentence)
    url = reverse("adjudication-item", args=[campaign.pk, event.sentence_id])
    return redirect(f"{url}?{query}")


def _after(
    campaign: Campaign, narrow: adjudication.DisagreementFilter, sentence: Sentence
) -> Sentence | None:
    """The disagreement after this one in reading order (wrapping round to the first)."""
    found = adjudication.disagreements(campaign=campaign, narrow=narrow)
    return _next_in_reading_order(found, sentence, later=True)


def _next_in_reading_order(
    found: QuerySet[Sentence], sentence: Sentence, *, later: bool
) -> Sentence | None:
    """The sentence of ``found`` after ``sentence`` in reading order (articles by import
    time, then position), or before it; wrapping round at the end."""
    found = found.exclude(pk=sentence.pk)
    article, side = sentence.article, "gt" if later else "lt"
    near = found.filter(
        Q(**{f"article__created_at__{side}": article.created_at})
        | Q(article__created_at=article.created_at, **{f"article_id__{side}": article.pk})
        | Q(article_id=article.pk, **{f"position__{side}": sentence.position})
    )
    return (near.first() or found.first()) if later else (near.last() or found.last())


def _to_article(
    request: HttpRequest, campaign: Campaign, sentence: Sentence, *, settled: int | None = None
) -> HttpResponse:
    """The article view at ``sentence`` (offering to undo ``settled``)."""
    params = _narrow(request).query()
    if settled is not None:
        params["settled"] = str(settled)
    url = reverse("adjudication-article", args=[campaign.pk, sentence.article_id])
    return redirect(f"{url}?{urlencode(params)}#s-{sentence.pk}")


def _before(
    campaign: Campaign, narrow: adjudication.DisagreementFilter, sentence: Sentence
) -> Sentence | None:
    """The disagreement before this one in reading order, settled or not, so a decision
    just made can be seen again (wrapping round to the last)."""
    found = adjudication.disagreements(campaign=campaign, narrow=replace(narrow, unsettled=False))
    return _next_in_reading_order(found, sentence, later=False)
