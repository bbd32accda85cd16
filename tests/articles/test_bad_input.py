"""Bad input stops the whole import with one line saying where and what; good input is kept."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportBatch, Outlet, Sentence
from tests.articles.inputs import (
    CYRILLIC_TEXT,
    CYRILLIC_TITLE,
    LATIN1_TITLE,
    cp1251_csv,
    cp1251_jsonl,
    latin1_csv,
    utf8_page_with_a_bad_byte,
    write,
)

pytestmark = pytest.mark.django_db

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
ARTICLE = """Pool to close for the summer

The council voted on Monday to close the lido from June to September.
Repairs to the roof will cost more than expected, officials said.
"""


def record(n: int = 1, **fields: object) -> str:
    """One JSONL line: a valid record unless ``fields`` override it (None removes a field)."""
    values = {
        "title": f"Council story number {n}",
        "text": f"The council met for meeting {n} on Monday. It voted to close the lido.",
        **fields,
    }
    return json.dumps({key: value for key, value in values.items() if value is not None})


def jsonl(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def import_fails(*sources: object, dry_run: bool = False, options: Sequence[str] = ()) -> str:
    """Run an import that must fail and store nothing; return its one-line error."""
    options = [*options, "--dry-run"] if dry_run else list(options)
    with pytest.raises(CommandError, match=r"\nNothing was imported\.$") as caught:
        call_command("import_articles", *sources, *options, verbosity=0)
    error, _ = str(caught.value).split("\n")
    assert Article.objects.count() == 0
    assert Sentence.objects.count() == 0
    if dry_run:
        assert ImportBatch.objects.count() == 0
    else:
        failed = ImportBatch.objects.get()
        assert failed.status == "failed"
        assert failed.errors == [error]
    return error


# Files that are not text at all


def test_empty_file_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", b"")
    assert import_fails(path) == f"{path}: the input is empty"


def test_whitespace_only_file_is_refused(tmp_path):
    path = write(tmp_path, "notes.txt", " \n\t\r\n  \n")
    assert import_fails(path) == f"{path}: the input is empty"


def test_binary_file_is_refused_at_its_first_nul(tmp_path):
    path = write(tmp_path, "photo.txt", PNG_HEADER)
    assert import_fails(path) == (
        f"{path}:3: contains a NUL character: this looks like a binary file, not text"
    )


def test_text_no_common_encoding_reads_cleanly_is_refused(tmp_path):
    # 0x81 is undefined in Windows-1252; the code pages that define it make "Café" mixed script.
    data = "Café owners protest\n\nThe café closed.".encode("cp1252") + b" \x81 Then"
    path = write(tmp_path, "cafe.txt", data)
    assert import_fails(path) == (
        f"{path}: cannot tell the text encoding: no common encoding reads it cleanly (it is not "
        "UTF-8: byte 0xe9 at offset 3 (line 1)); give it with --encoding (or the Encoding field "
        "of the import form or the API)"
    )


def test_nul_inside_utf8_text_names_its_line(tmp_path):
    path = write(tmp_path, "cafe.txt", "Café owners protest\n\nThe café closed.\nIt\x00 reopens.")
    assert import_fails(path) == (
        f"{path}:4: contains a NUL character: this looks like a binary file, not text"
    )


def test_dry_run_of_bad_input_fails_the_same_but_records_no_batch(tmp_path):
    path = write(tmp_path, "photo.txt", PNG_HEADER)
    assert import_fails(path, dry_run=True).startswith(f"{path}:3: contains a NUL character")


# Text encodings


def test_bad_byte_in_a_utf8_file_names_its_line_and_offset(tmp_path):
    data, offset = utf8_page_with_a_bad_byte()
    path = write(tmp_path, "page.txt", data)
    assert import_fails(path) == (
        f"{path}:12: not valid UTF-8: byte 0xff at offset {offset} (line 12); the rest of the "
        "file is UTF-8, so this looks like a damaged file. If it is in another encoding, give it "
        "with --encoding (or the Encoding field of the import form or the API)"
    )


@pytest.mark.parametrize(
    ("name", "data"), [("feed.csv", cp1251_csv()), ("feed.jsonl", cp1251_jsonl())]
)
def test_short_windows_1251_without_a_hint_is_refused_as_ambiguous(tmp_path, name, data):
    path = write(tmp_path, name, data)
    error = import_fails(path)
    assert error.startswith(
        f"{path}: cannot tell the text encoding with confidence (best guess cp1251, but koi8-r "
        "read it about as well, as different text; it is not UTF-8: byte 0xcc at offset "
    )
    assert error.endswith(
        "give it with --encoding (or the Encoding field of the import form or the API)"
    )


@pytest.mark.parametrize(
    ("name", "data"), [("feed.csv", cp1251_csv()), ("feed.jsonl", cp1251_jsonl())]
)
def test_windows_1251_with_the_encoding_option_imports_the_cyrillic_exactly(tmp_path, name, data):
    path = write(tmp_path, name, data)
    call_command("import_articles", path, "--encoding", "windows-1251", verbosity=0)

    article = Article.objects.get()
    assert (article.title, article.body) == (CYRILLIC_TITLE, CYRILLIC_TEXT)
    assert list(article.sentences.values_list("text", flat=True)) == [CYRILLIC_TEXT]
    assert ImportBatch.objects.get().encodings == {str(path): "cp1251"}


def test_latin1_file_is_detected_and_its_encoding_recorded(tmp_path):
    path = write(tmp_path, "feed.csv", latin1_csv())
    call_command("import_articles", path, verbosity=0)

    article = Article.objects.get()
    assert article.title == LATIN1_TITLE
    assert "Zoë Müller, who runs a crêperie" in article.body
    # Windows-1252 reads every Latin-1 letter the same, and is what such files usually are.
    assert ImportBatch.objects.get().encodings == {str(path): "cp1252"}


def test_utf8_file_records_no_encoding_but_a_given_one_is_recorded(tmp_path):
    path = write(tmp_path, "feed.jsonl", record(1, title="Naïve plan for the lido"))
    call_command("import_articles", path, verbosity=0)
    call_command("import_articles", path, "--encoding", "UTF8", verbosity=0)

    first, second = ImportBatch.objects.order_by("pk")
    assert (first.encodings, second.encodings) == ({}, {str(path): "utf-8"})
    assert Article.objects.get().title == "Naïve plan for the lido"


def test_unknown_encoding_name_is_refused_before_anything_is_read(tmp_path):
    path = write(tmp_path, "feed.csv", cp1251_csv())
    with pytest.raises(CommandError, match=r"^--encoding: unknown text encoding 'klingon': give "):
        call_command("import_articles", path, "--encoding", "klingon", verbosity=0)
    assert not ImportBatch.objects.exists()
    assert not Article.objects.exists()


def test_bytes_the_given_encoding_cannot_read_name_their_offset_and_line(tmp_path):
    path = write(tmp_path, "cafe.txt", "Café owners protest\n\nThe café closed.".encode("cp1252"))
    assert import_fails(path, options=["--encoding", "utf-8"]) == (
        f"{path}:1: not valid utf-8: byte 0xe9 at offset 3 (line 1); check the encoding given"
    )


# JSONL records


def test_malformed_jsonl_line_names_its_line(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), record(2), '{"title": "x", "text": '))
    assert import_fails(path) == f"{path}:3: not valid JSON (Expecting value at column 24)"


def test_jsonl_line_that_is_a_list_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), '["Council story", "text"]'))
    assert import_fails(path) == f"{path}:2: expected a JSON object, got list"


def test_jsonl_record_without_text_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), record(2, text=None)))
    assert import_fails(path) == f"{path}:2: field 'text': missing"


def test_jsonl_title_that_is_not_a_string_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1, title=2026)))
    assert import_fails(path) == f"{path}:1: field 'title': expected a string, got int"


def test_jsonl_published_that_is_not_an_iso_date_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), record(2, published="last Tuesday")))
    assert import_fails(path) == (
        f"{path}:2: field 'published': "
        "expected an ISO 8601 date such as 2026-11-24, got 'last Tuesday'"
    )


def test_jsonl_javascript_url_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1, url="javascript:alert(1)")))
    assert import_fails(path) == (
        f"{path}:1: field 'url': expected an http(s) URL, got 'javascript:alert(1)'"
    )


def test_jsonl_nul_escape_in_a_field_is_refused(tmp_path):
    # "\u0000" is valid JSON, so the decoder's NUL check never sees it.
    path = write(tmp_path, "feed.jsonl", jsonl(record(1, title="Council\x00story")))
    error = import_fails(path)
    assert error.startswith(f"{path}:1: field 'title': ")
    assert "NUL" in error


def test_jsonl_lone_surrogate_escape_is_refused(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1, text="The council met \ud800 today.")))
    assert import_fails(path).startswith(f"{path}:1: field 'text': ")


def test_deeply_nested_jsonl_line_is_refused_as_invalid_json(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), "[" * 100_000))
    assert import_fails(path).startswith(f"{path}:2: not valid JSON")


def test_jsonl_read_by_the_fast_parser_still_takes_what_standard_json_takes(tmp_path):
    # orjson refuses NaN and integers over 64 bits; such lines are read as before, the
    # unknown fields ignored.
    line = record(1)[:-1] + ', "score": NaN, "views": 123456789012345678901234567890}'
    path = write(tmp_path, "feed.jsonl", jsonl(line, record(2)))
    call_command("import_articles", str(path), "-v0")
    assert Article.objects.count() == 2


# CSV rows


def test_csv_without_text_column_names_the_header_line(tmp_path):
    path = write(tmp_path, "feed.csv", "title,body\nCouncil story,The council met.\n")
    assert import_fails(path) == (
        f"{path}:1: missing column 'text' in the header row (found: title, body)"
    )


def test_csv_row_with_too_many_cells_is_refused(tmp_path):
    content = "title,text\nFirst story,The council met.\nSecond story,It voted.,extra\n"
    path = write(tmp_path, "feed.csv", content)
    assert import_fails(path) == f"{path}:3: 3 cells where the header has 2"


def test_csv_with_a_header_but_no_rows_is_refused(tmp_path):
    path = write(tmp_path, "feed.csv", "title,text\n")
    assert import_fails(path) == f"{path}: no article found in the input"


def test_csv_quote_that_never_closes_names_the_line_it_opened_on(tmp_path):
    content = (
        "title,text\n"
        'First story,"The council met."\n'
        'Second story,"It voted to close the lido.\n'
        "Third story,The lido shut on Monday.\n"
        "Fourth story,Nobody swam.\n"
    )
    path = write(tmp_path, "feed.csv", content)
    assert import_fails(path) == (
        f"{path}:3: a quoted field opened on line 3 never closes: the rest of the file would run "
        'into it (close the quote, or double a literal quote as "")'
    )


def test_csv_stray_quote_that_closes_an_open_field_names_where_the_record_began(tmp_path):
    content = (
        "title,text\n"
        'Second story,"It voted to close the lido.\n'
        'Third story,"The lido" shut on Monday.\n'
    )
    path = write(tmp_path, "feed.csv", content)
    assert import_fails(path) == (
        f"{path}:3: not valid CSV (',' expected after '\"'); the record began on line 2: is a "
        "quote there left open?"
    )


def test_csv_column_named_twice_is_refused(tmp_path):
    content = "title,text,outlet,text\nCouncil story,The council met.,Gazette,It voted.\n"
    path = write(tmp_path, "feed.csv", content)
    assert import_fails(path) == (
        f"{path}:1: column 'text' appears 2 times in the header row: each column needs its own name"
    )


def test_csv_quoted_paragraphs_with_line_breaks_and_quotes_import(tmp_path):
    text = (
        'The council voted on Monday, after a long debate, to "pause" the lido.\n\n'
        "Repairs will cost more than expected, officials said.\n"
        "Swimmers were angry."
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [("title", "text", "outlet"), ("Lido paused", text, "Gazette"), ("Pool", "It shut.", "")]
    )
    call_command("import_articles", write(tmp_path, "feed.csv", buffer.getvalue()), verbosity=0)

    article = Article.objects.get(title="Lido paused")
    assert list(article.sentences.order_by("position").values_list("paragraph", "text")) == [
        (0, 'The council voted on Monday, after a long debate, to "pause" the lido.'),
        (1, "Repairs will cost more than expected, officials said."),
        (1, "Swimmers were angry."),
    ]
    assert Article.objects.get(title="Pool").body == "It shut."


# JSON arrays and annotation exports


def test_json_array_of_records_imports_like_jsonl(tmp_path):
    records = [json.loads(record(1)), FULL_RECORD]
    path = write(tmp_path, "feed.json", json.dumps(records, indent=2))
    call_command("import_articles", path, verbosity=0)

    assert Article.objects.count() == 2
    Article.objects.filter(title="Council story number 1").delete()
    assert_full_record_stored()
    assert ImportBatch.objects.get().source_format == "jsonl"


def test_json_array_is_recognised_by_its_content_whatever_the_file_name(tmp_path):
    path = write(tmp_path, "feed.txt", json.dumps([json.loads(record(1))]))
    call_command("import_articles", path, verbosity=0)
    assert Article.objects.get().title == "Council story number 1"


def test_json_array_record_error_names_its_index_and_line(tmp_path):
    text = json.dumps([json.loads(record(1)), json.loads(record(2, text=None))], indent=2)
    path = write(tmp_path, "feed.json", text)
    line = text[: text.index('"title": "Council story number 2"')].count("\n")  # its "{"
    assert import_fails(path) == f"{path}:{line}: record [1]: field 'text': missing"


def test_malformed_json_array_names_the_line_and_column(tmp_path):
    path = write(tmp_path, "feed.json", '[\n  {"title": "One", "text": "Two."},\n  {"title": \n')
    assert import_fails(path) == (
        f"{path}:4: record [1]: not valid JSON (Expecting value at column 1)"
    )


EXPORT_RECORD = {
    "campaign": "Pilot",
    "article_id": 1,
    "title": "Lido to close",
    "sentence_id": 1,
    "gap_before": "",
    "text": "The council voted to close the lido.",
    "labels": [],
}


def test_export_of_labels_as_a_json_array_is_refused_with_how_to_restore(tmp_path):
    path = write(tmp_path, "labels.json", json.dumps([EXPORT_RECORD]))
    assert import_fails(path) == (
        f"{path}:1: record [0]: this is an export of labels saved as a JSON array, not articles: "
        "only the JSONL export can be restored; export the labels as JSONL (`python manage.py "
        "export_labels --format jsonl`) and restore that file with `python manage.py "
        "import_articles FILE.jsonl`"
    )


BRING = (
    "bring its texts and labels into a campaign with `python manage.py import_annotations FILE "
    '--campaign NAME` (or "Bring annotations" on the campaign\'s page), which makes the articles '
    "and stores the labels as reviews or predictions"
)
LABEL_STUDIO_REFUSED = (
    'this is a Label Studio export (tasks with "data" and "annotations" or "predictions"), not '
    f"articles: {BRING}"
)


@pytest.mark.parametrize(
    "task",
    [
        {  # as Label Studio itself exports a project
            "id": 7,
            "data": {"text": "The council voted to close the lido."},
            "annotations": [{"result": [], "completed_by": 1}],
            "predictions": [],
        },
        {  # as our own export_labels --format labelstudio writes it
            "data": {"text": "The council voted.", "title": "Lido", "article_id": 1},
            "annotations": [{"result": [], "ground_truth": False}],
            "meta": {"annotations": [{"kind": "reviewer", "reviewer": "r1"}], "sentences": []},
        },
    ],
    ids=["label-studio", "ours"],
)
def test_label_studio_export_is_refused_with_what_to_import_instead(tmp_path, task):
    path = write(tmp_path, "project.json", json.dumps([task]))
    assert import_fails(path) == f"{path}:1: record [0]: {LABEL_STUDIO_REFUSED}"


def test_label_studio_tasks_as_json_lines_are_refused_too(tmp_path):
    task = {"data": {"text": "The council voted."}, "annotations": []}
    path = write(tmp_path, "project.jsonl", json.dumps(task) + "\n")
    assert import_fails(path) == f"{path}:1: {LABEL_STUDIO_REFUSED}"


@pytest.mark.parametrize(
    "record",
    [
        {"id": 3, "text": "The council voted.", "label": [[0, 18, "Sourced"]]},
        {"text": "The council voted.", "entities": [], "relations": []},
    ],
    ids=["label", "entities"],
)
def test_doccano_export_is_refused_with_what_to_import_instead(tmp_path, record):
    path = write(tmp_path, "doccano.jsonl", json.dumps(record) + "\n")
    assert import_fails(path) == (
        f'{path}:1: this is a doccano export (a "text" with "label" spans), not articles: {BRING}'
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            '{"articles": [], "count": 0}',
            ": expected a JSON array of article records (objects with title and text), got an "
            "object (fields: articles, count); for one record per line, use JSONL",
        ),
        (
            '["Lido to close", "Pool shut"]',
            ":1: record [0]: expected an article record (a JSON object with title and text), got "
            "a string",
        ),
        (
            '[{"headline": "Lido to close", "body": "The council voted."}]',
            ":1: record [0]: not an article record: no title or text (its fields: headline, "
            "body); expected objects with title and text, as in a JSONL import",
        ),
    ],
    ids=["object", "strings", "unknown-records"],
)
def test_json_that_is_not_an_array_of_articles_is_refused(tmp_path, content, error):
    path = write(tmp_path, "feed.json", content)
    assert import_fails(path) == f"{path}{error}"


# Limits and atomicity


def test_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.INGEST_MAX_BYTES = 100
    path = write(tmp_path, "big.txt", "x" * 101)
    assert import_fails(path) == f"{path}: file is 101 bytes, over the limit of 100"


def test_one_bad_file_after_two_good_ones_stores_nothing(tmp_path):
    first = write(tmp_path, "a.jsonl", jsonl(record(1), record(2)))
    second = write(tmp_path, "b.txt", ARTICLE)
    bad = write(tmp_path, "c.jsonl", jsonl(record(3, text=None)))
    assert import_fails(first, second, bad) == f"{bad}:1: field 'text': missing"


def test_bad_fourth_record_stores_none_of_the_first_three(tmp_path):
    path = write(tmp_path, "feed.jsonl", jsonl(record(1), record(2), record(3), "{"))
    assert import_fails(path).startswith(f"{path}:4: not valid JSON")


# Good input


STANDFIRST = "Swimmers are angry. The lido has been open since 1931."
FULL_RECORD = {
    "title": "Lido to close for repairs",
    "text": "The council voted on Monday to close the lido. Repairs will take a year.",
    "outlet": "Harbour Gazette",
    "url": "https://gazette.example/lido",
    "author": "Ada Brenner",
    "published": "2026-03-14",
    "standfirst": STANDFIRST,
}


def assert_full_record_stored() -> None:
    article = Article.objects.get()
    assert article.outlet == Outlet.objects.get(name="Harbour Gazette")
    assert (article.title, article.url, article.author) == (
        "Lido to close for repairs",
        "https://gazette.example/lido",
        "Ada Brenner",
    )
    assert article.published == datetime(2026, 3, 14, tzinfo=UTC)
    assert article.standfirst == STANDFIRST
    assert list(article.sentences.order_by("position").values_list("kind", "text")) == [
        ("standfirst", "Swimmers are angry."),
        ("standfirst", "The lido has been open since 1931."),
        ("body", "The council voted on Monday to close the lido."),
        ("body", "Repairs will take a year."),
    ]


def test_jsonl_optional_fields_are_stored(tmp_path):
    call_command(
        "import_articles", write(tmp_path, "feed.jsonl", json.dumps(FULL_RECORD)), verbosity=0
    )
    assert_full_record_stored()
    assert ImportBatch.objects.get().source_format == "jsonl"


def test_csv_optional_fields_are_stored(tmp_path):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FULL_RECORD))
    writer.writeheader()
    writer.writerow(FULL_RECORD)
    call_command("import_articles", write(tmp_path, "feed.csv", buffer.getvalue()), verbosity=0)
    assert_full_record_stored()
    assert ImportBatch.objects.get().source_format == "csv"


def test_utf8_bom_does_not_become_part_of_the_first_column(tmp_path):
    content = "\ufefftitle,text\nCouncil story,The council met on Monday.\n"
    call_command("import_articles", write(tmp_path, "feed.csv", content), verbosity=0)
    assert Article.objects.get().title == "Council story"


def test_utf16_file_with_bom_imports(tmp_path):
    content = jsonl(record(1, title="Naïve plan for the lido"), record(2)).encode("utf-16")
    call_command("import_articles", write(tmp_path, "feed.jsonl", content), verbosity=0)
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Naïve plan for the lido",
        "Council story number 2",
    }


def test_same_url_with_different_text_is_skipped_as_a_duplicate(tmp_path):
    url = "https://gazette.example/lido"
    call_command("import_articles", write(tmp_path, "a.jsonl", record(1, url=url)), verbosity=0)
    call_command("import_articles", write(tmp_path, "b.jsonl", record(2, url=url)), verbosity=0)

    assert Article.objects.get().title == "Council story number 1"
    latest = ImportBatch.objects.order_by("-pk").first()
    assert (latest.status, latest.article_count, latest.duplicate_count) == ("done", 0, 1)


def test_format_option_overrides_the_file_name(tmp_path):
    path = write(tmp_path, "notes.jsonl", ARTICLE)
    call_command("import_articles", path, "--format", "text", verbosity=0)

    assert Article.objects.get().title == "Pool to close for the summer"
    assert ImportBatch.objects.get().source_format == "text"
