from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator import spreadsheets
from annotator.campaigns import gold
from annotator.datasets import csvfile, exports, selectors
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, Pseudonym, Review
from annotator.review import services
from tests.factories import UserFactory, make_article
from tests.queries import count_queries


def _records(**options) -> list[dict]:
    return list(exports.export_records(ExportOptions(**options)))


def _name(user) -> str:
    return Pseudonym.objects.get(user=user).name


@pytest.mark.django_db
def test_jsonl_record_carries_every_field(settled, reviewer, other_reviewer):
    _, article, first = settled
    records = _records()
    assert len(records) == 5
    rita, otto = _name(reviewer), _name(other_reviewer)
    assert records[0] == {
        "campaign": "Spring audit",
        "article_id": article.pk,
        "article_url": "https://planet.example/harbour",
        "outlet": "Daily Planet",
        "title": "A test article",
        "author": "Lois Lane",
        "published": "2026-03-01T09:30:00+00:00",
        "language": "en",
        "sentence_id": first.pk,
        "position": 0,
        "paragraph": 0,
        "kind": "body",
        "start": 0,
        "end": first.end,
        "gap_before": "",
        "text": first.text,
        "gold_label": "sourced",
        "gold_method": "adjudicated",
        "gold_decided_by": Pseudonym.objects.get(user__username="ada").name,
        "gold_source": "",
        # In reviewer order (rita's account is older than otto's).
        "labels": [
            {"reviewer": rita, "label": "sourced", "source": "Dr. Marsh", "note": "",
             "status": "submitted", "suggested_value": "", "suggested_score": None},
            {"reviewer": otto, "label": "unsourced", "source": "", "note": "=1+1",
             "status": "submitted", "suggested_value": "", "suggested_score": None},
        ],
        "label_counts": {"sourced": 1, "unsourced": 1, "opinion": 0, "no_claim": 0},
    }  # fmt: skip
    second = records[1]
    assert second["gap_before"] == " "
    assert (second["gold_label"], second["gold_method"]) == ("no_claim", "unanimous")
    assert second["gold_decided_by"] is None
    assert "rita" not in json.dumps(records) and "otto" not in json.dumps(records)


@pytest.mark.django_db
def test_pseudonyms_are_stable_and_real_names_only_when_asked(settled, reviewer):
    first = _records()[0]["labels"]
    again = _records(campaign_ids=(settled[0].pk,), labels="reviewers")[0]["labels"]
    assert first == again
    named = _records(real_names=True)[0]
    assert {label["reviewer"] for label in named["labels"]} == {"rita", "otto"}
    assert named["gold_decided_by"] == "ada"


@pytest.mark.django_db
def test_label_filters_gold_only_reviewers_only_and_no_claims(settled):
    gold_only = _records(labels="gold")
    assert "labels" not in gold_only[0] and gold_only[0]["gold_label"] == "sourced"
    reviewers_only = _records(labels="reviewers")
    assert "gold_label" not in reviewers_only[0] and len(reviewers_only[0]["labels"]) == 2
    claims = _records(include_no_claim=False)
    assert [r["position"] for r in claims] == [0]


@pytest.mark.django_db
def test_only_submitted_reviews_unless_in_progress_is_asked_for(campaign, article, reviewer):
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    services.label_set(
        review=review, sentence=article.sentences.first(), value="opinion", actor=reviewer
    )
    assert _records() == []
    records = _records(include_in_progress=True)
    assert records[0]["labels"][0]["status"] == "in_progress"


@pytest.mark.django_db
def test_outlet_and_date_filters(settled):
    _, article, _ = settled
    assert len(_records(outlet_ids=(article.outlet_id,))) == 5
    assert _records(outlet_ids=(article.outlet_id + 1,)) == []
    assert len(_records(published_from=datetime(2026, 3, 1).date())) == 5
    assert _records(published_to=datetime(2026, 2, 28).date()) == []


