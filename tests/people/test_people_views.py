"""The People pages: adding reviewers and admins (invitation link or a password shown once),
roles, deactivation ending sessions, the quick add from a campaign, and the invitation link."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotator.accounts.tokens import token_create
from annotator.models import UserSession
from tests.factories import PASSWORD, CampaignFactory, UserFactory
from tests.queries import count_queries


@pytest.fixture
def curator(db) -> User:
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


def _link(page: str) -> str:
    found = re.search(r'id="sign-in-link" type="text" value="http://testserver([^"]+)"', page)
    assert found, page
    return found[1]


def _password(page: str) -> str:
    found = re.search(r'id="sign-in-password" type="text" value="([^"]+)"', page)
    assert found, page
    return found[1]


def test_an_invited_reviewer_sets_a_password_with_the_link_and_is_signed_in(curator_client):
    response = curator_client.post(
        reverse("people"), {"username": "rita", "email": "", "role": "reviewer", "how": "link"}
    )
    assert response.status_code == 200
    assert "it will not be shown again" in response.text
    rita = User.objects.get(username="rita")
    assert not rita.is_staff and not rita.has_usable_password()
    link = _link(response.text)

    guest = Client()
    form = guest.get(link)
    assert form.status_code == 200 and "Welcome, rita" in form.text
    assert form["Referrer-Policy"] == "same-origin"  # the link never leaves the site
    done = guest.post(
        link, {"new_password1": "tide-lantern-42", "new_password2": "tide-lantern-42"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert "rita" in guest.get(reverse("home")).text
    assert Client().login(username="rita", password="tide-lantern-42")

    # Spent: the link works once.
    again = Client().get(link)
    assert again.status_code == 404 and "no longer works" in again.text


def test_a_weak_or_mismatched_password_is_refused_on_the_invitation_page(curator_client):
    response = curator_client.post(
        reverse("people"), {"username": "otto", "role": "reviewer", "how": "link"}
    )
    link = _link(response.text)
    refused = Client().post(link, {"new_password1": "otto", "new_password2": "otto"})
    assert refused.status_code == 400
    assert not User.objects.get(username="otto").has_usable_password()
    mismatch = Client().post(link, {"new_password1": "tide-lantern-42", "new_password2": "x"})
    assert mismatch.status_code == 400


def test_a_made_up_or_tampered_link_is_not_found(curator_client):
    curator_client.post(reverse("people"), {"username": "otto", "role": "reviewer", "how": "link"})
    otto = User.objects.get(username="otto")
    for uid, token in (("MQ", "bad-token"), ("!!", "x"), ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "x")):
        assert Client().get(reverse("invitation", args=[uid, token])).status_code == 404
    assert not User.objects.get(pk=otto.pk).has_usable_password()


def test_an_admin_made_with_a_password_shown_once_can_log_in(curator_client):
    response = curator_client.post(
        reverse("people"), {"username": "bea", "email": "bea@example.org", "role": "admin",
                            "how": "password"},
    )  # fmt: skip
    password = _password(response.text)
    bea = User.objects.get(username="bea")
    assert bea.is_staff and bea.email == "bea@example.org"
    assert Client().login(username="bea", password=password)
    assert password not in curator_client.get(reverse("people")).text


def test_a_username_taken_in_any_case_is_refused(curator_client):
    response = curator_client.post(
        reverse("people"), {"username": "ADA", "role": "reviewer", "how": "link"}
    )
    assert response.status_code == 400
    assert "There is already an account “ADA”." in response.text
    assert User.objects.count() == 1


def test_roles_change_and_an_admin_cannot_demote_themselves(curator_client, curator):
    rita = UserFactory.create(username="rita")
    curator_client.post(reverse("person-role", args=[rita.pk]), {"role": "admin"})
    assert User.objects.get(pk=rita.pk).is_staff
    curator_client.post(reverse("person-role", args=[rita.pk]), {"role": "reviewer"})
    assert not User.objects.get(pk=rita.pk).is_staff

    response = curator_client.post(
        reverse("person-role", args=[curator.pk]), {"role": "reviewer"}, follow=True
    )
    assert "You can&#x27;t change your own role or access" in response.text
    assert User.objects.get(pk=curator.pk).is_staff


def test_a_staff_admin_cannot_change_a_superuser(curator_client):
    root = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    response = curator_client.post(
        reverse("person-active", args=[root.pk]), {"active": "0"}, follow=True
    )
    assert "only a superuser may change them" in response.text
    assert User.objects.get(pk=root.pk).is_active


def test_deactivating_ends_sessions_and_refuses_login_and_tokens(curator_client):
    rita = UserFactory.create(username="rita")
    browser = Client()
    assert browser.login(username="rita", password=PASSWORD)
    _, token = token_create(user=rita, name="notebook")
    assert UserSession.objects.filter(user=rita).exists()

    response = curator_client.post(
        reverse("person-active", args=[rita.pk]), {"active": "0"}, follow=True
    )
    assert "Deactivated rita: 1 session ended" in response.text
    assert not UserSession.objects.filter(user=rita).exists()
    assert browser.get(reverse("home")).status_code == 302  # to the login page
    assert not Client().login(username="rita", password=PASSWORD)
    api = Client().get(reverse("api-token-list"), headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401

    curator_client.post(reverse("person-active", args=[rita.pk]), {"active": "1"})
    assert Client().login(username="rita", password=PASSWORD)


def test_a_new_password_signs_the_account_out_everywhere(curator_client):
    rita = UserFactory.create(username="rita")
    browser = Client()
    assert browser.login(username="rita", password=PASSWORD)
    response = curator_client.post(reverse("person-sign-in", args=[rita.pk]), {"how": "password"})
    password = _password(response.text)
    assert browser.get(reverse("home")).status_code == 302
    assert Client().login(username="rita", password=password)


def test_a_reviewer_added_from_the_campaign_form_joins_the_campaign(curator_client):
    campaign = CampaignFactory.create(name="Spring audit")
    form = curator_client.get(reverse("campaign-edit", args=[campaign.pk])).text
    assert reverse("campaign-reviewer-add", args=[campaign.pk]) in form

    response = curator_client.post(
        reverse("campaign-reviewer-add", args=[campaign.pk]),
        {"username": "nia", "email": "", "how": "password"},
    )
    assert response.status_code == 200
    assert "nia reviews in “Spring audit”" in response.text
    nia = User.objects.get(username="nia")
    assert list(campaign.reviewers.all()) == [nia] and not nia.is_staff
    assert Client().login(username="nia", password=_password(response.text))

    refused = curator_client.post(
        reverse("campaign-reviewer-add", args=[campaign.pk]), {"username": "no spaces"}
    )
    assert refused.status_code == 400
    assert campaign.reviewers.count() == 1


def test_the_people_page_lists_accounts_with_escaped_names(curator_client):
    campaign = CampaignFactory.create(name="<b>Audit</b>")
    rita = UserFactory.create(username="rita", email="r@example.org")
    campaign.reviewers.add(rita)
    UserFactory.create(username="gone", is_active=False)
    page = curator_client.get(reverse("people")).text
    assert "&lt;b&gt;Audit&lt;/b&gt;" in page and "<b>Audit</b>" not in page
    assert "r@example.org" in page and "deactivated" in page


def test_the_people_page_costs_the_same_queries_however_many_people(curator_client):
    def load() -> int:
        return count_queries(lambda: curator_client.get(reverse("people")))

    campaign = CampaignFactory.create()
    campaign.reviewers.add(UserFactory.create())
    few = load()
    for n in range(15):
        other = CampaignFactory.create(name=f"C{n}")
        other.reviewers.add(UserFactory.create(username=f"r{n}"))
    assert load() == few
    assert few <= 4


def test_reviewers_get_403_on_every_people_page(reviewer_client, reviewer):
    campaign = CampaignFactory.create()
    gets = [reverse("people"), reverse("campaign-reviewer-add", args=[campaign.pk])]
    posts = [
        (reverse("people"), {"username": "x", "role": "admin", "how": "link"}),
        (reverse("person-role", args=[reviewer.pk]), {"role": "admin"}),
        (reverse("person-active", args=[reviewer.pk]), {"active": "0"}),
        (reverse("person-sign-in", args=[reviewer.pk]), {"how": "password"}),
        (reverse("campaign-reviewer-add", args=[campaign.pk]), {"username": "x", "how": "link"}),
    ]
    for url in gets:
        assert reviewer_client.get(url).status_code == 403
    for url, data in posts:
        assert reviewer_client.post(url, data).status_code == 403
    assert User.objects.get(pk=reviewer.pk).is_staff is False
    assert not User.objects.filter(username="x").exists()


def test_people_writes_need_the_csrf_token(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    rita = UserFactory.create(username="rita")
    campaign = CampaignFactory.create()
    posts = [
        (reverse("people"), {"username": "x", "role": "admin", "how": "link"}),
        (reverse("person-role", args=[rita.pk]), {"role": "admin"}),
        (reverse("person-active", args=[rita.pk]), {"active": "0"}),
        (reverse("person-sign-in", args=[rita.pk]), {"how": "password"}),
        (reverse("campaign-reviewer-add", args=[campaign.pk]), {"username": "x", "how": "link"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert User.objects.get(pk=rita.pk).is_active and not User.objects.get(pk=rita.pk).is_staff
