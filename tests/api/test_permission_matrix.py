"""Every endpoint of the API × {anonymous, reviewer A, reviewer B, admin}: the status each
caller gets, and that no response carries another reviewer's labels.

The endpoints come from the URL resolver, so a route added without a row in ``MATRIX`` fails
``test_every_endpoint_has_a_row``. The world is built once for the module inside a transaction;
each case runs in a savepoint rolled back after it, so a write never changes the next case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import View
from rest_framework.test import APIClient

from annotator.accounts.tokens import token_create
from annotator.campaigns.gold import gold_set
from annotator.models import ApiToken, Campaign, ExportJob, GoldLabel, Label, LabelEvent, Review
from annotator.review import services
from articles.models import Article, ImportBatch, Outlet
from tests.factories import make_article

ANON, A, B, ADMIN = "anonymous", "reviewer_a", "reviewer_b", "admin"
CALLERS = (ANON, A, B, ADMIN)
# Whose traces each caller must never see: a reviewer never sees the other's labels.
MUST_NOT_SEE = {ANON: (A, B), A: (B,), B: (A,), ADMIN: ()}
# What a reviewer leaves behind: in their labels' notes and sources, and their name.
MARKERS = {
    A: ("A-secret-note-5d1c", "A-secret-source-5d1c", "matrix-reviewer-a"),
    B: ("B-secret-note-9e7a", "B-secret-source-9e7a", "matrix-reviewer-b"),
}
ADMINS_ONLY = "This endpoint is for admins."

# Targets: what a route's URL points at, filled in from the world.
# review A / review B: each reviewer's review of the shared article in campaign 1 (in progress)
# campaign 1: A and B review in it; campaign 2: only A does
# shared article: in campaign 1; A's article: in campaign 2; unassigned: in no campaign
# token A / token B: a spare token of each reviewer

# (route name, method, target): status for (anonymous, reviewer A, reviewer B, admin).
# HEAD is not listed: it answers as GET does, and is tested from the GET rows.
# fmt: off
MATRIX: dict[tuple[str, str, str], tuple[int, int, int, int]] = {
    # The API root and the schema and its docs: for signed-in callers (API_DOCS_PUBLIC opens
    # them); the docs page sends a browser to the login page.
    ("api-root",                    "GET",     ""):                  (401, 200, 200, 200),
    ("api-root",                    "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-schema",                  "GET",     ""):                  (401, 200, 200, 200),
    ("api-schema",                  "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-docs",                    "GET",     ""):                  (302, 200, 200, 200),
    # The corpus: outlets for anyone signed in, articles of one's campaigns (admins: all),
    # imports for admins.
    ("api-outlet-list",             "GET",     ""):                  (401, 200, 200, 200),
    ("api-outlet-list",             "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-outlet-detail",           "GET",     "outlet"):            (401, 200, 200, 200),
    ("api-outlet-detail",           "OPTIONS", "outlet"):            (401, 200, 200, 200),
    ("api-article-list",            "GET",     ""):                  (401, 200, 200, 200),
    ("api-article-list",            "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-article-detail",          "GET",     "shared article"):    (401, 200, 200, 200),
    ("api-article-detail",          "GET",     "A's article"):       (401, 200, 404, 200),
    ("api-article-detail",          "GET",     "unassigned"):        (401, 404, 404, 200),
    ("api-article-detail",          "OPTIONS", "A's article"):       (401, 200, 200, 200),
    ("api-import-list",             "GET",     ""):                  (401, 403, 403, 200),
    ("api-import-list",             "POST",    ""):                  (401, 403, 403, 202),
    ("api-import-list",             "OPTIONS", ""):                  (401, 403, 403, 200),
    ("api-import-detail",           "GET",     "batch"):             (401, 403, 403, 200),
    ("api-import-detail",           "OPTIONS", "batch"):             (401, 403, 403, 200),
    # A failed import or export: admins retry (202) or discard (204) it; a finished one stays.
    ("api-import-detail",           "DELETE",  "failed batch"):      (401, 403, 403, 204),
    ("api-import-detail",           "DELETE",  "batch"):             (401, 403, 403, 409),
    ("api-import-retry",            "POST",    "failed batch"):      (401, 403, 403, 202),
    ("api-import-retry",            "POST",    "batch"):             (401, 403, 403, 409),
    ("api-import-retry",            "OPTIONS", "failed batch"):      (401, 403, 403, 200),
    # The reviewer's queue and reviews: one's own only; anyone else's review is 404.
    ("api-queue-list",              "GET",     ""):                  (401, 200, 200, 200),
    ("api-queue-list",              "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-queue-next",              "POST",    ""):                  (401, 200, 200, 204),
    ("api-queue-next",              "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-review-list",             "GET",     ""):                  (401, 200, 200, 200),
    ("api-review-list",             "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-review-detail",           "GET",     "review A"):          (401, 200, 404, 404),
    ("api-review-detail",           "GET",     "review B"):          (401, 404, 200, 404),
    # OPTIONS describes the endpoint, never the object: the same for every id, real or not.
    ("api-review-detail",           "OPTIONS", "review A"):          (401, 200, 200, 200),
    ("api-review-labels",           "GET",     "review A"):          (401, 200, 404, 404),
    ("api-review-labels",           "GET",     "review B"):          (401, 404, 200, 404),
    ("api-review-labels",           "PUT",     "review A"):          (401, 200, 404, 404),
    ("api-review-labels",           "PUT",     "review B"):          (401, 404, 200, 404),
    ("api-review-labels",           "POST",    "review A"):          (401, 200, 404, 404),
    ("api-review-labels",           "POST",    "review B"):          (401, 404, 200, 404),
    ("api-review-labels",           "OPTIONS", "review A"):          (401, 200, 200, 200),
    ("api-review-label",            "PUT",     "review A"):          (401, 200, 404, 404),
    ("api-review-label",            "PUT",     "review B"):          (401, 404, 200, 404),
    ("api-review-label",            "DELETE",  "review A"):          (401, 204, 404, 404),
    ("api-review-label",            "DELETE",  "review B"):          (401, 404, 204, 404),
    ("api-review-label",            "OPTIONS", "review A"):          (401, 200, 200, 200),
    ("api-review-submit",           "POST",    "review A"):          (401, 200, 404, 404),
    ("api-review-submit",           "POST",    "review B"):          (401, 404, 200, 404),
    ("api-review-submit",           "OPTIONS", "review A"):          (401, 200, 200, 200),
    ("api-review-reopen",           "POST",    "review A"):          (401, 200, 404, 404),
    ("api-review-reopen",           "POST",    "review B"):          (401, 404, 200, 404),
    ("api-review-reopen",           "OPTIONS", "review A"):          (401, 200, 200, 200),
    ("api-review-undo",             "POST",    "review A"):          (401, 200, 404, 404),
    ("api-review-undo",             "POST",    "review B"):          (401, 404, 200, 404),
    ("api-review-undo",             "OPTIONS", "review A"):          (401, 200, 200, 200),
    # Campaigns: read by their reviewers (another campaign is 404), the rest admins only
    # (403 before any lookup, so it says nothing about what exists).
    ("api-campaign-list",           "GET",     ""):                  (401, 200, 200, 200),
    ("api-campaign-list",           "POST",    ""):                  (401, 403, 403, 201),
    ("api-campaign-list",           "OPTIONS", ""):                  (401, 403, 403, 200),
    ("api-campaign-detail",         "GET",     "campaign 1"):        (401, 200, 200, 200),
    ("api-campaign-detail",         "GET",     "campaign 2"):        (401, 200, 404, 200),
    ("api-campaign-detail",         "PUT",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-detail",         "PATCH",   "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-detail",         "PATCH",   "campaign 2"):        (401, 403, 403, 200),
    ("api-campaign-detail",         "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-progress",       "GET",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-progress",       "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-agreement",      "GET",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-agreement",      "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-articles",       "POST",    "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-articles",       "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-disagreements",  "GET",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-disagreements",  "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-gold",           "GET",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-gold",           "POST",    "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-gold",           "PUT",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-gold",           "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    # Predictions and annotations brought from elsewhere: admins only.
    ("api-campaign-predictions",    "POST",    "campaign 1"):        (401, 403, 403, 201),
    ("api-campaign-predictions",    "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-annotations",    "POST",    "campaign 1"):        (401, 403, 403, 201),
    ("api-campaign-annotations",    "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-model",          "GET",     "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-model",          "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    ("api-campaign-model-retrain",  "POST",    "campaign 1"):        (401, 403, 403, 202),
    ("api-campaign-model-retrain",  "OPTIONS", "campaign 1"):        (401, 403, 403, 200),
    # Exports: admins only.
    ("api-exports",                 "GET",     ""):                  (401, 403, 403, 200),
    ("api-exports",                 "POST",    ""):                  (401, 403, 403, 202),
    ("api-exports",                 "OPTIONS", ""):                  (401, 403, 403, 200),
    ("api-export-labelstudio-config", "GET",   ""):                  (401, 403, 403, 200),
    ("api-export-labelstudio-config", "OPTIONS", ""):                (401, 403, 403, 200),
    ("api-export-job-list",         "GET",     ""):                  (401, 403, 403, 200),
    ("api-export-job-list",         "OPTIONS", ""):                  (401, 403, 403, 200),
    ("api-export-job-detail",       "GET",     "job"):               (401, 403, 403, 200),
    ("api-export-job-detail",       "OPTIONS", "job"):               (401, 403, 403, 200),
    ("api-export-job-detail",       "DELETE",  "failed job"):        (401, 403, 403, 204),
    ("api-export-job-detail",       "DELETE",  "job"):               (401, 403, 403, 409),
    ("api-export-job-retry",        "POST",    "failed job"):        (401, 403, 403, 202),
    ("api-export-job-retry",        "POST",    "job"):               (401, 403, 403, 409),
    ("api-export-job-retry",        "OPTIONS", "failed job"):        (401, 403, 403, 200),
    ("api-export-job-download",     "GET",     "job"):               (401, 403, 403, 200),
    ("api-export-job-download",     "OPTIONS", "job"):               (401, 403, 403, 200),
    # Tokens: everyone their own; another's token is 404.
    ("api-token-list",              "GET",     ""):                  (401, 200, 200, 200),
    ("api-token-list",              "POST",    ""):                  (401, 201, 201, 201),
    ("api-token-list",              "OPTIONS", ""):                  (401, 200, 200, 200),
    ("api-token-detail",            "DELETE",  "token A"):           (401, 204, 404, 404),
    ("api-token-detail",            "DELETE",  "token B"):           (401, 404, 204, 404),
    ("api-token-detail",            "OPTIONS", "token A"):           (401, 200, 200, 200),
}
# fmt: on


@dataclass(frozen=True)
class World:
    secrets: dict[str, str]
    targets: dict[str, dict[str, int]]
    bodies: dict[tuple[str, str], Any]
    sentence: int  # the first sentence of the shared article, which both reviewers labelled
    media: Path


def _label(review: Review, position: int, value: str, who: str) -> None:
    note, source, _ = MARKERS[who]
    services.label_set(
        review=review,
        sentence=review.article.sentences.get(position=position),
        value=value,
        actor=review.reviewer,
        source=source,
        note=note,
    )


def _build(media: Path) -> World:
    # Callers sign in with tokens only: no passwords to hash.
    admin = User.objects.create(username="matrix-admin", is_staff=True)
    users = {who: User.objects.create(username=MARKERS[who][2]) for who in (A, B)}
    city = Outlet.objects.create(name="City Times", slug="city-times")
    batch = ImportBatch.objects.create(
        created_by=admin, source_name="matrix.jsonl", source_format="jsonl", status="done"
    )
    shared = make_article(title="Shared article", outlet=city, batch=batch)
    disputed = make_article(title="Disputed article", outlet=city, batch=batch, sentences=3)
    planet = Outlet.objects.create(name="Planet Post", slug="planet-post")
    only_a = make_article(title="A's article", outlet=planet, sentences=3)
    unassigned = make_article(title="Unassigned article", sentences=3)

    one = Campaign.objects.create(name="Matrix one", reviews_per_article=2)
    one.reviewers.add(users[A], users[B])
    one.articles.add(shared, disputed)
    two = Campaign.objects.create(name="Matrix two")
    two.reviewers.add(users[A])
    two.articles.add(only_a)

    reviews = {}
    for who, value in ((A, "sourced"), (B, "opinion")):
        reviewer = users[who]
        reviews[who] = Review.objects.create(campaign=one, article=shared, reviewer=reviewer)
        _label(reviews[who], 0, value, who)
        _label(reviews[who], 1, value, who)
        # The disputed article: both submitted, disagreeing on its first sentence.
        done = Review.objects.create(campaign=one, article=disputed, reviewer=reviewer)
        _label(done, 0, value, who)
        services.review_submit(review=done, actor=reviewer)
    _label(Review.objects.create(campaign=two, article=only_a, reviewer=users[A]), 0, "opinion", A)
    # Their agreement on the rest is gold already; an admin settles one sentence otherwise.
    gold_set(
        campaign=one, sentence=disputed.sentences.get(position=1), value="sourced", actor=admin
    )

    # A finished export: its file holds both reviewers' labels, as a real one would.
    (media / "exports").mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"note": MARKERS[who][0], "source": MARKERS[who][1]}) for who in (A, B)]
    (media / "exports" / "matrix.jsonl").write_text("\n".join(lines) + "\n")
    job = ExportJob.objects.create(
        format="jsonl", status="done", path="exports/matrix.jsonl", created_by=admin, records=2
    )

    # A failed import whose uploaded file is kept for a retry, and a failed export.
    (media / "imports" / "matrix").mkdir(parents=True, exist_ok=True)
    feed = {"title": "Matrix retry", "text": "The council met again. It voted."}
    (media / "imports" / "matrix" / "feed.jsonl").write_text(json.dumps(feed) + "\n")
    failed_batch = ImportBatch.objects.create(
        created_by=admin, source_name="feed.jsonl", source_format="jsonl", status="failed",
        inputs=[{"name": "feed.jsonl", "path": "imports/matrix/feed.jsonl", "format": "jsonl"}],
        error="the worker stopped while importing; nothing was stored",
    )  # fmt: skip
    failed_job = ExportJob.objects.create(format="jsonl", status="failed", created_by=admin)

    secrets = {who: token_create(user=user, name="matrix")[1] for who, user in users.items()}
    secrets[ADMIN] = token_create(user=admin, name="matrix")[1]
    spare = {who: token_create(user=user, name="spare")[0] for who, user in users.items()}

    first = shared.sentences.get(position=0).pk
    targets: dict[str, dict[str, int]] = {
        "": {},
        "outlet": {"pk": city.pk},
        "shared article": {"pk": shared.pk},
        "A's article": {"pk": only_a.pk},
        "unassigned": {"pk": unassigned.pk},
        "batch": {"pk": batch.pk},
        "review A": {"pk": reviews[A].pk},
        "review B": {"pk": reviews[B].pk},
        "campaign 1": {"pk": one.pk},
        "campaign 2": {"pk": two.pk},
        "job": {"pk": job.pk},
        "failed batch": {"pk": failed_batch.pk},
        "failed job": {"pk": failed_job.pk},
        "token A": {"pk": spare[A].pk},
        "token B": {"pk": spare[B].pk},
    }
    gold = {"sentence": disputed.sentences.get(position=0).pk, "value": "opinion"}
    bodies: dict[tuple[str, str], Any] = {
        ("api-import-list", "POST"): {
            "records": [{"title": "Matrix import", "text": "The council met. It voted."}]
        },
        ("api-review-labels", "PUT"): {"labels": [{"sentence": first, "value": "unsourced"}]},
        ("api-review-labels", "POST"): {"labels": [{"sentence": first, "value": "unsourced"}]},
        ("api-review-label", "PUT"): {"value": "unsourced", "note": "changed"},
        ("api-campaign-list", "POST"): {"name": "Made by the matrix"},
        ("api-campaign-detail", "PUT"): {
            "name": "Matrix one",
            "guidelines": "Tag every claim.",
            "reviews_per_article": 2,
            "accept_majority": False,
            "reviewers": [users[A].pk, users[B].pk],
            "is_open": True,
        },
        ("api-campaign-detail", "PATCH"): {"guidelines": "Changed by the matrix."},
        ("api-campaign-articles", "POST"): {"action": "add", "search": "council"},
        ("api-campaign-gold", "POST"): gold,
        ("api-campaign-gold", "PUT"): gold,
        ("api-exports", "POST"): {"format": "jsonl"},
        ("api-campaign-predictions", "POST"): {
            "items": [{"sentence_id": first, "label": "opinion", "score": 0.5}]
        },
        ("api-campaign-annotations", "POST"): {
            "items": [{"text": "The matrix council met.", "label": [[0, 23, "opinion"]]}],
            "reviewer": "matrix",
        },
        ("api-token-list", "POST"): {"name": "matrix"},
    }
    return World(secrets=secrets, targets=targets, bodies=bodies, sentence=first, media=media)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once and rolled back after the module; every case's own transaction is a
    savepoint inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(tmp_path_factory.mktemp("media"))
        transaction.set_rollback(True)


@pytest.fixture
def world_now(db, world: World, settings) -> World:
    """The world, for one case: in its own savepoint, with its export files in MEDIA_ROOT."""
    settings.MEDIA_ROOT = world.media
    return world


# Routes ------------------------------------------------------------------------------------


def _api_patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern.url_patterns, route)
        elif route.startswith("api/"):
            yield route, pattern


def _view_and_methods(callback: Callable[..., Any]) -> tuple[type[View], frozenset[str]]:
    """The view class behind a URL and the HTTP methods it answers, HEAD left out."""
    actions: dict[str, str] | None = getattr(callback, "actions", None)
    view_class: type[View] = getattr(callback, "cls", None) or callback.view_class  # type: ignore[attr-defined]
    if actions:
        methods = set(actions)
    else:
        methods = {m for m in view_class.http_method_names if hasattr(view_class, m)}
    if "options" in view_class.http_method_names and hasattr(view_class, "options"):
        methods.add("options")
    methods.discard("head")
    return view_class, frozenset(method.upper() for method in methods)


def api_endpoints() -> dict[str, frozenset[str]]:
    """Every named route under /api/ with the methods it answers. Format-suffix variants
    (``/api/reviews/1.json``) share their route's name, view and methods."""
    found: dict[str, tuple[type[View], frozenset[str]]] = {}
    for route, pattern in _api_patterns(get_resolver().url_patterns):
        assert pattern.name, f"the API route {route} has no name"
        view = _view_and_methods(pattern.callback)
        assert found.setdefault(pattern.name, view) == view, f"{route} differs from its name"
        # so a suffix variant can never answer differently from the route it mirrors
    return {name: methods for name, (_, methods) in found.items()}


