"""Every API error is JSON in the documented shape, a server error too: an exception no view
expected is 500, and a database that cannot be reached 503 with Retry-After; no traceback is
ever sent. (The failures are raised in code; the database is real.)"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from annotator import query_strings
from annotator.review import selectors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    # As a server answers: the exception becomes a response instead of failing the test.
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory.create(username="rita"))
    return client


def _raise(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


def test_a_bug_in_an_api_view_is_a_500_in_the_error_shape(api, monkeypatch, caplog):
    monkeypatch.setattr(selectors, "reviewer_campaigns", _raise(KeyError("secret detail")))
    response = api.get("/api/queue/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == 500 and error["code"] == "server_error"
    assert "logged" in error["message"]
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert "secret detail" in caplog.text  # the log has it


def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(api, monkeypatch):
    refused = OperationalError("connection to server failed: Connection refused")
    monkeypatch.setattr(selectors, "reviewer_campaigns", _raise(refused))
    response = api.get("/api/queue/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (503, "unavailable")
    assert "Connection refused" not in response.text


def test_a_failure_before_any_api_view_is_json_too(api, monkeypatch):
    """A middleware failing (as the session lookup does when the database is down)."""
    monkeypatch.setattr(query_strings, "_problem", _raise(OperationalError("server closed")))
    response = api.get("/api/queue/?page=2")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    monkeypatch.setattr(query_strings, "_problem", _raise(ValueError("bug")))
    response = api.get("/api/queue/?page=2")
    assert response.status_code == 500
    assert response.json()["error"] == {
        "status": 500,
        "code": "server_error",
        "message": "Something went wrong on our side (it is logged). Try again, or tell an admin.",
    }


def test_pages_keep_their_html_500(api, monkeypatch):
    monkeypatch.setattr(query_strings, "_problem", _raise(ValueError("bug")))
    response = api.get("/?page=2")
    assert response.status_code == 500
    assert "application/json" not in response["Content-Type"]


def test_a_choice_quoting_an_unpaired_surrogate_still_answers():
    """The error message quotes the input: the surrogate is sent as U+FFFD."""
    admin = Client()
    admin.force_login(UserFactory.create(username="ada", is_staff=True))
    response = admin.post(
        "/api/exports/", '{"format": "x\\ud800"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["format"] == ['"x\ufffd" is not a valid choice.']
