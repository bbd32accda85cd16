"""A JSONL file's lines are read (parsed, checked, segmented) in the import's worker
processes: the drafts, and the first error, are exactly those of reading it here."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.drafts import ArticleDraft
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import parse, segment_stream, to_segment
from articles.ingest.segment import Paragraph
from articles.ingest.sources import parse_bytes
from articles.models import Article, ImportBatch, Sentence


def _records(count: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"Story {n}",
            "text": f"The council met on Monday. It voted {n} to 3.\n\nDr. Lee said “no.” "
            + "Very long words " * (40 if n == 7 else 0),
            "standfirst": f"The short version, number {n}." if n % 2 else "",
            "url": f"https://news.example/{n}" if n % 3 else "",
            "published": f"2026-03-{n % 28 + 1:02d}",
            "outlet": "The Courier" if n % 5 == 0 else "",
            "language": "de" if n == 4 else "",
        }
        for n in range(150)
    ]


def _text(records: list[dict[str, str]]) -> str:
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n"


def _read(text: str | bytes, *, workers: int) -> list[tuple[object, ...]]:
    """The drafts of a JSONL text, or of UTF-8 bytes as an import reads a file or upload."""
    if isinstance(text, bytes):
        parsed = parse_bytes(text, name="feed.jsonl", segment=False, url="https://feeds.example/x")
    else:
        parsed = parse(text, source="feed.jsonl", segment=False, url="https://feeds.example/x")
    assert parsed.lines is not None
    return [
        (d.title, d.source, d.line, d.standfirst, d.author, d.url, d.published, d.outlet_name,
         d.language, d.body, d.spans, d.content_hash, d.split_sentences, d.paragraphs)
        for d in segment_stream(to_segment([parsed]), workers=workers, chunk=10)
    ]  # fmt: skip


def test_lines_read_in_worker_processes_give_the_drafts_read_here(settings):
    settings.SENTENCE_MAX_CHARS = 200  # story 7 has a sentence split in pieces
    text = _text(_records(150))
    here = _read(text, workers=1)
    assert _read(text, workers=2) == here
    assert [row[2] for row in here] == list(range(1, 151))
    assert here[7][12] == 1 and here[4][8] == "de" and here[1][7] == "news.example"
    assert here[0][7] == "The Courier" and here[3][7] == "feeds.example"


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ('{"title": "Broken", "text": ', "feed.jsonl:121: not valid JSON"),
        ('{"title": "", "text": "Words."}', "feed.jsonl:121: field 'title': missing"),
        ('{"title": "A", "text": "x", "url": "ftp://a"}', "feed.jsonl:121: field 'url': expected"),
    ],
)
def test_a_bad_line_read_in_a_worker_process_is_named_as_when_read_here(bad, expected):
    lines = _text(_records(150)).splitlines()
    lines[120] = bad
    text = "\n".join(lines) + "\n"
    for workers, given in ((1, text), (2, text), (2, text.encode())):
        with pytest.raises(IngestError) as caught:
            _read(given, workers=workers)
        assert str(caught.value).startswith(expected)
        assert caught.value.line == 121


def test_a_draft_with_no_sentence_is_named_by_its_source_and_line_in_a_worker_process_too():
    def drafts() -> list[ArticleDraft]:
        made = [
            ArticleDraft(title=f"Row {n}", paragraphs=[Paragraph(f"Row {n} was read.")],
                         source="feed.csv", line=n + 2)
            for n in range(150)
        ]  # fmt: skip
        made[130].paragraphs = [Paragraph("")]
        return made

    for workers in (1, 2):
        with pytest.raises(IngestError) as caught:
            list(segment_stream(drafts(), workers=workers, chunk=10))
        assert str(caught.value) == "feed.csv:132: field 'text': no sentences in the article text"


@pytest.mark.django_db(transaction=True)
def test_the_command_stores_nothing_when_a_line_read_in_a_worker_is_bad(tmp_path):
    lines = _text(_records(150)).splitlines()
    lines[140] = '{"title": "No text"}'
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"feed.jsonl:141: field 'text': missing"):
        call_command("import_articles", str(path), verbosity=0)
    assert not Article.objects.exists() and not Sentence.objects.exists()
    failed = ImportBatch.objects.get()
    assert failed.status == "failed" and failed.article_count == 0


def test_utf8_bytes_read_line_by_line_give_the_drafts_of_the_decoded_text():
    """A UTF-8 JSONL file is read from its bytes, never decoded whole: the drafts are those of
    its text, whatever its byte order mark, line ends, blank lines (of any kind of space)
    and characters past Latin-1 and past the first 65,536."""
    records = _records(150)
    records[9]["text"] = "Η βουλή ψήφισε. Το ποσοστό ήταν 38%. 🗳️ Ψήφισαν όλοι."
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    lines[20:20] = ["", "\u3000\u00a0", "\x1c \x1f", "   "]
    text = "\r\n".join(lines) + "\r\n"
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    parsed = parse_bytes(data, name="feed.jsonl", segment=False)
    assert parsed.lines is not None and isinstance(next(iter(parsed.lines))[2], bytes)
    here = _read(text, workers=1)
    assert _read(data, workers=2) == here == _read(data, workers=1)
    assert [row[2] for row in here][19:21] == [20, 25]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"title": "Café", "text": "Un café."}\n'.encode() * 40 + b'{"title": "B\xff"}\n',
         "feed.jsonl:41: not valid UTF-8"),
        ('{"title": "Привет", "text": "Совет собрался в понедельник."}\n'.encode("cp1251") * 30,
         None),
        (b"\n \n", "feed.jsonl: the input is empty"),
    ],
)  # fmt: skip
def test_bytes_that_are_not_utf8_jsonl_are_decoded_whole_as_before(data, expected):
    """What the line-by-line reading can't take goes the way every input goes: a damaged
    file is named as such, another encoding is detected, an empty file refused."""
    if expected is None:
        parsed = parse_bytes(data, name="feed.jsonl", segment=False)
        assert parsed.encoding == "cp1251"
        assert next(iter(parsed.drafts)).title == "Привет"
        return
    with pytest.raises(IngestError) as caught:
        parse_bytes(data, name="feed.jsonl", segment=False)
    assert str(caught.value).startswith(expected)


@pytest.mark.django_db(transaction=True)
def test_the_command_stores_the_sentences_of_the_drafts_read_here(tmp_path):
    """Segmented in worker processes and stored (on PostgreSQL as rows made by the workers,
    sent by COPY), every sentence is the one a draft read here holds: text with backslashes,
    quotes and characters past the first 65,536 included."""
    records = _records(150)
    records[3]["text"] = "A path: C:\\new\\table. A tab\there. “Quoted,” he said. Ok 🗳️ done."
    records[5]["standfirst"] = "Two lines,\n a backslash\\ and a tab\t, escaped \\N"
    records[6]["author"] = "Ana \\ Ruiz"
    path = tmp_path / "feed.jsonl"
    path.write_text(_text(records), encoding="utf-8")
    call_command("import_articles", str(path), verbosity=0)
    here = parse(_text(records), source="feed.jsonl")
    _assert_articles_as_read_here(here.drafts)
    here = parse(_text(records), source="feed.jsonl")
    stored = {
        article.title: list(article.sentences.order_by("position").values_list(
            "position", "paragraph", "start", "end", "text", "kind"))
        for article in Article.objects.prefetch_related(None)
    }  # fmt: skip
    assert len(stored) == 150
    for draft in here.drafts:
        expected = [
            (n, s.paragraph, s.start, s.end, draft.body[s.start : s.end], s.kind.value)
            for n, s in enumerate(draft.spans)
        ]
        assert stored[draft.title] == expected
    assert ImportBatch.objects.get().sentence_count == sum(len(v) for v in stored.values())


@pytest.mark.django_db(transaction=True)
def test_a_csv_read_here_and_segmented_in_worker_processes_keeps_every_field(tmp_path):
    """Drafts read in this process (CSV, unlike JSONL lines) go to the worker processes; on
    PostgreSQL their article rows are made there: url, author, standfirst and date included."""
    records = _records(150)
    columns = ["title", "text", "standfirst", "url", "published", "outlet", "author"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({**record, "author": f"Ana Ruiz {n}"} for n, record in enumerate(records))
    path = tmp_path / "feed.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    call_command("import_articles", str(path), verbosity=0)
    drafts = list(parse(out.getvalue(), source="feed.csv").drafts)
    assert sum(1 for d in drafts if d.url and d.author and d.published and d.standfirst) > 40
    _assert_articles_as_read_here(drafts)


def _assert_articles_as_read_here(drafts: Iterable[ArticleDraft]) -> None:
    """Each stored article holds what a draft read in this process holds (on PostgreSQL its
    row was made by a worker process and sent by COPY)."""
    fields = ("title", "standfirst", "author", "url", "published", "language", "body",
              "content_hash")  # fmt: skip
    stored = {a["title"]: a for a in Article.objects.values(*fields, "outlet__name")}
    for draft in drafts:
        article = stored[draft.title]
        assert article == {
            **{name: getattr(draft, name) for name in fields},
            "outlet__name": draft.outlet_name or None,
        }


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_read_in_worker_processes_shows_each_articles_sentence_count(tmp_path):
    """A dry run large enough for the worker processes names each article with the number of
    sentences a draft read here holds, and stores nothing."""
    records = _records(150)
    path = tmp_path / "feed.jsonl"
    path.write_text(_text(records), encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(path), "--dry-run", verbosity=1, stdout=out)
    shown = out.getvalue().splitlines()
    for draft in parse(_text(records), source="feed.jsonl").drafts:
        line = next(text for text in shown if f"feed.jsonl:{draft.line}: " in text)
        assert f"{len(draft.spans)} sentences" in line
    assert not Article.objects.exists()
