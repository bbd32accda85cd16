"""Reviewer screens. One URL per screen; htmx requests get a partial of the same template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe
from django_htmx.http import reswap, retarget

from annotator.htmx import HtmxHttpRequest
from annotator.models import Campaign, Label, Review
from annotator.review import accepting, queue, selectors, services
from annotator.review.attribution import suggest_source
from annotator.review.forms import LabelForm, suggestions_shown
from annotator.suggestions import SuggestionNotShown, suggestion_from
from annotator.vocabulary import VOCABULARY
from articles.models import Article, Sentence


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the Django admin)."""
    return redirect(static("annotator/favicon.svg"), permanent=True)


@require_GET
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    campaigns = selectors.reviewer_campaigns(user=request.user)
    # In more than one campaign, the reviewer chooses which to work on.
    context = {"campaigns": campaigns, "choose": len(campaigns) > 1}
    return render(request, "review/home.html", context)


@require_POST
@login_required
def review_next(request: HtmxHttpRequest) -> HttpResponse:
    review = queue.review_next(reviewer=request.user)  # type: ignore[arg-type]
    if review is None:
        messages.success(request, "You have reviewed every article in your campaigns. Thank you!")
        return redirect("home")
    return redirect("review", review_id=review.pk)


@require_POST
@login_required
def campaign_review_next(request: HtmxHttpRequest, campaign_id: int) -> HttpResponse:
    """The reviewer's next article in the campaign they chose on their home page (their
    unfinished one there first); 404 for a campaign they do not review in or that is closed."""
    campaign = get_object_or_404(
        Campaign.objects.filter(reviewers=request.user, is_open=True),  # type: ignore[misc]
        pk=campaign_id,
    )
    review = queue.review_next(reviewer=request.user, campaign=campaign)  # type: ignore[arg-type]
    if review is None:
        messages.info(request, f"Nothing waits for you in {campaign.name} now.")
        return redirect("home")
    return redirect("review", review_id=review.pk)


@require_POST
@login_required
def review_start(request: HtmxHttpRequest, campaign_id: int, article_id: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.filter(reviewers=request.user, is_open=True),  # type: ignore[misc]
        pk=campaign_id,
    )
    article = get_object_or_404(Article.objects.filter(campaigns=campaign), pk=article_id)
    try:
        review = queue.review_take(campaign=campaign, article=article, reviewer=request.user)  # type: ignore[arg-type]
    except queue.ArticleFull as error:
        messages.error(request, str(error))
        return redirect("home")
    return redirect("review", review_id=review.pk)


def _my_review(request: HttpRequest, review_id: int, *, page: bool = False) -> Review:
    """The review if it is the requesting user's own; 404 otherwise (never 403: blind review).

    ``page`` joins the article and outlet the review page shows; writes need only the campaign.
    """
    reviews = Review.objects.for_reviewer(request.user)  # type: ignore[arg-type]
    reviews = reviews.for_page() if page else reviews.select_related("campaign")
    return get_object_or_404(reviews, pk=review_id)


def _sentence_urls(review: Review) -> dict[str, str]:
    """URL prefixes for a review's sentences, reversed once rather than once per sentence."""
    return {
        "sentence_url_prefix": reverse("sentence", args=[review.pk, 0]).removesuffix("0/"),
    }


@require_GET
@login_required
def review_detail(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id, page=True)
    paragraphs = selectors.review_sentences(review=review)
    rows = [row for paragraph in paragraphs for row in paragraph]
    threshold = review.campaign.suggestion_threshold
    context = {
        "review": review,
        "article": review.article,
        "paragraphs": paragraphs,
        "progress": selectors.ReviewProgress(
            tagged=sum(1 for row in rows if row.label), total=len(rows)
        ),
        "editable": review.status == Review.Status.IN_PROGRESS and review.campaign.is_open,
        "accepting": review.campaign.suggestions == Campaign.Suggestions.BEFORE,
        "accept_all": [
            row
            for row in rows
            if row.acceptable and row.suggestion and row.suggestion.score >= threshold
        ],
        "threshold": round(threshold * 100),
        "vocabulary": VOCABULARY,
        **_sentence_urls(review),
    }
    return render(request, "review/review.html", context)


@require_GET
@login_required
def sentence_detail(request: HtmxHttpRequest, review_id: int, sentence_id: int) -> HttpResponse:
    """The label, source and note of one sentence as a form (a dialog's content for htmx)."""
    review = _my_review(request, review_id, page=True)
    sentence = get_object_or_404(Sentence, pk=sentence_id, article_id=review.article_id)
    label = Label.objects.filter(review=review, sentence=sentence).first()
    focus = "note" if request.GET.get("focus") == "note" else "source"
    context = _editor(review, sentence, label, focus)
    template = "review/sentence.html"
    if request.htmx:
        template += "#editor"
    else:
        # The plain page opens with nothing focused: Enter in a focused field would store the
        # label. (In the dialog the workspace's script keeps Enter there from saving.)
        context["focus"] = None
    return render(request, template, context)


def _editor(
    review: Review,
    sentence: Sentence,
    label: Label | None,
    focus: str,
    form: LabelForm | None = None,
) -> dict[str, object]:
    """The sentence form's context; ``form`` is a refused post, shown with its errors."""
    # Editing a source makes the sentence a sourced claim unless it already has a label.
    selected = label.value if label else ("sourced" if focus == "source" else "")
    if form is not None:
        selected = form.data.get("value", "")
    return {
        "review": review,
        "sentence": sentence,
        "label": label,
        "selected": selected,
        "suggestion": suggest_source(sentence.text),
        "vocabulary": VOCABULARY,
        "focus": focus,
        "form": form or LabelForm(),
    }


