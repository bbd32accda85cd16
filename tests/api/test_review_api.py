"""The reviewer's API: queue, reviews and labels, through the review page's own services."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.cache import cache
from django.test import Client

from annotator.accounts.tokens import token_create
from annotator.models import Label, LabelEvent, Review
from tests.factories import CampaignFactory, make_article
from tests.queries import count_queries


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Write throttling counts in the cache; user ids repeat between tests on SQLite."""
    cache.clear()


@pytest.fixture
def api(reviewer) -> Client:
    _, secret = token_create(user=reviewer, name="tests")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def other_api(other_reviewer) -> Client:
    client = Client()
    client.force_login(other_reviewer)
    return client


def sentence_ids(review: Review) -> list[int]:
    return list(review.article.sentences.order_by("position").values_list("pk", flat=True))


def put_labels(client: Client, review: Review, labels: list[dict]):
    return client.put(
        f"/api/reviews/{review.pk}/labels/", {"labels": labels}, content_type="application/json"
    )


# Queue ------------------------------------------------------------------------------------


def test_queue_lists_my_open_campaigns_with_what_waits(api, campaign, review):
    campaign.articles.add(make_article(title="Waiting"))
    [entry] = api.get("/api/queue/").json()
    assert entry["campaign"]["name"] == "Spring audit"
    assert entry["waiting"] == 1
    assert [r["id"] for r in entry["in_progress"]] == [review.pk]


def test_next_gives_a_review_then_204_when_nothing_is_left(api, campaign, article, reviewer):
    response = api.post("/api/queue/next/")
    assert response.status_code == 200
    review = Review.objects.get(reviewer=reviewer)
    assert response.json()["article"]["id"] == article.pk
    assert response["Location"] == f"/api/reviews/{review.pk}/"
    assert api.post(f"/api/reviews/{review.pk}/submit/").status_code == 200
    assert api.post("/api/queue/next/").status_code == 204


def test_queue_costs_the_same_queries_for_few_and_many(api, campaign, review, reviewer):
    few = count_queries(partial(api.get, "/api/queue/"), warm=True)
    for n in range(5):
        more = CampaignFactory.create()
        more.reviewers.add(reviewer)
        article = make_article(title=f"More {n}")
        more.articles.add(article, make_article(title=f"Waiting {n}"))
        Review.objects.create(campaign=more, article=article, reviewer=reviewer)
    assert count_queries(partial(api.get, "/api/queue/"), warm=True) == few


# Reviews ----------------------------------------------------------------------------------


def test_my_reviews_only(api, other_api, review, campaign, other_reviewer):
    theirs = Review.objects.create(
        campaign=campaign, article=review.article, reviewer=other_reviewer
    )
    assert [r["id"] for r in api.get("/api/reviews/").json()["results"]] == [review.pk]
    assert [r["id"] for r in other_api.get("/api/reviews/").json()["results"]] == [theirs.pk]


