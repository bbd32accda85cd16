"""The text-page importer on page shapes that used to lose or mislabel text."""

from __future__ import annotations

import json

import pytest

from articles.ingest.lines import FEATURES, MODEL_PATH, LineModel, default_model
from articles.ingest.page_lines import Line, ends_sentence
from articles.ingest.pages import content_runs, find_articles
from articles.ingest.segment import SpanKind

SHORT_PARAGRAPHS = """Harbour Times
Home | News | Business | Sport

Ferry timetable cut as fuel costs climb
By Jane Moreau
4 March 2026

The island ferry will sail four times a day instead of six from 1 April, the operator said on Tuesday, blaming a 40% rise in fuel costs since last year.

Passenger numbers fell by 12% in 2025, according to the port authority's annual report.

The operator had asked the regional council for a subsidy of 2.1 million euros. It was refused.

Fares rise by 5% on 1 May.

Council leader Ines Duarte said the decision was final.

The last sailing will leave at 7.40 p.m.

Freight services are not affected, the company said.

A public meeting is planned for 12 March.

Share this
Facebook
Twitter
© 2026 Harbour Times
"""

QUESTION_PARAGRAPH = """Valley Post

Schools to open an hour later in winter
By Omar Haddad
2 November 2026

The county's 41 schools will start at 9.30 a.m. from December to February, the education board decided on Monday after a year-long trial at six schools.

Why the change? Attendance at the trial schools rose by 4%. Late arrivals halved.

Parents' groups welcomed the decision. Bus operators said they would need new timetables.
"""

FRONT_PAGE = """CITY LEDGER
Home | Politics | City | Money

Most read
Bridge repairs to close the river road for a month
Museum reopens after a two-year refit

Bridge repairs to close the river road for a month
By Tomás Silva
3 May 2026

Repairs to the Old Mill bridge will close the river road from 1 June to 30 June, the highways department said on Friday. Diversions will add about ten minutes to most journeys.

Engineers found cracks in two of the bridge's five arches during an inspection in March. The work will cost 1.8 million dollars.

Read more
14 comments

Advertisement

Museum reopens after a two-year refit
Mei Nakamura
3 May 2026

The city museum reopened on Saturday after a two-year refit that added three galleries and a rooftop cafe. More than 4,000 people visited on the first day.

The refit cost 22 million dollars, two thirds of it from a national heritage fund, the museum's director told reporters.

Read more
3 comments

Related stories
Bridge repairs to close the river road for a month
Museum reopens after a two-year refit
© 2026 City Ledger
"""

COMMENTS = """Posted by Ana Lindqvist on November 19, 2026, 6:21 AM EST

Rail strike called off after late pay offer
Posted by Ana Lindqvist on November 19, 2026, 6:21 AM EST

The national rail strike planned for Monday has been called off after the operators raised their pay offer to 6% over two years, the drivers' union said late on Sunday.

Members will vote on the offer over the next three weeks. The union's executive recommended that they accept it.

Share this:
Click to share on Facebook (Opens in new window)
34 responses to “Rail strike called off after late pay offer”
commuter_joe says:
November 19, 2026 at 6:34 am
About time. I have been working from home for a month because of this.
railfan88 says:
November 19, 2026 at 6:44 am
The drivers deserve every penny of that offer and more besides.
"""

COMMENT_HEADLINES = """City Ledger
Home | News | Business | Sport

Rail strike called off after late pay offer
By Ana Lindqvist
19 November 2026

The national rail strike planned for Monday has been called off after the operators raised their pay offer to 6% over two years, the drivers' union said late on Sunday.

Members will vote on the offer over the next three weeks. The union's executive recommended that they accept it, and said talks on working hours would resume in January.

The operators said the offer was their last and that fares would not rise to pay for it.

34 Comments

commuter_joe
November 19, 2026 at 6:34 am

Did anyone really think the operators would hold out for long?

They lose more on one day of strikes than the whole offer costs them in a year, and everyone on the line knows it. The union simply waited them out, as it did in 2019.

railfan88
November 19, 2026 at 6:44 am

The drivers deserve every penny of that offer and more besides, after three years of pay that fell behind prices every single month.
"""

SUBHEADING = """City Ledger
Home | News | Business | Sport

Ferry timetable cut as fuel costs climb
By Jane Moreau
4 March 2026

The island ferry will sail four times a day instead of six from 1 April, the operator said on Tuesday, blaming a 40% rise in fuel costs since last year.

Passenger numbers fell by 12% in 2025, according to the port authority's annual report, and the operator expects a further fall this year.
Photo: Harbour Times
What happens to the night sailing
The last sailing will leave at 7.40 p.m. instead of 10.15 p.m., and the night freight service will move to the mainland port of Vila Nova from May.

The operator had asked the regional council for a subsidy of 2.1 million euros to keep the night sailing, but the council refused it last week.

© 2026 City Ledger
"""


