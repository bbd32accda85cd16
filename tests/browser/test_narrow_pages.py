"""Every page fits a phone: at 390 × 844 no page an admin, a reviewer or a visitor can open
scrolls sideways, whatever the imported text holds (long titles, unbroken words and
addresses, long user names, many reviewers). A wide table scrolls inside its own box, never
the page, and the header (the admin's has nine links) keeps every link in the window and
takes at most a sixth of the screen. Pages shown only as a form's answer (a new token, an
invitation link) are walked too, by sending the form.

The pages come from the URL resolver: a route with no visit in ``PAGES`` and no reason in
``NOT_PAGES`` fails ``test_every_route_is_walked_or_named_not_a_page``, so a new page cannot
be forgotten. One browser, one login per role. The Django admin is Django's own and is left
out (its index is walked as a sample).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import get_resolver, reverse
from playwright.sync_api import Browser, Page, expect

from annotator.accounts.tokens import token_create
from annotator.campaigns.gold import gold_set
from annotator.campaigns.predictions import PredictionRow, predictions_store
from annotator.datasets.options import ExportOptions
from annotator.datasets.tasks import export_queue
from annotator.models import Campaign, ExportJob, ModelTraining, ModelVersion, Review
from annotator.people.invitations import invitation_path
from annotator.review.services import label_set, review_submit
from articles.models import Article, ImportBatch, Outlet, Sentence
from articles.services import import_prepare
from tests.browser.conftest import strict_context
from tests.browser.helpers import log_in, page_overflow
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.test_bad_input import _routes

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}

# Imported text and names at their most awkward: a long unbroken word, a long address.
WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt"
ADDRESS = (
    "https://harbourview-gazette.example/2026/03/01/council-approves-the-harbour-"
    "redevelopment-plan-after-a-marathon-session?utm_source=newsletter&utm_medium=email"
)
ADMIN_NAME = "curator.of.the.spring.audit@newsroom.example"
REVIEWER_NAME = "first.reviewer.of.the.spring.audit@newsroom.example"
OTHERS = ("second", "third", "fourth", "fifth")
TITLE = f"Council approves the {WORD} harbour plan after a marathon session"
TEXT = (
    f"The council approved the {WORD} plan on Tuesday, according to the minutes at {ADDRESS}. "
    "It will cost $14m. The plan is a disaster dressed up as progress. Why now?\n"
    f"The {WORD} said it would appeal. Dr. Elena Marsh called it reckless, citing {ADDRESS}. "
    "Critics called it reckless. The mayor declined to comment."
)
PAGE = (
    f"{TITLE}\nBy Elena Marsh\n\n{TEXT}\n\nShare this story: {ADDRESS}\nCookie settings | Privacy"
)
VALUES = ("sourced", "unsourced", "opinion", "no_claim")


@dataclass
class World:
    admin: User
    campaign: Campaign
    outlet: Outlet
    article: Article  # the longest title, address and text, reviewed by four
    long_sentence: Sentence  # the article's sentence with the address, disputed
    review: Review  # the reviewer's, in progress
    review_sentence: Sentence  # a sentence of it with the address
    submitted: Review  # the reviewer's, submitted
    others_review: Review  # another reviewer's
    preview: ImportBatch
    done: ImportBatch
    failed_import: ImportBatch
    export: ExportJob
    failed_export: ExportJob
    invited: User
    invitation: str


def _reviewed(campaign: Campaign, article: Article, reviewer: User, turn: int) -> Review:
    """A submitted review whose labels differ from the first reviewer's on odd sentences."""
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    for sentence in article.sentences.order_by("position"):
        shift = turn if sentence.position % 2 else 0
        value = VALUES[(sentence.position + shift) % len(VALUES)]
        label_set(
            review=review,
            sentence=sentence,
            value=value,
            actor=reviewer,
            source=f"{WORD} annual report, {ADDRESS}" if value == "sourced" else None,
            note=WORD if turn == 1 else None,
        )
    review_submit(review=review, actor=reviewer)
    return review


