"""The suggestion rule: which of a campaign's predictions a reviewer sees for a sentence, and
how unsure the model is about an article.

A sentence's suggestion is, among the campaign's predictions for it (one per model), the newest
(``created_at``), ties broken by the higher score, then by the later row. Every reader of
suggestions (the workspace, the label write, the queue's uncertainty order, the built-in
model's and the imports' reports) asks here; nothing else re-implements the rule. It lives at
the root of the app, below every package, like ``slots``.

A sentence's uncertainty is 1 minus its suggestion's score; an article's is the mean over its
sentences that have a suggestion. An article with no suggestion at all has no uncertainty
(None): the uncertainty order puts it after every article the model has scored, in import
order, since the model cannot rank what it has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Avg,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber

from annotator.models import Campaign, Prediction
from articles.models import Sentence

# The rule, as an ORDER BY over one sentence's predictions: the first row is the suggestion.
SUGGESTION_ORDER = ("-created_at", "-score", "-pk")
# The same in SQL, for raw statements over annotator_prediction.
SUGGESTION_ORDER_SQL = "created_at DESC, score DESC, id DESC"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The label a model suggests for a sentence and its confidence (0 to 1)."""

    value: str
    score: float

    @property
    def percent(self) -> int:
        """The confidence as a whole percentage, as the workspace shows it."""
        return round(self.score * 100)


class SuggestionNotShown(Exception):
    """An accept asked for a suggestion the reviewer is not shown now: the campaign shows no
    suggestions before labelling, or the sentence's suggestion is another (or none)."""


def suggestion_recorded(
    campaign: Campaign, suggestion: Suggestion | None
) -> tuple[Suggestion | None, Suggestion | None]:
    """What a label records as the suggestion it was made beside, given the sentence's
    suggestion now: (for a new label, for a change of a stored one; None there keeps what
    the label recorded). "before" shows it on untagged sentences, so a new label records it
    and later changes keep it; "after" shows it only once labelled, so a new label records
    none and a later change records the one then shown."""
    mode = campaign.suggestions
    if suggestion is None or mode == Campaign.Suggestions.OFF:
        return None, None
    if mode == Campaign.Suggestions.BEFORE:
        return suggestion, None
    return None, suggestion


def suggestion_shown(
    campaign: Campaign, suggestion: Suggestion | None, *, labelled: bool
) -> Suggestion | None:
    """The suggestion a reviewer sees on a sentence: "before", only while it is untagged;
    "after", only once they have labelled it; "off", never."""
    mode = campaign.suggestions
    if mode == Campaign.Suggestions.BEFORE and not labelled:
        return suggestion
    if mode == Campaign.Suggestions.AFTER and labelled:
        return suggestion
    return None


def suggestions_for_article(*, campaign_id: int, article_id: int) -> dict[int, Suggestion]:
    """Every sentence's suggestion in one article of a campaign, by sentence id (sentences
    without a prediction are absent). Queries: 1, whatever the article's length (a window
    over the article's predictions)."""
    ranked = (
        Prediction.objects.filter(campaign_id=campaign_id, sentence__article_id=article_id)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("sentence_id")],
                order_by=[F(field[1:]).desc() for field in SUGGESTION_ORDER],
            )
        )
        .filter(rank=1)
        .values_list("sentence_id", "value", "score")
    )
    return {sentence: Suggestion(value, score) for sentence, value, score in ranked}


def suggestion_of(
    *, campaign: Campaign | OuterRef | int, sentence: OuterRef | int
) -> QuerySet[Prediction]:
    """A one-row queryset: the suggestion for ``sentence`` in ``campaign``. Use it as a
    subquery (``Subquery(suggestion_of(...).values("value"))``) to bring the suggestion along
    with a read that happens anyway, or ``.first()`` it (1 query)."""
    return Prediction.objects.filter(campaign=campaign, sentence=sentence).order_by(
        *SUGGESTION_ORDER
    )[:1]


def suggestion_annotations(
    *, campaign: Campaign | OuterRef | int, sentence: OuterRef | None = None
) -> dict[str, Subquery]:
    """Annotations for a Sentence queryset (or any queryset, given ``sentence``): the
    suggestion's value and score as ``suggested_value`` / ``suggested_score`` (None without
    one). No extra query: two correlated subqueries in the read they join."""
    best = suggestion_of(campaign=campaign, sentence=sentence or OuterRef("pk"))
    return {
        "suggested_value": Subquery(best.values("value")),
        "suggested_score": Subquery(best.values("score"), output_field=FloatField()),
    }


def suggestion_from(row: object) -> Suggestion | None:
    """The suggestion a row annotated by ``suggestion_annotations`` carries, if any."""
    value = getattr(row, "suggested_value", None)
    score = getattr(row, "suggested_score", None)
    if not value or score is None:
        return None
    return Suggestion(value, score)


def article_uncertainty(*, campaign: Campaign | OuterRef | int) -> Subquery:
    """An expression for an Article queryset: the mean uncertainty (1 - score) of the article's
    suggestions in ``campaign``, None when the model has scored none of its sentences.
    No extra query: a correlated subquery in the read it joins."""
    scores = (
        Sentence.objects.filter(article=OuterRef("pk"))
        .annotate(
            best=Subquery(suggestion_of(campaign=campaign, sentence=OuterRef("pk")).values("score"))
        )
        .order_by()
        .values("article")
        .annotate(uncertainty=Avg(Value(1.0) - F("best"), output_field=FloatField()))
        .values("uncertainty")
    )
    return Subquery(scores, output_field=FloatField())
