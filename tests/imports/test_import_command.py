from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportBatch, Sentence
from tests.articles.inputs import write

ARTICLE = """
Mayor pledges new bus lanes

The mayor promised on Friday to build 12 km of bus lanes by 2027.
"Buses are stuck in the same traffic as everyone else," she said. "That has to end."
Critics called the plan unaffordable.
"""


@pytest.mark.django_db
def test_import_stores_title_body_and_exact_sentence_spans(tmp_path):
    call_command("import_articles", write(tmp_path, "bus.txt", ARTICLE), verbosity=0)

    article = Article.objects.get()
    assert article.title == "Mayor pledges new bus lanes"
    assert article.body.startswith("The mayor promised")
    texts = list(article.sentences.order_by("position").values_list("text", flat=True))
    assert texts == [
        "The mayor promised on Friday to build 12 km of bus lanes by 2027.",
        '"Buses are stuck in the same traffic as everyone else," she said.',
        '"That has to end."',
        "Critics called the plan unaffordable.",
    ]
    for sentence in Sentence.objects.select_related("article"):
        assert sentence.text == sentence.article.body[sentence.start : sentence.end]
    assert [s.paragraph for s in article.sentences.order_by("position")] == [0, 1, 1, 2]
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.article_count, batch.sentence_count) == ("done", 1, 4)


@pytest.mark.django_db
def test_reimporting_the_same_text_is_a_counted_no_op(tmp_path):
    path = write(tmp_path, "bus.txt", ARTICLE)
    call_command("import_articles", path, verbosity=0)
    call_command("import_articles", path, verbosity=0)

    assert Article.objects.count() == 1
    latest = ImportBatch.objects.order_by("-pk").first()
    assert (latest.article_count, latest.duplicate_count) == (0, 1)


@pytest.mark.django_db
def test_one_bad_file_imports_nothing_and_says_which(tmp_path):
    good = write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, "bad.txt", b"Title\n\x00\x01binary")

    with pytest.raises(CommandError, match=r"bad\.txt:2: contains a NUL character"):
        call_command("import_articles", good, bad, verbosity=0)

    assert Article.objects.count() == 0
    assert Sentence.objects.count() == 0
    failed = ImportBatch.objects.get()
    assert failed.status == "failed"
    assert "bad.txt:2" in failed.errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("", "the input is empty"),
        ("   \n\n", "the input is empty"),
        ("Only a title\n\n", "empty.txt:1: no article text after the title line"),
    ],
)
def test_empty_input_is_a_clear_error(tmp_path, content, error):
    with pytest.raises(CommandError, match=error):
        call_command("import_articles", write(tmp_path, "empty.txt", content), verbosity=0)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"nope\.txt: cannot read: No such file"):
        call_command("import_articles", tmp_path / "nope.txt", verbosity=0)


@pytest.mark.django_db
def test_windows_1252_and_utf16_files_decode(tmp_path):
    cp1252 = write(
        tmp_path, "a.txt", "Caf\u00e9 owners protest\n\nThe caf\u00e9 closed.".encode("cp1252")
    )
    utf16 = write(tmp_path, "b.txt", "Na\u00efve plan\n\nIt failed on Monday.".encode("utf-16"))
    call_command("import_articles", cp1252, utf16, verbosity=0)

    assert set(Article.objects.values_list("title", flat=True)) == {
        "Caf\u00e9 owners protest",
        "Na\u00efve plan",
    }
    assert ImportBatch.objects.get().encodings == {str(cp1252): "cp1252", str(utf16): "utf-16"}


@pytest.mark.django_db
def test_dry_run_lists_articles_and_stores_nothing(tmp_path, capsys):
    call_command("import_articles", write(tmp_path, "bus.txt", ARTICLE), "--dry-run", verbosity=0)

    out = capsys.readouterr().out
    assert "'Mayor pledges new bus lanes': 4 sentences" in out
    assert Article.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_outlet_option_sets_the_outlet(tmp_path):
    call_command(
        "import_articles",
        write(tmp_path, "bus.txt", ARTICLE),
        "--outlet",
        "Metro Daily",
        verbosity=0,
    )
    assert Article.objects.get().outlet.name == "Metro Daily"


@pytest.mark.django_db
def test_outlet_falls_back_to_the_domain_of_the_articles_url(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"title": "A", "text": "Story one is here.", "url": "https://www.coast-times.example/a"}\n'
        '{"title": "B", "text": "Story two is here.", "url": "https://coast-times.example/b",'
        ' "outlet": "The Coast Times"}\n'
    )
    call_command("import_articles", feed, verbosity=0)

    outlets = dict(Article.objects.values_list("title", "outlet__name"))
    assert outlets == {"A": "coast-times.example", "B": "The Coast Times"}
    assert Article.objects.get(title="B").outlet.domain == "coast-times.example"
