"""The text-page importer where readers' comments, comment counts and widget labels meet the
article: comments are never the article's text nor new articles, and a comment count under a
story on a front page or under a headline does not swallow the stories that follow."""

from __future__ import annotations

import pytest

from articles.ingest.line_rules import classify, parse_date
from articles.ingest.page_lines import Kind
from articles.ingest.pages import find_articles

BODY = (
    "The regional water board approved a plan on Monday to replace 40 km of lead pipes "
    "under the old town by 2029, at a cost of 85 million euros.\n\n"
    "Work starts in the spring on the streets around the market, where tests last year "
    "found the highest levels, the board's chairwoman said.\n\n"
    "Residents will get free filters until the pipes in their street are replaced, and the "
    "board will publish the test results for each street every quarter.\n"
)

CLOSED_THEN_COMMENTS = f"""Valley Courier
News | Sport | Weather

Water board to replace lead pipes under the old town
By Marta Quill
2 March 2026

{BODY}
Tags: water, old town
Buyer's guide: home water filters

[ 23 comments ]

Top comments
river_rat
3/2/2026 10:14 AM
About time they did something. My street was tested twice and nobody told us the results.

Hanna K.
3/2/2026 11:02 AM
Who pays for the filters after 2029? The plan says nothing about the outer villages at all.
"""

HEADLINE_COUNT = f"""Valley Courier

Water board to replace lead pipes under the old town
New, 6 comments

{BODY}"""

TIMED_HEADERS = f"""Water board to replace lead pipes under the old town
By Marta Quill
2 March 2026

{BODY}
Share this:
Facebook
Permalink 2 Comments Feed for comments Back to top

Paul on March 2, 2026 at 6:34 am said:
About time they did something. My street was tested twice and nobody told us the results.

Hanna on March 2, 2026 at 7:10 am said:
Who pays for the filters after 2029? The plan says nothing about the outer villages at all.
"""


class _EveryLineText:
    """A line model sure that every line is article text: the structure rules decide alone."""

    def score(self, lines):
        return [1.0] * len(lines)


def _text(article) -> str:
    return " ".join(p.text for p in article.paragraphs)


def test_comments_after_a_closed_article_and_a_headline_only_story_are_not_kept():
    # "Tags" closes the article, a headline with no story comes next, then the comment
    # count: what follows is the readers', not a new article nor the tail of this one,
    # whether the line model or the structure rules alone decide.
    for model in (None, _EveryLineText()):
        result = find_articles(CLOSED_THEN_COMMENTS, model=model)
        (article,) = result.articles
        assert article.title == "Water board to replace lead pipes under the old town"
        assert "quarter" in _text(article)
        assert "About time" not in _text(article) and "outer villages" not in _text(article)
        dropped = " ".join(line.text for line in result.dropped)
        assert "About time they did something." in dropped


def test_a_comment_count_under_a_headline_does_not_drop_the_story_under_it():
    (article,) = find_articles(HEADLINE_COUNT).articles
    assert article.title == "Water board to replace lead pipes under the old town"
    assert [p.text for p in article.paragraphs] == BODY.strip().split("\n\n")


def test_comment_headers_with_their_time_and_counts_among_labels_end_the_article():
    (article,) = find_articles(TIMED_HEADERS).articles
    assert [p.text for p in article.paragraphs] == BODY.strip().split("\n\n")
    kinds = {line.text: line.kind for line in classify(TIMED_HEADERS)}
    assert kinds["Paul on March 2, 2026 at 6:34 am said:"] == Kind.FURNITURE
    assert kinds["Permalink 2 Comments Feed for comments Back to top"] == Kind.END


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("[ 167 comments ]", Kind.END),
        ("« Share this »", Kind.END),
        ("Comments (3)", Kind.END),
        ("| Advertisement |", Kind.FURNITURE),
        # Prose that mentions comments is not a widget.
        ("The ministry received 340 comments on the draft before the deadline.", Kind.TEXT),
        # Renderers draw list items with a bullet: a ticker of headlines, each with its
        # bulleted byline and time, is a list of links, not articles.
        ("* By Reuters", Kind.BYLINE),
        ("• By Ana Haddad", Kind.BYLINE),
        ("* 11/20/2019 01:14 PM", Kind.DATE),
        ("- 3 hours ago", Kind.DATE),
        ("* Photo: Harbour Authority", Kind.CREDIT),
        # A list item of prose stays text.
        ("* The board will publish the results for each street every quarter.", Kind.TEXT),
    ],
)
def test_a_line_is_read_without_its_brackets_or_its_bullet(label, kind):
    (line,) = classify(label)
    assert line.kind == kind


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("11/20/2019 01:14 PM", "2019-11-20"),  # month first when written with slashes
        ("13/05/2019", "2019-05-13"),  # unless the month can't be 13
        ("20.11.2019", "2019-11-20"),  # dots and dashes put the day first
        ("5.6.2020 12:00", "2020-06-05"),
        ("20-11-2019 at 10:08 am", "2019-11-20"),
        ("2019/11/20 10:00", "2019-11-20"),
        ("2019-11-20", "2019-11-20"),
        # With a time, a source or a reading time.
        ("Updated on: November 19, 2019 / 10:07 AM / CBS News", "2019-11-19"),
        ("First published on November 19, 2019 / 8:16 AM", "2019-11-19"),
        ("Updated 11:21 pm CST, Tuesday, November 19, 2019", "2019-11-19"),  # time first
        ("3 March 2020 | 4 min read", "2020-03-03"),
        ("Last Updated : Nov 20, 2019 01:41 PM IST | Source: Example Wire", "2019-11-20"),
        ("+ 20.11.2019", "2019-11-20"),  # a nested list's bullet
    ],
)
def test_numeric_dates_and_dates_with_a_time_or_source_are_date_lines(text, day):
    parsed = parse_date(text)
    assert parsed is not None and parsed.date().isoformat() == day
    assert classify(text)[0].kind == Kind.DATE