def test_every_endpoint_has_a_row() -> None:
    served = {(name, m) for name, methods in api_endpoints().items() for m in methods}
    listed = {(name, method) for name, method, _ in MATRIX}
    missing = sorted(served - listed)
    assert not missing, "\n".join(
        f"endpoint {name} {method} has no row in the permission matrix" for name, method in missing
    )
    gone = sorted(listed - served)
    assert not gone, f"rows for endpoints the API no longer serves: {gone}"


# Cases -------------------------------------------------------------------------------------


def _cases() -> Iterator[Any]:
    for (name, method, target), statuses in MATRIX.items():
        methods = [method, "HEAD"] if method == "GET" else [method]
        for each in methods:
            for caller, status in zip(CALLERS, statuses, strict=True):
                where = target.replace(" ", "_").replace("'", "")
                label = "-".join(part for part in (name, each, where, caller) if part)
                yield pytest.param(name, each, target, caller, status, id=label)


# The tables a refused write must leave exactly as they were.
WATCHED: list[tuple[type[Model], tuple[str, ...]]] = [
    (Label, ("review_id", "sentence_id", "value", "source", "note")),
    (LabelEvent, ("id",)),
    (Review, ("status", "submitted_at")),
    (Campaign, ("name", "guidelines", "reviews_per_article", "accept_majority", "is_open")),
    (Campaign.reviewers.through, ("campaign_id", "user_id")),
    (Campaign.articles.through, ("campaign_id", "article_id")),
    (GoldLabel, ("sentence_id", "value", "method")),
    (Article, ("id",)),
    (Outlet, ("id",)),
    (ImportBatch, ("id",)),
    (ExportJob, ("id",)),
    (ApiToken, ("user_id", "name")),
]


