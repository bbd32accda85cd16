"""The review workspace's raw SQL gives the same rows as the ORM path it stands in for."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection

from annotator.models import Label, LabelEvent, Review
from annotator.review import services, sql
from annotator.suggestions import Suggestion
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement label write is PostgreSQL's"
)

VALUES = ["sourced", "unsourced", "opinion", "no_claim"]


def _steps(seed: int, sentences: int, length: int, accepts: bool) -> list[tuple[Any, ...]]:
    """A random sequence of sets (some repeating what is stored, some beside a suggestion,
    some accepting it when ``accepts``), clears and undos."""
    rng = random.Random(seed)
    steps: list[tuple[Any, ...]] = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.6:
            value = rng.choice(VALUES)
            suggestion = rng.choice(
                [None, Suggestion(rng.choice(VALUES), rng.choice([0.25, 0.5, 0.97]))]
            )
            accepted = accepts and rng.random() < 0.3
            if accepted:
                suggestion = Suggestion(value, 0.9)
            steps.append(
                (
                    "set",
                    rng.randrange(sentences),
                    value,
                    rng.choice([None, "", "Dr. Marsh", "the ministry"]),
                    rng.choice([None, "", "check", "=1+1"]),
                    suggestion,
                    accepted,
                )
            )
        elif roll < 0.8:
            steps.append(("clear", rng.randrange(sentences)))
        else:
            steps.append(("undo",))
    return steps


def _play(review: Review, steps: list[tuple[Any, ...]]) -> None:
    sentences = list(review.article.sentences.order_by("position"))
    for step in steps:
        if step[0] == "set":
            _, at, value, source, note, suggestion, accepted = step
            services.label_set(
                review=review,
                sentence=sentences[at],
                value=value,
                actor=review.reviewer,
                source=source,
                note=note,
                suggestion=suggestion,
                accepted=accepted,
            )
        elif step[0] == "clear":
            services.label_set(
                review=review, sentence=sentences[step[1]], value=None, actor=review.reviewer
            )
        else:
            services.label_undo(review=review, actor=review.reviewer)


def _outcome(review: Review) -> tuple[list[Any], list[Any]]:
    """The labels stored and the history written, by sentence position, without ids or times."""
    labels = [
        (
            label.sentence.position,
            label.value,
            label.source,
            label.note,
            label.suggested_value,
            label.suggested_score,
            label.accepted,
        )
        for label in Label.objects.filter(review=review)
        .select_related("sentence")
        .order_by("sentence__position")
    ]
    events = list(
        LabelEvent.objects.filter(review=review)
        .select_related("sentence", "undoes__sentence")
        .order_by("created_at", "pk")
    )
    order = {event.pk: index for index, event in enumerate(events)}
    history = [
        (
            event.sentence.position,
            event.before,
            event.after,
            order[event.undoes_id] if event.undoes_id else None,
        )
        for event in events
    ]
    return labels, history


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(8))
def test_one_statement_write_leaves_the_same_labels_and_history_as_the_orm(monkeypatch, seed):
    article = make_article(sentences=6)
    # Suggestions shown before labelling (accepted at times), only after, or never.
    shown = ["before", "after", "off"][seed % 3]
    campaign = CampaignFactory.create(reviews_per_article=2, suggestions=shown)
    fast = Review.objects.create(campaign=campaign, article=article, reviewer=UserFactory.create())
    slow = Review.objects.create(campaign=campaign, article=article, reviewer=UserFactory.create())
    steps = _steps(seed, sentences=6, length=60, accepts=shown == "before")

    calls = 0
    statement = sql.label_set_statement

    def counted(**kwargs: Any) -> Label | None:
        nonlocal calls
        calls += 1
        return statement(**kwargs)

    monkeypatch.setattr(sql, "label_set_statement", counted)
    _play(fast, steps)
    assert calls > 0  # the sets really went through the statement

    # The ORM path: what label_set does when the statement finds a newer row in its way.
    monkeypatch.setattr(sql, "label_set_statement", lambda **kwargs: None)
    _play(slow, steps)

    fast_labels, fast_history = _outcome(fast)
    slow_labels, slow_history = _outcome(slow)
    assert fast_labels == slow_labels
    assert fast_history == slow_history
    assert len(fast_history) > 10
    if shown != "off":  # the suggestions were recorded, the same way on both paths
        assert any(label[4] for label in fast_labels)
    # Every change is dated no earlier than the change it follows.
    times = list(
        LabelEvent.objects.filter(review=fast).order_by("pk").values_list("created_at", flat=True)
    )
    assert times == sorted(times)
