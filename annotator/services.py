"""Writes in the review workflow. Views call these and nothing else to change data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotator.models import Campaign, Label, LabelEvent, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Sentence


class ReviewNotEditable(Exception):
    """The review's campaign is closed: labels can no longer change."""


def _label_state(label: Label | None) -> dict[str, Any] | None:
    if label is None:
        return None
    return {"value": label.value, "source": label.source, "note": label.note}


def review_start(*, campaign: Campaign, article: Article, reviewer: User) -> Review:
    """Return the reviewer's review of this article in this campaign, creating it if new.

    Safe to call twice at once: the unique constraint decides, the loser reads the winner's row.
    """
    try:
        with transaction.atomic():
            review, _ = Review.objects.get_or_create(
                campaign=campaign, article=article, reviewer=reviewer
            )
    except IntegrityError:
        review = Review.objects.get(campaign=campaign, article=article, reviewer=reviewer)
    return review


@transaction.atomic
def label_set(
    *,
    review: Review,
    sentence: Sentence,
    value: str | None,
    actor: User,
    source: str | None = None,
    note: str | None = None,
) -> Label | None:
    """Set (or with ``value=None`` clear) the review's label on a sentence.

    Idempotent: setting what is already stored writes nothing, so a retried or doubled request
    stores one label and one history event. ``source``/``note`` of None keep the stored ones.
    Returns the current label, or None when cleared. Queries: 3 to 5, whatever the article size.
    """
    if not review.campaign.is_open:
        raise ReviewNotEditable("This campaign is closed; its labels can no longer change.")
    if value is not None and value not in LabelValue.values:
        raise ValueError(f"unknown label {value!r}")
    if sentence.article_id != review.article_id:
        raise ValueError("sentence is not in this review's article")

    label = Label.objects.select_for_update().filter(review=review, sentence=sentence).first()
    before = _label_state(label)

    if value is None:
        if label is None:
            return None
        label.delete()
        label = None
    elif label is None:
        label = Label(review=review, sentence=sentence, value=value)
        label.source = source or ""
        label.note = note or ""
        try:
            with transaction.atomic():
                label.save(force_insert=True)
        except IntegrityError:
            # Another request created it first: fold this change into that row.
            label = Label.objects.select_for_update().get(review=review, sentence=sentence)
            before = _label_state(label)
            return _label_update(label, before, value, source, note, actor)
    else:
        return _label_update(label, before, value, source, note, actor)

    LabelEvent.objects.create(
        review=review, sentence=sentence, actor=actor, before=before, after=_label_state(label)
    )
    return label


def _label_update(
    label: Label,
    before: dict[str, Any] | None,
    value: str,
    source: str | None,
    note: str | None,
    actor: User,
) -> Label:
    label.value = value
    if source is not None:
        label.source = source
    if note is not None:
        label.note = note
    after = _label_state(label)
    if after != before:
        label.save(update_fields=["value", "source", "note", "updated_at"])
        LabelEvent.objects.create(
            review_id=label.review_id,
            sentence_id=label.sentence_id,
            actor=actor,
            before=before,
            after=after,
        )
    return label


@transaction.atomic
def review_submit(*, review: Review, actor: User) -> int:
    """Submit a review: every untagged sentence gets a no-claim label (with history).

    Safe to repeat: a second submit finds nothing untagged. Returns how many sentences were
    marked no claim. Queries: a fixed handful, two of them bulk inserts.
    """
    review = Review.objects.select_for_update().select_related("campaign").get(pk=review.pk)
    if not review.campaign.is_open:
        raise ReviewNotEditable("This campaign is closed; its reviews can no longer change.")
    untagged = list(
        Sentence.objects.filter(article_id=review.article_id)
        .exclude(labels__review=review)
        .values_list("pk", flat=True)
    )
    Label.objects.bulk_create(
        Label(review=review, sentence_id=pk, value=LabelValue.NO_CLAIM) for pk in untagged
    )
    after = {"value": LabelValue.NO_CLAIM.value, "source": "", "note": ""}
    LabelEvent.objects.bulk_create(
        LabelEvent(review=review, sentence_id=pk, actor=actor, before=None, after=after)
        for pk in untagged
    )
    if review.status != Review.Status.SUBMITTED:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        review.save(update_fields=["status", "submitted_at", "updated_at"])
    return len(untagged)
