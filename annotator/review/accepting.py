"""Accepting the model's suggestions all at once (the workspace's Shift+A): one request, one
batch of labels, one undo. Accepting one suggestion is ``services.label_set`` with
``accepted``."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotator.models import Campaign, Label, LabelEvent, Review
from annotator.review.services import check_editable, history_state
from annotator.suggestions import SuggestionNotShown, suggestions_for_article


@transaction.atomic
def suggestions_accept(*, review: Review, actor: User, shown: Mapping[int, str]) -> list[int]:
    """Accept every suggestion the reviewer is shown (``shown``: sentence id to the value
    the page shows) that is still the sentence's suggestion, at or above the campaign's
    threshold, on a sentence still untagged: one label each, marked accepted and recording
    the suggestion, with history events sharing one batch so that one undo takes them all
    back. Raises SuggestionNotShown when the campaign shows no suggestions before labelling.
    Returns the sentence ids labelled. Queries: 8 (suggestions, labels, the labels' insert
    in a savepoint, the events' insert, the transaction), whatever the article's length.
    """
    check_editable(review)
    campaign = review.campaign
    if campaign.suggestions != Campaign.Suggestions.BEFORE:
        raise SuggestionNotShown("This campaign shows no suggestions to accept.")
    suggestions = suggestions_for_article(campaign_id=campaign.pk, article_id=review.article_id)
    tagged = set(Label.objects.filter(review=review).values_list("sentence_id", flat=True))
    taken = {
        sentence: suggestion
        for sentence, suggestion in suggestions.items()
        if sentence not in tagged
        and suggestion.score >= campaign.suggestion_threshold
        and shown.get(sentence) == suggestion.value
    }
    if not taken:
        return []
    now = timezone.now()
    try:
        with transaction.atomic():
            Label.objects.bulk_create(
                Label(
                    review=review,
                    sentence_id=sentence,
                    value=suggestion.value,
                    suggested_value=suggestion.value,
                    suggested_score=suggestion.score,
                    accepted=True,
                )
                for sentence, suggestion in taken.items()
            )
    except IntegrityError as error:
        raise SuggestionNotShown(
            "A label changed while the suggestions were being accepted: nothing was stored. "
            "Try again."
        ) from error
    batch = uuid.uuid4()
    LabelEvent.objects.bulk_create(
        LabelEvent(
            review=review,
            sentence_id=sentence,
            actor=actor,
            created_at=now,
            before=None,
            after=history_state(suggestion.value, "", ""),
            batch=batch,
        )
        for sentence, suggestion in taken.items()
    )
    return sorted(taken)
