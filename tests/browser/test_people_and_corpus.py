"""An admin invites a reviewer, who sets a password with the link and is in; an admin sets
the outlet of a whole import batch from the articles page, and the reports follow."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from annotator.models import GoldLabel, Review
from articles.models import ImportBatch
from tests.browser.conftest import strict_context
from tests.browser.helpers import log_in
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.allow_console_errors(r"status of 404")  # the spent link, opened again
def test_a_new_reviewer_invited_logs_in_with_the_link(
    page: Page, browser: Browser, live_server, request
):
    UserFactory.create(username="ada", is_staff=True)
    campaign = CampaignFactory.create(name="Spring audit")
    article = make_article(title="Harbour plan passes", sentences=3)
    campaign.articles.add(article)

    log_in(page, "ada")
    expect(page.get_by_role("heading", name="Getting started")).to_be_visible()
    page.goto(f"/campaigns/{campaign.pk}/edit")
    page.get_by_label("Username").last.fill("nia")
    page.get_by_role("button", name="Add the reviewer").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    link = page.get_by_label("Invitation link").input_value()
    assert re.search(r"/accounts/invitation/[^/]+/[^/]+/$", link)

    for newcomer in strict_context(browser, live_server, request):
        guest = newcomer.new_page()
        guest.goto(link)
        expect(guest.get_by_role("heading", name="Welcome, nia")).to_be_visible()
        guest.get_by_label("New password", exact=True).fill("tide-lantern-42")
        guest.get_by_label("New password confirmation").fill("tide-lantern-42")
        guest.get_by_role("button", name="Set my password and go in").click()
        expect(guest.get_by_role("heading", name="My articles")).to_be_visible()
        expect(guest.get_by_role("heading", name="Spring audit")).to_be_visible()
        expect(guest.get_by_text("your password is set")).to_be_visible()

        guest.goto(link)  # spent
        expect(guest.get_by_role("heading", name="This link no longer works")).to_be_visible()


def test_an_outlet_set_for_a_whole_batch_shows_in_the_reports(page: Page):
    UserFactory.create(username="ada", is_staff=True)
    rita = UserFactory.create(username="rita")
    batch = ImportBatch.objects.create(
        source_name="feed.jsonl", source_format="jsonl", status="done"
    )
    campaign = CampaignFactory.create(name="Spring audit", reviews_per_article=1)
    for n in range(3):
        article = make_article(
            title=f"Story {n}", batch=batch, sentences=2, text=f"Story {n}. Yes."
        )
        campaign.articles.add(article)
        Review.objects.create(campaign=campaign, article=article, reviewer=rita,
                              status="submitted", submitted_at=timezone.now())  # fmt: skip
        for sentence in article.sentences.all():
            GoldLabel.objects.create(campaign=campaign, sentence=sentence, value="opinion")

    log_in(page, "ada")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Articles").click()
    page.get_by_label("Import batch").select_option(str(batch.pk))
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_label("Outlet", exact=True).fill("Harbour Herald")
    page.get_by_role("button", name="Set the outlet of all 3 matching articles").click()
    expect(page.get_by_text("Set the outlet of 3 articles to “Harbour Herald”.")).to_be_visible()

    page.goto(f"/reports/?campaign={campaign.pk}")
    table = page.locator("table.report-table")
    expect(table.get_by_role("link", name="Harbour Herald", exact=True)).to_be_visible()
    expect(table).not_to_contain_text("No outlet")
