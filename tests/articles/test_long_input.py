"""Input over the length limits: a sentence longer than SENTENCE_MAX_CHARS is split into
pieces (its text all kept, the import says how many), and a record's title, author, URL or
outlet longer than its column is refused naming the file, line and field; a record's short
fields are plain text, while its text reads control characters as spaces, as a file does."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from articles.ingest.records import FIELD_MAX_CHARS
from articles.ingest.segment import Span, SpanKind, split_long
from articles.models import Article, ImportBatch, Outlet, Sentence
from tests.articles.inputs import write
from tests.articles.test_bad_input import import_fails, jsonl, record

pytestmark = pytest.mark.django_db

WORDS = "The harbour levy rose again " * 40  # 1,120 characters, no full stop


def test_split_long_cuts_at_the_last_space_and_keeps_every_character():
    body = "Short one. " + "word " * 30 + "end."
    spans = [Span(0, 10, 0), Span(11, len(body), 0, SpanKind.BODY)]
    pieces, split = split_long(body, spans, 40)
    assert split == 1
    assert pieces[0] == Span(0, 10, 0)
    texts = [body[p.start : p.end] for p in pieces[1:]]
    assert all(len(text) <= 40 and not text.startswith(" ") for text in texts)
    assert " ".join(texts) == body[11:]


def test_split_long_cuts_a_sentence_with_no_space_at_the_limit():
    body = "x" * 95
    pieces, split = split_long(body, [Span(0, 95, 0)], 40)
    assert (split, [(p.start, p.end) for p in pieces]) == (1, [(0, 40), (40, 80), (80, 95)])


def test_spans_within_the_limit_are_returned_as_they_are():
    spans = [Span(0, 5, 0)]
    assert split_long("Hello", spans, 40) == (spans, 0)


def test_a_sentence_over_the_limit_is_imported_in_pieces_and_reported(tmp_path, settings):
    settings.SENTENCE_MAX_CHARS = 500
    text = f"It began on Monday. {WORDS.strip()}. It ended."
    path = write(tmp_path, "long.jsonl", jsonl(record(1, text=text)))
    out = call_command_output("import_articles", str(path))
    batch = ImportBatch.objects.get()
    assert batch.split_sentences == 1
    assert "1 sentence longer than 500 characters was split into pieces" in out
    sentences = list(Sentence.objects.order_by("position").values_list("text", flat=True))
    assert max(len(s) for s in sentences) <= 500
    assert sentences[0] == "It began on Monday." and sentences[-1] == "It ended."
    assert " ".join(sentences[1:-1]) == f"{WORDS.strip()}."
    body = Article.objects.get().body
    assert all(body[s.start : s.end] == s.text for s in Sentence.objects.all())


def test_the_import_page_and_api_report_split_sentences(tmp_path, settings, admin_client):
    settings.SENTENCE_MAX_CHARS = 500
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(
        "/api/imports/",
        {"records": [{"title": "Levy", "text": WORDS}]},
        content_type="application/json",
    )
    assert response.status_code == 202
    assert response.json()["split_sentences"] == 1
    page = admin_client.get(f"/imports/{response.json()['id']}/")
    assert "1 sentence was over the length limit and was split into pieces" in page.text


def call_command_output(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("field", "longest"), [("title", 1000), ("author", 500), ("url", 2000), ("outlet", 200)]
)
def test_a_record_field_longer_than_its_column_is_refused(tmp_path, field, longest):
    start = "https://example.org/" if field == "url" else ""
    value = start + "a" * (longest + 1 - len(start))
    path = write(tmp_path, "long.jsonl", jsonl(record(1), record(2, **{field: value})))
    assert import_fails(path) == (
        f"{path}:2: field '{field}': too long: at most {longest:,} characters, "
        f"this has {len(value):,}"
    )


def test_the_column_sizes_are_the_models():
    columns = {
        name: Article._meta.get_field(name).max_length for name in ("title", "author", "url")
    }
    assert {**columns, "outlet": Outlet._meta.get_field("name").max_length} == FIELD_MAX_CHARS


def test_a_control_character_in_a_records_title_is_refused(tmp_path):
    path = write(tmp_path, "esc.jsonl", jsonl(record(1, title="Levy \x1b[31mrises")))
    assert import_fails(path) == (
        f"{path}:1: field 'title': contains a control character (ESC, U+001B) at character 6"
    )


def test_control_characters_in_a_records_text_read_as_spaces(tmp_path):
    path = write(
        tmp_path, "ff.jsonl", jsonl(record(1, text="The levy rose.\x0cIt fell\x01 again."))
    )
    call_command("import_articles", str(path), verbosity=0)
    assert Article.objects.get().body == "The levy rose. It fell again."
