from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from annotator.models import Label, LabelEvent, Review
from annotator.review import services
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
def test_source_and_note_are_kept_until_changed_and_every_change_is_in_history(review, reviewer):
    sentence = review.article.sentences.first()
    services.label_set(
        review=review, sentence=sentence, value="sourced", actor=reviewer, source="Dr. Marsh"
    )
    label = services.label_set(
        review=review, sentence=sentence, value="opinion", actor=reviewer, note="hedged"
    )
    stored = Label.objects.get()
    assert label is not None
    assert (label.value, label.source, label.note) == ("opinion", "Dr. Marsh", "hedged")
    assert (label.pk, label.review_id, label.sentence_id, label.updated_at) == (
        stored.pk, review.pk, sentence.pk, stored.updated_at
    )  # fmt: skip
    services.label_set(review=review, sentence=sentence, value="opinion", actor=reviewer, note="")

    history = [(e.before, e.after, e.actor) for e in LabelEvent.objects.order_by("pk")]
    sourced = {"value": "sourced", "source": "Dr. Marsh", "note": ""}
    opinion = {"value": "opinion", "source": "Dr. Marsh", "note": "hedged"}
    assert history == [
        (None, sourced, reviewer),
        (sourced, opinion, reviewer),
        (opinion, {**opinion, "note": ""}, reviewer),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_label_created_by_another_request_meanwhile_is_changed_not_lost(review, reviewer):
    """The other request's label commits while this one waits to write: last write wins and
    history holds both changes, in order."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one transaction write at a time")
    sentence = review.article.sentences.first()

    def tag_sourced() -> None:
        try:
            services.label_set(review=review, sentence=sentence, value="sourced", actor=reviewer)
        finally:
            connection.close()

    with transaction.atomic():
        services.label_set(review=review, sentence=sentence, value="opinion", actor=reviewer)
        other = threading.Thread(target=tag_sourced)
        other.start()
        time.sleep(0.3)  # let it reach the label this transaction holds
    other.join()

    assert Label.objects.get().value == "sourced"
    history = [
        (e.before and e.before["value"], e.after and e.after["value"])
        for e in LabelEvent.objects.order_by("pk")
    ]
    assert history == [(None, "opinion"), ("opinion", "sourced")]


@pytest.mark.django_db
def test_a_change_is_never_dated_before_the_change_it_follows(review, reviewer, monkeypatch):
    """A request reads the clock, then may wait for another's lock; history order holds."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite reads the clock after it has the lock")
    sentence = review.article.sentences.first()
    services.label_set(review=review, sentence=sentence, value="opinion", actor=reviewer)
    first = LabelEvent.objects.get()
    monkeypatch.setattr(timezone, "now", lambda: first.created_at - timedelta(seconds=1))

    services.label_set(review=review, sentence=sentence, value="sourced", actor=reviewer)

    second = LabelEvent.objects.exclude(pk=first.pk).get()
    assert second.created_at >= first.created_at
    assert Label.objects.get().updated_at == second.created_at


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
