"""Suggestions in the workspace (issue 15): shown before labelling, only after, or never, as
the campaign chooses; accepted one at a time or all above the threshold (one undo takes them
back); every label records the suggestion it was made beside; fixed query counts."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest
from django.db import connection
from django.urls import reverse

from annotator.models import Campaign, Label, LabelEvent, Prediction, Review
from annotator.review import services
from articles.models import Sentence
from tests.factories import make_article
from tests.queries import count_queries

HTMX = {"HTTP_HX_REQUEST": "true"}
T0 = datetime(2025, 3, 1, tzinfo=UTC)
# Scores of the five sentences' suggestions: three at or above 0.8, two below.
PREDICTED = [
    ("opinion", 0.93),
    ("sourced", 0.81),
    ("no_claim", 0.8),
    ("unsourced", 0.55),
    ("sourced", 0.2),
]


def predict(campaign: Campaign, article, predicted=PREDICTED) -> list[Sentence]:
    sentences = list(article.sentences.order_by("position"))
    Prediction.objects.bulk_create(
        Prediction(campaign=campaign, sentence=s, value=v, score=p, model_name="m", created_at=T0)
        for s, (v, p) in zip(sentences, predicted, strict=False)
    )
    return sentences


def mode(campaign: Campaign, suggestions: str) -> None:
    campaign.suggestions = suggestions
    campaign.save()


def page(client, review: Review) -> str:
    return client.get(reverse("review", args=[review.pk])).text


def label_url(review: Review, sentence: Sentence) -> str:
    return reverse("label-update", args=[review.pk, sentence.pk])


@pytest.fixture
def sentences(campaign, article) -> list[Sentence]:
    return predict(campaign, article)


@pytest.mark.django_db
def test_before_shows_each_untagged_sentences_suggestion_with_its_confidence(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "before")
    Label.objects.create(review=review, sentence=sentences[1], value="opinion")

    html = page(reviewer_client, review)

    assert "Suggested: Opinion 93%" in html
    assert "Sourced 81%" not in html  # labelled: the suggestion is gone
    assert "Suggested: Unsourced 55%" in html
    assert 'data-suggested="opinion"' in html
    assert "data-accept-url" in html
    assert "Accept 2 suggestions at or above 80%" in html  # the plain form: untagged, >= 0.8


@pytest.mark.django_db
def test_after_shows_the_suggestion_only_on_sentences_already_labelled(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "after")
    Label.objects.create(review=review, sentence=sentences[1], value="opinion")

    html = page(reviewer_client, review)

    assert "Model: Sourced 81%" in html
    assert "93%" not in html and "55%" not in html
    assert "data-suggested" not in html and "data-accept-url" not in html


@pytest.mark.django_db
def test_off_never_shows_a_suggestion_and_the_server_refuses_accepts(
    reviewer_client, campaign, review, sentences
):
    Label.objects.create(review=review, sentence=sentences[1], value="opinion")
    html = page(reviewer_client, review)
    assert "%</span>" not in html and "data-accept-url" not in html

    one = reviewer_client.post(
        label_url(review, sentences[0]), {"value": "opinion", "accept": "1"}, **HTMX
    )
    every = reviewer_client.post(
        reverse("suggestions-accept", args=[review.pk]),
        {"accept": f"{sentences[0].pk}:opinion"},
        **HTMX,
    )
    assert one.status_code == every.status_code == 409
    assert Label.objects.filter(review=review).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("suggestions", ["before", "after"])
def test_accept_keys_work_only_before_labelling(
    reviewer_client, campaign, review, sentences, suggestions
):
    mode(campaign, suggestions)
    response = reviewer_client.post(
        label_url(review, sentences[0]), {"value": "opinion", "accept": "1"}, **HTMX
    )
    if suggestions == "before":
        assert response.status_code == 200
        label = Label.objects.get(review=review)
        assert (label.value, label.accepted, label.suggested_value, label.suggested_score) == (
            "opinion",
            True,
            "opinion",
            0.93,
        )
    else:
        assert response.status_code == 409
        assert not Label.objects.exists()


@pytest.mark.django_db
def test_accepting_a_suggestion_the_page_no_longer_shows_stores_nothing(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "before")
    # The model changed its mind since the page was drawn: the page's "opinion" is stale.
    Prediction.objects.filter(sentence=sentences[0]).update(value="sourced")

    response = reviewer_client.post(
        label_url(review, sentences[0]), {"value": "opinion", "accept": "1"}, **HTMX
    )

    assert response.status_code == 409
    assert "not shown" in response.text
    assert not Label.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("suggestions", ["off", "before", "after"])
def test_each_label_records_the_suggestion_shown_beside_it(
    reviewer_client, campaign, review, sentences, suggestions
):
    mode(campaign, suggestions)
    post = partial(reviewer_client.post, label_url(review, sentences[0]), **HTMX)

    post({"value": "sourced"})  # untagged: "before" shows it
    first = Label.objects.values_list("suggested_value", "suggested_score", "accepted").get()
    post({"value": "unsourced"})  # labelled: "after" shows it now
    second = Label.objects.values_list("suggested_value", "suggested_score", "accepted").get()

    expected = {
        "off": [("", None, False), ("", None, False)],
        "before": [("opinion", 0.93, False), ("opinion", 0.93, False)],
        "after": [("", None, False), ("opinion", 0.93, False)],
    }[suggestions]
    assert [first, second] == expected


@pytest.mark.django_db
def test_accept_all_takes_shown_suggestions_at_or_above_the_threshold_on_untagged_sentences(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "before")
    Label.objects.create(review=review, sentence=sentences[1], value="unsourced")
    shown = [f"{s.pk}:{v}" for s, (v, _p) in zip(sentences, PREDICTED, strict=True)]

    response = reviewer_client.post(
        reverse("suggestions-accept", args=[review.pk]), {"accept": shown}, **HTMX
    )

    assert response.status_code == 200
    stored = dict(Label.objects.filter(review=review).values_list("sentence__position", "value"))
    # 0 and 2 accepted (0.93, exactly 0.8); 1 kept its own label; 3 and 4 below the threshold
    assert stored == {0: "opinion", 1: "unsourced", 2: "no_claim"}
    assert Label.objects.filter(accepted=True).count() == 2
    assert f'id="s-{sentences[0].pk}"' in response.text
    assert f'id="s-{sentences[2].pk}"' in response.text
    events = LabelEvent.objects.filter(review=review)
    assert events.count() == 2 and len({e.batch for e in events}) == 1

    # One undo takes the whole accept-all back; the reviewer's own label stays.
    undo = reviewer_client.post(reverse("label-undo", args=[review.pk]), **HTMX)
    assert undo.status_code == 200
    assert dict(Label.objects.filter(review=review).values_list("sentence__position", "value")) == {
        1: "unsourced"
    }
    assert "Suggested: Opinion 93%" in undo.text  # untagged again: the suggestion is back


@pytest.mark.django_db
def test_accept_all_takes_only_what_the_page_shows(reviewer_client, campaign, review, sentences):
    mode(campaign, "before")
    campaign.suggestion_threshold = 0.0
    campaign.save()
    # The page showed "sourced" for sentence 0 (stale) and nothing for the others.
    reviewer_client.post(
        reverse("suggestions-accept", args=[review.pk]),
        {"accept": [f"{sentences[0].pk}:sourced", f"{sentences[1].pk}:sourced", "x:y"]},
        **HTMX,
    )
    assert list(Label.objects.values_list("sentence_id", "value")) == [(sentences[1].pk, "sourced")]


@pytest.mark.django_db
def test_accept_all_without_javascript_returns_to_the_page_saying_how_many(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "before")
    response = reviewer_client.post(
        reverse("suggestions-accept", args=[review.pk]),
        {"accept": [f"{sentences[0].pk}:opinion"]},
        follow=True,
    )
    assert "Accepted 1 suggestion." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("suggestions", ["before", "after"])
def test_review_page_with_suggestions_costs_one_query_more_for_5_and_1000_sentences(
    reviewer_client, campaign, reviewer, suggestions
):
    mode(campaign, suggestions)
    counts = []
    for n in (5, 1000):
        article = make_article(sentences=n, title=f"{n} sentences")
        campaign.articles.add(article)
        predict(campaign, article, [("opinion", 0.9)] * n)
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        for sentence in article.sentences.all()[:3]:
            Label.objects.create(review=review, sentence=sentence, value="opinion")
        counts.append(
            count_queries(partial(reviewer_client.get, reverse("review", args=[review.pk])))
        )
    assert counts[0] == counts[1] == 5  # user, review+article, sentences, labels, suggestions


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [False, True])
def test_tag_request_with_suggestions_costs_the_same_queries_as_without(
    reviewer_client, campaign, reviewer, accept
):
    mode(campaign, "before")
    counts = []
    for n in (5, 1000):
        article = make_article(sentences=n, title=f"{n} sentences")
        campaign.articles.add(article)
        sentences = predict(campaign, article, [("opinion", 0.9)] * n)
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        fields = {"value": "opinion", "accept": "1"} if accept else {"value": "sourced"}
        post = partial(reviewer_client.post, label_url(review, sentences[-1]), fields, **HTMX)
        counts.append(count_queries(post))
        assert Label.objects.get(review=review).suggested_value == "opinion"
    assert counts[0] == counts[1] == (4 if connection.vendor == "postgresql" else 10)


@pytest.mark.django_db
def test_accept_all_costs_the_same_queries_for_5_and_1000_sentences(
    reviewer_client, campaign, reviewer
):
    mode(campaign, "before")
    counts = []
    for n in (5, 1000):
        article = make_article(sentences=n, title=f"{n} sentences")
        campaign.articles.add(article)
        sentences = predict(campaign, article, [("opinion", 0.9)] * n)
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        shown = {"accept": [f"{s.pk}:opinion" for s in sentences]}
        url = reverse("suggestions-accept", args=[review.pk])
        counts.append(count_queries(partial(reviewer_client.post, url, shown, **HTMX)))
        assert Label.objects.filter(review=review, accepted=True).count() == n
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_api_label_writes_record_the_suggestion(reviewer_client, campaign, review, sentences):
    mode(campaign, "before")
    one = reviewer_client.put(
        f"/api/reviews/{review.pk}/labels/{sentences[0].pk}/",
        {"value": "sourced"},
        content_type="application/json",
    )
    many = reviewer_client.post(
        f"/api/reviews/{review.pk}/labels/",
        {"labels": [{"sentence": sentences[1].pk, "value": "sourced"}]},
        content_type="application/json",
    )
    assert one.status_code == many.status_code == 200
    assert dict(Label.objects.values_list("sentence_id", "suggested_value")) == {
        sentences[0].pk: "opinion",
        sentences[1].pk: "sourced",
    }


@pytest.mark.django_db
def test_submitting_marks_untagged_no_claim_recording_the_suggestion_shown_not_accepted(
    campaign, review, sentences, reviewer
):
    mode(campaign, "before")
    services.review_submit(review=review, actor=reviewer)
    assert not Label.objects.filter(accepted=True).exists()
    recorded = Label.objects.order_by("sentence__position").values_list(
        "suggested_value", flat=True
    )
    assert list(recorded) == [value for value, _score in PREDICTED]


@pytest.mark.django_db
def test_api_review_shows_the_suggestion_as_the_workspace_does(
    reviewer_client, campaign, review, sentences
):
    mode(campaign, "before")
    Label.objects.create(review=review, sentence=sentences[1], value="opinion")
    detail = reviewer_client.get(f"/api/reviews/{review.pk}/").json()
    assert detail["campaign"]["suggestions"] == "before"
    shown = [s["suggestion"] for s in detail["sentences"]]
    assert shown[0] == {"value": "opinion", "score": 0.93}
    assert shown[1] is None  # labelled: not shown before labelling any more


@pytest.mark.django_db
def test_undoing_an_accept_all_writes_one_undo_event_per_label_at_a_fixed_cost(
    reviewer_client, campaign, reviewer
):
    mode(campaign, "before")
    counts = []
    for n in (5, 400):
        article = make_article(sentences=n, title=f"{n} sentences")
        campaign.articles.add(article)
        sentences = predict(campaign, article, [("opinion", 0.9)] * n)
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        reviewer_client.post(
            reverse("suggestions-accept", args=[review.pk]),
            {"accept": [f"{s.pk}:opinion" for s in sentences]},
            **HTMX,
        )
        undo = partial(reviewer_client.post, reverse("label-undo", args=[review.pk]), **HTMX)
        counts.append(count_queries(undo))
        assert not Label.objects.filter(review=review).exists()
        undos = LabelEvent.objects.filter(review=review, undoes__isnull=False)
        assert undos.count() == n
        assert all(e.after is None and e.before["value"] == "opinion" for e in undos)
        assert not LabelEvent.objects.filter(
            review=review, undoes__isnull=True, undone_by__isnull=True
        ).exists()  # every accepted label's event is taken back: a second undo finds nothing
    assert counts[0] == counts[1]
