"""Small steps the browser tests share."""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Locator, Page, expect

from annotator.models import Label, Review
from tests.factories import PASSWORD


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Reviewers land on their queue, admins on what needs them.
    home = re.compile(r"^(My articles|What needs you)$")
    expect(page.get_by_role("heading", level=1, name=home)).to_be_visible()


def open_article(page: Page, title: str, *, js: bool = True) -> None:
    """From home, open an article by its title: the link to a review already started, else
    "Open my next article" (the queue hands out the oldest article first).

    With JavaScript, wait until review.js has selected a sentence: keys pressed before the
    deferred script runs go nowhere.
    """
    started = page.get_by_role("link", name=title, exact=True)
    if started.count():
        started.click()
    else:
        page.get_by_role("button", name="Open my next article").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    if js:
        expect_workspace_ready(page)


def expect_workspace_ready(page: Page) -> None:
    expect(page.locator("#article-body .sentence.current")).to_have_count(1)


def sentences(page: Page) -> Locator:
    return page.locator("#article-body .sentence")


def toolbar_button(page: Page, name: str) -> Locator:
    return page.locator("#toolbar").get_by_role("button", name=re.compile(f"^{name}\\b"))


def expect_all_saved(page: Page, timeout: float = 5_000) -> None:
    expect(page.locator("#save-state")).to_have_text("All changes saved", timeout=timeout)


def accept_dialogs(page: Page) -> list[tuple[str, str]]:
    """Accept the next dialog (confirm, beforeunload); returns the list its (type, message)
    goes to."""
    seen: list[tuple[str, str]] = []

    def accept(dialog: Dialog) -> None:
        seen.append((dialog.type, dialog.message))
        dialog.accept()

    page.once("dialog", accept)
    return seen


class LabelSavesBlocked:
    """Chromium itself refuses every label save (``Network.setBlockedURLs``) until ``lift()``.

    Blocking inside the browser, not through a Playwright route, means no request can slip
    past while the test's Python side is busy (a route handler only runs when Python waits on
    Playwright); the block also holds across a reload of the page.
    """

    def __init__(self, page: Page) -> None:
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.setBlockedURLs", {"urls": ["*/label"]})

    def lift(self) -> None:
        self.session.send("Network.setBlockedURLs", {"urls": []})


def stored_labels(review: Review) -> dict[int, str]:
    """The review's labels in the database, by sentence position."""
    return dict(Label.objects.filter(review=review).values_list("sentence__position", "value"))


# The elements where a page first grows wider than the window (their parent still fits),
# widest first; an element inside a box that scrolls or clips its own overflow is fine.
_OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const hidden = [root, document.body].filter(e => getComputedStyle(e).overflowX !== "visible");
  if (hidden.length) return {hidden: hidden.map(e => e.tagName.toLowerCase())};
  if (root.scrollWidth <= width) return null;
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map(c => "." + c).join("");
  const path = e => {
    const parts = [];
    for (; e && e !== document.body && parts.length < 4; e = e.parentElement)
      parts.unshift(name(e));
    return parts.join(" > ");
  };
  const inBox = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== "visible") return true;
    return false;
  };
  const past = e => e.getBoundingClientRect().right > width + 0.5;
  const culprits = [...document.body.querySelectorAll("*")]
    .filter(e => past(e) && !inBox(e)
      && (e.parentElement === document.body || !past(e.parentElement)))
    .map(e => ({right: Math.round(e.getBoundingClientRect().right), path: path(e),
                text: (e.textContent || "").trim().slice(0, 50)}))
    .sort((a, b) => b.right - a.right);
  return {scrollWidth: root.scrollWidth, width, culprits: culprits.slice(0, 3)};
}"""


def page_overflow(page: Page) -> str:
    """What makes the page scroll sideways, in a line ("" when it fits its window): its
    scroll width and the selectors of the elements sticking out, widest first."""
    found = page.evaluate(_OVERFLOW)
    if not found:
        return ""
    if "hidden" in found:
        return f"overflow-x hidden on {found['hidden']} (cuts content off instead of fitting it)"
    culprits = "; ".join(
        f"{c['path']} (right edge {c['right']} px: {c['text']!r})" for c in found["culprits"]
    )
    return f"{found['scrollWidth']} px wide in {found['width']} px: {culprits}"
