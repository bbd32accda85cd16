import pytest
from playwright.sync_api import expect
from tests.browser.helpers import log_in
from tests.factories import UserFactory
pytestmark = pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", [False, True])
def test_x(page, route):
    UserFactory(username="ada", is_staff=True, is_superuser=True)
    if route:
        page.context.route("**/favicon.ico", lambda r: (print("FAVICON", r.request.url), r.fulfill(status=204)))
    log_in(page, "ada")
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
