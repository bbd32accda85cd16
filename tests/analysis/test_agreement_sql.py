"""The agreement page's raw SQL (annotator/analysis/agreement_sql.py) gives the ORM's rows, and
the report read through it is, figure for figure and bit for bit, the report the ORM reading
gave before it (the reading below), on random campaigns: reviews in progress and other
campaigns' reviews among them, reviewers with no label, sentences with a single label,
articles with and without an outlet."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count
from django.utils import timezone

from annotator.analysis import agreement_sql
from annotator.analysis.agreement import AgreementReport, Key, agreement_report
from annotator.analysis.ratings import CATEGORIES, Ratings
from annotator.analysis.selectors import campaign_agreement
from annotator.models import Campaign, Label, Review
from tests.factories import CampaignFactory, OutletFactory, UserFactory, make_article

SUBMITTED, IN_PROGRESS = Review.Status.SUBMITTED, Review.Status.IN_PROGRESS


def _orm_report(campaign: Campaign) -> AgreementReport:
    """campaign_agreement as it read the labels before agreement_sql: one ORM row per label."""
    rows = list(
        Label.objects.filter(review__campaign=campaign, review__status=SUBMITTED).values_list(
            "sentence_id",
            "review__reviewer_id",
            "value",
            "review__reviewer__username",
            "review__article__outlet_id",
            "review__article__outlet__name",
        )
    )
    reviewer_names: dict[Key, str] = {}
    outlet_of: dict[Key, Key | None] = {}
    outlet_names: dict[Key | None, str] = {}
    for sentence, reviewer, _value, username, outlet, outlet_name in rows:
        reviewer_names[reviewer] = username
        outlet_of[sentence] = outlet
        if outlet is not None:
            outlet_names[outlet] = outlet_name
    return agreement_report(
        Ratings.build(row[:3] for row in rows),
        outlet_of=outlet_of,
        outlet_names=outlet_names,
        reviewer_names=reviewer_names,
    )


def _random_campaign(seed: int) -> Campaign:
    rng = random.Random(seed)
    outlets = [OutletFactory.create(name=name) for name in ("Bugle", "gazette", "Herald")]
    reviewers = [UserFactory.create(username=f"r{seed}-{n}") for n in range(6)]
    campaign, other = CampaignFactory.create(), CampaignFactory.create()
    # The last reviewer is in the campaign and never submits a review: no label of theirs.
    campaign.reviewers.add(*reviewers)
    for n in range(rng.randint(5, 9)):
        article = make_article(
            sentences=rng.randint(2, 7),
            title=f"Story {seed}-{n}",
            outlet=rng.choice([*outlets, None]),
        )
        sentences = list(article.sentences.order_by("position"))
        truth = {s.pk: rng.choice(CATEGORIES) for s in sentences}
        for reviewer in reviewers[:5]:
            if rng.random() < 0.3:
                continue
            submitted = rng.random() < 0.8
            review = Review.objects.create(
                campaign=campaign if rng.random() < 0.85 else other,
                article=article,
                reviewer=reviewer,
                status=SUBMITTED if submitted else IN_PROGRESS,
                submitted_at=timezone.now() if submitted else None,
            )
            # Some sentences left without a label: some end up with a single one.
            Label.objects.bulk_create(
                Label(
                    review=review,
                    sentence=s,
                    value=truth[s.pk] if rng.random() < 0.6 else rng.choice(CATEGORIES),
                )
                for s in sentences
                if rng.random() < 0.75
            )
    # A submitted review without a single label.
    Review.objects.create(
        campaign=campaign,
        article=make_article(sentences=2, title=f"Unlabelled {seed}"),
        reviewer=reviewers[4],
        status=SUBMITTED,
        submitted_at=timezone.now(),
    )
    return campaign


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_the_report_read_as_integers_is_the_orm_report_exactly(seed):
    campaign = _random_campaign(seed)

    report = campaign_agreement(campaign=campaign)

    assert report == _orm_report(campaign)
    assert report.as_dict() == _orm_report(campaign).as_dict()


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(3))
def test_label_codes_are_the_orm_rows_of_submitted_labels(seed):
    campaign = _random_campaign(seed)
    orm = sorted(
        (sentence, reviewer, CATEGORIES.index(value), outlet or agreement_sql.NO_OUTLET)
        for sentence, reviewer, value, outlet in Label.objects.filter(
            review__campaign=campaign, review__status=SUBMITTED
        ).values_list("sentence_id", "review__reviewer_id", "value", "review__article__outlet_id")
    )

    table = agreement_sql.label_codes(campaign_id=campaign.pk, categories=CATEGORIES)

    assert sorted(map(tuple, table.tolist())) == orm
    # The random campaign has what the test is about: drafts, single labels, no outlet.
    assert Review.objects.filter(campaign=campaign, status=IN_PROGRESS).exists()
    assert agreement_sql.NO_OUTLET in table[:, 3]
    per_sentence = Label.objects.filter(review__campaign=campaign, review__status=SUBMITTED)
    counts = [
        n for _, n in per_sentence.values_list("sentence_id").order_by().annotate(n=Count("pk"))
    ]
    assert 1 in counts and max(counts) >= 3


@pytest.mark.django_db
def test_names_are_the_submitted_reviewers_and_their_articles_outlets():
    campaign = _random_campaign(7)
    submitted = Review.objects.filter(campaign=campaign, status=SUBMITTED)

    reviewers, outlets = agreement_sql.names(campaign_id=campaign.pk)

    assert reviewers == {r.reviewer_id: r.reviewer.username for r in submitted}
    assert outlets == {
        r.article.outlet_id: r.article.outlet.name for r in submitted if r.article.outlet
    }


@pytest.mark.django_db
def test_a_campaign_without_submitted_labels_reads_as_the_orm_does(campaign):
    assert campaign_agreement(campaign=campaign) == _orm_report(campaign)
    assert agreement_sql.label_codes(campaign_id=campaign.pk, categories=CATEGORIES).shape == (
        0,
        4,
    )


@pytest.mark.django_db
def test_a_label_outside_the_categories_is_refused_as_broken_data():
    campaign = _random_campaign(1)
    fewer = CATEGORIES[:3]  # no claim left out: those labels are outside

    table = agreement_sql.label_codes(campaign_id=campaign.pk, categories=fewer)

    assert set(table[:, 2].tolist()) == {0, 1, 2, 3}
    with pytest.raises(ValueError, match="not one of"):
        Ratings.from_codes(table[:, 0], table[:, 1], table[:, 2], categories=fewer)