def test_another_reviewers_review_is_404_never_403(other_api, review):
    for response in (
        other_api.get(f"/api/reviews/{review.pk}/"),
        other_api.get(f"/api/reviews/{review.pk}/labels/"),
        put_labels(other_api, review, [{"sentence": sentence_ids(review)[0], "value": "opinion"}]),
        other_api.post(f"/api/reviews/{review.pk}/submit/"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404
    assert not Label.objects.exists()


def test_reviews_filter_by_status_and_campaign(api, review, reviewer):
    other = CampaignFactory.create()
    other.reviewers.add(reviewer)
    done = Review.objects.create(
        campaign=other, article=make_article(title="Done"), reviewer=reviewer
    )
    assert api.post(f"/api/reviews/{done.pk}/submit/").status_code == 200

    def listed(query: str) -> list[int]:
        return [r["id"] for r in api.get(f"/api/reviews/?{query}").json()["results"]]

    assert listed("status=submitted") == [done.pk]
    assert listed("status=in_progress") == [review.pk]
    assert listed(f"campaign={other.pk}") == [done.pk]
    assert api.get("/api/reviews/?status=finished").status_code == 400


def test_review_detail_has_sentences_with_my_labels(api, review):
    first, *_ = sentence_ids(review)
    put_labels(api, review, [{"sentence": first, "value": "sourced", "source": "the clerk"}])
    body = api.get(f"/api/reviews/{review.pk}/").json()
    assert body["editable"] is True
    assert body["progress"] == {"tagged": 1, "total": 5}
    assert body["campaign"]["guidelines"] == "Tag every claim."
    assert body["sentences"][0]["label"]["source"] == "the clerk"
    assert body["sentences"][1]["label"] is None


def test_review_list_costs_the_same_queries_for_few_and_many(api, review, reviewer):
    few = count_queries(partial(api.get, "/api/reviews/"), warm=True)
    for n in range(8):
        campaign = CampaignFactory.create()
        Review.objects.create(
            campaign=campaign, article=make_article(title=f"A{n}"), reviewer=reviewer
        )
    assert count_queries(partial(api.get, "/api/reviews/"), warm=True) == few


def test_review_detail_costs_the_same_queries_whatever_the_article_length(api, reviewer, campaign):
    short = Review.objects.create(campaign=campaign, article=make_article(sentences=2, title="s"),
                                  reviewer=reviewer)  # fmt: skip
    long = Review.objects.create(campaign=campaign, article=make_article(sentences=80, title="l"),
                                 reviewer=reviewer)  # fmt: skip
    assert count_queries(partial(api.get, f"/api/reviews/{short.pk}/"), warm=True) == count_queries(
        partial(api.get, f"/api/reviews/{long.pk}/"), warm=True
    )


# Labels -----------------------------------------------------------------------------------


def test_bulk_set_stores_every_label(api, review):
    first, second, third, *_ = sentence_ids(review)
    response = put_labels(
        api,
        review,
        [
            {"sentence": first, "value": "sourced", "source": "the clerk"},
            {"sentence": second, "value": "opinion", "note": "loaded word"},
            {"sentence": third, "value": None},
        ],
    )
    assert response.status_code == 200
    stored = {label["sentence"]: label for label in response.json()["labels"]}
    assert stored[first]["value"] == "sourced" and stored[first]["source"] == "the clerk"
    assert stored[second]["note"] == "loaded word"
    assert third not in stored


def test_bulk_set_is_all_or_nothing(api, review):
    first, second, *_ = sentence_ids(review)
    response = put_labels(
        api,
        review,
        [{"sentence": first, "value": "sourced"}, {"sentence": second, "value": "maybe"}],
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "labels.1.value" in error["fields"]
    assert "sourced, unsourced, opinion, no_claim" in error["message"]
    assert not Label.objects.exists()
    assert not LabelEvent.objects.exists()


def test_a_sentence_of_another_article_is_refused(api, review):
    elsewhere = make_article(title="Elsewhere").sentences.first()
    response = put_labels(api, review, [{"sentence": elsewhere.pk, "value": "opinion"}])
    assert response.status_code == 400
    assert "not in this review's article" in response.json()["error"]["message"]


def test_a_retried_request_stores_one_label_and_one_event(api, review):
    first = sentence_ids(review)[0]
    for _ in range(2):
        assert (
            put_labels(api, review, [{"sentence": first, "value": "unsourced"}]).status_code == 200
        )
        assert (
            api.put(
                f"/api/reviews/{review.pk}/labels/{first}/",
                {"value": "unsourced"},
                content_type="application/json",
            ).status_code
            == 200
        )
    assert Label.objects.count() == 1
    assert LabelEvent.objects.count() == 1


def test_too_many_labels_in_one_request_is_a_400_saying_so(api, review, settings):
    first = sentence_ids(review)[0]
    labels = [{"sentence": first, "value": "opinion"}] * 2001
    response = put_labels(api, review, labels)
    assert response.status_code == 400
    assert "At most 2,000 labels per request" in response.json()["error"]["message"]


def test_set_and_clear_one_label(api, review):
    first = sentence_ids(review)[0]
    url = f"/api/reviews/{review.pk}/labels/{first}/"
    response = api.put(url, {"value": "opinion", "note": "hm"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["value"] == "opinion"
    assert api.delete(url).status_code == 204
    assert not Label.objects.exists()
    assert LabelEvent.objects.count() == 2


def test_labels_of_a_submitted_review_are_409_with_the_reason(api, review):
    assert api.post(f"/api/reviews/{review.pk}/submit/").json()["no_claim"] == 5
    first = sentence_ids(review)[0]
    response = put_labels(api, review, [{"sentence": first, "value": "opinion"}])
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This article is submitted. Reopen it to change its labels."
    )
    assert set(Label.objects.values_list("value", flat=True)) == {"no_claim"}
    assert api.delete(f"/api/reviews/{review.pk}/labels/{first}/").status_code == 409


def test_a_closed_campaign_is_409(api, review, campaign):
    campaign.is_open = False
    campaign.save()
    assert api.post(f"/api/reviews/{review.pk}/undo/").status_code == 409
    assert api.post(f"/api/reviews/{review.pk}/submit/").status_code == 409
    assert api.post(f"/api/reviews/{review.pk}/reopen/").status_code == 409


def test_reopen_then_change(api, review):
    api.post(f"/api/reviews/{review.pk}/submit/")
    response = api.post(f"/api/reviews/{review.pk}/reopen/")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    first = sentence_ids(review)[0]
    assert put_labels(api, review, [{"sentence": first, "value": "opinion"}]).status_code == 200


def test_undo_takes_back_my_latest_change(api, review):
    first = sentence_ids(review)[0]
    put_labels(api, review, [{"sentence": first, "value": "opinion"}])
    body = api.post(f"/api/reviews/{review.pk}/undo/").json()
    assert body == {"sentence": first, "label": None}
    assert api.post(f"/api/reviews/{review.pk}/undo/").json()["sentence"] is None


def test_labels_list_costs_the_same_queries_for_few_and_many(api, reviewer, campaign):
    review = Review.objects.create(
        campaign=campaign, article=make_article(sentences=40, title="Long"), reviewer=reviewer
    )
    ids = sentence_ids(review)
    put_labels(api, review, [{"sentence": ids[0], "value": "opinion"}])
    few = count_queries(partial(api.get, f"/api/reviews/{review.pk}/labels/"), warm=True)
    put_labels(api, review, [{"sentence": pk, "value": "opinion"} for pk in ids])
    assert count_queries(partial(api.get, f"/api/reviews/{review.pk}/labels/"), warm=True) == few


def test_next_in_a_campaign_gives_an_article_of_that_campaign(api, campaign, article, reviewer):
    later = CampaignFactory.create(name="Later campaign")
    later.reviewers.add(reviewer)
    theirs = make_article(title="Only in the later campaign")
    later.articles.add(theirs)
    response = api.post("/api/queue/next/", {"campaign": later.pk}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["campaign"]["id"] == later.pk
    assert response.json()["article"]["id"] == theirs.pk
    # Asked again, that campaign's unfinished review, not the older campaign's article.
    again = api.post("/api/queue/next/", {"campaign": later.pk}, content_type="application/json")
    assert again.json()["article"]["id"] == theirs.pk
    # Without a campaign, the oldest unfinished review anywhere: the same one.
    assert api.post("/api/queue/next/").json()["article"]["id"] == theirs.pk


def test_next_in_a_campaign_i_am_not_in_is_refused(api, campaign):
    other = CampaignFactory.create(name="Not mine")
    other.articles.add(make_article(title="Not for rita"))
    response = api.post("/api/queue/next/", {"campaign": other.pk}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "campaign": [f"You review in no open campaign {other.pk}."]
    }
    assert not Review.objects.exists()