def _address_sentence(article: Article) -> Sentence:
    return article.sentences.filter(text__contains=ADDRESS).order_by("position")[0]


def _corpus(admin: User) -> tuple[Outlet, list[Article], ImportBatch]:
    """Two outlets with long names; three articles of one done import, the first with the
    longest title, author and address."""
    outlet = Outlet.objects.create(
        name=f"The-Harbourview-Gazette-and-{WORD}",
        slug="harbourview",
        domain="harbourview-gazette-and-northgate-courier-evening-edition.example",
    )
    second = Outlet.objects.create(name=f"Northgate {WORD} Courier", slug="northgate")
    done = ImportBatch.objects.create(
        source_name=f"feeds/{WORD}/{ADDRESS}.jsonl",
        source_format=ImportBatch.Format.JSONL,
        status=ImportBatch.Status.DONE,
        article_count=3,
        sentence_count=24,
        created_by=admin,
    )
    published = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    articles = [
        make_article(
            title=TITLE,
            text=TEXT,
            outlet=outlet,
            batch=done,
            url=ADDRESS,
            author=f"Elena Marsh, {WORD} correspondent",
            published=published,
        ),
        make_article(
            title=f"{WORD} follow-up",
            text=TEXT,
            outlet=second,
            batch=done,
            published=published + timedelta(days=40),
        ),
        make_article(title=f"{TITLE}, again", text=TEXT, outlet=outlet, batch=done),
    ]
    return outlet, articles, done


def _model(campaign: Campaign, admin: User, articles: list[Article]) -> None:
    """A model's predictions, a version of the built-in model and a failed training."""
    sentences = Sentence.objects.filter(article__in=articles)
    predictions_store(
        campaign=campaign,
        model_name=f"{WORD}-classifier",
        model_version=WORD,
        rows=[PredictionRow(s.pk, VALUES[s.position % len(VALUES)], 0.9) for s in sentences],
    )
    version = ModelVersion.objects.create(
        campaign=campaign,
        number=1,
        trained_on=40,
        macro_f1=0.61,
        path="models/v1",
        scores={value: {"precision": 0.7, "recall": 0.6} for value in VALUES},
        curve=[[5, 0.3], [10, 0.42], [20, 0.55], [40, 0.61]],
    )
    ModelTraining.objects.create(
        campaign=campaign,
        requested_by=admin,
        version=version,
        status="failed",
        error=f"{WORD}: {ADDRESS}",
    )


