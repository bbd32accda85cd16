"""Writes in the review workflow. Views call these and nothing else to change data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from annotator.campaigns.gold import gold_refresh_article
from annotator.learning.tasks import model_retrain_after_commit
from annotator.models import Campaign, Label, LabelEvent, Review
from annotator.review import sql
from annotator.suggestions import (
    Suggestion,
    SuggestionNotShown,
    suggestion_from,
    suggestion_recorded,
    suggestions_for_article,
)
from annotator.vocabulary import LabelValue
from articles.bulk import rows_insert
from articles.models import Sentence


class ReviewNotEditable(Exception):
    """The campaign is closed or the review submitted: labels cannot change now."""


def check_editable(review: Review) -> None:
    if not review.campaign.is_open:
        raise ReviewNotEditable("This campaign is closed; its labels can no longer change.")
    if review.status == Review.Status.SUBMITTED:
        raise ReviewNotEditable("This article is submitted. Reopen it to change its labels.")


def _label_state(label: Label | None) -> dict[str, Any] | None:
    if label is None:
        return None
    return history_state(label.value, label.source, label.note)


def history_state(value: str, source: str, note: str) -> dict[str, Any]:
    """A label as its history records it (``LabelEvent.before`` / ``after``)."""
    return {"value": value, "source": source, "note": note}


# (review id, sentence id, value, source, note[, suggested value, suggested score]): one
# label, as ``labels_restore`` takes it (without a suggestion: none was shown).
LabelRow = tuple[int, int, str, str, str] | tuple[int, int, str, str, str, str, float | None]


def labels_restore(*, labels: Sequence[LabelRow], at: datetime) -> None:
    """Store new labels, each with its history event, as a restore of an export writes them:
    the restore wrote them, not the reviewer, so the events have no actor (the reviewer's undo
    walks back only what they change afterwards). ``at`` is their time. The caller has
    checked them (no label is stored yet). Queries: 2 on PostgreSQL (COPY), 2 per 2,000
    labels elsewhere."""
    full = [label if len(label) == 7 else (*label, "", None) for label in labels]
    rows_insert(
        Label,
        ("review_id", "sentence_id", "value", "source", "note", "suggested_value",
         "suggested_score", "updated_at"),
        ((*label, at) for label in full),
    )  # fmt: skip
    rows_insert(
        LabelEvent,
        ("review_id", "sentence_id", "actor_id", "created_at", "before", "after"),
        (
            (review_id, sentence_id, None, at, None, history_state(value, source, note))
            for review_id, sentence_id, value, source, note, *_suggestion in full
        ),
    )


def label_set(
    *,
    review: Review,
    sentence: Sentence,
    value: str | None,
    actor: User,
    source: str | None = None,
    note: str | None = None,
    undoes: LabelEvent | None = None,
    suggestion: Suggestion | None = None,
    accepted: bool = False,
) -> Label | None:
    """Set (or with ``value=None`` clear) the review's label on a sentence.

    Idempotent: setting what is already stored writes nothing, so a retried or doubled request
    stores one label and one history event. ``source``/``note`` of None keep the stored ones;
    ``undoes`` marks the change as the undo of an earlier one (see ``label_undo``).
    A reviewer's own label is last write wins, unlike gold (``gold_set`` refuses a stale
    decision): two tabs of the same review each store what they send, and each save returns
    the label as now stored (a source or note only the other tab set is kept and returned),
    which the workspace shows in place of the sentence.
    ``suggestion`` is the sentence's suggestion now, as the caller read it along with the
    sentence (``suggestions.suggestion_annotations``): the label records it when the
    campaign shows it beside this change (``suggestions.suggestion_recorded``). ``accepted``
    marks the value as taken with an accept key: then it must be that suggestion, shown
    before labelling, or SuggestionNotShown is raised and nothing stored.
    Returns the current label, or None when cleared. Queries: 3 to 5, whatever the article
    size; on PostgreSQL setting a label is one statement.
    """
    check_editable(review)
    if value is not None and value not in LabelValue.values:
        raise ValueError(f"unknown label {value!r}")
    if sentence.article_id != review.article_id:
        raise ValueError("sentence is not in this review's article")
    if accepted and (
        review.campaign.suggestions != Campaign.Suggestions.BEFORE
        or suggestion is None
        or suggestion.value != value
    ):
        raise SuggestionNotShown(
            "That suggestion is not shown here now: nothing was stored. Reload the article "
            "to see the current suggestions."
        )
    on_create, on_change = suggestion_recorded(review.campaign, suggestion)
    write = _Write(value, source, note, on_create, on_change, accepted, undoes)
    if value is not None and connection.vendor == "postgresql":
        label = sql.label_set_statement(
            review=review,
            sentence=sentence,
            value=value,
            actor=actor,
            source=source,
            note=note,
            undoes=undoes,
            suggested_on_create=on_create,
            suggested_on_change=on_change,
            accepted=accepted,
        )
        if label is not None:
            return label
        # Another request created this label after the statement began: the general path
        # below waits for it and folds this change into it.
    return _label_set_locked(review, sentence, actor, write)


@dataclass(frozen=True, slots=True)
class _Write:
    """One label change as ``label_set`` was asked for it."""

    value: str | None
    source: str | None
    note: str | None
    suggested_on_create: Suggestion | None
    suggested_on_change: Suggestion | None
    accepted: bool
    undoes: LabelEvent | None


@transaction.atomic
def _label_set_locked(
    review: Review, sentence: Sentence, actor: User, write: _Write
) -> Label | None:
    label = (
        Label.objects.select_for_update()
        .filter(review_id=review.pk, sentence_id=sentence.pk)
        .order_by()
        .first()
    )
    before = _label_state(label)

    if write.value is None:
        if label is None:
            return None
        label.delete()
        label = None
    elif label is None:
        label = Label(review=review, sentence=sentence, value=write.value)
        label.source = write.source or ""
        label.note = write.note or ""
        shown = write.suggested_on_create
        label.suggested_value = shown.value if shown else ""
        label.suggested_score = shown.score if shown else None
        label.accepted = write.accepted
        try:
            with transaction.atomic():
                label.save(force_insert=True)
        except IntegrityError:
            # Another request created it first: fold this change into that row.
            label = Label.objects.select_for_update().get(review=review, sentence=sentence)
            before = _label_state(label)
            return _label_update(label, before, write, actor)
    else:
        return _label_update(label, before, write, actor)

    LabelEvent.objects.create(
        review=review,
        sentence=sentence,
        actor=actor,
        before=before,
        after=_label_state(label),
        undoes=write.undoes,
    )
    return label


def _label_update(label: Label, before: dict[str, Any] | None, write: _Write, actor: User) -> Label:
    assert write.value is not None
    if label.value != write.value:
        label.accepted = write.accepted
    label.value = write.value
    if write.source is not None:
        label.source = write.source
    if write.note is not None:
        label.note = write.note
    after = _label_state(label)
    if after != before:
        if write.suggested_on_change is not None:
            label.suggested_value = write.suggested_on_change.value
            label.suggested_score = write.suggested_on_change.score
        label.save(
            update_fields=[
                "value",
                "source",
                "note",
                "suggested_value",
                "suggested_score",
                "accepted",
                "updated_at",
            ]
        )
        LabelEvent.objects.create(
            review_id=label.review_id,
            sentence_id=label.sentence_id,
            actor=actor,
            before=before,
            after=after,
            undoes=write.undoes,
        )
    return label


@transaction.atomic
def labels_set(*, review: Review, changes: list[dict[str, Any]], actor: User) -> None:
    """Set several labels of one review at once, all or nothing: each change is
    ``{"sentence", "value", "source"?, "note"?}`` as ``label_set`` takes them; a sentence
    read with ``suggestion_annotations`` brings its suggestion along, recorded as there.
    Queries: a handful per change."""
    for change in changes:
        label_set(
            review=review,
            sentence=change["sentence"],
            value=change["value"],
            actor=actor,
            source=change.get("source"),
            note=change.get("note"),
            suggestion=suggestion_from(change["sentence"]),
        )


@transaction.atomic
def review_submit(*, review: Review, actor: User) -> int:
    """Submit a review: every untagged sentence gets a no-claim label (with history).

    Safe to repeat: a second submit finds nothing untagged. Returns how many sentences were
    marked no claim. Once the article has its k submitted reviews, the sentences they agree on
    get gold labels. Queries: a fixed handful, whatever the article's length (one more for
    the suggestions it records).
    """
    review = Review.objects.select_for_update().select_related("campaign").get(pk=review.pk)
    if review.status == Review.Status.SUBMITTED:
        return 0
    check_editable(review)
    untagged = list(
        Sentence.objects.filter(article_id=review.article_id)
        .exclude(labels__review=review)
        .values_list("pk", flat=True)
    )
    # Untagged sentences showed their suggestion when the campaign shows them before
    # labelling: their no-claim label records it, as any label made beside one does.
    shown: dict[int, Suggestion] = {}
    if untagged and review.campaign.suggestions == Campaign.Suggestions.BEFORE:
        shown = suggestions_for_article(
            campaign_id=review.campaign_id, article_id=review.article_id
        )
    Label.objects.bulk_create(
        Label(
            review=review,
            sentence_id=pk,
            value=LabelValue.NO_CLAIM,
            suggested_value=shown[pk].value if pk in shown else "",
            suggested_score=shown[pk].score if pk in shown else None,
        )
        for pk in untagged
    )
    after = {"value": LabelValue.NO_CLAIM.value, "source": "", "note": ""}
    LabelEvent.objects.bulk_create(
        LabelEvent(review=review, sentence_id=pk, actor=actor, before=None, after=after)
        for pk in untagged
    )
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    gold_refresh_article(campaign=review.campaign, article_id=review.article_id)
    model_retrain_after_commit(campaign=review.campaign)
    return len(untagged)


def _labels_created_undo(review: Review, actor: User, events: list[LabelEvent]) -> None:
    """Take back a batch of label creations (an accept-all) at once: the labels they made
    are deleted, each with its undo event, as ``label_set`` clearing them one by one would.
    Queries: 3, whatever the batch's size."""
    labels = {
        label.sentence_id: label
        for label in Label.objects.select_for_update().filter(
            review=review, sentence_id__in=[event.sentence_id for event in events]
        )
    }
    Label.objects.filter(pk__in=[label.pk for label in labels.values()]).delete()
    LabelEvent.objects.bulk_create(
        LabelEvent(
            review=review,
            sentence_id=event.sentence_id,
            actor=actor,
            before=_label_state(labels[event.sentence_id]),
            after=None,
            undoes=event,
        )
        for event in events
        if event.sentence_id in labels
    )


