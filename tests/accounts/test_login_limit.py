"""Wrong passwords lock one account from one address: never a colleague behind the same
address, never the same account from elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from annotator.accounts.login_limit import client_address
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.9"
HOME = "198.51.100.7"


def _login(username: str, password: str, address: str = OFFICE):
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": password}
    )


def test_ten_wrong_passwords_lock_that_account_from_that_address_only(reviewer, other_reviewer):
    for _ in range(9):
        response = _login(reviewer.username, "guess")
        assert response.status_code == 200
        assert "did not match" in response.text
    locked = _login(reviewer.username, "guess")
    assert locked.status_code == 429
    assert "Too many wrong passwords for this account" in locked.text
    assert int(locked["Retry-After"]) == 15 * 60
    # Even the right password now waits, for this account from this address...
    assert _login(reviewer.username, PASSWORD).status_code == 429
    # ...but a colleague in the same office logs in, and so does the account from home.
    assert _login(other_reviewer.username, PASSWORD).status_code == 302
    assert _login(reviewer.username, PASSWORD, address=HOME).status_code == 302


def test_a_right_password_resets_the_count(reviewer):
    for _ in range(9):
        _login(reviewer.username, "guess")
    assert _login(reviewer.username, PASSWORD).status_code == 302
    for _ in range(9):
        assert _login(reviewer.username, "guess").status_code == 200


def test_the_admin_login_shares_the_limit(reviewer):
    for _ in range(10):
        _login(reviewer.username, "guess")
    response = Client(REMOTE_ADDR=OFFICE).post(
        reverse("admin:login"), {"username": reviewer.username, "password": PASSWORD}
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.2"),  # no proxy trusted: the header is the client's to forge
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what our one proxy saw
        (1, "", "10.0.0.2"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (3, "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(proxies, forwarded, expected, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=proxies):
        assert client_address(request) == expected


def test_behind_a_proxy_colleagues_are_told_apart_by_their_forwarded_address(
    reviewer, other_reviewer
):
    with override_settings(PROXY_COUNT=1):
        for _ in range(10):
            Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE).post(
                reverse("login"), {"username": reviewer.username, "password": "guess"}
            )
        from_home = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=HOME).post(
            reverse("login"), {"username": reviewer.username, "password": PASSWORD}
        )
        assert from_home.status_code == 302
