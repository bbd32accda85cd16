from __future__ import annotations

import json
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ImportBatch, Sentence
from tests.articles.inputs import (
    CYRILLIC_TEXT,
    CYRILLIC_TITLE,
    cp1251_csv,
    utf8_page_with_a_bad_byte,
)
from tests.queries import count_queries

PAGE = """Harbour tunnel opens two years late
The tunnel cost twice its budget, auditors say.
By Lena Park
Share this
Facebook
Twitter
Email
The harbour tunnel opened to traffic on Monday, two years behind schedule, the city said.
Auditors found that it cost 1.9 billion dollars, almost twice the budget approved in 2019.
"We are relieved to finally see cars in it," said the mayor, Ines Carvalho. Drivers were less kind.
Continue reading
Most read
Harbour tunnel opens two years late
"""


def preview(admin_client, **data):
    response = admin_client.post(reverse("import-list"), data)
    assert response.status_code == 302
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@pytest.mark.django_db
def test_reviewers_cannot_reach_import_pages(reviewer_client):
    batch = ImportBatch.objects.create(source_name="x", source_format="text", status="preview")
    assert reviewer_client.get(reverse("import-list")).status_code == 403
    assert reviewer_client.get(reverse("import-detail", args=[batch.pk])).status_code == 403
    assert reviewer_client.post(reverse("import-start", args=[batch.pk])).status_code == 403
    assert reviewer_client.post(reverse("import-discard", args=[batch.pk])).status_code == 403
    assert ImportBatch.objects.get().status == "preview"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("import-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_pasted_page_is_previewed_before_anything_is_stored(admin_client):
    batch = preview(admin_client, pasted=PAGE)

    assert batch.status == "preview"
    assert not Article.objects.exists()
    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text
    assert "Harbour tunnel opens two years late" in page
    assert "Lena Park" in page
    assert "line 4: Share this" in page
    assert "Import 1 article" in page


@pytest.mark.django_db
def test_confirming_the_preview_imports_and_shows_the_counts(admin_client):
    batch = preview(admin_client, pasted=PAGE, outlet="Harbour Herald")

    response = admin_client.post(reverse("import-start", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == "done"
    article = Article.objects.get()
    assert article.outlet.name == "Harbour Herald"
    assert article.batch == batch
    assert "Imported 1 article and" in response.text


@pytest.mark.django_db
def test_starting_twice_imports_once(admin_client):
    batch = preview(admin_client, pasted=PAGE)
    admin_client.post(reverse("import-start", args=[batch.pk]))
    admin_client.post(reverse("import-start", args=[batch.pk]))
    assert Article.objects.count() == 1
    assert ImportBatch.objects.get().article_count == 1


@pytest.mark.django_db
def test_uploaded_jsonl_with_a_bad_line_fails_with_the_line_and_stores_nothing(admin_client):
    feed = b'{"title": "One", "text": "First story here."}\n{"title": "Two"}\n'
    upload = SimpleUploadedFile("feed.jsonl", feed, content_type="application/octet-stream")

    batch = preview(admin_client, files=[upload])

    assert batch.status == "failed"
    assert batch.errors == ["feed.jsonl:2: field 'text': missing"]
    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text
    assert "feed.jsonl:2: field &#x27;text&#x27;: missing" in page
    assert "Nothing was imported" in page
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_uploading_an_export_of_labels_says_how_to_restore_it(admin_client):
    record = (
        b'{"campaign": "C", "article_id": 1, "title": "T", "sentence_id": 1, "gap_before": "",'
        b' "text": "One.", "labels": []}\n'
    )
    upload = SimpleUploadedFile("labels.jsonl", record, content_type="application/octet-stream")
    batch = preview(admin_client, files=[upload])
    assert batch.status == "failed"
    assert "this is an export of labels, not articles" in batch.errors[0]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_empty_form_says_what_to_give(admin_client):
    response = admin_client.post(reverse("import-list"), {})
    assert response.status_code == 400
    assert "Upload a file, paste some text, or give a URL." in response.text


@pytest.mark.django_db
def test_discarding_a_preview_deletes_it_and_its_upload(admin_client, settings):
    batch = preview(admin_client, pasted=PAGE)
    stored = settings.MEDIA_ROOT / batch.inputs[0]["path"]
    assert stored.exists()

    admin_client.post(reverse("import-discard", args=[batch.pk]))

    assert not ImportBatch.objects.exists()
    assert not stored.exists()


@pytest.mark.django_db
def test_running_import_page_polls_its_status_with_htmx(admin_client):
    batch = ImportBatch.objects.create(
        source_name="big.jsonl", source_format="jsonl", status="running"
    )

    response = admin_client.get(reverse("import-detail", args=[batch.pk]), HTTP_HX_REQUEST="true")

    assert response.text.lstrip().startswith('<section id="import-status"')
    assert 'hx-trigger="every 1s"' in response.text
    assert "<progress" in response.text
    assert "<html" not in response.text


@pytest.mark.django_db
def test_finished_import_page_stops_polling(admin_client):
    batch = ImportBatch.objects.create(source_name="a.txt", source_format="text", status="done")
    response = admin_client.get(reverse("import-detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in response.text


@pytest.mark.django_db
def test_import_pages_cost_a_fixed_number_of_queries(admin_client):
    list_page = partial(admin_client.get, reverse("import-list"))
    batch = preview(admin_client, pasted=PAGE)
    detail = partial(admin_client.get, reverse("import-detail", args=[batch.pk]))
    status = partial(
        admin_client.get, reverse("import-detail", args=[batch.pk]), HTTP_HX_REQUEST="true"
    )
    before = (count_queries(list_page), count_queries(detail), count_queries(status))
    for n in range(5):
        ImportBatch.objects.create(source_name=f"{n}.txt", source_format="text", status="done")
    assert (
        (count_queries(list_page), count_queries(detail), count_queries(status))
        == before
        == (2, 2, 2)
    )


@pytest.mark.django_db(transaction=True)
def test_with_a_database_queue_the_import_waits_for_a_worker_then_completes(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = preview(admin_client, pasted=PAGE)

    admin_client.post(reverse("import-start", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == "queued"
    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text
    assert "Waiting for a worker" in page and 'hx-trigger="every 1s"' in page
    assert not Article.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == "done"
    assert Article.objects.count() == 1


# Encodings and strict formats, through the form

DAMAGED, DAMAGED_OFFSET = utf8_page_with_a_bad_byte()
ASK = "give it with --encoding (or the Encoding field of the import form or the API)"
LABEL_EXPORT = {"sentence_id": 1, "gap_before": "", "text": "One.", "labels": []}
LABEL_STUDIO_TASK = {"data": {"text": "The council met."}, "annotations": [{"result": []}]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        (
            "page.txt",
            DAMAGED,
            f"page.txt:12: not valid UTF-8: byte 0xff at offset {DAMAGED_OFFSET} (line 12); the "
            "rest of the file is UTF-8, so this looks like a damaged file. If it is in another "
            f"encoding, {ASK}",
        ),
        (
            "feed.csv",
            cp1251_csv(),
            "feed.csv: cannot tell the text encoding with confidence (best guess cp1251, but "
            "koi8-r read it about as well, as different text; it is not UTF-8: byte 0xcc at "
            f"offset 11 (line 2)); {ASK}",
        ),
        (
            "feed.csv",
            b'title,text\nFirst,"The council met.\nSecond,It voted.\n',
            "feed.csv:2: a quoted field opened on line 2 never closes: the rest of the file "
            'would run into it (close the quote, or double a literal quote as "")',
        ),
        (
            "feed.csv",
            b"title,text,title\nFirst,The council met.,Again\n",
            "feed.csv:1: column 'title' appears 2 times in the header row: each column needs "
            "its own name",
        ),
        (
            "labels.json",
            json.dumps([LABEL_EXPORT]).encode(),
            "labels.json:1: record [0]: this is an export of labels saved as a JSON array, not "
            "articles: only the JSONL export can be restored; export the labels as JSONL "
            "(`python manage.py export_labels --format jsonl`) and restore that file with "
            "`python manage.py import_articles FILE.jsonl`",
        ),
        (
            "project.json",
            json.dumps([LABEL_STUDIO_TASK]).encode(),
            'project.json:1: record [0]: this is a Label Studio export (tasks with "data" and '
            '"annotations" or "predictions"), not articles: bring its texts and labels into a '
            "campaign with `python manage.py import_annotations FILE --campaign NAME` (or "
            '"Bring annotations" on the campaign\'s page), which makes the articles and stores '
            "the labels as reviews or predictions",
        ),
        (
            "feed.json",
            b'{"items": []}',
            "feed.json: expected a JSON array of article records (objects with title and text), "
            "got an object (fields: items); for one record per line, use JSONL",
        ),
    ],
    ids=[
        "damaged-utf8",
        "cp1251-no-hint",
        "unclosed-quote",
        "duplicate-column",
        "label-export-array",
        "label-studio",
        "unknown-json",
    ],
)
def test_bad_upload_fails_with_its_error_and_stores_nothing(admin_client, name, data, error):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")

    batch = preview(admin_client, files=[upload])

    assert batch.status == "failed"
    assert batch.errors == [error]
    assert (
        "Nothing was imported" in admin_client.get(reverse("import-detail", args=[batch.pk])).text
    )
    assert not Article.objects.exists()
    assert not Sentence.objects.exists()


@pytest.mark.django_db
def test_windows_1251_upload_with_the_encoding_field_imports_and_shows_the_encoding(admin_client):
    upload = SimpleUploadedFile("feed.csv", cp1251_csv(), content_type="text/csv")

    batch = preview(admin_client, files=[upload], encoding="Windows-1251")

    assert batch.status == "preview"
    assert batch.encodings == {"feed.csv": "cp1251"}
    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text
    assert "<code>cp1251</code> for feed.csv" in page
    assert CYRILLIC_TITLE in page
    admin_client.post(reverse("import-start", args=[batch.pk]))
    article = Article.objects.get()
    assert (article.title, article.body) == (CYRILLIC_TITLE, CYRILLIC_TEXT)
    assert ImportBatch.objects.get().encodings == {"feed.csv": "cp1251"}


@pytest.mark.django_db
def test_unknown_encoding_in_the_form_is_a_field_error(admin_client):
    upload = SimpleUploadedFile("feed.csv", cp1251_csv(), content_type="text/csv")
    response = admin_client.post(reverse("import-list"), {"files": [upload], "encoding": "cp9999"})
    assert response.status_code == 400
    assert "Unknown text encoding &#x27;cp9999&#x27;" in response.text
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_uploaded_json_array_imports_like_jsonl(admin_client):
    records = [{"title": "Lido to close", "text": "The council voted on Monday."}]
    upload = SimpleUploadedFile("feed.json", json.dumps(records, indent=2).encode())

    batch = preview(admin_client, files=[upload])
    admin_client.post(reverse("import-start", args=[batch.pk]))

    batch.refresh_from_db()
    assert (batch.status, batch.source_format, batch.encodings) == ("done", "jsonl", {})
    assert Article.objects.get().title == "Lido to close"
