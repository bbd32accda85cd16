"""Bad input is a 400 on every form and endpoint: a NUL, another control character, an unpaired
surrogate (JSON only: a form cannot carry one) and text over its length limit, in every text
field; and a control character in any query parameter of any route.

The routes come from the URL resolver: a route that takes a body with no entry in ``CASES``
or ``NO_TEXT`` fails ``test_every_route_that_takes_input_has_a_case``, and every route is
walked with a bad query parameter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from annotator.models import Campaign, ExportJob, Label, Review
from annotator.people.invitations import invitation_path
from articles import services as corpus
from articles.models import Article, ImportBatch, Outlet
from tests.api.test_permission_matrix import api_endpoints
from tests.factories import UserFactory, make_article

DOCUMENT = "document"
ARTICLE = "Harbour plan passes\n\nThe council approved the harbour plan on Tuesday. It costs $14m."


@dataclass
class World:
    admin: User
    reviewer: User
    campaign: Campaign
    article: Article
    review: Review
    done: ImportBatch
    preview: ImportBatch

    def sentence(self) -> int:
        return self.article.sentences.order_by("position").values_list("pk", flat=True)[0]


@dataclass(frozen=True)
class Case:
    """A route's body: who sends it, where, a valid ``base``, and its text fields (a dotted
    path into the body) with their length limit: a setting's name, a number, None (no limit
    of its own: a choice) or DOCUMENT (an article's text: the importer reads it as it reads a
    file, refusing a NUL and taking other control characters for spaces)."""

    who: str
    kind: str  # "form" (a page's post), "htmx" (the same, from the review page) or "json"
    url: Callable[[World], str]
    base: Callable[[World], dict[str, Any]]
    fields: dict[str, str | int | None] = field(default_factory=dict)


def _review(w: World) -> dict[str, int]:
    return {"pk": w.review.pk}


def _predictions_file(w: World) -> SimpleUploadedFile:
    row = {"sentence_id": w.sentence(), "label": "opinion", "score": 0.5}
    return SimpleUploadedFile("preds.jsonl", json.dumps(row).encode() + b"\n")


def _doccano_file() -> SimpleUploadedFile:
    record = {"text": "The council met.", "label": [[0, 16, "opinion"]]}
    return SimpleUploadedFile("doccano.jsonl", json.dumps(record).encode() + b"\n")


def _campaign_body(w: World) -> dict[str, Any]:
    return {"name": "Autumn audit", "guidelines": "Tag every claim.", "reviews_per_article": 1}


LABEL_FIELDS: dict[str, str | int | None] = {
    "source": "SOURCE_MAX_CHARS",
    "note": "NOTE_MAX_CHARS",
    "value": None,
}
GOLD_FIELDS: dict[str, str | int | None] = {"source": "SOURCE_MAX_CHARS", "value": None}
CAMPAIGN_FIELDS: dict[str, str | int | None] = {
    "name": "NAME_MAX_CHARS",
    "guidelines": "GUIDELINES_MAX_CHARS",
}

# (route name, method): the case. HTML routes are all POST.
CASES: dict[tuple[str, str], Case] = {
    ("label-update", "POST"): Case(
        "reviewer", "form",
        lambda w: reverse("label-update", args=[w.review.pk, w.sentence()]),
        lambda w: {"value": "sourced", "source": "the council", "note": ""},
        LABEL_FIELDS,
    ),
    ("label-update", "htmx"): Case(
        "reviewer", "htmx",
        lambda w: reverse("label-update", args=[w.review.pk, w.sentence()]),
        lambda w: {"value": "sourced", "source": "the council", "note": ""},
        LABEL_FIELDS,
    ),
    ("campaign-create", "POST"): Case(
        "admin", "form", lambda w: reverse("campaign-create"), _campaign_body, CAMPAIGN_FIELDS
    ),
    ("campaign-edit", "POST"): Case(
        "admin", "form", lambda w: reverse("campaign-edit", args=[w.campaign.pk]),
        _campaign_body, CAMPAIGN_FIELDS,
    ),
    ("campaign-articles", "POST"): Case(
        "admin", "form", lambda w: reverse("campaign-articles", args=[w.campaign.pk]),
        lambda w: {"action": "add", "search": "council"}, {"search": 200},
    ),
    ("adjudication-item", "POST"): Case(
        "admin", "form",
        lambda w: reverse("adjudication-item", args=[w.campaign.pk, w.sentence()]),
        lambda w: {"value": "sourced", "source": "the council"}, GOLD_FIELDS,
    ),
    ("adjudication-article", "POST"): Case(
        "admin", "form",
        lambda w: reverse("adjudication-article", args=[w.campaign.pk, w.article.pk]),
        lambda w: {"sentence": w.sentence(), "value": "sourced", "source": "the council"},
        {**GOLD_FIELDS, "sentence": None},
    ),
    ("import-list", "POST"): Case(
        "admin", "form", lambda w: reverse("import-list"),
        lambda w: {"pasted": ARTICLE, "encoding": "", "outlet": "Metro"},
        {"pasted": DOCUMENT, "encoding": 40, "outlet": "NAME_MAX_CHARS"},
    ),
    ("import-choices", "POST"): Case(
        "admin", "form", lambda w: reverse("import-choices", args=[w.preview.pk]),
        lambda w: {"keep": "0:1"}, {"keep": None},
    ),
    ("import-outlet", "POST"): Case(
        "admin", "form", lambda w: reverse("import-outlet", args=[w.done.pk]),
        lambda w: {"outlet": "Metro"}, {"outlet": "NAME_MAX_CHARS"},
    ),
    ("import-articles-outlet", "POST"): Case(
        "admin", "form", lambda w: reverse("import-articles-outlet", args=[w.done.pk]),
        lambda w: {"outlet": "Metro", "articles": str(w.done.articles.get().pk)},
        {"outlet": "NAME_MAX_CHARS", "articles": None},
    ),
    ("tokens", "POST"): Case(
        "reviewer", "form", lambda w: reverse("tokens"), lambda w: {"name": "notebook"},
        {"name": 100},
    ),
    ("exports", "POST"): Case(
        "admin", "form", lambda w: reverse("exports"),
        lambda w: {"format": "jsonl", "labels": "both", "seed": 13}, {"format": None},
    ),
    ("people", "POST"): Case(
        "admin", "form", lambda w: reverse("people"),
        lambda w: {"username": "nia", "email": "", "role": "reviewer", "how": "link"},
        {"username": 150, "email": 254, "role": None, "how": None},
    ),
    ("person-role", "POST"): Case(
        "admin", "form", lambda w: reverse("person-role", args=[w.reviewer.pk]),
        lambda w: {"role": "admin"}, {"role": None},
    ),
    ("person-active", "POST"): Case(
        "admin", "form", lambda w: reverse("person-active", args=[w.reviewer.pk]),
        lambda w: {"active": "1"}, {"active": None},
    ),
    ("person-sign-in", "POST"): Case(
        "admin", "form", lambda w: reverse("person-sign-in", args=[w.reviewer.pk]),
        lambda w: {"how": "link"}, {"how": None},
    ),
    ("campaign-reviewer-add", "POST"): Case(
        "admin", "form", lambda w: reverse("campaign-reviewer-add", args=[w.campaign.pk]),
        lambda w: {"username": "nia", "email": "", "how": "link"},
        {"username": 150, "email": 254, "how": None},
    ),
    ("invitation", "POST"): Case(
        "reviewer", "form", lambda w: invitation_path(user=w.reviewer),
        lambda w: {"new_password1": "tide-lantern-42", "new_password2": "tide-lantern-42"},
        {"new_password1": 128, "new_password2": 128},
    ),
    ("bring-predictions", "POST"): Case(
        "admin", "form", lambda w: reverse("bring-predictions", args=[w.campaign.pk]),
        lambda w: {"file": _predictions_file(w), "model_name": "m", "model_version": "",
                   "label_map": ""},
        {"model_name": 100, "model_version": 100, "label_map": "NOTE_MAX_CHARS"},
    ),
    ("bring-annotations", "POST"): Case(
        "admin", "form", lambda w: reverse("bring-annotations", args=[w.campaign.pk]),
        lambda w: {"file": _doccano_file(), "store_as": "reviews", "reviewer": "dora",
                   "model_name": "", "model_version": "", "outlet": "", "label_map": ""},
        {"reviewer": 150, "model_name": 100, "model_version": 100, "outlet": 200,
         "label_map": "NOTE_MAX_CHARS", "store_as": None},
    ),
    ("corpus-outlet", "POST"): Case(
        "admin", "form", lambda w: reverse("corpus-outlet"),
        lambda w: {"outlet": "Metro", "scope": "chosen", "articles": str(w.article.pk),
                   "filter-title": "harbour"},
        {"outlet": "NAME_MAX_CHARS", "scope": None, "articles": None,
         "filter-title": "NAME_MAX_CHARS", "filter-language": None},
    ),
    ("outlet-edit", "POST"): Case(
        "admin", "form",
        lambda w: reverse("outlet-edit", args=[Outlet.objects.get_or_create(slug="herald")[0].pk]),
        lambda w: {"name": "Herald", "slug": "herald", "domain": "herald.example"},
        {"name": "NAME_MAX_CHARS", "slug": 200, "domain": "NAME_MAX_CHARS"},
    ),
    # The API.
    ("api-campaign-predictions", "POST"): Case(
        "admin", "json", lambda w: reverse("api-campaign-predictions", args=[w.campaign.pk]),
        lambda w: {"items": [{"sentence_id": w.sentence(), "label": "opinion", "score": 0.5,
                              "text": ""}], "model_name": "m"},
        {"model_name": 100, "model_version": 100, "items.0.label": 100,
         "items.0.text": DOCUMENT},
    ),
    ("api-campaign-annotations", "POST"): Case(
        "admin", "json", lambda w: reverse("api-campaign-annotations", args=[w.campaign.pk]),
        lambda w: {"items": [{"text": "The council met.", "label": [[0, 16, "opinion"]]}],
                   "reviewer": "dora", "outlet": ""},
        {"reviewer": 150, "outlet": 200, "model_name": 100, "items.0.text": DOCUMENT},
    ),
    ("api-import-list", "POST"): Case(
        "admin", "json", lambda w: reverse("api-import-list"),
        lambda w: {"records": [{"title": "Harbour plan", "text": "It passed. It costs $14m."}],
                   "outlet": "Metro"},
        {"records.0.title": 1000, "records.0.text": DOCUMENT, "records.0.author": 500,
         "outlet": "NAME_MAX_CHARS", "encoding": 40},
    ),
    ("api-queue-next", "POST"): Case(
        "reviewer", "json", lambda w: reverse("api-queue-next"),
        lambda w: {"campaign": w.campaign.pk}, {"campaign": None},
    ),
    ("api-review-labels", "PUT"): Case(
        "reviewer", "json", lambda w: reverse("api-review-labels", kwargs=_review(w)),
        lambda w: {"labels": [{"sentence": w.sentence(), "value": "sourced"}]},
        {f"labels.0.{name}": limit for name, limit in LABEL_FIELDS.items()},
    ),
    ("api-review-labels", "POST"): Case(
        "reviewer", "json", lambda w: reverse("api-review-labels", kwargs=_review(w)),
        lambda w: {"labels": [{"sentence": w.sentence(), "value": "sourced"}]},
        {f"labels.0.{name}": limit for name, limit in LABEL_FIELDS.items()},
    ),
    ("api-review-label", "PUT"): Case(
        "reviewer", "json",
        lambda w: reverse("api-review-label", kwargs={**_review(w), "sentence_id": w.sentence()}),
        lambda w: {"value": "sourced"}, LABEL_FIELDS,
    ),
    ("api-campaign-list", "POST"): Case(
        "admin", "json", lambda w: reverse("api-campaign-list"), _campaign_body, CAMPAIGN_FIELDS
    ),
    ("api-campaign-detail", "PUT"): Case(
        "admin", "json", lambda w: reverse("api-campaign-detail", args=[w.campaign.pk]),
        _campaign_body, CAMPAIGN_FIELDS,
    ),
    ("api-campaign-detail", "PATCH"): Case(
        "admin", "json", lambda w: reverse("api-campaign-detail", args=[w.campaign.pk]),
        lambda w: {}, CAMPAIGN_FIELDS,
    ),
    ("api-campaign-articles", "POST"): Case(
        "admin", "json", lambda w: reverse("api-campaign-articles", args=[w.campaign.pk]),
        lambda w: {"action": "add", "search": "council"}, {"search": 200, "action": None},
    ),
    ("api-campaign-gold", "POST"): Case(
        "admin", "json", lambda w: reverse("api-campaign-gold", args=[w.campaign.pk]),
        lambda w: {"sentence": w.sentence(), "value": "sourced", "source": "the council"},
        GOLD_FIELDS,
    ),
    ("api-campaign-gold", "PUT"): Case(
        "admin", "json", lambda w: reverse("api-campaign-gold", args=[w.campaign.pk]),
        lambda w: {"sentence": w.sentence(), "value": "sourced", "source": "the council"},
        GOLD_FIELDS,
    ),
    ("api-exports", "POST"): Case(
        "admin", "json", lambda w: reverse("api-exports"), lambda w: {"format": "jsonl"},
        {"format": None, "labels": None},
    ),
    ("api-token-list", "POST"): Case(
        "reviewer", "json", lambda w: reverse("api-token-list"), lambda w: {"name": "notebook"},
        {"name": 100},
    ),
}  # fmt: skip

# Routes that take no text: posts with no field, and pages that only read (their query
# parameters are walked below).
NO_TEXT = {
    "review-start", "review-next", "campaign-next", "label-undo", "review-submit", "review-reopen",
    "suggestions-accept",  # only "<sentence id>:<label>" pairs: any other item is left out
    "campaign-toggle", "campaign-settle", "adjudication-undo", "import-start",
    "import-discard", "import-retry", "export-retry", "export-discard", "sign-out-everywhere",
    "model-retrain",
    ("api-review-submit", "POST"), ("api-review-reopen", "POST"), ("api-review-undo", "POST"),
    ("api-review-label", "DELETE"), ("api-token-detail", "DELETE"),
    ("api-import-detail", "DELETE"), ("api-import-retry", "POST"),
    ("api-export-job-detail", "DELETE"), ("api-export-job-retry", "POST"),
    ("api-campaign-model-retrain", "POST"),
}  # fmt: skip
READ_ONLY = {
    "home", "review", "sentence", "campaigns", "campaign", "campaign-agreement",
    "campaign-agreement-json", "campaign-quality", "adjudication", "report-comparison",
    "report-comparison-csv", "report-outlet", "report-outlet-csv", "report-trend-csv",
    "report-article", "report-article-csv", "export-detail", "export-download",
    "export-labelstudio-config", "bring",
    "import-detail", "corpus", "corpus-article", "outlets", "queue",
}  # fmt: skip
# Not ours to change: Django's admin and login (a refused login is the login page again).
NOT_OURS = {"login", "logout"}


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def _names() -> set[str]:
    return {pattern.name for _, pattern in _routes(get_resolver().url_patterns) if pattern.name}


def test_every_route_that_takes_input_has_a_case() -> None:
    listed = {name for name, _ in CASES} | {n for n in NO_TEXT if isinstance(n, str)}
    html = {name for name in _names() if not name.startswith("api-")}
    missing = sorted(html - listed - READ_ONLY - NOT_OURS)
    assert not missing, (
        f"pages with no bad-input case (add to CASES, NO_TEXT or READ_ONLY): {missing}"
    )
    writes = {
        (name, method)
        for name, methods in api_endpoints().items()
        for method in methods
        if method in ("POST", "PUT", "PATCH", "DELETE")
    }
    missing_api = sorted(writes - set(CASES) - NO_TEXT)
    assert not missing_api, f"API writes with no bad-input case: {missing_api}"


# Query parameters ------------------------------------------------------------------------


def _query_urls() -> Iterator[Any]:
    for _route, pattern in _routes(get_resolver().url_patterns):
        if pattern.name is None or "format" in pattern.pattern.regex.groupindex:
            continue
        names = pattern.pattern.regex.groupindex
        url = reverse(pattern.name, kwargs={name: 1 for name in names})
        yield pytest.param(url, id=pattern.name)


@pytest.mark.parametrize("url", list(dict.fromkeys(_query_urls())))
@pytest.mark.parametrize("query", ["search=a%00b", "q=%1B", "%00=1"])
def test_a_control_character_in_any_query_parameter_is_400(client: Client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    if url.startswith("/api/"):
        error = response.json()["error"]
        assert error["status"] == 400 and error["code"] == "invalid"
        assert "control character" in error["message"]
    else:
        assert "control character" in response.text


# Bodies ----------------------------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory.create(username="input-admin", is_staff=True)
    reviewer = UserFactory.create(username="input-reviewer")
    article = make_article(sentences=3, title="Harbour")
    campaign = Campaign.objects.create(name="Spring audit")
    campaign.reviewers.add(reviewer)
    campaign.articles.add(article)
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    done = ImportBatch.objects.create(source_name="done.jsonl", source_format="jsonl",
                                      status=ImportBatch.Status.DONE)  # fmt: skip
    make_article(title="Stored", batch=done, sentences=2)
    preview = corpus.import_prepare(pasted=ARTICLE, created_by=admin)
    ExportJob.objects.create(format="jsonl", status="done", created_by=admin)
    return World(admin, reviewer, campaign, article, review, done, preview)


def _bad_values(limit: str | int | None, kind: str) -> Iterator[tuple[str, str]]:
    yield "nul", "before\x00after"
    if limit != DOCUMENT:
        yield "escape", "before\x1b[31mafter"
    if kind == "json":
        yield "surrogate", "before\ud800after"
    if limit not in (None, DOCUMENT):
        size = getattr(settings, limit) if isinstance(limit, str) else limit
        yield "oversize", "x" * (size + 1)


def _cases() -> Iterator[Any]:
    for (name, method), case in CASES.items():
        for path, limit in case.fields.items():
            for what, value in _bad_values(limit, case.kind):
                label = f"{name}-{method}-{path}-{what}"
                yield pytest.param(case, method, path, value, id=label)


def _put(body: dict[str, Any], path: str, value: str) -> None:
    *parents, last = path.split(".")
    target: Any = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value


@pytest.mark.parametrize(("case", "method", "path", "value"), list(_cases()))
def test_bad_text_in_any_field_is_400(world: World, case: Case, method, path, value):
    client = Client()
    client.force_login(world.admin if case.who == "admin" else world.reviewer)
    body = case.base(world)
    _put(body, path, value)
    url = case.url(world)
    labels = list(Label.objects.values_list("note", "source"))
    if case.kind == "json":
        response = client.generic(method, url, json.dumps(body), content_type="application/json")
        error = response.json()["error"]
        assert (response.status_code, error["status"]) == (400, 400), error
        where = path.split(".")[-1]
        assert where in json.dumps(error), error  # the field is named
    else:
        headers = {"HX-Request": "true"} if case.kind == "htmx" else {}
        response = client.post(url, body, headers=headers)
        assert response.status_code == 400, response.content[:300]
    assert list(Label.objects.values_list("note", "source")) == labels


def test_a_refused_label_comes_back_with_its_error_and_what_was_typed(world: World):
    client = Client()
    client.force_login(world.reviewer)
    url = reverse("label-update", args=[world.review.pk, world.sentence()])
    response = client.post(url, {"value": "opinion", "source": "Dr\x00 Marsh", "note": "mine"})
    assert response.status_code == 400
    page = response.text
    assert "Contains a control character (NUL, U+0000) at character 3" in page
    assert ">mine</textarea>" in page
    assert 'value="opinion" checked' in page
    htmx = client.post(
        url, {"value": "opinion", "note": "x" * 10_001}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 400
    assert htmx.text == "Note: At most 10,000 characters: this has 10,001."
    assert not Label.objects.exists()


def test_a_label_within_the_limits_is_stored(world: World):
    client = Client()
    client.force_login(world.reviewer)
    url = reverse("label-update", args=[world.review.pk, world.sentence()])
    note = "Line one\r\n\tLine two " + "x" * 9_970
    response = client.post(url, {"value": "opinion", "note": note, "source": "s" * 500})
    assert response.status_code == 302
    assert Label.objects.get().note == note