def _state() -> list[list[tuple[Any, ...]]]:
    return [
        list(model._default_manager.order_by("pk").values_list("pk", *fields))
        for model, fields in WATCHED
    ]


def _content(response: HttpResponseBase) -> bytes:
    if response.streaming:
        # Read to the end, the test client then closes it (closing it again would close the
        # test's database connection).
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def client() -> APIClient:
    """One client for the module: each new one loads the middleware again, which is slow."""
    return APIClient()


def _request(
    client: APIClient, world: World, name: str, method: str, target: str, caller: str
) -> Any:
    client.cookies.clear()
    client.credentials()
    if caller != ANON:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.secrets[caller]}")
    kwargs = dict(world.targets[target])
    if name == "api-review-label":
        kwargs["sentence_id"] = world.sentence
    url = reverse(name, kwargs=kwargs)
    body = world.bodies.get((name, method))
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


@pytest.mark.parametrize(("name", "method", "target", "caller", "expected"), list(_cases()))
def test_permission_matrix(client, world_now, name, method, target, caller, expected):
    writes = method not in ("GET", "HEAD", "OPTIONS")
    before = _state() if writes else None
    response = _request(client, world_now, name, method, target, caller)
    body = _content(response).decode(errors="replace")
    assert response.status_code == expected, body[:500]

    for who in MUST_NOT_SEE[caller]:
        for marker in MARKERS[who]:
            assert marker not in body, f"{caller} sees {who}'s {marker!r}"
            assert marker not in str(response.headers), f"{caller} sees {who}'s {marker!r}"

    if expected >= 400:
        assert not writes or _state() == before, "a refused write changed something"
        if method != "HEAD" and name not in ("api-schema", "api-docs"):
            error = json.loads(body)["error"]
            assert error["status"] == expected
            if expected == 401:
                assert response["WWW-Authenticate"] == 'Bearer realm="api"'
            if expected == 403:
                assert error["message"] == ADMINS_ONLY


@pytest.mark.parametrize(
    ("name", "target", "caller", "whose"),
    [
        ("api-review-detail", "review A", A, (A,)),
        ("api-review-labels", "review B", B, (B,)),
        ("api-campaign-disagreements", "campaign 1", ADMIN, (A, B)),
        ("api-export-job-download", "job", ADMIN, (A, B)),
        ("api-exports", "", ADMIN, (A, B)),
    ],
)
def test_the_markers_are_there_to_find(client, world_now, name, target, caller, whose):
    """The labels' markers do reach the responses allowed to show them, so the matrix's
    "never sees" checks look for something that would be there if it leaked."""
    body = _content(_request(client, world_now, name, "GET", target, caller)).decode()
    for who in whose:
        for marker in MARKERS[who][:2]:
            assert marker in body, f"{who}'s {marker!r} is not in {name}"