def _sentence_fragment(
    request: HtmxHttpRequest, review: Review, sentence: Sentence, label: Label | None
) -> HttpResponse:
    """The swapped sentence, aimed at itself. (The page counts its own progress line.)"""
    row = selectors.sentence_row(
        review=review, sentence=sentence, label=label, suggestion=suggestion_from(sentence)
    )
    context = {"review": review, "row": row, **_sentence_urls(review)}
    response = render(request, "review/review.html#sentence", context)
    return retarget(response, f"#s-{sentence.pk}")


def _sentences_fragment(
    request: HtmxHttpRequest, review: Review, sentence_ids: list[int]
) -> HttpResponse:
    """Several swapped sentences (an undo of an accept-all, the accept-all itself): the
    workspace's script puts each in place of the sentence with its id."""
    rows = selectors.review_rows(review=review, sentence_ids=sentence_ids)
    context = {"review": review, "rows": rows, **_sentence_urls(review)}
    response = render(request, "review/review.html#sentences", context)
    return retarget(response, f"#s-{rows[0].sentence.pk}") if rows else response


def _back_to(review: Review, sentence: Sentence | None = None) -> HttpResponseRedirect:
    url = reverse("review", kwargs={"review_id": review.pk})
    return HttpResponseRedirect(f"{url}#s-{sentence.pk}" if sentence else url)


def _refused(
    request: HtmxHttpRequest, review: Review, error: Exception, sentence: Sentence | None = None
) -> HttpResponse:
    """A change the review does not allow now: 409 with the reason, or back with a message."""
    if request.htmx:
        return HttpResponse(str(error), status=409)
    messages.error(request, str(error))
    return _back_to(review, sentence)


@require_POST
@login_required
def label_update(request: HtmxHttpRequest, review_id: int, sentence_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    # The sentence brings its suggestion along (no extra query): the label records it.
    sentence = get_object_or_404(selectors.review_sentence_reads(review=review), pk=sentence_id)
    form = LabelForm(request.POST)
    if not form.is_valid():
        return _label_refused(request, review, sentence, form)
    try:
        label = services.label_set(
            review=review,
            sentence=sentence,
            value=form.cleaned_data["value"] or None,
            actor=request.user,  # type: ignore[arg-type]
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            suggestion=suggestion_from(sentence),
            accepted=form.cleaned_data["accept"],
        )
    except (services.ReviewNotEditable, SuggestionNotShown) as error:
        return _refused(request, review, error, sentence)
    if not request.htmx:
        return _back_to(review, sentence)
    return _sentence_fragment(request, review, sentence, label)


def _label_refused(
    request: HtmxHttpRequest, review: Review, sentence: Sentence, form: LabelForm
) -> HttpResponse:
    """400: for htmx the reasons in one line (the page shows why the change was not saved);
    otherwise the sentence form again, as posted, with its errors."""
    if request.htmx:
        return HttpResponse(form.problems(), status=400, content_type="text/plain")
    label = Label.objects.filter(review=review, sentence=sentence).first()
    review = _my_review(request, review.pk, page=True)
    context = _editor(review, sentence, label, "note" if "note" in form.errors else "source", form)
    return render(request, "review/sentence.html", context, status=400)


@require_POST
@login_required
def label_undo(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    try:
        sentences = services.label_undo(review=review, actor=request.user)  # type: ignore[arg-type]
    except services.ReviewNotEditable as error:
        return _refused(request, review, error)
    if not sentences:
        if request.htmx:
            return reswap(HttpResponse("Nothing to undo.", status=200), "none")
        messages.info(request, "Nothing to undo.")
        return _back_to(review)
    if not request.htmx:
        return _back_to(review, sentences[0])
    return _sentences_fragment(request, review, [sentence.pk for sentence in sentences])


@require_POST
@login_required
def suggestions_accept(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    """Accept every suggestion shown at or above the campaign's threshold on untagged
    sentences (the accept-all key), as one change that one undo takes back."""
    review = _my_review(request, review_id)
    try:
        accepted = accepting.suggestions_accept(
            review=review,
            actor=request.user,  # type: ignore[arg-type]
            shown=suggestions_shown(request.POST),
        )
    except (services.ReviewNotEditable, SuggestionNotShown) as error:
        return _refused(request, review, error)
    counted = "suggestion" if len(accepted) == 1 else "suggestions"
    if not request.htmx:
        messages.success(request, f"Accepted {len(accepted)} {counted}.")
        return _back_to(review)
    if not accepted:
        return reswap(HttpResponse("No suggestion to accept.", status=200), "none")
    return _sentences_fragment(request, review, accepted)


@require_POST
@login_required
def review_submit(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    try:
        marked = services.review_submit(review=review, actor=request.user)  # type: ignore[arg-type]
    except services.ReviewNotEditable as error:
        messages.error(request, str(error))
        return redirect("review", review_id=review.pk)
    note = ""
    if marked:
        counted = "sentence was" if marked == 1 else "sentences were"
        note = f" {marked} untagged {counted} counted as no claim."
    title = Article.objects.values_list("title", flat=True).get(pk=review.article_id)
    messages.success(request, f"Submitted “{title}”.{note}")
    # The next article comes from the campaign the reviewer is working on: they chose it, so
    # the queue never moves them to another one behind their back.
    following = queue.review_next(reviewer=request.user, campaign=review.campaign)  # type: ignore[arg-type]
    if following is None:
        messages.info(request, f"Nothing more waits for you in {review.campaign.name} now.")
        return redirect("home")
    return redirect("review", review_id=following.pk)


@require_POST
@login_required
def review_reopen(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _my_review(request, review_id)
    try:
        services.review_reopen(review=review)
    except services.ReviewNotEditable as error:
        messages.error(request, str(error))
    return redirect("review", review_id=review.pk)