def bodies(text: str) -> list[list[str]]:
    return [[p.text for p in article.paragraphs] for article in find_articles(text).articles]


def test_short_factual_paragraphs_at_the_end_of_an_article_are_kept():
    (paragraphs,) = bodies(SHORT_PARAGRAPHS)
    assert paragraphs[-6:] == [
        "The operator had asked the regional council for a subsidy of 2.1 million euros. "
        "It was refused.",
        "Fares rise by 5% on 1 May.",
        "Council leader Ines Duarte said the decision was final.",
        "The last sailing will leave at 7.40 p.m.",
        "Freight services are not affected, the company said.",
        "A public meeting is planned for 12 March.",
    ]
    assert "Share this" not in paragraphs


def test_a_paragraph_of_several_sentences_opening_with_a_question_is_body_text():
    (article,) = find_articles(QUESTION_PARAGRAPH).articles
    (question,) = [p for p in article.paragraphs if p.text.startswith("Why the change?")]
    assert question.kind == SpanKind.BODY


def test_headlines_repeated_in_lists_are_still_the_titles_and_bylines_never_are():
    articles = find_articles(FRONT_PAGE).articles
    assert [a.title for a in articles] == [
        "Bridge repairs to close the river road for a month",
        "Museum reopens after a two-year refit",
    ]
    assert [a.author for a in articles] == ["Tomás Silva", "Mei Nakamura"]
    assert [len(a.paragraphs) for a in articles] == [2, 2]


def test_posted_by_line_is_a_byline_and_comments_are_not_the_article():
    (article,) = find_articles(COMMENTS).articles
    assert article.title == "Rail strike called off after late pay offer"
    assert article.author == "Ana Lindqvist"
    assert article.published is not None and article.published.day == 19
    text = " ".join(p.text for p in article.paragraphs)
    assert "called off" in text
    assert "About time" not in text and "says:" not in text


def test_the_readers_comments_under_an_article_are_not_its_text_nor_new_articles():
    (article,) = find_articles(COMMENT_HEADLINES).articles
    assert article.title == "Rail strike called off after late pay offer"
    text = " ".join(p.text for p in article.paragraphs)
    assert "fares would not rise" in text
    assert "commuter_joe" not in text and "They lose more" not in text


def test_a_headline_shaped_line_between_paragraphs_is_a_subheading_not_a_new_article():
    (article,) = find_articles(SUBHEADING).articles
    kinds = {p.text: p.kind for p in article.paragraphs}
    assert kinds["What happens to the night sailing"] == SpanKind.HEADING
    assert article.paragraphs[-1].text.startswith("The operator had asked")


def test_every_dropped_line_says_why():
    result = find_articles(FRONT_PAGE)
    assert result.dropped
    assert all(line.reason for line in result.dropped)
    reasons = {line.text: line.reason for line in result.dropped}
    assert reasons["Read more"] == "marks the end of an article"


def test_a_headline_in_a_script_without_capitals_is_found():
    page = (
        "뉴스 홈\n\n"
        "시청 앞 광장에 새 도서관이 문을 연다\n"
        "2026-03-04\n\n"
        + "시는 화요일에 새 도서관이 다음 달 문을 연다고 밝혔다. 도서관에는 책 십만 권이 있다.\n\n"
        * 3
    )
    (article,) = find_articles(page).articles
    assert article.title == "시청 앞 광장에 새 도서관이 문을 연다"


def test_the_shipped_line_model_is_plain_data_for_the_current_features():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert default_model() is not None


def test_a_model_fitted_on_other_features_is_refused():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        LineModel(data)


def test_a_date_line_that_names_the_author_is_never_a_title():
    page = (
        "Laptop makers brace for a year of thinner screens\n"
        "Monday November 18, 2026 7:45 am PST by Joe Rossi\n\n"
        "Three of the largest laptop makers plan to ship thinner screens next year, according to "
        "supply-chain analysts who track orders from the main panel factories in Asia.\n\n"
        "The analysts expect the first models in March, with prices close to this year's.\n"
    )
    (article,) = find_articles(page).articles
    assert article.title == "Laptop makers brace for a year of thinner screens"
    assert article.author == "Joe Rossi"
    assert article.published is not None and article.published.day == 18


def test_news_about_cookies_is_kept_but_an_appeal_to_subscribe_is_not():
    page = (
        "Regulator fines app maker over hidden tracking\n"
        "By Leila Haddad\n"
        "9 June 2026\n\n"
        "The data protection authority fined a popular weather app 3 million euros on Tuesday for "
        "tracking users' locations without asking, the largest fine it has imposed this year.\n\n"
        "Investigators said the app changed its privacy policy twice without telling users.\n\n"
        "The company said it would appeal and had already removed the tracking code.\n\n"
        "Remember to please subscribe to our channel for more news like this.\n\n"
        "© 2026 Example News\n"
    )
    (article,) = find_articles(page).articles
    texts = [p.text for p in article.paragraphs]
    assert (
        "Investigators said the app changed its privacy policy twice without telling users."
        in texts
    )
    assert not any("subscribe" in text for text in texts)


