from __future__ import annotations

import re

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
