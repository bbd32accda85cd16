"""Reads for the reviewer's screens, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet

from annotator.models import Campaign, Label, Review
from annotator.review.queue import queue_size
from annotator.suggestions import (
    Suggestion,
    suggestion_annotations,
    suggestion_from,
    suggestion_shown,
    suggestions_for_article,
)
from annotator.vocabulary import SPEC_BY_VALUE, LabelSpec
from articles.models import Sentence


@dataclass(frozen=True, slots=True)
class CampaignEntry:
    """One campaign on a reviewer's home page: their reviews in it and what waits for them."""

    campaign: Campaign
    reviews: list[Review]
    waiting: int
    sentences_tagged: int = 0

    @property
    def submitted(self) -> int:
        return sum(1 for review in self.reviews if review.status == Review.Status.SUBMITTED)

    @property
    def in_progress(self) -> list[Review]:
        return [review for review in self.reviews if review.status == Review.Status.IN_PROGRESS]

    @property
    def assigned(self) -> int:
        """The reviewer's articles so far: those they took, plus those waiting for them."""
        return len(self.reviews) + self.waiting


def reviewer_campaigns(*, user: AbstractBaseUser | AnonymousUser) -> list[CampaignEntry]:
    """The open campaigns this user reviews in, each with the user's reviews (unfinished
    first), the number of articles waiting in their queue and their sentences tagged.

    Queries: 3 (campaigns with queue sizes, the user's reviews with articles, label counts).
    """
    campaigns = list(
        Campaign.objects.filter(reviewers=user, is_open=True)  # type: ignore[misc]
        .annotate(waiting=queue_size(reviewer=user))  # type: ignore[arg-type]
        .order_by("name")
    )
    reviews: dict[int, list[Review]] = {campaign.pk: [] for campaign in campaigns}
    for review in (
        Review.objects.filter(reviewer=user, campaign__in=campaigns)  # type: ignore[misc]
        .select_related("article__outlet")
        .order_by("status", "-updated_at", "pk")
    ):
        reviews[review.campaign_id].append(review)
    tagged = dict(
        Label.objects.filter(review__reviewer=user, review__campaign__in=campaigns)  # type: ignore[misc]
        .values("review__campaign")
        .annotate(n=Count("pk"))
        .values_list("review__campaign", "n")
    )
    return [
        CampaignEntry(
            campaign=campaign,
            reviews=reviews[campaign.pk],
            waiting=campaign.waiting or 0,
            sentences_tagged=tagged.get(campaign.pk, 0),
        )
        for campaign in campaigns
    ]


@dataclass(frozen=True, slots=True)
class SentenceRow:
    sentence: Sentence
    label: Label | None
    # The model's suggestion as the reviewer sees it now (suggestions.suggestion_shown).
    suggestion: Suggestion | None = None
    # Shown before labelling, so the accept keys may take it.
    acceptable: bool = False

    @property
    def spec(self) -> LabelSpec | None:
        return SPEC_BY_VALUE[self.label.value] if self.label else None

    @property
    def suggestion_spec(self) -> LabelSpec | None:
        return SPEC_BY_VALUE[self.suggestion.value] if self.suggestion else None


def sentence_row(
    *, review: Review, sentence: Sentence, label: Label | None, suggestion: Suggestion | None
) -> SentenceRow:
    """One sentence as the workspace shows it: its label, and the suggestion when the
    campaign shows it in this state (``suggestion``: the sentence's suggestion now)."""
    campaign = review.campaign
    shown = suggestion_shown(campaign, suggestion, labelled=label is not None)
    return SentenceRow(
        sentence=sentence,
        label=label,
        suggestion=shown,
        acceptable=shown is not None and campaign.suggestions == Campaign.Suggestions.BEFORE,
    )


def review_sentences(*, review: Review) -> list[list[SentenceRow]]:
    """The article's sentences grouped by paragraph, each with this review's label and the
    suggestion the campaign shows beside it.

    Queries: 2 (sentences, this review's labels), 3 when the campaign shows suggestions (the
    article's suggestions), whatever the article's length.
    """
    labels = {label.sentence_id: label for label in Label.objects.filter(review=review)}
    suggestions: dict[int, Suggestion] = {}
    if review.campaign.suggestions != Campaign.Suggestions.OFF:
        suggestions = suggestions_for_article(
            campaign_id=review.campaign_id, article_id=review.article_id
        )
    paragraphs: list[list[SentenceRow]] = []
    current = -1
    for sentence in Sentence.objects.filter(article_id=review.article_id).order_by("position"):
        if sentence.paragraph != current:
            paragraphs.append([])
            current = sentence.paragraph
        paragraphs[-1].append(
            sentence_row(
                review=review,
                sentence=sentence,
                label=labels.get(sentence.pk),
                suggestion=suggestions.get(sentence.pk),
            )
        )
    return paragraphs


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    tagged: int
    total: int


def review_sentence_reads(*, review: Review) -> QuerySet[Sentence]:
    """The review's article's sentences, each bringing its suggestion along when the campaign
    shows suggestions (``suggestions.suggestion_from`` reads it): the tag request's one
    sentence read, with no extra query for the suggestion."""
    sentences = Sentence.objects.filter(article_id=review.article_id)
    if review.campaign.suggestions == Campaign.Suggestions.OFF:
        return sentences
    return sentences.annotate(**suggestion_annotations(campaign=review.campaign_id))


def review_rows(*, review: Review, sentence_ids: Collection[int]) -> list[SentenceRow]:
    """Some sentences of the review as the workspace shows them (after an undo or an
    accept-all changed them), by position. Queries: 2 (sentences with their suggestions,
    labels)."""
    labels = {
        label.sentence_id: label
        for label in Label.objects.filter(review=review, sentence_id__in=sentence_ids)
    }
    return [
        sentence_row(
            review=review,
            sentence=sentence,
            label=labels.get(sentence.pk),
            suggestion=suggestion_from(sentence),
        )
        for sentence in review_sentence_reads(review=review)
        .filter(pk__in=sentence_ids)
        .order_by("position")
    ]
