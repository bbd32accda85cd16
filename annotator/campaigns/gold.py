"""Gold labels: settled automatically where reviewers agree, by an admin where they don't.

Every change to a gold label (made, changed, withdrawn) is appended to GoldLabelEvent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, Review
from annotator.vocabulary import LabelValue
from articles.bulk import rows_insert
from articles.models import Sentence

Method = GoldLabel.Method


def _state(gold: GoldLabel | None) -> dict[str, Any] | None:
    return None if gold is None else _gold_state(gold.value, gold.method)


def _gold_state(value: str, method: str) -> dict[str, Any]:
    """A gold label as its history records it (``GoldLabelEvent.before`` / ``after``)."""
    return {"value": value, "method": method}


def decide(values: list[str], *, accept_majority: bool) -> tuple[str, str] | None:
    """The automatic decision for one sentence's labels: (value, method), or None."""
    if not values:
        return None
    value, count = Counter(values).most_common(1)[0]
    if count == len(values):
        return value, Method.UNANIMOUS
    if accept_majority and count * 2 > len(values):
        return value, Method.MAJORITY
    return None


# Articles refreshed per round of queries when a whole campaign is refreshed.
ARTICLES_PER_REFRESH = 500


def gold_refresh_article(*, campaign: Campaign, article_id: int) -> int:
    """Bring the automatic gold labels of one article in line with its submitted reviews
    (see ``gold_refresh``). Queries: 3 to 7, whatever the article's length."""
    return gold_refresh(campaign=campaign, article_ids=[article_id])


@transaction.atomic
def gold_refresh(*, campaign: Campaign, article_ids: list[int]) -> int:
    """Bring the automatic gold labels of these articles in line with their submitted reviews.

    Once an article has the campaign's k submitted reviews, a unanimous sentence gets its
    label as gold (and, if the campaign accepts it, a strict majority); with fewer (a review
    was reopened), automatic gold is withdrawn. Adjudicated gold is never touched.
    Returns how many gold labels changed. Queries: 3 to 7, whatever the number of articles.
    """
    submitted = Counter(
        Review.objects.filter(
            campaign=campaign, article_id__in=article_ids, status=Review.Status.SUBMITTED
        ).values_list("article_id", flat=True)
    )
    settled = [pk for pk in article_ids if submitted[pk] >= campaign.reviews_per_article]
    by_sentence: dict[int, list[str]] = defaultdict(list)
    if settled:
        for sentence_id, value in Label.objects.filter(
            review__campaign=campaign,
            review__article_id__in=settled,
            review__status=Review.Status.SUBMITTED,
        ).values_list("sentence_id", "value"):
            by_sentence[sentence_id].append(value)
    existing = {
        gold.sentence_id: gold
        for gold in GoldLabel.objects.select_for_update().filter(
            campaign=campaign, sentence__article_id__in=article_ids
        )
    }
    created: list[GoldLabel] = []
    changed: list[GoldLabel] = []
    withdrawn: list[GoldLabel] = []
    events: list[GoldLabelEvent] = []
    for sentence_id in by_sentence.keys() | existing.keys():
        gold = existing.get(sentence_id)
        if gold is not None and gold.method == Method.ADJUDICATED:
            continue
        decision = decide(
            by_sentence.get(sentence_id, []), accept_majority=campaign.accept_majority
        )
        before = _state(gold)
        if decision is None:
            if gold is None:
                continue
            withdrawn.append(gold)
            after = None
        elif gold is None:
            gold = GoldLabel(
                campaign=campaign, sentence_id=sentence_id, value=decision[0], method=decision[1]
            )
            created.append(gold)
            after = _state(gold)
        elif (gold.value, gold.method) != decision:
            gold.value, gold.method = decision
            changed.append(gold)
            after = _state(gold)
        else:
            continue
        events.append(
            GoldLabelEvent(
                campaign=campaign, sentence_id=sentence_id, actor=None, before=before, after=after
            )
        )
    if withdrawn:
        GoldLabel.objects.filter(pk__in=[gold.pk for gold in withdrawn]).delete()
    GoldLabel.objects.bulk_create(created)
    GoldLabel.objects.bulk_update(changed, ["value", "method", "decided_at"])
    GoldLabelEvent.objects.bulk_create(events)
    return len(events)


@transaction.atomic
def gold_refresh_campaign(*, campaign: Campaign) -> int:
    """Refresh the automatic gold of every reviewed article in the campaign (after k or the
    majority setting changed), all or nothing. Returns how many gold labels changed.
    Queries: 3 to 7 per 500 articles."""
    article_ids = list(
        Review.objects.filter(campaign=campaign)
        .values_list("article_id", flat=True)
        .distinct()
        .order_by("article_id")
    )
    return sum(
        gold_refresh(campaign=campaign, article_ids=article_ids[at : at + ARTICLES_PER_REFRESH])
        for at in range(0, len(article_ids), ARTICLES_PER_REFRESH)
    )


@transaction.atomic
def gold_set(
    *, campaign: Campaign, sentence: Sentence, value: str | None, actor: User
) -> GoldLabel | None:
    """An admin's decision on a sentence: adjudicated gold ``value``, or with None, no gold.

    Idempotent: deciding what is already stored writes nothing. Every change is in history.
    Returns the gold label, or None when cleared. Queries: 2 or 3.
    """
    if value is not None and value not in LabelValue.values:
        raise ValueError(f"unknown label {value!r}")
    gold = (
        GoldLabel.objects.select_for_update().filter(campaign=campaign, sentence=sentence).first()
    )
    before = _state(gold)
    if value is None:
        if gold is None:
            return None
        gold.delete()
        gold = None
    elif gold is None:
        gold = GoldLabel.objects.create(
            campaign=campaign, sentence=sentence, value=value, method=Method.ADJUDICATED,
            decided_by=actor,
        )  # fmt: skip
    elif (gold.value, gold.method, gold.decided_by_id) != (value, Method.ADJUDICATED, actor.pk):
        gold.value, gold.method, gold.decided_by = value, Method.ADJUDICATED, actor
        gold.save(update_fields=["value", "method", "decided_by", "decided_at"])
    else:
        return gold
    GoldLabelEvent.objects.create(
        campaign=campaign, sentence=sentence, actor=actor, before=before, after=_state(gold)
    )
    return gold


# (campaign id, sentence id, value, method, decided-by user id or None): one gold label, as
# ``gold_restore`` takes it.
GoldRow = tuple[int, int, str, str, int | None]


def gold_restore(*, gold: Sequence[GoldRow], at: datetime) -> None:
    """Store new gold labels, each with its history event, as a restore of an export writes
    them: no actor (the restore decided nothing), ``at`` their time. The caller has checked
    them (none is stored yet). Queries: 2 on PostgreSQL (COPY), 2 per 2,000 elsewhere."""
    rows_insert(
        GoldLabel,
        ("campaign_id", "sentence_id", "value", "method", "decided_by_id", "decided_at"),
        ((*row, at) for row in gold),
    )
    rows_insert(
        GoldLabelEvent,
        ("campaign_id", "sentence_id", "actor_id", "created_at", "before", "after"),
        (
            (campaign_id, sentence_id, None, at, None, _gold_state(value, method))
            for campaign_id, sentence_id, value, method, _decider in gold
        ),
    )
