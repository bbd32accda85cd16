"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis): as an
admin and as a reviewer, no generated request may end in a server error. The number of
examples per operation is bounded so CI stays quick (API_FUZZ_EXAMPLES, default 10)."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from annotator.accounts.tokens import token_create
from annotator.models import Campaign, Review
from tests.factories import UserFactory, make_article

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))


# Generated once in this process (as the schema view would, which needs a signed-in caller
# and so the database), then called through the app itself.
app = get_wsgi_application()
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
)
schema.app = app


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the app's requests must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _bearer(role: str) -> dict[str, str]:
    """Some data for the generated requests to meet, and a token for the caller."""
    admin = UserFactory.create(username="fuzz-admin", is_staff=True)
    reviewer = UserFactory.create(username="fuzz-reviewer")
    campaign = Campaign.objects.create(name="Fuzz", reviews_per_article=2)
    campaign.reviewers.add(reviewer)
    article = make_article(sentences=4, title="Fuzz article")
    campaign.articles.add(article)
    Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    user = admin if role == "admin" else reviewer
    _, secret = token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin_bearer(db) -> dict[str, str]:
    return _bearer("admin")


@pytest.fixture
def reviewer_bearer(db) -> dict[str, str]:
    return _bearer("reviewer")


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)  # fmt: skip


@schema.parametrize()
@FUZZ
def test_no_request_of_an_admin_ends_in_a_server_error(case, admin_bearer):
    case.validate_response(case.call(headers=admin_bearer), checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_no_request_of_a_reviewer_ends_in_a_server_error(case, reviewer_bearer):
    case.validate_response(case.call(headers=reviewer_bearer), checks=[not_a_server_error])
