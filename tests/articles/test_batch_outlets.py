"""Saying when articles would have no outlet, and setting the outlet of a batch or of chosen
articles afterwards: on the batch page, in the Django admin and through the service."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotator.analysis.reports import ReportFilter
from annotator.analysis.selectors import outlet_shares
from annotator.models import GoldLabel
from articles import selectors, services
from articles.models import Article, ImportBatch, Outlet
from tests.articles.inputs import write
from tests.factories import CampaignFactory, OutletFactory, UserFactory, make_article
from tests.queries import count_queries

PAGE = """Harbour tunnel opens two years late
The tunnel cost twice its budget, auditors say.
By Lena Park
The harbour tunnel opened to traffic on Monday, two years behind schedule, the city said.
Auditors found that it cost 1.9 billion dollars, almost twice the budget approved in 2019.
"We are relieved to finally see cars in it," said the mayor, Ines Carvalho. Drivers were less kind.
"""
NAMED = PAGE + "© 2026 The Harbour Herald. All rights reserved.\n"


@pytest.fixture
def batch(db) -> ImportBatch:
    return ImportBatch.objects.create(source_name="page.txt", source_format="text", status="done")


def stored(batch: ImportBatch, count: int, **fields) -> list[Article]:
    start = batch.articles.count()
    return [
        make_article(
            title=f"Story {n}", sentences=3, batch=batch, text=f"Story {n} body. " * 3, **fields
        )
        for n in range(start, start + count)
    ]


def outlets(batch: ImportBatch) -> dict[str, str | None]:
    return dict(batch.articles.values_list("title", "outlet__name"))


# Saying so before anything is stored --------------------------------------------------------


def _preview(admin_client, **data) -> ImportBatch:
    response = admin_client.post(reverse("import-list"), data)
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@pytest.mark.django_db
def test_preview_warns_how_many_articles_would_have_no_outlet(admin_client):
    batch = _preview(admin_client, pasted=PAGE)

    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text

    assert batch.preview["no_outlet"] == 1
    assert "1 of 1 article would be stored with no outlet" in page
    assert "Outlet field" in page and "set the outlet on this page afterwards" in page


@pytest.mark.django_db
def test_preview_does_not_warn_when_the_page_or_the_form_names_the_outlet(admin_client):
    named = _preview(admin_client, pasted=NAMED)
    given = _preview(admin_client, pasted=PAGE, outlet="Harbour Herald")

    named_page = admin_client.get(reverse("import-detail", args=[named.pk])).text
    given_page = admin_client.get(reverse("import-detail", args=[given.pk])).text

    assert "no outlet" not in named_page
    assert "<td>The Harbour Herald</td>" in named_page
    assert "no outlet" not in given_page


@pytest.mark.django_db
def test_dry_run_says_which_articles_have_no_outlet_and_what_to_do(tmp_path, capsys):
    path = write(tmp_path, "page.txt", PAGE)

    call_command("import_articles", str(path), "--dry-run", verbosity=0)
    out = capsys.readouterr().out

    assert "'Harbour tunnel opens two years late': 5 sentences, by Lena Park, no outlet" in out
    assert "1 article has no outlet: give --outlet NAME, or set it later on the batch page." in out


@pytest.mark.django_db
def test_dry_run_names_the_outlet_and_stays_quiet_when_every_article_has_one(tmp_path, capsys):
    call_command("import_articles", str(write(tmp_path, "a.txt", NAMED)), "--dry-run", verbosity=0)
    call_command(
        "import_articles", str(write(tmp_path, "b.txt", PAGE)), "--dry-run", "--outlet", "Bugle",
        verbosity=0,
    )  # fmt: skip
    out = capsys.readouterr().out

    assert "by Lena Park, outlet The Harbour Herald" in out
    assert "by Lena Park, outlet Bugle" in out
    assert "no outlet" not in out


@pytest.mark.django_db
def test_import_says_how_many_stored_articles_have_no_outlet_and_where_to_set_it(tmp_path, capsys):
    call_command("import_articles", str(write(tmp_path, "page.txt", PAGE)), verbosity=0)
    out = capsys.readouterr().out

    batch = ImportBatch.objects.get()
    url = reverse("import-detail", args=[batch.pk])
    assert f"1 article has no outlet: set it on the batch page, {url}" in out

    later = NAMED.replace("on Monday", "on Tuesday")
    call_command("import_articles", str(write(tmp_path, "named.txt", later)), verbosity=0)
    assert "no outlet" not in capsys.readouterr().out
    assert Article.objects.get(outlet__isnull=False).outlet.name == "The Harbour Herald"


# Setting it afterwards -----------------------------------------------------------------------


@pytest.mark.django_db
def test_service_sets_and_clears_the_outlet_creating_it_once(batch):
    first, second = stored(batch, 2)

    assert services.articles_set_outlet(articles=[first.pk], outlet_name=" Metro  Ledger ") == 1
    assert services.articles_set_outlet(articles=batch.articles.all(), outlet_name="metro ledger")
    assert Outlet.objects.get().name == "Metro Ledger"
    assert set(outlets(batch).values()) == {"Metro Ledger"}

    assert services.articles_set_outlet(articles=[second.pk], outlet_name="") == 1
    assert outlets(batch) == {"Story 0": "Metro Ledger", "Story 1": None}


@pytest.mark.django_db
def test_outlets_named_in_other_scripts_stay_apart(batch):
    first, second, third = stored(batch, 3)

    services.articles_set_outlet(articles=[first.pk], outlet_name="Коммерсантъ")
    services.articles_set_outlet(articles=[second.pk], outlet_name="Известия")
    services.articles_set_outlet(articles=[third.pk], outlet_name=" коммерсантъ ")
    assert outlets(batch) == {
        "Story 0": "Коммерсантъ", "Story 1": "Известия", "Story 2": "Коммерсантъ",
    }  # fmt: skip
    assert Outlet.objects.count() == 2


@pytest.mark.django_db
def test_batch_page_lists_its_articles_and_how_many_have_no_outlet(admin_client, batch):
    stored(batch, 2)
    make_article(
        title="<script>alert(1)</script>", batch=batch, outlet=OutletFactory.create(name="Bugle")
    )

    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text

    assert "2 of 3 articles have no outlet" in page
    assert "Outlet of every article in this batch" in page
    assert 'name="articles" value="' in page and "Set outlet of the chosen articles" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


@pytest.mark.django_db
def test_admin_sets_the_outlet_of_a_whole_batch_and_reports_show_it(admin_client, batch):
    articles = stored(batch, 3)
    other = make_article(title="Elsewhere", sentences=2)
    campaign = CampaignFactory.create()
    campaign.articles.add(*articles)
    GoldLabel.objects.bulk_create(
        GoldLabel(campaign=campaign, sentence=sentence, value="sourced", method="adjudicated")
        for article in articles
        for sentence in article.sentences.all()
    )
    assert [row.name for row in outlet_shares(ReportFilter())] == ["No outlet"]

    response = admin_client.post(
        reverse("import-outlet", args=[batch.pk]), {"outlet": "Harbour Herald"}, follow=True
    )

    assert response.redirect_chain == [(reverse("import-detail", args=[batch.pk]), 302)]
    assert "Set the outlet of 3 articles to “Harbour Herald”." in response.text
    assert set(outlets(batch).values()) == {"Harbour Herald"}
    assert Article.objects.get(pk=other.pk).outlet is None
    assert [row.name for row in outlet_shares(ReportFilter())] == ["Harbour Herald"]


@pytest.mark.django_db
def test_admin_sets_and_clears_the_outlet_of_chosen_articles(admin_client, batch):
    one, _two, three = stored(batch, 3)
    elsewhere = make_article(title="Other batch", sentences=2)
    url = reverse("import-articles-outlet", args=[batch.pk])

    response = admin_client.post(
        url, {"articles": [one.pk, three.pk, elsewhere.pk], "outlet": "Bugle"}, follow=True
    )

    assert "Set the outlet of 2 articles to “Bugle”." in response.text
    assert outlets(batch) == {"Story 0": "Bugle", "Story 1": None, "Story 2": "Bugle"}
    assert Article.objects.get(pk=elsewhere.pk).outlet is None

    response = admin_client.post(url, {"articles": [three.pk], "outlet": "", "page": "2"})
    assert response["Location"] == reverse("import-detail", args=[batch.pk]) + "?page=2#articles"
    assert outlets(batch) == {"Story 0": "Bugle", "Story 1": None, "Story 2": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chosen", "error"),
    [([], "Choose at least one article."), (["99999999999999999999999"], "Not an article id")],
)
def test_choosing_nothing_or_nonsense_changes_nothing_and_says_why(
    admin_client, batch, chosen, error
):
    stored(batch, 2)
    response = admin_client.post(
        reverse("import-articles-outlet", args=[batch.pk]),
        {"articles": chosen, "outlet": "Bugle"},
        follow=True,
    )
    assert error in response.text
    assert set(outlets(batch).values()) == {None}


@pytest.mark.django_db
def test_outlet_of_an_import_not_yet_stored_cannot_be_set(admin_client):
    waiting = ImportBatch.objects.create(source_name="x", source_format="text", status="preview")
    response = admin_client.post(reverse("import-outlet", args=[waiting.pk]), {"outlet": "B"})
    assert response.status_code == 404
    assert not Outlet.objects.exists()


@pytest.mark.django_db
def test_reviewers_cannot_set_outlets(reviewer_client, batch):
    (article,) = stored(batch, 1)
    for url, data in [
        (reverse("import-outlet", args=[batch.pk]), {"outlet": "Bugle"}),
        (reverse("import-articles-outlet", args=[batch.pk]), {"articles": [article.pk],
                                                               "outlet": "Bugle"}),
    ]:  # fmt: skip
        assert reviewer_client.post(url, data).status_code == 403
    assert reviewer_client.get(reverse("import-detail", args=[batch.pk])).status_code == 403
    assert outlets(batch) == {"Story 0": None}
    assert not Outlet.objects.exists()


@pytest.mark.django_db
def test_setting_outlets_needs_the_csrf_token(curator, batch):
    (article,) = stored(batch, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)

    for url, data in [
        (reverse("import-outlet", args=[batch.pk]), {"outlet": "Bugle"}),
        (reverse("import-articles-outlet", args=[batch.pk]), {"articles": [article.pk],
                                                               "outlet": "Bugle"}),
    ]:  # fmt: skip
        assert client.post(url, data).status_code == 403
    assert outlets(batch) == {"Story 0": None}


@pytest.mark.django_db
def test_batch_article_list_pages_through_a_large_batch(batch):
    stored(batch, 5)

    first = selectors.batch_articles(batch=batch, per_page=2)
    last = selectors.batch_articles(batch=batch, page=99, per_page=2)

    assert [a.title for a in first.articles] == ["Story 0", "Story 1"]
    assert (first.pages, first.previous, first.next) == (3, None, 2)
    assert [a.title for a in last.articles] == ["Story 4"]
    assert (last.page, last.next) == (3, None)
    assert [a.sentence_count for a in first.articles] == [3, 3]
    assert (first.counts.articles, first.counts.no_outlet) == (5, 5)


@pytest.mark.django_db
def test_batch_page_and_outlet_changes_cost_a_fixed_number_of_queries(admin_client, batch):
    bugle = OutletFactory.create(name="Bugle", slug="bugle")
    stored(batch, 2, outlet=bugle)
    detail = partial(admin_client.get, reverse("import-detail", args=[batch.pk]))
    whole = partial(
        admin_client.post, reverse("import-outlet", args=[batch.pk]), {"outlet": "Bugle"}
    )

    def chosen():
        ids = list(batch.articles.values_list("pk", flat=True))
        return partial(
            admin_client.post,
            reverse("import-articles-outlet", args=[batch.pk]),
            {"articles": ids, "outlet": "Bugle"},
        )

    before = (
        count_queries(detail, expect=(200, 302)),
        count_queries(whole, expect=(200, 302)),
        count_queries(chosen(), expect=(200, 302)),
    )
    stored(batch, 6, outlet=OutletFactory.create(name="Planet", slug="planet"))
    stored(batch, 2)
    assert (
        count_queries(detail, expect=(200, 302)),
        count_queries(whole, expect=(200, 302)),
        count_queries(chosen(), expect=(200, 302)),
    ) == before
    assert before[0] == 4  # the session, the user, the batch, its counts, its page of articles


# The Django admin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_django_admin_action_asks_for_the_outlet_then_sets_it(client, batch):
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    one, two, _three = stored(batch, 3)
    changelist = reverse("admin:articles_article_changelist")
    chosen = {"action": "set_outlet", "_selected_action": [one.pk, two.pk]}

    asked = client.post(changelist, {**chosen, "index": "0"})

    assert asked.status_code == 200
    assert "Set the outlet of the chosen articles" in asked.text
    assert "Story 0" in asked.text and "Story 2" not in asked.text

    applied = {**chosen, "outlet": "Bugle", "apply": "Set outlet"}
    done = client.post(changelist, applied, follow=True)

    assert "Set the outlet of 2 articles to “Bugle”." in done.text
    assert outlets(batch) == {"Story 0": "Bugle", "Story 1": "Bugle", "Story 2": None}
