"""Fixtures for the import pages: uploads in a temporary folder, and a logged-in curator."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def curator(db):
    return UserFactory.create(username="curator", is_staff=True)


@pytest.fixture
def admin_client(client, curator):
    client.force_login(curator)
    return client
