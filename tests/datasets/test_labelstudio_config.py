"""The Label Studio export arrives with its labeling config: a second download on the exports
page, an API endpoint, and a file beside the export written by ``export_labels``."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.datasets.labelstudio import LABEL_CONFIG
from tests.factories import PASSWORD, UserFactory
from tests.queries import count_queries


@pytest.fixture
def admin(db):
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def admin_client(admin) -> Client:
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


def test_exports_page_links_the_labeling_config_and_it_downloads(admin_client):
    page = admin_client.get(reverse("exports")).content.decode()
    url = reverse("export-labelstudio-config")
    assert f'href="{url}"' in page

    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="label_studio_config.xml"'
    assert response.content.decode() == LABEL_CONFIG
    # The session and its user: nothing else.
    assert count_queries(lambda: admin_client.get(url)) <= 2


def test_labeling_config_is_for_admins_only(client, reviewer_client):
    url = reverse("export-labelstudio-config")
    assert client.get(url).status_code == 302  # to the login page
    assert reviewer_client.get(url).status_code == 403
    api = APIClient()
    assert api.get("/api/exports/labelstudio-config/").status_code == 401


def test_api_serves_the_labeling_config(admin):
    api = APIClient()
    api.force_login(admin)
    response = api.get("/api/exports/labelstudio-config/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.decode() == LABEL_CONFIG
    assert count_queries(lambda: api.get("/api/exports/labelstudio-config/"), warm=True) <= 2


@pytest.mark.django_db
def test_command_writes_the_labeling_config_beside_the_export(tmp_path, settled, capsys):
    path = tmp_path / "tasks.json"
    call_command("export_labels", "--format", "labelstudio", "-o", str(path))
    config = tmp_path / "tasks.label_config.xml"
    assert config.read_text(encoding="utf-8") == LABEL_CONFIG
    assert str(config) in capsys.readouterr().out
    assert json.loads(path.read_text(encoding="utf-8"))
    # Other formats need none.
    call_command("export_labels", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert not (tmp_path / "x.label_config.xml").exists()
