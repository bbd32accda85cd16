from __future__ import annotations

import pytest

from annotator import services
from annotator.models import Label, LabelEvent, Review
from annotator.vocabulary import LabelValue


@pytest.mark.django_db
def test_setting_the_same_label_twice_stores_one_label_and_one_event(review, reviewer):
    sentence = review.article.sentences.first()
    for _ in range(2):
        services.label_set(review=review, sentence=sentence, value="sourced", actor=reviewer)

    assert Label.objects.get(review=review, sentence=sentence).value == "sourced"
    assert LabelEvent.objects.count() == 1


@pytest.mark.django_db
def test_every_change_is_kept_in_history(review, reviewer):
    sentence = review.article.sentences.first()
    services.label_set(review=review, sentence=sentence, value="sourced", actor=reviewer)
    services.label_set(review=review, sentence=sentence, value="opinion", actor=reviewer)
    services.label_set(review=review, sentence=sentence, value=None, actor=reviewer)

    history = [
        (e.before and e.before["value"], e.after and e.after["value"])
        for e in LabelEvent.objects.order_by("pk")
    ]
    assert history == [(None, "sourced"), ("sourced", "opinion"), ("opinion", None)]
    assert not Label.objects.exists()


@pytest.mark.django_db
def test_a_sentence_of_another_article_cannot_be_labelled(review, reviewer):
    from tests.factories import make_article

    stranger = make_article(text="Elsewhere entirely.", title="other").sentences.get()
    with pytest.raises(ValueError, match="not in this review"):
        services.label_set(review=review, sentence=stranger, value="sourced", actor=reviewer)


@pytest.mark.django_db
def test_closed_campaign_refuses_label_changes(review, reviewer):
    review.campaign.is_open = False
    review.campaign.save()
    with pytest.raises(services.ReviewNotEditable):
        services.label_set(
            review=review,
            sentence=review.article.sentences.first(),
            value="sourced",
            actor=reviewer,
        )


@pytest.mark.django_db
def test_submit_marks_untagged_sentences_no_claim(review, reviewer):
    first = review.article.sentences.order_by("position").first()
    services.label_set(review=review, sentence=first, value="opinion", actor=reviewer)

    marked = services.review_submit(review=review, actor=reviewer)

    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.submitted_at
    assert marked == 4
    values = dict(Label.objects.filter(review=review).values_list("sentence__position", "value"))
    assert values == {0: "opinion", 1: "no_claim", 2: "no_claim", 3: "no_claim", 4: "no_claim"}
    assert LabelEvent.objects.filter(after__value=LabelValue.NO_CLAIM).count() == 4


@pytest.mark.django_db
def test_submitting_twice_changes_nothing_the_second_time(review, reviewer):
    services.review_submit(review=review, actor=reviewer)
    assert services.review_submit(review=review, actor=reviewer) == 0
    assert Label.objects.filter(review=review).count() == 5


@pytest.mark.django_db
def test_starting_a_review_twice_returns_the_same_review(campaign, article, reviewer):
    first = services.review_start(campaign=campaign, article=article, reviewer=reviewer)
    second = services.review_start(campaign=campaign, article=article, reviewer=reviewer)
    assert first.pk == second.pk