def world_build() -> World:
    admin = UserFactory.create(
        username=ADMIN_NAME, is_staff=True, is_superuser=True, email=f"the.{ADMIN_NAME}"
    )
    reviewer = UserFactory.create(username=REVIEWER_NAME, email=f"the.{REVIEWER_NAME}")
    others = [
        UserFactory.create(username=f"{n}.reviewer.of.the.spring.audit@newsroom.example")
        for n in OTHERS
    ]
    people = [reviewer, *others]
    outlet, articles, done = _corpus(admin)
    article, other, mine = articles

    # An open campaign of five reviewers who disagree, with gold and a model.
    campaign = CampaignFactory.create(
        name=f"Spring audit of the {WORD}",
        reviews_per_article=3,
        guidelines=f"Tag every claim; see {ADDRESS} and the {WORD} style guide.",
    )
    campaign.reviewers.add(*people)
    campaign.articles.add(*articles)
    reviews = [_reviewed(campaign, article, person, turn) for turn, person in enumerate(people[:4])]
    for turn, person in enumerate(people[1:]):
        _reviewed(campaign, other, person, turn)
    review = Review.objects.create(campaign=campaign, article=mine, reviewer=reviewer)
    label_set(
        review=review,
        sentence=_address_sentence(mine),
        value="sourced",
        actor=reviewer,
        source=f"the {WORD}, {ADDRESS}",
        note=f"See {ADDRESS}",
    )
    gold_set(
        campaign=campaign,
        sentence=other.sentences.order_by("position")[1],
        value="sourced",
        actor=admin,
        source=f"the {WORD}, {ADDRESS}",
    )
    _model(campaign, admin, articles)

    # A closed campaign that shows its reports to its reviewers.
    shared = CampaignFactory.create(
        name=f"Winter {WORD}", reviews_per_article=2, reports_visible_to_reviewers=True
    )
    shared.reviewers.add(*people[:2])
    shared.articles.add(article, other)
    for turn, person in enumerate(people[:2]):
        _reviewed(shared, article, person, turn)
        _reviewed(shared, other, person, turn)
    shared.is_open = False
    shared.save()

    # Jobs, tokens and an invitation, each with long names and reasons.
    token_create(user=reviewer, name=f"{WORD} notebook")
    token_create(user=admin, name=f"{WORD} notebook")
    invited = UserFactory.create(username=f"invited.{WORD}@newsroom.example")
    invited.set_unusable_password()
    invited.save()
    return World(
        admin=admin,
        campaign=campaign,
        outlet=outlet,
        article=article,
        long_sentence=_address_sentence(article),
        review=review,
        review_sentence=_address_sentence(mine),
        submitted=reviews[0],
        others_review=reviews[1],
        preview=import_prepare(pasted=PAGE, outlet_name=outlet.name, created_by=admin),
        done=done,
        failed_import=ImportBatch.objects.create(
            source_name=ADDRESS,
            source_format=ImportBatch.Format.URL,
            created_by=admin,
            status=ImportBatch.Status.FAILED,
            error=f"{ADDRESS}:12: field title: {WORD}",
        ),
        export=export_queue(
            kind="bundle", options=ExportOptions(campaign_ids=(campaign.pk,)), created_by=admin
        ),
        failed_export=ExportJob.objects.create(
            format="labelstudio", status="failed", created_by=admin, error=f"{WORD}: {ADDRESS}"
        ),
        invited=invited,
        invitation=invitation_path(user=invited),
    )


@dataclass(frozen=True)
class Visit:
    """Who opens which address of a route, and the status the page answers with."""

    who: str  # "admin", "reviewer" or "guest"
    url: Callable[[World], str]
    status: int = 200
    # A form sent from the page, for a page shown only as a post's answer (then measured).
    then: Callable[[Page, World], None] | None = None


def _new_token(page: Page, world: World) -> None:
    page.get_by_label("Name").fill(f"{WORD} phone")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("Token", exact=True)).to_be_visible()


def _new_link(page: Page, world: World) -> None:
    action = reverse("person-sign-in", args=[world.invited.pk])
    page.locator(f"form[action='{action}'] button[value=link]").click()
    expect(page.get_by_label("Invitation link")).to_be_visible()


def _new_reviewer(page: Page, world: World) -> None:
    page.get_by_label("Username").fill(f"sixth.reviewer.{WORD}@newsroom.example")
    page.get_by_role("button", name="Add the reviewer").click()
    expect(page.get_by_label("Invitation link")).to_be_visible()


def _to(name: str, *args: Callable[[World], object], query: str = "") -> Callable[[World], str]:
    return lambda w: reverse(name, args=[arg(w) for arg in args]) + query


def _campaign(w: World) -> int:
    return w.campaign.pk


