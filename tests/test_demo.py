from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from annotator.campaigns.adjudication import DisagreementFilter, disagreements
from annotator.models import Campaign, GoldLabel
from articles.models import Article


@pytest.mark.django_db
def test_demo_loads_articles_a_campaign_and_working_logins(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out

    logins = dict(re.findall(r"^\s+(\w+)\s+password: (\S+)$", out, re.MULTILINE))
    assert set(logins) == {"reviewer", "admin"}
    reviewer = authenticate(username="reviewer", password=logins["reviewer"])
    admin = authenticate(username="admin", password=logins["admin"])
    assert reviewer is not None and not reviewer.is_staff
    assert admin is not None and admin.is_staff
    campaign = Campaign.objects.get(name="Demo campaign")
    assert campaign.articles.count() == Article.objects.count() >= 4
    assert set(campaign.reviewers.values_list("username", flat=True)) == {"reviewer", "admin"}
    assert campaign.reviews_per_article == 2


@pytest.mark.django_db
def test_demo_pilot_gives_admins_agreement_figures_and_disagreements_to_settle(capsys):
    call_command("load_demo")
    pilot = Campaign.objects.get(name="Pilot study")
    assert pilot.reviews.filter(status="submitted").count() == 2 * pilot.articles.count()
    assert GoldLabel.objects.filter(campaign=pilot, method="unanimous").exists()
    narrow = DisagreementFilter()
    assert disagreements(campaign=pilot, narrow=narrow).exists()
    reviewer = get_user_model().objects.get(username="reviewer")
    assert not Campaign.objects.filter(reviewers=reviewer, name="Pilot study").exists()


@pytest.mark.django_db
def test_loading_the_demo_twice_keeps_one_copy(capsys):
    call_command("load_demo")
    count = Article.objects.count()
    call_command("load_demo")
    assert Article.objects.count() == count
    assert Campaign.objects.count() == 2


def _logins(out: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\w+)\s+password: (\S+)$", out, re.MULTILINE))


@pytest.mark.django_db
def test_loading_the_demo_again_keeps_the_passwords_and_says_how_to_reset_them(capsys):
    call_command("load_demo")
    first = _logins(capsys.readouterr().out)
    call_command("load_demo")
    out = capsys.readouterr().out
    assert _logins(out) == {}
    assert "reviewer  exists: its password is unchanged" in out
    assert "load_demo --reset-passwords" in out and "changepassword" in out
    assert authenticate(username="admin", password=first["admin"]) is not None
    call_command("load_demo", "--reset-passwords")
    again = _logins(capsys.readouterr().out)
    assert set(again) == {"reviewer", "admin"} and again["admin"] != first["admin"]
    assert authenticate(username="admin", password=again["admin"]) is not None
    assert authenticate(username="admin", password=first["admin"]) is None


@pytest.mark.django_db
def test_the_demo_prints_the_address_on_the_port_it_is_served_on(capsys, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    call_command("load_demo")
    assert "Log in at http://127.0.0.1:8123/" in capsys.readouterr().out


def test_make_demo_says_each_step_and_serves_on_the_port_asked_for():
    """``make demo PORT=8123``, dry run from scratch (-B): an echo before each slow step."""
    root = Path(__file__).resolve().parent.parent
    plan = subprocess.run(
        ["make", "-n", "-B", "demo", "PORT=8123"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    steps = [
        "Installing dependencies (first run takes a few minutes)",
        "Setting up the database",
        "Loading the demo articles",
        "http://127.0.0.1:8123/",
        "runserver 127.0.0.1:8123",
    ]
    at = [plan.index(step) for step in steps]
    assert at == sorted(at)
    assert plan.index("pip install") > at[0] and "--port 8123" in plan
