"""A reviewer in several campaigns chooses the one to work on: their home offers each, the
queue then hands out that campaign's articles (fair and k-limited as ever), and submitting
keeps them in it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotator.models import Campaign, Review
from annotator.review import queue, services
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.queries import count_queries


def next_url(campaign: Campaign) -> str:
    return reverse("campaign-next", args=[campaign.pk])


@pytest.fixture
def harbour(reviewer) -> Campaign:
    """A second campaign of the reviewer's, newer than "Spring audit", with two articles."""
    campaign = CampaignFactory.create(name="Harbour audit")
    campaign.reviewers.add(reviewer)
    for title in ("Harbour one", "Harbour two"):
        campaign.articles.add(make_article(sentences=3, title=title))
    return campaign


@pytest.mark.django_db
def test_home_offers_a_choice_only_to_a_reviewer_in_several_campaigns(
    reviewer_client, campaign, reviewer
):
    text = reviewer_client.get(reverse("home")).text
    assert "Open my next article" in text
    assert "Start on Spring audit" not in text  # one campaign: nothing to choose

    harbour = CampaignFactory.create(name="Harbour audit")
    harbour.reviewers.add(reviewer)
    harbour.articles.add(make_article(sentences=2, title="Harbour one"))
    CampaignFactory.create(name="Empty audit").reviewers.add(reviewer)
    text = reviewer_client.get(reverse("home")).text
    assert "Choose the one to work on" in text
    assert "Start on Spring audit" in text and "Start on Harbour audit" in text
    assert "Empty audit" in text and "Start on Empty audit" not in text  # nothing waits there
    assert f'action="{next_url(harbour)}"' in text

    reviewer_client.post(next_url(harbour))
    assert "Go on with Harbour audit" in reviewer_client.get(reverse("home")).text


@pytest.mark.django_db
def test_the_chosen_campaign_hands_out_its_articles_and_submit_stays_in_it(
    reviewer_client, campaign, harbour, reviewer
):
    response = reviewer_client.post(next_url(harbour))
    first = Review.objects.get(reviewer=reviewer)
    assert response["Location"] == reverse("review", args=[first.pk])
    assert (first.campaign, first.article.title) == (harbour, "Harbour one")
    # Asking again (a double click, a second tab) gives the same review, no second slot.
    assert reviewer_client.post(next_url(harbour))["Location"] == response["Location"]

    # Spring audit is older, so without the choice its article would come next.
    response = reviewer_client.post(reverse("review-submit", args=[first.pk]), follow=True)
    assert "Harbour two" in response.text
    second = Review.objects.get(reviewer=reviewer, article__title="Harbour two")
    response = reviewer_client.post(reverse("review-submit", args=[second.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Nothing more waits for you in Harbour audit now." in response.text
    assert not Review.objects.filter(campaign=campaign).exists()


@pytest.mark.django_db
def test_the_chosen_campaign_gives_my_unfinished_review_there_first(
    reviewer_client, campaign, harbour, reviewer, review
):
    mine = Review.objects.create(
        campaign=harbour, article=harbour.articles.get(title="Harbour two"), reviewer=reviewer
    )
    assert reviewer_client.post(next_url(harbour))["Location"] == reverse("review", args=[mine.pk])
    # The plain "next" still gives the oldest unfinished review, in any campaign.
    assert reviewer_client.post(reverse("review-next"))["Location"] == reverse(
        "review", args=[review.pk]
    )


@pytest.mark.django_db
def test_the_chosen_campaign_keeps_its_k_limit(reviewer_client, harbour, other_reviewer):
    harbour.reviewers.add(other_reviewer)
    for article in harbour.articles.all():  # k = 1: the other reviewer holds both slots
        Review.objects.create(campaign=harbour, article=article, reviewer=other_reviewer)
    response = reviewer_client.post(next_url(harbour), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Nothing waits for you in Harbour audit now." in response.text
    assert not Review.objects.filter(campaign=harbour, reviewer__username="rita").exists()


@pytest.mark.django_db
def test_a_campaign_not_mine_or_closed_is_404_and_only_post_is_allowed(
    client, reviewer_client, harbour, reviewer
):
    theirs = CampaignFactory.create(name="Someone else's")
    theirs.articles.add(make_article(sentences=2, title="Not for rita"))
    assert reviewer_client.post(next_url(theirs)).status_code == 404
    assert reviewer_client.get(next_url(harbour)).status_code == 405
    assert client.post(next_url(harbour))["Location"].startswith(reverse("login"))
    Campaign.objects.filter(pk=harbour.pk).update(is_open=False)
    assert reviewer_client.post(next_url(harbour)).status_code == 404
    assert not Review.objects.filter(reviewer=reviewer).exists()


@pytest.mark.django_db
def test_choosing_costs_the_same_queries_for_1_and_10_articles_and_campaigns(
    reviewer_client, harbour, reviewer
):
    def choose() -> int:
        count = count_queries(lambda: reviewer_client.post(next_url(harbour)), expect=302)
        # Done with it: the next choice starts a new review again.
        services.review_submit(
            review=Review.objects.get(reviewer=reviewer, status="in_progress"), actor=reviewer
        )
        return count

    first = choose()
    for n in range(9):
        other = CampaignFactory.create(name=f"Audit {n}")
        other.reviewers.add(reviewer)
        other.articles.add(make_article(sentences=2, title=f"Story {n}"))
        harbour.articles.add(make_article(sentences=2, title=f"Harbour {n}"))
    assert choose() == first


@pytest.mark.django_db
def test_home_costs_the_same_queries_for_1_and_10_campaigns(reviewer_client, campaign, reviewer):
    first = count_queries(lambda: reviewer_client.get(reverse("home")))
    for n in range(9):
        other = CampaignFactory.create(name=f"Audit {n}")
        other.reviewers.add(reviewer)
        other.articles.add(make_article(sentences=2, title=f"Story {n}"))
    text = reviewer_client.get(reverse("home")).text
    assert "Start on Audit 8" in text
    assert count_queries(lambda: reviewer_client.get(reverse("home"))) == first


@pytest.mark.django_db
def test_another_reviewer_choosing_a_campaign_takes_a_fair_slot(harbour, reviewer):
    ben = UserFactory.create(username="ben")
    harbour.reviewers.add(ben)
    mine = queue.review_next(reviewer=reviewer, campaign=harbour)
    theirs = queue.review_next(reviewer=ben, campaign=harbour)
    assert mine is not None and theirs is not None
    assert mine.article.title == "Harbour one" and theirs.article.title == "Harbour two"
