"""The articles of a plain-text page from its classified lines: an article starts at a
title-like line followed, after an optional standfirst, byline, date or credit, by body
paragraphs; a title-like line between two body paragraphs is a subheading; an end marker
closes the article, and text after it belongs to no article until the next title (once the
readers' comments open under an article, until a title with a byline or date under it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from articles.ingest.line_rules import BYLINE, date_byline, is_body, opens_comments, parse_date
from articles.ingest.page_lines import SENTENCE_END, Kind, Line, word_count
from articles.ingest.segment import Paragraph, SpanKind, english_sentence_offsets


@dataclass(slots=True)
class PageArticle:
    title: str
    line: int
    standfirst: str = ""
    author: str = ""
    published: datetime | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the input line of each paragraph
    closed: bool = False
    has_header: bool = False  # a byline, date or credit was read under the title
    after_end: bool = False  # the article above it (if any) had ended where it began
    loose: bool = False  # furniture between its header and its body, or a heading in its body

    def add(self, line: Line, kind: SpanKind = SpanKind.BODY) -> None:
        self.paragraphs.append(Paragraph(line.text, kind))
        self.lines.append(line.number)
        if kind != SpanKind.STANDFIRST and line.kind != Kind.TEXT:
            self.loose = True

    @property
    def is_brief(self) -> bool:
        """A news brief: a story too short for MIN_BODY_WORDS that is still an article, since
        it has a byline or date, stands after the end of the article above it, and its body
        (text kept as article text, no headings) comes right under its header."""
        return self.has_header and self.after_end and self.body_words > 0 and not self.loose

    @property
    def body_words(self) -> int:
        return sum(word_count(p.text) for p in self.paragraphs if p.kind != SpanKind.STANDFIRST)


@dataclass(slots=True)
class PageResult:
    articles: list[PageArticle]
    dropped: list[Line]
    comments: int | None = None  # the line that opens the readers' comments under an article


_HEADER_KINDS = (Kind.DATE, Kind.BYLINE, Kind.NAME, Kind.CREDIT)
LOOKAHEAD = 14


def _body_follows(lines: list[Line], index: int) -> bool:
    """Is the title-like line at ``index`` followed (after a header) by body paragraphs?

    Under a header (byline, date), headline-shaped lines may come before the body (a
    standfirst; paragraphs that end with "!" or "?"), unless they have a header of their own.
    """
    seen_text = False
    header = False
    for offset, line in enumerate(lines[index + 1 : index + 1 + LOOKAHEAD]):
        if line.kind in _HEADER_KINDS:
            header = True
        elif line.kind == Kind.TITLE:
            if not header or _header_follows(lines, index + 1 + offset):
                return False
        elif line.kind == Kind.TEXT:
            # Without a byline or date, the text under a headline must also read as article
            # text to the model: a comment thread under "34 Comments" is not an article.
            if is_body(line) and (header or line.inside):
                return True
            if seen_text and not header:
                return False
            seen_text = True  # a short standfirst
    return False


def is_single_sentence(text: str) -> bool:
    """One sentence (a heading), not a paragraph of several ("Why now? The vote …")."""
    return len(english_sentence_offsets(text)) <= 1


def _header_follows(lines: list[Line], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind in _HEADER_KINDS


def _is_standfirst(lines: list[Line], index: int) -> bool:
    """A short text line right under the title, set apart from the body that follows it."""
    line = lines[index]
    if word_count(line.text) > 60:
        return False
    rest = lines[index + 1 :]
    if not any(other.kind == Kind.TEXT for other in rest[:LOOKAHEAD]):
        return False
    following = rest[0] if rest else None
    return line.blank_after >= 2 or (following is not None and following.kind in _HEADER_KINDS)


MIN_BODY_WORDS = 40
# Outside a run of article text, prose is kept unless the model all but rules it out.
PROSE_KEEP_PROBABILITY = 0.15


def is_prose(text: str) -> bool:
    """A sentence or more with ordinary punctuation: never dropped on phrasing alone."""
    return word_count(text) >= 8 and text.endswith(SENTENCE_END) and any(c.islower() for c in text)


def is_sentence(text: str) -> bool:
    """A whole sentence, however short ("Critics called the plan unaffordable."): four words
    or more, a capital or digit first, sentence-final punctuation last."""
    first = text.lstrip("‘“'\"([")[:1]
    return (
        word_count(text) >= 4
        and text.endswith(SENTENCE_END)
        and any(c.islower() for c in text)
        and (first.isupper() or first.isdigit() or first == first.lower() == first.upper())
    )


def structure(lines: list[Line]) -> PageResult:
    """The articles the structure rules find among classified lines, and the lines dropped."""
    articles: list[PageArticle] = []
    dropped: list[Line] = []
    current: PageArticle | None = None
    in_body = False
    seen_titles: set[str] = set()
    comments: int | None = None

    def drop(line: Line, reason: str) -> None:
        if not line.reason:
            line.reason = reason
        dropped.append(line)

    def finish() -> None:
        nonlocal current
        if current is not None:
            if (
                current.body_words >= MIN_BODY_WORDS
                or (current.paragraphs and not articles)
                or current.is_brief
            ):
                articles.append(current)
                seen_titles.add(current.title.casefold())
            else:
                title = Line(current.line, current.title, 0, Kind.TITLE)
                drop(title, "headline of a story too short to be an article")
                for number, paragraph in zip(current.lines, current.paragraphs, strict=True):
                    drop(
                        Line(number, paragraph.text, 0),
                        "part of a story too short to be an article",
                    )
        current = None

    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        if comments is None and _opens_readers_comments(lines, index, articles, current):
            comments = line.number
            if current is not None:
                current.closed = True  # even a headline with no story under it yet
            drop(line, "marks the end of an article")
            continue
        if (
            line.kind == Kind.TITLE
            and line.text.casefold() not in seen_titles
            and (
                current is None
                or current.closed
                or not in_body
                or (previous is not None and previous.kind != Kind.TEXT)
                or _header_follows(lines, index)
            )
            # Under a title and its byline, a headline-shaped line is a standfirst or the
            # first paragraph, not the next article.
            and not (
                current is not None
                and not current.closed
                and not in_body
                and current.has_header
                and not _header_follows(lines, index)
            )
            # Among the readers' comments, a headline-shaped line is a comment unless a byline
            # or date under it makes it the next story's headline.
            and not (comments is not None and not _header_follows(lines, index))
            # A headline-shaped line within a run of article text, between two lines of it,
            # is a subheading of the article, not the next one's headline.
            and not (
                current is not None
                and not current.closed
                and in_body
                and line.inside
                and previous is not None
                and previous.inside
                and not _header_follows(lines, index)
            )
            and _body_follows(lines, index)
        ):
            finish()
            after_end = not articles or articles[-1].closed
            current = PageArticle(title=line.text, line=line.number, after_end=after_end)
            in_body = False
            continue
        if current is None or current.closed:
            drop(line, _outside_reason(line))
            continue
        if not in_body:
            current.has_header = current.has_header or line.kind in _HEADER_KINDS
            if line.kind == Kind.DATE and current.published is None:
                current.published = parse_date(line.text)
                current.author = current.author or date_byline(line.text)
            elif line.kind == Kind.BYLINE and not current.author:
                match = BYLINE.match(line.text)
                current.author = match.group("author").strip() if match else ""
                rest = match.group("rest") if match else None
                if rest and current.published is None:
                    current.published = parse_date(rest)
            elif line.kind == Kind.NAME and not current.author:
                current.author = line.text
            elif (
                line.kind in (Kind.TEXT, Kind.TITLE)
                and not current.standfirst
                and _is_standfirst(lines, index)
            ):
                current.standfirst = line.text
                current.add(line, SpanKind.STANDFIRST)
            elif (line.kind == Kind.TEXT and _kept(line)) or (
                line.kind == Kind.TITLE and line.inside and not current.paragraphs
            ):
                in_body = True
                current.add(line)
            else:
                current.loose = True
                drop(line, _outside_reason(line))
            continue
        if line.kind == Kind.TEXT and _kept(line):
            current.add(line)
        elif line.kind in (Kind.TITLE, Kind.NAME) and (
            line.inside or _text_kept_next(lines, index)
        ):
            single = is_single_sentence(line.text)
            current.add(line, SpanKind.HEADING if single else SpanKind.BODY)
        elif line.kind == Kind.END:
            current.closed = True
            drop(line, "marks the end of an article")
        else:
            drop(line, _outside_reason(line))
    finish()
    return PageResult(articles=articles, dropped=dropped, comments=comments)


def _opens_readers_comments(
    lines: list[Line], index: int, articles: list[PageArticle], current: PageArticle | None
) -> bool:
    """Does this line ("34 comments", "Leave a reply") open the readers' comments under an
    article above? Not when the next thing on the page is another story's headline with its
    byline or date (or standfirst and byline), as under each story of a front page, nor when
    it is a comment count under a headline whose story follows it."""
    if not opens_comments(lines[index]) or not any(
        article is not None and article.body_words >= MIN_BODY_WORDS
        for article in [*articles, current]
    ):
        return False
    headline_only = current is not None and not current.closed and not current.paragraphs
    for following in range(index + 1, len(lines)):
        line = lines[following]
        if line.kind in (Kind.END, Kind.FURNITURE, Kind.CREDIT):
            continue
        if headline_only and line.kind == Kind.TEXT:
            return False
        return not (line.kind == Kind.TITLE and _story_header_follows(lines, following))
    return True


def _story_header_follows(lines: list[Line], index: int) -> bool:
    """Does a story's header follow the headline at ``index``: a byline or date, or a
    standfirst and then one ("Episode 118." above a bare author's name)?"""
    if _header_follows(lines, index):
        return True
    standfirst = index + 1
    return (
        standfirst < len(lines)
        and lines[standfirst].kind == Kind.TEXT
        and _is_standfirst(lines, standfirst)
        and _header_follows(lines, standfirst)
    )


def _kept(line: Line) -> bool:
    """Is this text line part of the article it sits in? Inside a run of article text, yes;
    outside one, prose is still kept unless the model all but rules it out, so that a short
    factual paragraph at the end of an article is not lost for its position alone."""
    return line.inside or (
        is_sentence(line.text) and (line.score is None or line.score >= PROSE_KEEP_PROBABILITY)
    )


def _text_kept_next(lines: list[Line], index: int) -> bool:
    """Does the article go on after this line (a subheading between two paragraphs)?"""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind == Kind.TEXT and _kept(following)


def _outside_reason(line: Line) -> str:
    if line.kind == Kind.DATE:
        return "a date outside an article's header"
    if line.kind == Kind.BYLINE:
        return "a byline outside an article's header"
    if line.kind == Kind.CREDIT:
        return "a picture or source credit"
    if line.kind == Kind.TITLE:
        return "a headline with no article under it (a list of links)"
    score = f" (p={line.score:.2f})" if line.score is not None else ""
    return f"outside the page's article text{score}"


def one_article(lines: list[Line], inside: list[bool]) -> PageResult | None:
    """A page whose article has no headline the rules know (or a page of one article in a
    script without capitals): its largest run of article text, titled by the nearest
    headline-like line above it, else by the page's first line."""
    runs: list[tuple[int, int]] = []
    for index, is_inside in enumerate(inside):
        if is_inside and runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        elif is_inside:
            runs.append((index, index))
    if not runs:
        return None
    first, last = max(
        runs, key=lambda run: sum(word_count(line.text) for line in lines[run[0] : run[1] + 1])
    )
    title_index = next(
        (
            i
            for i in range(first - 1, max(-1, first - 1 - LOOKAHEAD), -1)
            if lines[i].kind == Kind.TITLE
        ),
        0,
    )
    article = PageArticle(title=lines[title_index].text, line=lines[title_index].number)
    dropped = []
    for index, line in enumerate(lines):
        if first <= index <= last and line.kind in (Kind.TEXT, Kind.TITLE, Kind.NAME):
            article.add(line, SpanKind.BODY if line.kind == Kind.TEXT else SpanKind.HEADING)
        elif index != title_index:
            if not line.reason:
                line.reason = _outside_reason(line)
            dropped.append(line)
    if not any(paragraph.kind == SpanKind.BODY for paragraph in article.paragraphs):
        return None
    return PageResult(articles=[article], dropped=dropped)
