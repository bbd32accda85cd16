"""An admin compares the demo's three outlets: the chart, its text alternative, the CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from annotator.models import Campaign
from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_OUTLETS = ("Harbourview Gazette", "Northgate Courier", "The Eastern Ledger")


@pytest.fixture
def demo(db) -> Campaign:
    call_command("load_demo", stdout=io.StringIO())
    UserFactory.create(username="admin")  # a known password for the demo admin
    return Campaign.objects.get(name="Pilot study")


def _open_comparison(page: Page, pilot: Campaign) -> None:
    log_in(page, "admin")
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1, name="Outlets compared")).to_be_visible()
    page.locator("select[name=campaign]").select_option(value=str(pilot.pk))
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("select[name=campaign]")).to_have_value(str(pilot.pk))


def test_admin_compares_the_three_demo_outlets_in_a_chart_with_text_and_csv(
    page: Page, demo: Campaign
):
    _open_comparison(page, demo)

    chart = page.get_by_role("img", name="Shares of each label by outlet")
    expect(chart).to_be_visible()
    for outlet in DEMO_OUTLETS:
        expect(chart.locator("desc")).to_contain_text(f"{outlet}: sourced ")
    # The accessible description is the figures in words, with their intervals.
    description = chart.evaluate(
        "svg => svg.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert "95% interval" in description
    assert all(outlet in description for outlet in DEMO_OUTLETS)
    # One panel per label, named in text: the labels never rest on colour alone, and no
    # interval can overlap another.
    expect(chart.locator("text.panel-title")).to_have_count(4)

    # The same figures as a table, one row per outlet, sortable by link.
    table = page.locator("table.report-table")
    for outlet in DEMO_OUTLETS:
        expect(table.get_by_role("link", name=outlet, exact=True)).to_be_visible()
    table.get_by_role("link", name="Outlet", exact=True).click()
    expect(page.locator("table.report-table tbody th")).to_have_text(list(DEMO_OUTLETS))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("outlet-shares-")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert sorted(row["outlet"] for row in rows) == sorted(DEMO_OUTLETS)
    assert all(int(row["sentences"]) > 0 for row in rows)
    # The chart takes its colours from the page: its text follows the dark colour scheme.
    label = chart.locator("text").first
    light = label.evaluate("text => getComputedStyle(text).fill")
    page.emulate_media(color_scheme="dark")
    assert label.evaluate("text => getComputedStyle(text).fill") != light
    page.emulate_media(color_scheme="light")

    # The trend section swaps to another outlet without a page load.
    page.locator("select[name=trend]").select_option(label="Northgate Courier")
    expect(
        page.get_by_role("heading", level=2, name="Trend by month: Northgate Courier")
    ).to_be_visible()


def test_the_comparison_works_without_javascript(nojs_page: Page, demo: Campaign):
    _open_comparison(nojs_page, demo)
    expect(nojs_page.get_by_role("img", name="Shares of each label by outlet")).to_be_visible()
    nojs_page.locator("select[name=trend]").select_option(label="The Eastern Ledger")
    nojs_page.get_by_role("button", name="Show trend").click()
    expect(
        nojs_page.get_by_role("heading", level=2, name="Trend by month: The Eastern Ledger")
    ).to_be_visible()
    nojs_page.get_by_role("link", name="The Eastern Ledger", exact=True).click()
    expect(nojs_page.get_by_role("heading", level=1, name="The Eastern Ledger")).to_be_visible()
    nojs_page.locator("table.report-table").nth(1).get_by_role("link").first.click()
    expect(nojs_page.get_by_role("heading", name="Sentences by label")).to_be_visible()