# Route name: every visit made to it. Detail pages open the objects with the longest text.
PAGES: dict[str, list[Visit]] = {
    "home": [Visit("admin", _to("home")), Visit("reviewer", _to("home"))],
    "queue": [Visit("reviewer", _to("queue")), Visit("admin", _to("queue"))],
    "review": [
        Visit("reviewer", _to("review", lambda w: w.review.pk)),
        Visit("reviewer", _to("review", lambda w: w.submitted.pk)),
    ],
    "sentence": [
        Visit("reviewer", _to("sentence", lambda w: w.review.pk, lambda w: w.review_sentence.pk))
    ],
    "campaigns": [Visit("admin", _to("campaigns")), Visit("reviewer", _to("campaigns"), 403)],
    "campaign-create": [Visit("admin", _to("campaign-create"))],
    "campaign": [Visit("admin", _to("campaign", _campaign))],
    "campaign-edit": [Visit("admin", _to("campaign-edit", _campaign))],
    "campaign-reviewer-add": [
        Visit("admin", _to("campaign-reviewer-add", _campaign)),
        Visit("admin", _to("campaign-reviewer-add", _campaign), then=_new_reviewer),
    ],
    "campaign-articles": [
        Visit("admin", _to("campaign-articles", _campaign)),
        Visit("admin", _to("campaign-articles", _campaign, query="?search=council")),
    ],
    "campaign-agreement": [Visit("admin", _to("campaign-agreement", _campaign))],
    "campaign-quality": [Visit("admin", _to("campaign-quality", _campaign))],
    "bring": [Visit("admin", _to("bring", _campaign))],
    "adjudication": [Visit("admin", _to("adjudication", _campaign))],
    "adjudication-item": [
        Visit("admin", _to("adjudication-item", _campaign, lambda w: w.long_sentence.pk))
    ],
    "adjudication-article": [
        Visit("admin", _to("adjudication-article", _campaign, lambda w: w.article.pk))
    ],
    "report-comparison": [
        Visit("admin", _to("report-comparison")),
        Visit("admin", _to("report-comparison", query="?campaign=all")),
        Visit("reviewer", _to("report-comparison")),
    ],
    "report-outlet": [
        Visit("admin", _to("report-outlet", lambda w: w.outlet.pk)),
        Visit("reviewer", _to("report-outlet", lambda w: w.outlet.pk)),
    ],
    "report-article": [
        Visit("admin", _to("report-article", lambda w: w.article.pk)),
        Visit("reviewer", _to("report-article", lambda w: w.article.pk)),
    ],
    "exports": [Visit("admin", _to("exports"))],
    "export-detail": [
        Visit("admin", _to("export-detail", lambda w: w.export.pk)),
        Visit("admin", _to("export-detail", lambda w: w.failed_export.pk)),
    ],
    "tokens": [
        Visit("admin", _to("tokens")),
        Visit("reviewer", _to("tokens")),
        Visit("reviewer", _to("tokens"), then=_new_token),
    ],
    "people": [Visit("admin", _to("people"))],
    "person-sign-in": [Visit("admin", _to("people"), then=_new_link)],
    "corpus": [Visit("admin", _to("corpus"))],
    "corpus-article": [Visit("admin", _to("corpus-article", lambda w: w.article.pk))],
    "outlets": [Visit("admin", _to("outlets"))],
    "outlet-edit": [Visit("admin", _to("outlet-edit", lambda w: w.outlet.pk))],
    "import-list": [Visit("admin", _to("import-list"))],
    "import-detail": [
        Visit("admin", _to("import-detail", lambda w: w.preview.pk)),
        Visit("admin", _to("import-detail", lambda w: w.done.pk)),
        Visit("admin", _to("import-detail", lambda w: w.failed_import.pk)),
    ],
    "invitation": [Visit("guest", lambda w: w.invitation)],
    "login": [Visit("guest", _to("login"))],
    "admin:index": [Visit("admin", _to("admin:index"))],
    # Error pages: an address that names nothing, another reviewer's review (blind: 404).
    "(404)": [
        Visit("guest", lambda w: "/no-such-page/", 404),
        Visit("admin", lambda w: "/campaigns/999999/", 404),
        Visit("reviewer", _to("review", lambda w: w.others_review.pk), 404),
    ],
}

