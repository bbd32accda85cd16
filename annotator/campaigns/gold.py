"""Gold labels: settled automatically where reviewers agree, by an admin where they don't.

Every change to a gold label (made, changed, withdrawn) is appended to GoldLabelEvent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, Review
from annotator.vocabulary import SPEC_BY_VALUE, LabelSpec, LabelValue
from articles.bulk import rows_insert
from articles.models import Sentence

Method = GoldLabel.Method


def _state(gold: GoldLabel | None) -> dict[str, Any] | None:
    return None if gold is None else _gold_state(gold.value, gold.method, gold.source)


def _gold_state(value: str, method: str, source: str = "") -> dict[str, Any]:
    """A gold label as its history records it (``GoldLabelEvent.before`` / ``after``): its
    source only when it has one."""
    state = {"value": value, "method": method}
    if source:
        state["source"] = source
    return state


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


@dataclass(frozen=True, slots=True)
class GoldChange:
    """The latest change of a sentence's gold: its ``version`` (0: never any gold), the state
    it left (value and method, None when it cleared the gold), who made it (None: automatic,
    or a restore) and when."""

    version: int
    value: str | None
    method: str | None
    actor: str | None
    at: datetime | None

    @property
    def spec(self) -> LabelSpec | None:
        return None if self.value is None else SPEC_BY_VALUE[self.value]

    def describe(self) -> str:
        """Who decided what meanwhile, in a sentence."""
        who = self.actor or "automatic gold (the reviews agreed)"
        when = f" at {self.at:%Y-%m-%d %H:%M} UTC" if self.at else ""
        what = f"settled it as {self.spec.name}" if self.spec else "cleared its gold label"
        return f"{who} {what}{when} (version {self.version})"


class GoldConflict(Exception):
    """The gold changed since the version the decision replaces; ``current`` says how."""

    def __init__(self, current: GoldChange) -> None:
        self.current = current
        super().__init__(f"The gold label changed meanwhile: {current.describe()}.")


@dataclass(frozen=True, slots=True)
class GoldDecision:
    """What a decision left: the gold label (None: no gold) and its version."""

    gold: GoldLabel | None
    version: int


def _latest(campaign: Campaign, sentence_id: int) -> GoldChange:
    """The sentence's latest gold change. Queries: 1."""
    event = (
        GoldLabelEvent.objects.filter(campaign=campaign, sentence_id=sentence_id)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    if event is None:
        return GoldChange(version=0, value=None, method=None, actor=None, at=None)
    after = event.after or {}
    return GoldChange(
        version=event.pk,
        value=after.get("value"),
        method=after.get("method"),
        actor=event.actor.get_username() if event.actor else None,
        at=event.created_at,
    )


@transaction.atomic
def gold_set(
    *,
    campaign: Campaign,
    sentence: Sentence,
    value: str | None,
    actor: User,
    expected_version: int | None = None,
    source: str = "",
) -> GoldDecision:
    """An admin's decision on a sentence: adjudicated gold ``value``, or with None, no gold.
    ``source`` is what a sourced claim cites (kept only with ``sourced``; the caller has
    checked it as plain text).

    ``expected_version`` names the state the decision replaces: the sentence's gold version
    as the admin saw it, which is the id of its latest history event (0: never any gold), so
    it changes with every change and never repeats, even after gold is cleared and decided
    again. When the gold changed since, nothing is written and ``GoldConflict`` says who
    decided what, unless it already is what this decision asks for. Check and write happen
    under the gold row's lock (and the unique constraint when there is no row), so of two
    admins deciding from the same version one wins and the other gets the conflict. None
    skips the check: the decision overwrites whatever is stored.

    Idempotent: deciding what is already stored writes nothing. Every change is in history.
    Queries: 2 or 3, one more with ``expected_version``.
    """
    if value is not None and value not in LabelValue.values:
        raise ValueError(f"unknown label {value!r}")
    source = source.strip() if value == LabelValue.SOURCED else ""
    gold = (
        GoldLabel.objects.select_for_update().filter(campaign=campaign, sentence=sentence).first()
    )
    if expected_version is not None:
        latest = _latest(campaign, sentence.pk)
        if latest.version != expected_version:
            if _already(gold, value, source):
                return GoldDecision(gold=gold, version=latest.version)
            raise GoldConflict(latest)
    before = _state(gold)
    if value is None:
        if gold is None:
            return GoldDecision(gold=None, version=_version_now(campaign, sentence, None))
        gold.delete()
        gold = None
    elif gold is None:
        try:
            with transaction.atomic():
                gold = GoldLabel.objects.create(
                    campaign=campaign, sentence=sentence, value=value,
                    method=Method.ADJUDICATED, decided_by=actor, source=source,
                )  # fmt: skip
        except IntegrityError:
            # Another admin (or automatic gold) created it after our read: theirs was first.
            gold = GoldLabel.objects.select_for_update().get(campaign=campaign, sentence=sentence)
            if expected_version is not None:
                if _already(gold, value, source):
                    return GoldDecision(gold=gold, version=_latest(campaign, sentence.pk).version)
                raise GoldConflict(_latest(campaign, sentence.pk)) from None
            return gold_set(
                campaign=campaign, sentence=sentence, value=value, actor=actor, source=source
            )
    elif (gold.value, gold.method, gold.decided_by_id, gold.source) != (
        value, Method.ADJUDICATED, actor.pk, source,
    ):  # fmt: skip
        gold.value, gold.method, gold.decided_by = value, Method.ADJUDICATED, actor
        gold.source = source
        gold.save(update_fields=["value", "method", "decided_by", "source", "decided_at"])
    else:
        return GoldDecision(gold=gold, version=_version_now(campaign, sentence, expected_version))
    event = GoldLabelEvent.objects.create(
        campaign=campaign, sentence=sentence, actor=actor, before=before, after=_state(gold)
    )
    return GoldDecision(gold=gold, version=event.pk)


def _already(gold: GoldLabel | None, value: str | None, source: str) -> bool:
    """Whether the stored gold already is the decision (a stale decision that agrees)."""
    if gold is None:
        return value is None
    return (gold.value, gold.method, gold.source) == (value, Method.ADJUDICATED, source)


def _version_now(campaign: Campaign, sentence: Sentence, known: int | None) -> int:
    """The version when nothing was written: the one checked, or looked up (1 query)."""
    return known if known is not None else _latest(campaign, sentence.pk).version


@transaction.atomic
def gold_undo(*, campaign: Campaign, event: GoldLabelEvent, actor: User) -> GoldDecision:
    """Take back a gold decision: the sentence's gold goes back to the state before ``event``
    (adjudicated by whoever decided it then), recorded as a new history event by ``actor``.
    Only while ``event`` is the sentence's latest change: ``GoldConflict`` otherwise.
    Queries: 4 to 6.
    """
    gold = (
        GoldLabel.objects.select_for_update()
        .filter(campaign=campaign, sentence_id=event.sentence_id)
        .first()
    )
    latest = _latest(campaign, event.sentence_id)
    if latest.version != event.pk:
        raise GoldConflict(latest)
    before, restored = _state(gold), event.before
    if restored is None:
        if gold is not None:
            gold.delete()
        gold = None
    else:
        decided_by_id = None
        if restored["method"] == Method.ADJUDICATED:
            decided_by_id = (
                GoldLabelEvent.objects.filter(
                    campaign=campaign, sentence_id=event.sentence_id, pk__lt=event.pk
                )
                .order_by("-pk")
                .values_list("actor_id", flat=True)
                .first()
            )
        if gold is None:
            gold = GoldLabel(campaign=campaign, sentence_id=event.sentence_id)
        gold.value, gold.method = restored["value"], restored["method"]
        gold.source = restored.get("source", "")
        gold.decided_by_id = decided_by_id
        try:
            with transaction.atomic():
                gold.save()
        except IntegrityError:
            # Gold was created after our read (nothing to lock then): that change is newer.
            raise GoldConflict(_latest(campaign, event.sentence_id)) from None
    undone = GoldLabelEvent.objects.create(
        campaign=campaign,
        sentence_id=event.sentence_id,
        actor=actor,
        before=before,
        after=_state(gold),
    )
    return GoldDecision(gold=gold, version=undone.pk)


# (campaign id, sentence id, value, method, decided-by user id or None): one gold label, as
# ``gold_restore`` takes it.
GoldRow = tuple[int, int, str, str, int | None]


def gold_restore(*, gold: Sequence[GoldRow], at: datetime) -> None:
    """Store new gold labels, each with its history event, as a restore of an export writes
    them: no actor (the restore decided nothing), ``at`` their time. The caller has checked
    them (none is stored yet); a restore doesn't bring back a gold source (yet).
    Queries: 2 on PostgreSQL (COPY), 2 per 2,000 elsewhere."""
    rows_insert(
        GoldLabel,
        ("campaign_id", "sentence_id", "value", "method", "decided_by_id", "decided_at", "source"),
        ((*row, at, "") for row in gold),
    )
    rows_insert(
        GoldLabelEvent,
        ("campaign_id", "sentence_id", "actor_id", "created_at", "before", "after"),
        (
            (campaign_id, sentence_id, None, at, None, _gold_state(value, method))
            for campaign_id, sentence_id, value, method, _decider in gold
        ),
    )