@pytest.mark.django_db
def test_csv_flattens_one_column_per_reviewer_and_neutralises_formulas(
    settled, reviewer, other_reviewer
):
    options = ExportOptions()
    out = io.StringIO()
    assert csvfile.write_csv(options, selectors.export_rows(options), out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    rita, otto = _name(reviewer), _name(other_reviewer)
    assert rows[0][f"{rita}_label"] == "sourced"
    assert rows[0][f"{rita}_source"] == "Dr. Marsh"
    assert rows[0][f"{otto}_note"] == "'=1+1"
    assert rows[0]["count_sourced"] == "1" and rows[0]["gold_label"] == "sourced"
    assert rows[1]["gap_before"] == " "


@pytest.mark.django_db
def test_csv_columns_are_the_article_then_the_sentence(settled):
    settled[1].language = "de"
    settled[1].save()
    options = ExportOptions()
    out = io.StringIO()
    csvfile.write_csv(options, selectors.export_rows(options), out)
    header, first = list(csv.reader(io.StringIO(out.getvalue())))[:2]
    assert header[:16] == [
        "campaign", "article_id", "article_url", "outlet", "title", "author", "published",
        "language", "sentence_id", "position", "paragraph", "kind", "start", "end",
        "gap_before", "text",
    ]  # fmt: skip
    assert first[header.index("language")] == "de"


@pytest.mark.django_db
def test_csv_neutralises_formula_like_names_in_the_header_and_cells(settled, reviewer):
    # Usernames may start with @, + or -: with real names they become column names and the
    # "decided by" cell, and must open as text too.
    reviewer.username = "@rita"
    reviewer.save()
    settled[0].name = "=Spring audit"
    settled[0].save()
    options = ExportOptions(real_names=True)
    out = io.StringIO()
    csvfile.write_csv(options, selectors.export_rows(options), out)
    header, first = list(csv.reader(io.StringIO(out.getvalue())))[:2]
    assert "'@rita_label" in header and "@rita_label" not in header
    assert first[header.index("'@rita_label")] == "sourced"
    assert first[header.index("campaign")] == "'=Spring audit"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (3, 3),
    ],
)
def test_formula_cells_are_neutralised(cell, safe):
    assert spreadsheets.neutralise(cell) == safe


@pytest.mark.django_db
def test_command_writes_each_text_format_and_an_empty_campaign_gives_a_valid_empty_file(
    tmp_path, settled
):
    Campaign.objects.create(name="Empty")
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    call_command("export_labels", "--campaign", "Empty", "-o", str(jsonl), verbosity=0)
    assert jsonl.read_text() == ""
    call_command(
        "export_labels", "--format", "csv", "--campaign", "Empty", "-o", str(table), verbosity=0
    )
    assert table.read_text().startswith("campaign,article_id,")
    assert len(table.read_text().splitlines()) == 1

    call_command("export_labels", "--campaign", "Spring audit", "-o", str(jsonl), verbosity=0)
    assert len(jsonl.read_text().splitlines()) == 5


@pytest.mark.django_db
def test_command_to_stdout(capsys, settled):
    call_command("export_labels", "-o", "-", verbosity=0)
    assert len(capsys.readouterr().out.splitlines()) == 5


@pytest.mark.django_db
def test_command_names_an_unknown_campaign(tmp_path):
    with pytest.raises(CommandError, match="No campaign 'Nope'"):
        call_command("export_labels", "--campaign", "Nope", "-o", str(tmp_path / "x"))


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_articles(settled, reviewer):
    campaign, _, _ = settled
    _records()  # names the reviewers' pseudonyms once
    before = count_queries(_records)
    for n in range(20):
        extra = make_article(sentences=3, title=f"Extra {n}")
        campaign.articles.add(extra)
        review = Review.objects.create(campaign=campaign, article=extra, reviewer=reviewer)
        services.review_submit(review=review, actor=reviewer)
    assert count_queries(lambda: len(_records())) == before
    assert len(_records()) == 5 + 20 * 3


@pytest.mark.django_db
def test_an_export_of_many_chunks_comes_out_whole_and_in_order(settled, reviewer, monkeypatch):
    campaign, _, _ = settled
    for n in range(7):
        extra = make_article(sentences=3, title=f"Extra {n}")
        campaign.articles.add(extra)
        review = Review.objects.create(campaign=campaign, article=extra, reviewer=reviewer)
        services.label_set(
            review=review, sentence=extra.sentences.get(position=1), value="opinion",
            actor=reviewer,
        )  # fmt: skip
        services.review_submit(review=review, actor=reviewer)
    whole = _records()
    monkeypatch.setattr(selectors, "ARTICLES_PER_CHUNK", 2)
    records = _records()
    assert records == whole
    assert [(r["article_id"], r["position"]) for r in records] == sorted(
        (r["article_id"], r["position"]) for r in records
    )
    assert len(records) == 5 + 7 * 3
    assert [r["label_counts"]["opinion"] for r in records[5:]] == [0, 1, 0] * 7
    assert all(r["text"] == r["text"].strip() and r["text"] for r in records)