# Routes that are not pages of ours, and why.
WRITES = "a write (POST only): it answers with a redirect or a fragment of a page walked here"
NOT_PAGES: dict[str, str] = {
    **dict.fromkeys(
        [
            "review-start", "review-next", "campaign-next", "label-update", "label-undo",
            "suggestions-accept", "review-submit", "review-reopen", "campaign-toggle",
            "campaign-settle", "adjudication-undo", "bring-predictions", "bring-annotations",
            "model-retrain", "export-retry", "export-discard", "sign-out-everywhere",
            "person-role", "person-active", "corpus-outlet", "import-start", "import-discard",
            "import-retry", "import-choices", "import-outlet", "import-articles-outlet",
            "logout",
        ],
        WRITES,
    ),
    **dict.fromkeys(
        ["report-comparison-csv", "report-outlet-csv", "report-trend-csv",
         "report-article-csv", "export-download", "export-labelstudio-config"],
        "a download (CSV, export file, XML), not a page",
    ),
    "campaign-agreement-json": "JSON for scripts",
    "api-docs": "Swagger UI's own page and styles (drf-spectacular's), like the Django admin",
    "favicon.ico": "the site icon",
}  # fmt: skip


def _route_names() -> set[str]:
    return {pattern.name or route for route, pattern in _routes(get_resolver().url_patterns)}


def test_every_route_is_walked_or_named_not_a_page():
    # The REST API answers JSON.
    routes = {name for name in _route_names() if not name.startswith("api-") or name == "api-docs"}
    forgotten = sorted(routes - PAGES.keys() - NOT_PAGES.keys())
    assert not forgotten, (
        f"routes neither walked at phone width nor named not a page: {forgotten} "
        "(add a Visit to PAGES, or a reason to NOT_PAGES)"
    )
    gone = sorted(
        name
        for name in PAGES.keys() | NOT_PAGES.keys()
        if name not in routes and not name.startswith(("(", "admin:"))
    )
    assert not gone, f"PAGES or NOT_PAGES name routes that no longer exist: {gone}"


@pytest.fixture
def world(db, settings, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return world_build()


# The header's links and buttons, each inside the window, and how tall the header is.
_HEADER = """() => {
  const header = document.querySelector("header.site-header");
  if (!header) return null;
  const width = document.documentElement.clientWidth;
  const outside = [...header.querySelectorAll("a, button")]
    .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > width; })
    .map(e => e.textContent.trim());
  return {height: Math.round(header.getBoundingClientRect().height), outside};
}"""
# The header (the admin's holds nine links) may take a sixth of a phone's screen at most.
HEADER_MAX = PHONE["height"] // 6


def _header_problem(page: Page) -> str:
    header = page.evaluate(_HEADER)
    if header is None or (header["height"] <= HEADER_MAX and not header["outside"]):
        return ""
    return f"header {header['height']} px tall (at most {HEADER_MAX}), outside: {header['outside']}"


def _walk(page: Page, world: World, who: str) -> list[str]:
    """Open every page of ``who``; returns a line for each page that scrolls sideways or
    answers with an unexpected status."""
    found = []
    for name, visits in PAGES.items():
        for visit in visits:
            if visit.who != who:
                continue
            url = visit.url(world)
            response = page.goto(url)
            status = response.status if response else 0
            if status != visit.status:
                found.append(f"{who} {name} {url}: status {status}, expected {visit.status}")
                continue
            if visit.then:
                visit.then(page, world)
                url += " (after its form is sent)"
            if problem := page_overflow(page) or _header_problem(page):
                found.append(f"{who} {name} {url}: {problem}")
    return found


@pytest.mark.allow_console_errors(r"status of 40[34]")
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, live_server, request, world):
    found: list[str] = []
    for who, username in (("guest", None), ("reviewer", REVIEWER_NAME), ("admin", ADMIN_NAME)):
        for context in strict_context(browser, live_server, request, viewport=PHONE):
            page = context.new_page()
            if username:
                log_in(page, username)
            found += _walk(page, world, who)
    assert not found, "pages too wide for a 390 px phone:\n" + "\n".join(found)
