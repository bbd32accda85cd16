"""Submitting an article in the workspace: the in-page dialog that shows the counts first."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_workspace_ready

# The dialog's counts: label value -> number, and "untagged" for the sentences left untagged.
COUNTS = """() => Object.fromEntries(
  Array.from(document.querySelectorAll("#submit-dialog [data-count]"))
    .map((cell) => [cell.dataset.count || "untagged", Number(cell.textContent)])
)"""


def open_submit_dialog(page: Page) -> dict[str, int]:
    """Shift+Enter: the dialog opens with "Keep tagging" focused; returns its counts.

    Waits for review.js first: a key pressed before the deferred script runs goes nowhere."""
    expect_workspace_ready(page)
    page.keyboard.press("Shift+Enter")
    dialog = page.locator("#submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep tagging")).to_be_focused()
    return dict(page.evaluate(COUNTS))


def submit_article(page: Page) -> dict[str, int]:
    """Submit by keyboard and the dialog's "Yes, submit"; returns the counts it showed."""
    counts = open_submit_dialog(page)
    page.locator("#submit-dialog").get_by_role("button", name="Yes, submit").click()
    return counts
