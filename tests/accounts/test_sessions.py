"""Sessions live on the server: logging out, signing out everywhere and an admin end them;
and they cost no query of their own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotator.models import UserSession
from tests.factories import PASSWORD, UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def _logged_in(user: User) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _copy(client: Client) -> Client:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = Client()
    thief.cookies.load({"sessionid": client.cookies["sessionid"].value})
    return thief


def _signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_a_cookie_copied_before_logout_is_refused_after_it(reviewer):
    client = _logged_in(reviewer)
    copy = _copy(client)
    assert _signed_in(copy)
    client.post(reverse("logout"))
    response = copy.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not UserSession.objects.filter(user=reviewer).exists()


def test_signing_out_everywhere_ends_every_session_of_mine_and_only_mine(reviewer, other_reviewer):
    laptop, phone = _logged_in(reviewer), _logged_in(reviewer)
    colleague = _logged_in(other_reviewer)
    response = laptop.post(reverse("sign-out-everywhere"))
    assert response.status_code == 302
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert _signed_in(colleague)


def test_signing_out_everywhere_needs_a_post(reviewer):
    client = _logged_in(reviewer)
    assert client.get(reverse("sign-out-everywhere")).status_code == 405
    assert _signed_in(client)


def test_an_admin_ends_a_users_sessions_from_the_user_admin(reviewer, other_reviewer):
    admin = UserFactory.create(username="ada", is_staff=True, is_superuser=True)
    reviewers_browser = _logged_in(reviewer)
    colleague = _logged_in(other_reviewer)
    response = _logged_in(admin).post(
        reverse("admin:auth_user_changelist"),
        {"action": "end_sessions", "_selected_action": [reviewer.pk]},
        follow=True,
    )
    assert "Ended 1 session." in response.text
    assert not _signed_in(reviewers_browser)
    assert _signed_in(colleague)


def test_a_deactivated_account_is_signed_out_at_its_next_request(reviewer):
    client = _logged_in(reviewer)
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    assert not _signed_in(client)


def test_a_changed_password_signs_out_the_other_sessions(reviewer):
    client = _logged_in(reviewer)
    reviewer.set_password("another-long-passphrase")
    reviewer.save()
    assert not _signed_in(client)


def test_a_session_and_its_user_load_in_one_query(reviewer):
    client = _logged_in(reviewer)
    # The home page without campaigns: the session (with its user), then the page's own reads.
    signed_in = count_queries(lambda: client.get(reverse("tokens")))
    anonymous = count_queries(lambda: Client().get(reverse("tokens")), expect=302)
    assert anonymous == 0
    # token list: session+user, tokens; nothing else
    assert signed_in == 2


def test_labels_and_gold_are_read_only_in_the_django_admin(settled):
    from annotator.models import GoldLabel, Label

    admin = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client = _logged_in(admin)
    label, gold = Label.objects.first(), GoldLabel.objects.first()
    assert client.get(reverse("admin:annotator_label_change", args=[label.pk])).status_code == 200
    for name, row in (("label", label), ("goldlabel", gold)):
        url = reverse(f"admin:annotator_{name}_change", args=[row.pk])
        before = type(row).objects.get(pk=row.pk).value
        client.post(url, {"value": "opinion", "sentence": row.sentence_id})
        assert type(row).objects.get(pk=row.pk).value == before
        assert client.get(reverse(f"admin:annotator_{name}_add")).status_code == 403