@pytest.mark.django_db
def test_csv_reviewer_cells_with_commas_quotes_and_line_breaks_read_back_exactly(
    settled, reviewer, other_reviewer
):
    _, article, _ = settled
    second = article.sentences.get(position=1)
    mine = Review.objects.get(reviewer=reviewer)
    services.review_reopen(review=mine)
    services.label_set(
        review=mine, sentence=second, value="opinion", actor=reviewer,
        source='the mayor, "off the record"', note="line one\nline two, with a comma",
    )  # fmt: skip
    services.review_submit(review=mine, actor=reviewer)
    options = ExportOptions()
    out = io.StringIO()
    csvfile.write_csv(options, selectors.export_rows(options), out)
    header, *rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert all(len(row) == len(header) for row in rows)
    rita, otto = _name(reviewer), _name(other_reviewer)
    cell = dict(zip(header, rows[1], strict=True))
    assert cell[f"{rita}_source"] == 'the mayor, "off the record"'
    assert cell[f"{rita}_note"] == "line one\nline two, with a comma"
    assert (cell[f"{rita}_label"], cell[f"{rita}_status"]) == ("opinion", "submitted")
    assert cell[f"{otto}_label"] == "no_claim" and cell[f"{otto}_source"] == ""


@pytest.mark.django_db
def test_gold_labels_are_found_when_other_articles_sentences_lie_between(settled, reviewer):
    # Articles imported between two of the campaign's put their sentence ids in the middle of
    # the chunk's id range: gold is then read through the articles (the sparse path).
    campaign, _, _ = settled
    for n in range(4):
        make_article(sentences=8, title=f"Elsewhere {n}")
    later = make_article(sentences=3, title="Later")
    campaign.articles.add(later)
    review = Review.objects.create(campaign=campaign, article=later, reviewer=reviewer)
    services.review_submit(review=review, actor=reviewer)
    admin = User.objects.get(username="ada")
    gold.gold_set(
        campaign=campaign, sentence=later.sentences.get(position=2), value="opinion", actor=admin
    )
    with CaptureQueriesContext(connection) as captured:
        records = _records(labels="gold")
    assert any('s."article_id"' in query["sql"] for query in captured)  # the sparse path
    assert [(r["title"], r["position"], r["gold_label"]) for r in records] == [
        ("A test article", 0, "sourced"),
        ("A test article", 1, "no_claim"), ("A test article", 2, "no_claim"),
        ("A test article", 3, "no_claim"), ("A test article", 4, "no_claim"),
        ("Later", 2, "opinion"),  # the only gold of a one-review article: adjudicated
    ]  # fmt: skip


@pytest.mark.django_db
def test_reviews_submitted_while_an_export_runs_never_break_it(settled, monkeypatch):
    # A new reviewer starts and submits after the export named its reviewers (JSONL), or after
    # the CSV header was written: the export goes on, without that reviewer's labels.
    campaign, article, first = settled
    late = UserFactory.create(username="zed")
    campaign.reviewers.add(late)
    named = selectors.reviewer_names

    def review_now() -> Review:
        review = Review.objects.create(campaign=campaign, article=article, reviewer=late)
        services.label_set(review=review, sentence=first, value="opinion", actor=late)
        services.review_submit(review=review, actor=late)
        return review

    def then_review(*args):
        names = named(*args)
        review_now()
        return names

    monkeypatch.setattr(selectors, "reviewer_names", then_review)
    records = _records()
    assert len(records) == 5 and all(len(r["labels"]) == 2 for r in records)

    monkeypatch.setattr(selectors, "reviewer_names", named)
    Review.objects.filter(reviewer=late).delete()
    options = ExportOptions()
    lines = csvfile.csv_lines(options, selectors.export_rows(options))
    header = next(lines)
    review_now()
    rows = list(csv.reader(io.StringIO(header + "".join(lines), newline="")))
    assert len(rows) == 6 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[1][rows[0].index("count_opinion")] == "0"  # zed's label: no column, not counted
