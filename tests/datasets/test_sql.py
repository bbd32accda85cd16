"""The exports' raw SQL (datasets/sql.py) gives the same rows as the ORM would, on random
campaigns, reviews, labels and gold (both gold statements: a dense and a sparse id range)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from annotator.datasets import sql
from annotator.models import GoldLabel, Label, Review
from articles.models import Sentence
from tests.factories import CampaignFactory, UserFactory, make_article

VALUES = ["sourced", "unsourced", "opinion", "no_claim"]


def _seed(seed: int) -> tuple[list[int], list[int]]:
    """Two campaigns over random articles, random reviews, labels and gold; returns the
    campaigns' ids and the articles' ids."""
    rng = random.Random(seed)
    users = [UserFactory.create() for _ in range(3)]
    articles = [make_article(sentences=rng.randrange(1, 6), title=f"A{n}") for n in range(8)]
    campaigns = [CampaignFactory.create() for _ in range(2)]
    for campaign in campaigns:
        for article in articles:
            sentences = list(article.sentences.values_list("pk", flat=True))
            for user in rng.sample(users, rng.randrange(len(users) + 1)):
                status = rng.choice(Review.Status.values)
                review = Review.objects.create(
                    campaign=campaign, article=article, reviewer=user, status=status,
                    submitted_at=timezone.now() if status == Review.Status.SUBMITTED else None,
                )  # fmt: skip
                for pk in rng.sample(sentences, rng.randrange(len(sentences) + 1)):
                    shown = rng.choice(["", *VALUES])  # the suggestion shown beside it, if any
                    Label.objects.create(
                        review=review, sentence_id=pk, value=rng.choice(VALUES),
                        source=rng.choice(["", "Dr. Marsh"]), note=rng.choice(["", "check"]),
                        suggested_value=shown,
                        suggested_score=rng.choice([0.5, 0.91]) if shown else None,
                    )  # fmt: skip
            for pk in sentences:
                if rng.random() < 0.5:
                    GoldLabel.objects.create(
                        campaign=campaign, sentence_id=pk, value=rng.choice(VALUES),
                        method=rng.choice(GoldLabel.Method.values),
                        decided_by=rng.choice([None, *users]), source=rng.choice(["", "Dr. Marsh"]),
                    )  # fmt: skip
    return [c.pk for c in campaigns], [a.pk for a in articles]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_each_statement_gives_the_rows_the_orm_does(seed):
    campaign_ids, article_ids = _seed(seed)
    rng = random.Random(seed)
    # Every other article: the chunk's sentence ids then leave gaps (the sparse gold read).
    for chosen in (article_ids, article_ids[::2], rng.sample(article_ids, 3)):
        sentences = Sentence.objects.filter(article_id__in=chosen).order_by(
            "article_id", "position"
        )
        expected = list(
            sentences.values_list(
                "pk", "article_id", "position", "paragraph", "kind", "start", "end"
            )
        )
        assert [tuple(row) for row in sql.sentences_of(chosen)] == expected
        sentence_ids = [row[0] for row in expected]
        for campaign_id in campaign_ids:
            for statuses in (["submitted"], ["submitted", "in_progress"]):
                labels = Label.objects.filter(
                    review__campaign_id=campaign_id,
                    review__article_id__in=chosen,
                    review__status__in=statuses,
                ).values_list(
                    "sentence_id", "review__reviewer_id", "value", "source", "note",
                    "review__status", "suggested_value", "suggested_score",
                )  # fmt: skip
                got = sql.labels_of(campaign_id=campaign_id, article_ids=chosen, statuses=statuses)
                assert sorted(map(tuple, got)) == sorted(labels)
            gold = GoldLabel.objects.filter(
                campaign_id=campaign_id, sentence__article_id__in=chosen
            ).values_list("sentence_id", "value", "method", "decided_by_id", "source")
            got = sql.gold_of(
                campaign_id=campaign_id, article_ids=chosen, sentence_ids=sentence_ids
            )
            # A dense id range may bring other articles' gold too: exports look it up by
            # sentence, so what counts is the chunk's sentences.
            mine = set(sentence_ids)
            assert sorted(tuple(row) for row in got if row[0] in mine) == sorted(gold)
