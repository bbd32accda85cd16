"""Personal API tokens: made, used, seen and revoked by their owner only, over the API and on
the settings page."""

from __future__ import annotations

from base64 import b64encode
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.accounts.tokens import token_create
from annotator.models import ApiToken
from tests.factories import PASSWORD, UserFactory
from tests.queries import count_queries


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_create_use_and_revoke_a_token(reviewer):
    created = _api(reviewer).post("/api/tokens/", {"name": "notebook"}, format="json")
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith(created.json()["prefix"])
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert token.last_used_at is None and secret not in token.digest

    with_token = _bearer(secret)
    listed = with_token.get("/api/tokens/")
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json()["results"]] == ["notebook"]
    assert "token" not in listed.json()["results"][0]
    token.refresh_from_db()
    assert token.last_used_at is not None

    assert with_token.delete(f"/api/tokens/{token.pk}/").status_code == 204
    refused = with_token.get("/api/campaigns/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    error = refused.json()["error"]
    assert error["status"] == 401 and error["code"] == "authentication_failed"
    assert "revoked" in error["message"]


def _basic(username: str, password: str) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION="Basic " + b64encode(f"{username}:{password}".encode()).decode()
    )
    return client


def test_a_script_makes_its_first_token_with_the_password_and_nothing_else(reviewer):
    created = _basic(reviewer.username, PASSWORD).post("/api/tokens/", {"name": "cron"})
    assert created.status_code == 201
    assert ApiToken.objects.get(pk=created.json()["id"]).user == reviewer
    assert _bearer(created.json()["token"]).get("/api/reviews/").status_code == 200

    wrong = _basic(reviewer.username, "not-the-password").post("/api/tokens/", {"name": "x"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["status"] == 401
    # A password opens the token endpoint only: everywhere else it is refused.
    elsewhere = _basic(reviewer.username, PASSWORD).get("/api/reviews/")
    assert elsewhere.status_code == 401
    assert elsewhere["WWW-Authenticate"].startswith("Bearer")
    assert ApiToken.objects.filter(user=reviewer).count() == 1


def test_tokens_of_others_are_never_visible_nor_revocable(reviewer, other_reviewer):
    theirs, _ = token_create(user=other_reviewer, name="theirs")
    token_create(user=reviewer, name="mine")
    client = _api(reviewer)
    assert [t["name"] for t in client.get("/api/tokens/").json()["results"]] == ["mine"]
    response = client.delete(f"/api/tokens/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_a_token_needs_a_name(reviewer):
    response = _api(reviewer).post("/api/tokens/", {"name": "  "}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]


def test_token_list_costs_fixed_queries(reviewer):
    token_create(user=reviewer, name="first")
    client = _api(reviewer)

    def queries() -> int:
        return count_queries(lambda: client.get("/api/tokens/"))

    few = queries()
    for n in range(6):
        token_create(user=reviewer, name=f"token {n}")
    assert queries() == few


# The settings page ----------------------------------------------------------------------


@pytest.fixture
def page(reviewer) -> Client:
    client = Client()
    assert client.login(username=reviewer.username, password=PASSWORD)
    return client


def test_every_logged_in_user_has_the_settings_link(page):
    assert reverse("tokens") in page.get(reverse("home")).content.decode()


def test_settings_page_needs_a_login(db):
    response = Client().get(reverse("tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_page_lists_only_my_tokens(page, reviewer, other_reviewer):
    token_create(user=reviewer, name="my <notebook>")
    token_create(user=other_reviewer, name="their script")
    body = page.get(reverse("tokens")).content.decode()
    assert "my &lt;notebook&gt;" in body and "<notebook>" not in body
    assert "their script" not in body
    assert "never" in body


def test_settings_page_shows_a_new_secret_once(page, reviewer):
    response = page.post(reverse("tokens"), {"name": "analysis"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=reviewer)
    body = response.content.decode()
    assert "Copy your new token" in body and token.prefix in body
    secret = body.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert _bearer(secret).get("/api/tokens/").status_code == 200
    assert secret not in page.get(reverse("tokens")).content.decode()


def test_settings_page_revokes_mine_and_not_theirs(page, reviewer, other_reviewer):
    mine, _ = token_create(user=reviewer, name="mine")
    theirs, _ = token_create(user=other_reviewer, name="theirs")
    assert page.post(reverse("tokens"), {"revoke": theirs.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    response = page.post(reverse("tokens"), {"revoke": mine.pk})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=mine.pk).exists()


def test_settings_page_revoke_needs_csrf(reviewer):
    mine, _ = token_create(user=reviewer, name="mine")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=reviewer.username, password=PASSWORD)
    assert client.post(reverse("tokens"), {"revoke": mine.pk}).status_code == 403
    assert ApiToken.objects.filter(pk=mine.pk).exists()


def test_settings_page_costs_fixed_queries(page, reviewer):
    token_create(user=reviewer, name="first")

    def queries() -> int:
        return count_queries(lambda: page.get(reverse("tokens")))

    few = queries()
    for n in range(6):
        token_create(user=reviewer, name=f"token {n}")
    UserFactory.create(username="someone")
    assert queries() == few


def test_guessing_passwords_on_the_token_endpoint_locks_that_account_from_that_address(
    reviewer, other_reviewer
):
    for _ in range(9):
        wrong = _basic(reviewer.username, "guess").post("/api/tokens/", {"name": "x"})
        assert wrong.status_code == 401
    locking = _basic(reviewer.username, "guess").post("/api/tokens/", {"name": "x"})
    assert locking.status_code == 429
    # Now even the right password waits, for this account from this address.
    blocked = _basic(reviewer.username, PASSWORD).post("/api/tokens/", {"name": "x"})
    assert blocked.status_code == 429
    assert "Too many wrong passwords" in blocked.json()["error"]["message"]
    assert int(blocked["Retry-After"]) > 0
    assert not ApiToken.objects.exists()
    # A colleague behind the same address, and the same account from elsewhere, go on.
    assert (
        _basic(other_reviewer.username, PASSWORD).post("/api/tokens/", {"name": "x"}).status_code
        == 201
    )
    elsewhere = _basic(reviewer.username, PASSWORD)
    assert (
        elsewhere.post("/api/tokens/", {"name": "x"}, REMOTE_ADDR="198.51.100.7").status_code == 201
    )


@pytest.mark.parametrize("raw", ["%C2%B2", "9" * 5000, "0"])
def test_ids_that_are_not_ids_are_not_found(reviewer, raw):
    assert _api(reviewer).delete(f"/api/tokens/{raw}/").status_code == 404
    admin = UserFactory.create(username="ada", is_staff=True)
    assert _api(admin).get(f"/api/exports/jobs/{raw}/download/").status_code == 404
