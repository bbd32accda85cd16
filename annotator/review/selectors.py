"""Reads for the reviewer's screens, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count

from annotator.models import Campaign, Label, Review
from annotator.review.queue import queue_size
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

    @property
    def spec(self) -> LabelSpec | None:
        return SPEC_BY_VALUE[self.label.value] if self.label else None


def review_sentences(*, review: Review) -> list[list[SentenceRow]]:
    """The article's sentences grouped by paragraph, each with this review's label.

    Queries: 2 (sentences, this review's labels), whatever the article's length.
    """
    labels = {label.sentence_id: label for label in Label.objects.filter(review=review)}
    paragraphs: list[list[SentenceRow]] = []
    current = -1
    for sentence in Sentence.objects.filter(article_id=review.article_id).order_by("position"):
        if sentence.paragraph != current:
            paragraphs.append([])
            current = sentence.paragraph
        paragraphs[-1].append(SentenceRow(sentence=sentence, label=labels.get(sentence.pk)))
    return paragraphs


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    tagged: int
    total: int
