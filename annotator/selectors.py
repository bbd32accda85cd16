"""Reads for the reviewer's screens, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch

from annotator.models import Campaign, Label, Review
from annotator.vocabulary import SPEC_BY_VALUE, LabelSpec
from articles.models import Article, Sentence


@dataclass(frozen=True, slots=True)
class Assignment:
    article: Article
    review: Review | None


@dataclass(frozen=True, slots=True)
class CampaignAssignments:
    campaign: Campaign
    assignments: list[Assignment]
    sentences_tagged: int = 0

    @property
    def submitted(self) -> int:
        return sum(
            1 for a in self.assignments if a.review and a.review.status == Review.Status.SUBMITTED
        )


def reviewer_campaigns(*, user: AbstractBaseUser | AnonymousUser) -> list[CampaignAssignments]:
    """The open campaigns this user reviews in, each with its articles and the user's review.

    Queries: 4 (campaigns, their articles with outlets, the user's reviews, label counts).
    """
    campaigns = list(
        Campaign.objects.filter(reviewers=user, is_open=True)  # type: ignore[misc]
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.select_related("outlet").order_by("created_at", "id"),
            )
        )
    )
    reviews = {
        (review.campaign_id, review.article_id): review
        for review in Review.objects.filter(
            reviewer=user,  # type: ignore[misc]
            campaign__in=campaigns,
        )
    }
    tagged = dict(
        Label.objects.filter(review__reviewer=user, review__campaign__in=campaigns)  # type: ignore[misc]
        .values("review__campaign")
        .annotate(n=Count("pk"))
        .values_list("review__campaign", "n")
    )
    return [
        CampaignAssignments(
            campaign=campaign,
            sentences_tagged=tagged.get(campaign.pk, 0),
            assignments=[
                Assignment(article=article, review=reviews.get((campaign.pk, article.pk)))
                for article in campaign.articles.all()
            ],
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
