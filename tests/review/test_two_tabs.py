"""A reviewer's own label from two tabs is last write wins, and each save shows the sentence as
now stored; the workspace's pages open with nothing that stores focused."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from annotator.models import Label, LabelEvent, Review
from tests.factories import PASSWORD

HTMX = {"HX-Request": "true"}


def _tab(reviewer) -> Client:
    client = Client()
    assert client.login(username=reviewer.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_second_tab_saving_shows_the_sentence_as_the_first_left_it_and_wins(
    review: Review, reviewer
):
    first, second = _tab(reviewer), _tab(reviewer)
    sentence = review.article.sentences.order_by("position")[0]
    url = reverse("label-update", args=[review.pk, sentence.pk])
    # Both tabs have the page open; the first saves a label with a note (the editor dialog).
    assert second.get(reverse("review", args=[review.pk])).status_code == 200
    first.post(url, {"value": "sourced", "source": "", "note": "check the date"}, headers=HTMX)

    # The second, still showing no label, tags the sentence opinion (a key: the value only).
    fragment = second.post(url, {"value": "opinion"}, headers=HTMX)

    assert fragment.status_code == 200
    assert fragment["HX-Retarget"] == f"#s-{sentence.pk}"
    assert 'data-label="opinion"' in fragment.text
    assert '<span class="badge">Opinion</span>' in fragment.text
    assert 'title="check the date"' in fragment.text  # the first tab's note, kept and shown
    label = Label.objects.get(review=review, sentence=sentence)
    assert (label.value, label.note) == ("opinion", "check the date")  # last write wins
    assert LabelEvent.objects.filter(review=review, sentence=sentence).count() == 2


@pytest.mark.django_db
def test_the_plain_sentence_page_opens_with_nothing_focused(review: Review, reviewer):
    tab = _tab(reviewer)
    sentence = review.article.sentences.order_by("position")[0]
    url = reverse("sentence", args=[review.pk, sentence.pk])
    assert "autofocus" not in tab.get(url).text
    # In the workspace's dialog the source field has focus (Enter there stores nothing).
    dialog = tab.get(url, headers=HTMX).text
    assert re.search(r'<input id="editor-source"[^>]*autofocus', dialog)


@pytest.mark.django_db
def test_the_workspace_opens_with_nothing_that_stores_focused(review: Review, reviewer):
    page = _tab(reviewer).get(reverse("review", args=[review.pk])).text
    assert "autofocus" not in page
    assert not re.search(r'<button type="button" data-key="Enter"', page)