def test_a_kept_line_never_joins_an_article_that_is_left_out():
    from articles.ingest.text_pages import parse_text_page

    page = FRONT_PAGE.replace(
        "Related stories\n",
        "Related stories\nThe river road reopens at 6 a.m. on 1 July, the highways department said.\n",
    )
    result = find_articles(page)
    (kept,) = [line for line in result.dropped if line.text.startswith("The river road reopens")]
    second = result.articles[1].line
    parsed = parse_text_page(
        page, source="front.txt", keep=frozenset({kept.number}), leave_out=frozenset({second})
    )
    (draft,) = parsed.drafts
    assert draft.title == "Bridge repairs to close the river road for a month"
    assert draft.paragraphs[-1].text == kept.text


def test_a_kept_line_within_a_left_out_article_goes_out_with_it():
    from articles.ingest.text_pages import parse_text_page

    result = find_articles(FRONT_PAGE)
    second = result.articles[1]
    (read_more,) = [
        line for line in result.dropped if line.text == "Read more" and line.number > second.line
    ]
    parsed = parse_text_page(
        FRONT_PAGE,
        source="front.txt",
        keep=frozenset({read_more.number}),
        leave_out=frozenset({second.line}),
    )
    (draft,) = parsed.drafts
    assert "Read more" not in [p.text for p in draft.paragraphs]


class _ProseModel:
    """Scores long sentences as article text and everything else as furniture."""

    def score(self, lines):
        return [0.99 if len(line.text.split()) >= 12 else 0.02 for line in lines]


BULLETED_BYLINE = """Sports Daily
* Scores
* Schedule
* Standings

Rivals trade words after Thursday's brawl
* by Dana Reyes
* Nov 18, 2019 at 9:24 pm ET

The club spent Monday trying to distance itself from the fight that led to suspensions for two players.

Its captain said on Monday that the league had been right to act quickly, and that the team would not appeal.

The league is expected to announce fines for three more players later this week, according to two officials.

See All Newsletters

Please check the box to acknowledge that you would like to receive our newsletter every day.
"""


def test_article_text_is_kept_when_no_headline_starts_an_article_over_it():
    result = find_articles(BULLETED_BYLINE, model=_ProseModel())

    kept = [p.text for article in result.articles for p in article.paragraphs]
    assert kept[:3] == [
        "The club spent Monday trying to distance itself from the fight that led to "
        "suspensions for two players.",
        "Its captain said on Monday that the league had been right to act quickly, and that "
        "the team would not appeal.",
        "The league is expected to announce fines for three more players later this week, "
        "according to two officials.",
    ]


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("The council voted on Monday.", True),
        ("« Nous ne reculerons pas », a-t-il dit.", True),
        ("Il a répondu : « Non. »", True),
        ("“Was it worth it?”", True),
        ("(Reporting by Ana Ruiz.)", True),
        ("सरकार ने योजना को मंज़ूरी दी।", True),
        ("هل تنجح الخطة؟", True),
        ("市议会周一通过了该计划。", True),
        ("Council approves the new harbour plan", False),
        ("The plan has three parts:", False),
        ("", False),
    ],
)
def test_a_line_ends_a_sentence_in_any_script_and_behind_its_quotes(text, ends):
    assert ends_sentence(text) is ends


def test_a_list_of_headlines_the_model_half_believes_does_not_outweigh_the_story():
    """Teasers are headlines without full stops: the model may give them better than even
    odds, but a list of them is not article text, while the story's paragraphs are."""
    teasers = [f"Headline number {n} on the harbour plan and the city council" for n in range(10)]
    widgets = ["Most read", "Sponsored", "Advertisement", "Share this"]
    story = [
        "The council approved the harbour plan on Tuesday by nine votes to four.",
        "The plan adds a ferry terminal and four hundred homes along the eastern quay.",
        "Work could start next spring, the mayor said.",
    ]
    texts = [*teasers, *widgets, *story]
    scores = [0.65] * len(teasers) + [0.05] * len(widgets) + [0.95] * len(story)
    lines = [Line(number=n, text=text, blank_after=1) for n, text in enumerate(texts, start=1)]
    assert content_runs(lines, scores) == [(len(texts) - len(story), len(texts) - 1)]
    # The same teasers written as sentences would be read as article text.
    for line in lines[: len(teasers)]:
        line.text += "."
    assert content_runs(lines, scores) == [(0, len(texts) - 1)]