@transaction.atomic
def label_undo(*, review: Review, actor: User) -> list[Sentence]:
    """Take back the reviewer's latest change in this review that is not yet taken back: one
    label's change, or every label of one accept-all (its events share a ``batch``).

    Repeated undos walk back through history. The undo is itself a history event (pointing at
    the change it took back), so nothing is lost. Returns the sentences changed, by position
    (none when there is nothing to undo). Queries: a fixed handful, whatever the number of
    labels an accept-all made.
    """
    check_editable(review)
    mine = LabelEvent.objects.select_for_update(of=("self",)).filter(
        review=review, actor=actor, undoes__isnull=True, undone_by__isnull=True
    )
    latest = mine.order_by("-created_at", "-pk").first()
    if latest is None:
        return []
    events = [latest]
    if latest.batch is not None:
        events = list(mine.filter(batch=latest.batch).order_by("-created_at", "-pk"))
    sentences = {
        sentence.pk: sentence
        for sentence in Sentence.objects.filter(pk__in=[event.sentence_id for event in events])
    }
    if len(events) > 1 and all(event.before is None for event in events):
        _labels_created_undo(review, actor, events)
        return sorted(sentences.values(), key=lambda sentence: sentence.position)
    for event in events:
        state = event.before or {}
        label_set(
            review=review,
            sentence=sentences[event.sentence_id],
            value=state.get("value"),
            actor=actor,
            source=state.get("source", ""),
            note=state.get("note", ""),
            undoes=event,
        )
    return sorted(sentences.values(), key=lambda sentence: sentence.position)


def review_reopen(*, review: Review) -> None:
    """Reopen a submitted review so its reviewer can change labels (campaign must be open)."""
    if not review.campaign.is_open:
        raise ReviewNotEditable("This campaign is closed; its reviews can no longer change.")
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.IN_PROGRESS, submitted_at=None, updated_at=timezone.now()
        )
        review.status, review.submitted_at = Review.Status.IN_PROGRESS, None
        # Its labels no longer count: automatic gold that rested on them is withdrawn.
        gold_refresh_article(campaign=review.campaign, article_id=review.article_id)
