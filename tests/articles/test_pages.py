"""Whole pages of three differently built (fictional) outlets, imported end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

PAGES = Path(__file__).parent / "pages"


def import_page(name: str) -> list[Article]:
    call_command("import_articles", str(PAGES / name), verbosity=0)
    return list(Article.objects.order_by("pk"))


def body_sentences(article: Article) -> list[str]:
    return list(
        article.sentences.filter(kind="body").order_by("position").values_list("text", flat=True)
    )


def assert_no_furniture(article: Article, phrases: list[str]) -> None:
    text = article.body.casefold() + article.title.casefold() + article.standfirst.casefold()
    for phrase in phrases:
        assert phrase.casefold() not in text, phrase


@pytest.mark.django_db
def test_single_article_page_keeps_the_article_and_drops_the_site():
    (article,) = import_page("valley-courier-single.txt")

    assert article.title == "Water utility fined over river pollution after years of warnings"
    assert article.standfirst.startswith("Regulator says the company ignored 14 notices")
    assert article.author == "Hannah Okoro"
    assert article.published.date().isoformat() == "2026-03-12"
    sentences = body_sentences(article)
    assert sentences[0].startswith("The Valley Water Company has been fined 2.4 million pounds")
    assert sentences[-1] == "Rivers are being treated as open sewers."
    assert_no_furniture(
        article,
        ["cookies", "Accept all", "Skip to main content", "Share", "WhatsApp", "Advertisement",
         "Related stories", "Sewage spills rose 20%", "newsletter", "inbox", "12 comments",
         "Join the conversation", "All rights reserved", "Privacy policy"],
    )  # fmt: skip


@pytest.mark.django_db
def test_front_page_gives_each_article_and_most_popular_lists_start_none():
    articles = import_page("metro-ledger-front.txt")

    assert [a.title for a in articles] == [
        "Tram fares to rise by 8% from April",
        "City hall approves rooftop solar rules",
        "Library hours cut at five branches",
    ]
    assert [a.author for a in articles] == ["Marco Bellini", "Priya Anand", "Tom Reyes"]
    assert [body_sentences(a)[0][:40] for a in articles] == [
        "Single tram fares will rise from 2.50 to",
        "The city council voted 31 to 6 on Tuesda",
        "Five branch libraries will close on Sund",
    ]
    assert [body_sentences(a)[-1] for a in articles] == [
        "Fewer riders would mean less money for the network, not more.",
        "It had asked for a two-year delay.",
        "It had 2,000 signatures by Friday evening.",
    ]
    for article in articles:
        assert_no_furniture(
            article, ["Read more", "Most popular", "Advertisement", "Follow us", "Copyright"]
        )


@pytest.mark.django_db
def test_standfirst_is_kept_as_its_own_spans_before_the_body():
    (article,) = import_page("valley-courier-single.txt")
    first = article.sentences.order_by("position").first()
    assert first.kind == "standfirst"
    assert first.text == article.standfirst
    assert first.paragraph == 0


@pytest.mark.django_db
def test_html_page_keeps_text_and_metadata_and_never_markup():
    (article,) = import_page("northern-post-article.html")

    assert article.title == "Hospital waiting lists shrink for the first time in a decade"
    assert article.author.startswith("Grace Whitfield")
    assert article.url == "https://northern-post.example/health/waiting-lists-shrink"
    assert article.outlet.name == "The Northern Post"
    assert article.published.date().isoformat() == "2026-05-14"
    assert body_sentences(article)[0].startswith("The number of patients waiting for planned")
    assert "sync --all" in article.body  # text inside <code> stays, as text
    headings = list(article.sentences.filter(kind="heading").values_list("text", flat=True))
    assert headings == ["Staff shortages remain"]
    leftovers = ["<", "alert", "onerror", "tracker", "Injected paragraph", "font-family",
                 "Related stories", "Nurses vote", "newsletter", "All rights reserved"]  # fmt: skip
    for markup in leftovers:
        assert markup not in article.body, markup


@pytest.mark.django_db
def test_every_stored_sentence_is_its_slice_of_the_body():
    for name in [
        "valley-courier-single.txt",
        "metro-ledger-front.txt",
        "northern-post-article.html",
    ]:
        import_page(name)
    for article in Article.objects.all():
        for sentence in article.sentences.all():
            assert sentence.text == article.body[sentence.start : sentence.end]
            assert sentence.text == sentence.text.strip() and sentence.text


@pytest.mark.django_db
def test_dry_run_lists_articles_and_dropped_lines(capsys):
    call_command("import_articles", str(PAGES / "metro-ledger-front.txt"), "--dry-run", verbosity=0)
    out = capsys.readouterr().out
    assert "'Library hours cut at five branches': 7 sentences, by Tom Reyes, 2026-02-01" in out
    assert "line 2: Home | Politics | City | Money | Weather" in out
    assert "Dry run: 3 articles found, nothing stored." in out
    assert not Article.objects.exists()
