"""Round trip: our JSONL export, restored into an empty database, exports the same file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from annotator.campaigns import gold
from annotator.datasets import exports, jsonl
from annotator.datasets.options import ExportOptions
from annotator.datasets.restore import export_restore
from annotator.models import (
    Campaign,
    GoldLabel,
    GoldLabelEvent,
    Label,
    LabelEvent,
    Pseudonym,
    Review,
)
from annotator.review import services
from annotator.suggestions import Suggestion
from articles.ingest.drafts import body_hash
from articles.ingest.errors import IngestError
from articles.ingest.segment import Paragraph, SpanKind, assemble
from articles.models import Article, ImportBatch, Outlet, Sentence
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

EVERYTHING = ExportOptions(include_in_progress=True)
ODD_SOURCE = "Dr. \"Elena\" Marsh, 'staff' report"
ODD_NOTE = "=SUM(A1:A9)\nsecond line, tab\there 🙂 \\ done"


def _article_with_standfirst() -> Article:
    """A heading, a standfirst and a body paragraph: kinds and "\\n\\n" gaps."""
    body, spans = assemble(
        [
            Paragraph("Harbour plan approved", SpanKind.HEADING),
            Paragraph("The council backed the plan. Work starts soon.", SpanKind.STANDFIRST),
            Paragraph("Crews arrive on Monday. The mayor called it “a new start” 🚢."),
        ]
    )
    article = Article.objects.create(
        title='Harbour "plan" — approved',
        body=body,
        content_hash=body_hash(body),
        standfirst="The council backed the plan. Work starts soon.",
        language="en-gb",
    )
    Sentence.objects.bulk_create(
        Sentence(
            article=article,
            position=i,
            paragraph=s.paragraph,
            start=s.start,
            end=s.end,
            text=body[s.start : s.end],
            kind=s.kind.value,
        )
        for i, s in enumerate(spans)
    )
    return article


def _label(review: Review, position: int, value: str, **extra: Any) -> None:
    sentence = review.article.sentences.get(position=position)
    services.label_set(
        review=review, sentence=sentence, value=value, actor=review.reviewer, **extra
    )


def build() -> None:
    """Two campaigns sharing an article; a submitted and an in-progress review; adjudicated and
    unanimous gold; notes and sources with quotes, newlines, formulas and emoji. Zoe's account
    is the oldest but she first appears late in the file (the export lists labels by user id)."""
    zoe = UserFactory.create(username="zoe")
    rita = UserFactory.create(username="rita")
    otto = UserFactory.create(username="otto")
    ada = UserFactory.create(username="ada", is_staff=True)
    planet = Outlet.objects.create(name="Daily Planet", slug="daily-planet")
    shared = make_article(
        text="The council met on Monday. It voted twice. Critics objected.\n"
        "The mayor spoke. Nobody clapped. Sentence six is here.",
        title="Bus lanes",
        outlet=planet,
        author="Lois Lane",
        url="https://planet.example/bus",
        published=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    second = _article_with_standfirst()
    spring = Campaign.objects.create(
        name="Spring audit", reviews_per_article=2, suggestions=Campaign.Suggestions.BEFORE
    )
    spring.reviewers.add(rita, otto)
    spring.articles.add(shared, second)
    autumn = Campaign.objects.create(name="Autumn check ✓", reviews_per_article=2)
    autumn.reviewers.add(zoe, otto)
    autumn.articles.add(shared)

    # Spring, shared article: both submit, they disagree on the first sentence, Ada settles it.
    mine = Review.objects.create(campaign=spring, article=shared, reviewer=rita)
    theirs = Review.objects.create(campaign=spring, article=shared, reviewer=otto)
    # Beside the model's suggestion, which the label records (and the export carries).
    _label(mine, 0, "sourced", source=ODD_SOURCE, suggestion=Suggestion("opinion", 0.625))
    _label(theirs, 0, "unsourced", note=ODD_NOTE)
    _label(mine, 3, "opinion", note='"quoted"')
    _label(theirs, 3, "opinion")
    services.review_submit(review=mine, actor=rita)
    services.review_submit(review=theirs, actor=otto)
    gold.gold_set(campaign=spring, sentence=shared.sentences.get(position=0), value="sourced",
                  actor=ada)  # fmt: skip
    # Spring, second article: Rita submits, Otto is still at it.
    mine = Review.objects.create(campaign=spring, article=second, reviewer=rita)
    theirs = Review.objects.create(campaign=spring, article=second, reviewer=otto)
    _label(mine, 2, "unsourced", note="=1+1")
    services.review_submit(review=mine, actor=rita)
    _label(theirs, 3, "opinion", note="emoji 🙂 and\r\nCRLF")
    # Autumn, the shared article again: Zoe and Otto agree everywhere.
    for user in (zoe, otto):
        review = Review.objects.create(campaign=autumn, article=shared, reviewer=user)
        _label(review, 1, "unsourced")
        services.review_submit(review=review, actor=user)


def export(path: Path, options: ExportOptions = EVERYTHING) -> bytes:
    with path.open("w", encoding="utf-8", newline="") as out:
        jsonl.write_jsonl(exports.export_records(options), out)
    return path.read_bytes()


def wipe() -> None:
    """Delete everything a restore makes, children first, and start the article and sentence
    ids from 1 again, as in a new database."""
    for model in (LabelEvent, Label, GoldLabelEvent, GoldLabel, Review, Campaign, Sentence,
                  Article, ImportBatch, Outlet, Pseudonym):  # fmt: skip
        model.objects.all().delete()
    get_user_model().objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            tables = [Article._meta.db_table, Sentence._meta.db_table]
            cursor.execute("DELETE FROM sqlite_sequence WHERE name IN (%s, %s)", tables)
        for sql in connection.ops.sequence_reset_sql(no_style(), [Article, Sentence]):
            cursor.execute(sql)


def table_counts() -> dict[str, int]:
    models = (Article, Sentence, Outlet, Campaign, Review, Label, LabelEvent, GoldLabel,
              GoldLabelEvent, Pseudonym, get_user_model())  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("options", [EVERYTHING, ExportOptions()], ids=["everything", "default"])
def test_export_restore_export_gives_the_same_file(tmp_path, options):
    build()
    before = export(tmp_path / "before.jsonl", options)
    records = [json.loads(line) for line in before.decode().splitlines()]
    assert "\n\n" in {r["gap_before"] for r in records} and "🙂".encode() in before
    assert (b'"in_progress"' in before) == options.include_in_progress
    assert b'"suggested_value":"opinion","suggested_score":0.625' in before
    wipe()

    call_command("import_articles", tmp_path / "before.jsonl", verbosity=0)

    assert export(tmp_path / "after.jsonl", options) == before


def test_restore_stores_history_pseudonyms_and_accounts_without_password(tmp_path):
    build()
    before = export(tmp_path / "before.jsonl")
    names = set(Pseudonym.objects.values_list("name", flat=True))
    counts = {"labels": Label.objects.count(), "gold": GoldLabel.objects.count()}
    wipe()

    result = export_restore(
        path_or_lines=before.decode().splitlines(keepends=True), source_name="backup"
    )

    assert (result.articles, result.sentences, result.reviews) == (2, 11, 6)
    assert (result.labels, result.gold_labels) == (counts["labels"], counts["gold"])
    assert result.reviewers == 4
    assert set(Pseudonym.objects.values_list("name", flat=True)) == names
    assert not any(user.has_usable_password() for user in get_user_model().objects.all())
    assert LabelEvent.objects.count() == Label.objects.count()
    assert GoldLabelEvent.objects.count() == GoldLabel.objects.count()
    statuses = sorted(Review.objects.values_list("status", flat=True))
    assert statuses == ["in_progress"] + ["submitted"] * 5
    assert not Review.objects.filter(status="submitted", submitted_at__isnull=True).exists()
    second = Article.objects.get(title='Harbour "plan" — approved')
    assert (second.language, Article.objects.get(title="Bus lanes").language) == ("en-gb", "en")
    assert second.standfirst == "The council backed the plan. Work starts soon."
    assert second.content_hash == body_hash(second.body)
    for sentence in Sentence.objects.select_related("article"):
        assert sentence.text == sentence.article.body[sentence.start : sentence.end]
    assert Campaign.objects.get(name="Spring audit").articles.count() == 2
    autumn = Campaign.objects.get(name="Autumn check ✓")
    reviewers = set(Review.objects.filter(campaign=autumn).values_list("reviewer_id", flat=True))
    assert set(autumn.reviewers.values_list("pk", flat=True)) == reviewers
    assert autumn.reviews_per_article == 2
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.article_count, batch.sentence_count) == ("done", 2, 11)
    assert Article.objects.filter(batch=batch).count() == 2


def test_restoring_twice_changes_nothing(tmp_path, capsys):
    build()
    path = tmp_path / "backup.jsonl"
    before = export(path)
    wipe()
    call_command("import_articles", path, verbosity=0)
    counts = table_counts()

    call_command("import_articles", path, verbosity=0)

    assert table_counts() == counts
    assert export(tmp_path / "again.jsonl") == before
    out = capsys.readouterr().out
    assert (
        f"Restored 0 articles, 0 sentences, 0 reviews, 0 labels, 0 gold labels from {path}." in out
    )
    assert "2 articles were already stored" in out


def test_restore_into_the_same_database_reuses_what_is_there(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    before = export(path)
    counts = table_counts()

    call_command("import_articles", path, verbosity=0)

    assert table_counts() == counts
    assert export(tmp_path / "again.jsonl") == before


def test_summary_line_and_new_articles_after_restore_get_fresh_ids(tmp_path, capsys):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    top = Article.objects.order_by("-pk").first().pk
    wipe()

    call_command("import_articles", path, verbosity=0)

    out = capsys.readouterr().out
    assert (
        f"Restored 2 articles, 11 sentences, 6 reviews, 30 labels, 12 gold labels from {path}."
        in out
    )
    # The id sequences were moved past the restored ids (wipe() set them back to 1).
    fresh = make_article(text="A brand new article. It has two sentences.", title="New")
    assert fresh.pk == top + 1
    assert Sentence.objects.filter(article=fresh).count() == 2


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, records: list[dict]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


def _bad_label(records: list[dict]) -> int:
    records[1]["labels"][0]["label"] = "maybe"
    return 2


def _bad_suggestion(records: list[dict]) -> int:
    records[0]["labels"][0]["suggested_score"] = 2
    return 1


def _bad_text(records: list[dict]) -> int:
    records[-1]["text"] = records[-1]["text"] + " (edited)"
    return len(records)


def _missing_kind(records: list[dict]) -> int:
    del records[4]["kind"]
    return 5


def _bad_language(records: list[dict]) -> int:
    records[2]["language"] = "English"
    return 3


def _retitled_in_one_campaign(records: list[dict]) -> int:
    autumn = [r for r in records if r["campaign"] == "Autumn check ✓"]
    for record in autumn:
        record["title"] = "Bus lanes (edited)"
    return records.index(autumn[0]) + 1


@pytest.mark.parametrize(
    ("corrupt", "field", "message"),
    [
        (
            _bad_label,
            "labels[0].label",
            "expected one of sourced, unsourced, opinion, no_claim, got the string 'maybe'",
        ),
        (_bad_suggestion, "labels[0].suggested_score", "expected a number from 0 to 1, got 2"),
        (_bad_text, "text", "the text does not match its offsets"),
        (_missing_kind, "kind", "missing"),
        (_bad_language, "language", "expected a language code such as en, de or pt-BR"),
        (
            _retitled_in_one_campaign,
            "title",
            "differs from its records on line 1 (campaign 'Spring audit')",
        ),
    ],
    ids=["label", "suggestion", "text", "missing", "language", "campaigns-disagree"],
)
def test_a_corrupted_line_names_file_line_and_field_and_stores_nothing(
    tmp_path, corrupt, field, message
):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    records = _lines(path)
    line = corrupt(records)
    _write(path, records)
    wipe()

    with pytest.raises(CommandError) as caught:
        call_command("import_articles", path, verbosity=0)

    error = str(caught.value)
    assert error.startswith(f"{path}:{line}: field '{field}': ")
    assert message in error and error.endswith("\nNothing was restored.")
    assert {name: n for name, n in table_counts().items() if n} == {}
    assert ImportBatch.objects.get().status == "failed"


def test_an_export_made_before_languages_were_recorded_restores_as_english(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    records = _lines(path)
    for record in records:
        del record["language"]
    _write(path, records)
    wipe()

    call_command("import_articles", path, verbosity=0)

    assert set(Article.objects.values_list("language", flat=True)) == {"en"}


def test_invalid_json_names_the_line(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    data = export(path).decode().splitlines(keepends=True)
    data[2] = data[2][:40] + "\n"
    path.write_text("".join(data), encoding="utf-8")
    wipe()

    with pytest.raises(CommandError, match=r"backup\.jsonl:3: not valid JSON \(unexpected end"):
        call_command("import_articles", path, verbosity=0)
    assert Article.objects.count() == 0


def test_progress_is_reported_per_chunk_of_articles(tmp_path):
    build()
    lines = export(tmp_path / "backup.jsonl").decode().splitlines()
    wipe()
    calls: list[tuple[int, int]] = []

    export_restore(
        path_or_lines=lines, source_name="backup", on_progress=lambda *c: calls.append(c)
    )

    assert calls == [(0, 3), (3, 3)]


def test_the_service_raises_ingest_error(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    records = _lines(path)
    records[0]["start"] = "0"
    wipe()

    with pytest.raises(IngestError, match=r"^backup:1: field 'start': expected a whole number"):
        export_restore(path_or_lines=[json.dumps(r) for r in records], source_name="backup")


def test_an_export_that_leaves_sentences_out_is_refused(tmp_path):
    build()
    path = tmp_path / "claims.jsonl"
    export(path, ExportOptions(include_no_claim=False))
    wipe()

    with pytest.raises(
        CommandError, match=r":2: field 'position': expected 1, got 3: sentences are missing"
    ):
        call_command("import_articles", path, verbosity=0)
    assert Article.objects.count() == 0


def test_an_article_stored_with_other_text_is_a_conflict(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    first = Article.objects.order_by("pk").first()
    wipe()
    Article.objects.create(pk=first.pk, title="Other", body="Other text.", content_hash="x")

    with pytest.raises(CommandError, match=(
        rf":1: field 'text': article {first.pk} already exists with different text: "
        "restore into an empty database"
    )):  # fmt: skip
        call_command("import_articles", path, verbosity=0)
    assert Review.objects.count() == 0


def test_dry_run_checks_everything_and_stores_nothing(tmp_path, capsys):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    wipe()

    call_command("import_articles", path, "--dry-run", verbosity=0)

    out = capsys.readouterr().out
    assert "Dry run: would restore 2 articles, 11 sentences, 6 reviews" in out
    assert {name: n for name, n in table_counts().items() if n} == {}
    assert ImportBatch.objects.count() == 0


def test_an_export_among_article_files_is_refused(tmp_path):
    build()
    path = tmp_path / "backup.jsonl"
    export(path)
    other = tmp_path / "feed.jsonl"
    other.write_text('{"title": "A", "text": "Story one is here."}\n', encoding="utf-8")

    with pytest.raises(CommandError, match=r"is an export of labels and .*feed\.jsonl is not"):
        call_command("import_articles", path, other, verbosity=0)


def test_ordinary_jsonl_still_imports_as_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "text": "Story one is here."}\n', encoding="utf-8")
    call_command("import_articles", feed, verbosity=0)
    assert Article.objects.get().title == "A"