def test_a_figure_with_dots_is_not_a_date():
    assert parse_date("1.5 million") is None
    assert parse_date("12.2019") is None


TICKER = "\n".join(
    f"{headline}\n* By {agency}\n* 11/20/2019 {time}"
    for headline, agency, time in [
        ("Rail strike halts trains across the region", "Reuters", "01:14 PM"),
        ("Council delays vote on the harbour budget", "Courier staff", "10:08 AM"),
        ("Storm warning issued for the northern coast", "Reuters", "09:39 AM"),
        ("Museum reopens after two years of repairs", "Courier staff", "08:11 AM"),
        ("Ferry fares to rise by five percent in April", "Reuters", "04:06 AM"),
    ]
)


def test_a_ticker_of_headlines_with_bulleted_bylines_and_times_is_not_imported():
    page = (
        "Valley Courier\nNews | Sport | Weather\n\n"
        "Water board to replace lead pipes under the old town\nBy Marta Quill\n2 March 2026\n\n"
        f"{BODY}\nLatest news\n{TICKER}\n\nAbout us\nContact\nPrivacy\n"
    )
    (article,) = find_articles(page).articles
    assert article.title == "Water board to replace lead pipes under the old town"
    assert [paragraph.text for paragraph in article.paragraphs] == BODY.strip().split("\n\n")


@pytest.mark.parametrize("text", ["1H ago", "43M ago", "2h ago", "5 minutes ago"])
def test_short_relative_times_are_date_lines(text):
    assert classify(text)[0].kind == Kind.DATE


@pytest.mark.parametrize(
    "text",
    [
        "March 3, 2020 - the day everything changed",
        "March 3, 2020 / the day the city council voted to approve the plan",
        "5 May 2020 was a bad day for the harbour.",
    ],
)
def test_a_date_that_opens_a_heading_or_a_sentence_is_not_a_date_line(text):
    assert parse_date(text) is None
    assert classify(text)[0].kind != Kind.DATE


def test_a_nested_list_of_categories_is_a_run_of_menu_lines_whatever_its_bullets():
    categories = "\n".join(
        ["+ Harbour news (15)", "+ Council (47)", "o Budget (5)", "o Elections (68)", "+ Sport (2)"]
    )
    lines = classify(f"Categories\n{categories}\n")
    assert [line.kind for line in lines[1:]] == [Kind.FURNITURE] * 5
    assert all(line.reason == "one of a run of short menu-like lines" for line in lines[1:])


def test_a_hostile_date_like_line_is_read_at_once():
    """Imported text is hostile: a date followed by hundreds of separators must not send the
    date pattern into backtracking without end (SIGALRM turns a hang into a failure)."""
    import signal

    def hang(*_):
        raise AssertionError("the date pattern backtracked for 10 seconds")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(10)
    try:
        assert parse_date("1 May 2020" + " /  " * 500 + "x" * 50) is None
        assert classify("Updated on: 1 May 2020" + " | a" * 2000)[0].kind == Kind.DATE
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SECOND_BODY = (
    "The ferry operator will add two evening sailings to the island from June, after "
    "passenger numbers rose by a fifth last summer.\n\n"
    "The new timetable was agreed with the port authority, which will keep the terminal "
    "open until midnight on weekdays.\n\n"
    "Fares stay the same until the end of the year, the operator said in a statement.\n"
)

EMPTY_COMMENTS_THEN_A_STORY = f"""Valley Courier

Water board to replace lead pipes under the old town

{BODY}
Liked it? Support the Valley Courier!
Click to comment

Leave a Reply

Notify of


Ferry operator adds evening sailings to the island

The summer timetable, explained.

Ana Ruiz

{SECOND_BODY}
"""


def test_an_empty_comment_form_above_another_story_with_a_standfirst_drops_nothing():
    """A front page puts a comment form under each story: when the next thing is another
    story's headline, standfirst and author, the comments have not opened and that story is
    an article, whether the line model or the structure rules alone decide."""
    for model in (None, _EveryLineText()):
        articles = find_articles(EMPTY_COMMENTS_THEN_A_STORY, model=model).articles
        assert [article.title for article in articles] == [
            "Water board to replace lead pipes under the old town",
            "Ferry operator adds evening sailings to the island",
        ]
        standfirst, *body = articles[1].paragraphs
        assert (standfirst.text, standfirst.kind) == (
            "The summer timetable, explained.",
            "standfirst",
        )
        assert [p.text for p in body] == SECOND_BODY.strip().split("\n\n")
        assert articles[1].author == "Ana Ruiz"
