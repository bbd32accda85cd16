"""Never lose real text silently: every dropped line is stored, shown, and can be kept."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles.ingest.drafts import DroppedLine
from articles.models import Article, ImportBatch, Sentence
from articles.services import DROPPED_STORED, dropped_records
from tests.queries import count_queries

PAGE_PATH = Path(__file__).parent / "pages" / "riverside-gazette-front.txt"
PAGE = PAGE_PATH.read_text()
FERRY = "Ferry service to resume after winter repairs"
MARKET = "Market hall roof to be replaced this summer"
CREDIT = "Photo: Harbour Authority"  # line 14, between the ferry story's paragraphs
HOSTILE = '<script>alert("menu")</script>'  # line 3, in the menu above the first story


def preview(admin_client, page: str = PAGE) -> ImportBatch:
    response = admin_client.post(reverse("import-list"), {"pasted": page})
    assert response.status_code == 302
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def choose(admin_client, batch, follow=False, **choices):
    return admin_client.post(reverse("import-choices", args=[batch.pk]), choices, follow=follow)


def confirm(admin_client, batch: ImportBatch) -> ImportBatch:
    admin_client.post(reverse("import-start", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "done", batch.errors
    return batch


def page_of(admin_client, batch: ImportBatch) -> str:
    response = admin_client.get(reverse("import-detail", args=[batch.pk]))
    assert response.status_code == 200
    return response.text


# The command


@pytest.mark.django_db
def test_command_stores_dropped_lines_on_the_batch_and_says_how_many(capsys):
    call_command("import_articles", str(PAGE_PATH), verbosity=0)

    batch = ImportBatch.objects.get()
    assert {
        "source": str(PAGE_PATH),
        "line": 14,
        "text": CREDIT,
        "reason": "a picture or source credit",
    } in batch.dropped
    assert [record["line"] for record in batch.dropped][:5] == [1, 2, 3, 4, 5]
    assert all(record["reason"] for record in batch.dropped)
    out = capsys.readouterr().out
    assert (
        f"Dropped {len(batch.dropped)} lines as boilerplate from {PAGE_PATH} "
        "(--show-dropped lists them)." in out
    )
    assert CREDIT not in out


@pytest.mark.django_db
def test_show_dropped_lists_each_line_with_its_number_and_reason(capsys):
    call_command("import_articles", str(PAGE_PATH), "--show-dropped", verbosity=0)

    out = capsys.readouterr().out
    assert f"Dropped {len(ImportBatch.objects.get().dropped)} lines as boilerplate from" in out
    assert f"  line 14: {CREDIT} — a picture or source credit\n" in out
    assert "  line 20: Read more — marks the end of an article\n" in out


@pytest.mark.django_db
def test_keep_line_puts_the_dropped_line_into_the_article_at_its_place(capsys):
    call_command("import_articles", str(PAGE_PATH), "--keep-line", f"{PAGE_PATH}:14", verbosity=0)

    ferry = Article.objects.get(title=FERRY)
    assert f"on weekdays.\n\n{CREDIT}\n\nThe repairs cost" in ferry.body
    assert ferry.sentences.filter(text=CREDIT).exists()
    assert 14 not in [record["line"] for record in ImportBatch.objects.get().dropped]


@pytest.mark.django_db
def test_leave_out_stores_the_other_articles_and_records_why(capsys):
    call_command("import_articles", str(PAGE_PATH), "--leave-out", "7", verbosity=0)

    assert list(Article.objects.values_list("title", flat=True)) == [MARKET]
    left_out = [
        r for r in ImportBatch.objects.get().dropped if r["reason"] == "left out with --leave-out"
    ]
    assert [r["line"] for r in left_out][:2] == [7, 8]
    assert left_out[0]["text"] == FERRY


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "error"),
    [
        (
            ["--leave-out", "8"],
            "no text-page article's title is on line 8 (titles are on lines 7, 22)",
        ),
        (["--keep-line", "nowhere.txt:14"], "expected SOURCE:LINE"),
    ],
)
def test_choices_that_match_nothing_are_refused_and_nothing_is_stored(option, error):
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("import_articles", str(PAGE_PATH), *option, verbosity=0)
    assert not Article.objects.exists()


def test_a_batch_stores_a_capped_list_and_counts_the_rest():
    lines = [DroppedLine("a.txt", n, "Share", "site furniture phrasing") for n in range(1, 5003)]

    records = dropped_records(lines)

    assert len(records) == DROPPED_STORED + 1
    assert records[0] == {
        "source": "a.txt",
        "line": 1,
        "text": "Share",
        "reason": "site furniture phrasing",
    }
    assert records[-1] == {"more": 2, "total": 5002}


# The web preview


@pytest.mark.django_db
def test_preview_shows_each_sentence_and_the_dropped_lines_in_place(admin_client):
    page = page_of(admin_client, preview(admin_client))

    assert '<span class="sentence">Boats will run every 30 minutes on weekdays.</span>' in page
    assert '<em class="tag">Standfirst</em>' in page
    menu = page.index("line 2: Home")
    first_title = page.index(f"<h4>{FERRY}</h4>")
    credit = page.index(f"line 14: {CREDIT}")
    repairs = page.index("The repairs cost 3.1 million dollars")
    second_title = page.index(f"<h4>{MARKET}</h4>")
    after = page.index("line 37: Copyright 2026 Riverside Gazette")
    assert menu < first_title < credit < repairs < second_title < after
    assert "— a picture or source credit" in page
    assert 'name="keep" value="0:14"' in page
    assert 'name="leave_out" value="0:7"' in page
    assert "Dropped 11 lines in all" in page


@pytest.mark.django_db
def test_keeping_a_dropped_line_in_the_preview_imports_it_at_its_place(admin_client):
    batch = preview(admin_client)

    response = choose(admin_client, batch, keep=["0:14"])

    assert response.status_code == 302
    assert response["Location"].endswith("#import-preview")
    page = page_of(admin_client, batch)
    assert f'<span class="sentence">{CREDIT}</span>' in page
    assert 'name="keep" value="0:14" checked' in page
    assert "Dropped 10 lines in all" in page
    batch = confirm(admin_client, batch)
    ferry = Article.objects.get(title=FERRY)
    assert f"on weekdays.\n\n{CREDIT}\n\nThe repairs cost" in ferry.body
    sentence = Sentence.objects.get(article=ferry, text=CREDIT)
    assert ferry.body[sentence.start : sentence.end] == CREDIT
    assert 14 not in [record["line"] for record in batch.dropped]


@pytest.mark.django_db
def test_leaving_an_article_out_in_the_preview_stores_the_others_only(admin_client):
    batch = preview(admin_client)

    choose(admin_client, batch, leave_out=["0:7"])

    page = page_of(admin_client, batch)
    assert "Import 1 article<" in page
    assert 'name="leave_out" value="0:7" checked' in page
    assert "Boats will run every 30 minutes" not in page
    batch = confirm(admin_client, batch)
    assert list(Article.objects.values_list("title", flat=True)) == [MARKET]
    assert {
        "source": "pasted text",
        "line": 7,
        "text": FERRY,
        "reason": "left out in the preview",
    } in batch.dropped


@pytest.mark.django_db
def test_choices_replace_earlier_ones(admin_client):
    batch = preview(admin_client)
    choose(admin_client, batch, keep=["0:14"], leave_out=["0:22"])

    choose(admin_client, batch)  # every box unticked

    batch.refresh_from_db()
    assert batch.preview["choices"] == {}
    assert batch.preview["article_total"] == 2


@pytest.mark.django_db
def test_leaving_every_article_out_is_refused_and_changes_nothing(admin_client):
    batch = preview(admin_client)
    before = batch.preview

    response = choose(admin_client, batch, leave_out=["0:7", "0:22"], follow=True)

    assert "every article is left out" in response.text
    batch.refresh_from_db()
    assert batch.preview == before


@pytest.mark.django_db
def test_with_htmx_applying_choices_swaps_the_preview_in_place(admin_client):
    batch = preview(admin_client)

    response = admin_client.post(
        reverse("import-choices", args=[batch.pk]), {"keep": ["0:14"]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="import-preview"')
    assert "<html" not in response.text
    assert 'name="keep" value="0:14" checked' in response.text


@pytest.mark.django_db
def test_a_bad_choice_value_is_refused(admin_client):
    batch = preview(admin_client)
    response = choose(admin_client, batch, keep=["0:14; DROP"], follow=True)
    assert "Not a line of an input" in response.text
    batch.refresh_from_db()
    assert "choices" not in batch.preview or batch.preview["choices"] == {}


@pytest.mark.django_db
def test_reviewers_cannot_apply_choices(reviewer_client, admin_client):
    batch = preview(admin_client)
    before = batch.preview

    response = reviewer_client.post(
        reverse("import-choices", args=[batch.pk]), {"leave_out": ["0:7"]}
    )

    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.preview == before


@pytest.mark.django_db
def test_applying_choices_needs_the_csrf_token(curator, admin_client):
    batch = preview(admin_client)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(curator)

    response = strict.post(reverse("import-choices", args=[batch.pk]), {"leave_out": ["0:7"]})

    assert response.status_code == 403
    batch.refresh_from_db()
    assert "choices" not in batch.preview or batch.preview["choices"] == {}


def front_page(stories: int) -> str:
    """A page of ``stories`` stories, each with a credit line and a "Read more" dropped."""
    names = ["Ana Lane", "Ben Ortiz", "Cleo Marsh", "Dev Patel", "Eve Novak", "Finn Haas"]
    parts = ["CITY BEACON", "Home", "News", "Sport", ""]
    for n in range(stories):
        parts += [
            f"Council approves road budget for district {n + 1}",
            f"The plan passed by 30 votes to 9 after a debate of {n + 2} hours.",
            names[n % len(names)],
            f"{n % 20 + 1} March 2026",
            "",
            f"The council approved the road budget for district {n + 1} on Tuesday after a long "
            "debate. Members voted 30 to 9 in favour of the plan.",
            "",
            "Photo: City Beacon",
            "",
            f"The budget adds {n + 3} million dollars for road repairs, the finance office said. "
            "Critics said it does too little for buses.",
            "",
            "Read more",
            "",
        ]
    return "\n".join(parts)


@pytest.mark.django_db
def test_preview_page_costs_the_same_queries_however_many_articles_and_dropped_lines(
    admin_client,
):
    small = preview(admin_client, front_page(1))
    large = preview(admin_client, front_page(12))
    assert large.preview["article_total"] > small.preview["article_total"]
    assert large.preview["dropped_total"] > small.preview["dropped_total"] + 10

    counts = [
        count_queries(partial(admin_client.get, reverse("import-detail", args=[batch.pk])))
        for batch in (small, large)
    ]

    assert counts[0] == counts[1] == 2


@pytest.mark.django_db
def test_batch_page_lists_dropped_lines_by_source_at_a_fixed_cost(admin_client):
    batch = confirm(admin_client, preview(admin_client))

    detail = partial(admin_client.get, reverse("import-detail", args=[batch.pk]))
    page = detail().text

    assert f"Dropped {len(batch.dropped)} lines as boilerplate" in page
    assert "<details" in page and "<h3>pasted text</h3>" in page
    assert f'<td>{CREDIT}</td><td class="muted">a picture or source credit</td>' in page
    before = count_queries(detail)
    batch.dropped = batch.dropped * 20
    batch.save()
    assert count_queries(detail) == before


# Imported text is untrusted


@pytest.mark.django_db
def test_hostile_dropped_lines_are_escaped_in_the_preview_and_on_the_batch_page(admin_client):
    batch = preview(admin_client)
    escaped = "&lt;script&gt;alert(&quot;menu&quot;)&lt;/script&gt;"

    previewed = page_of(admin_client, batch)
    batch = confirm(admin_client, batch)
    stored = page_of(admin_client, batch)

    assert (3, HOSTILE) in [(record["line"], record["text"]) for record in batch.dropped]
    for page in (previewed, stored):
        assert HOSTILE not in page and "<script>alert" not in page
        assert escaped in page
