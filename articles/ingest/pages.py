"""Find the articles in a plain-text dump of a web page and drop the site's furniture.

Nothing here knows any one site. Each line is classified from signals any news page shows:

- phrasing typical of site furniture in any outlet ("Continue reading", "Leave a reply",
  "Share this", donation and newsletter appeals, cookie notices, copyright lines);
- lines repeated on the page, and runs of short menu-like lines;
- structure: an article starts at a title-like line that is followed, after an optional
  standfirst, byline, date or credit, by body paragraphs; a title-like line between two body
  paragraphs is a subheading; an end marker ("Continue reading", "Related", comment widgets)
  closes the article, and text after it belongs to no article until the next title.

The result lists each article's title, standfirst, author, date and paragraphs, and every line
that was dropped (so a preview can show what was taken out).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from articles.ingest.lines import (
    SENTENCE_END,
    LineModel,
    default_model,
    heaviest_run,
    word_count,
)
from articles.ingest.segment import (
    Paragraph,
    SpanKind,
    english_sentence_offsets,
    normalise_text,
)


class Kind(StrEnum):
    TEXT = "text"
    TITLE = "title"  # title-like: could be an article's title or a subheading
    NAME = "name"  # two to four capitalised words: a byline without "By", or a site name
    BYLINE = "byline"
    DATE = "date"
    CREDIT = "credit"  # "Via Reuters", "Photo: …"
    FURNITURE = "furniture"  # dropped wherever it is
    END = "end"  # dropped, and closes an article that has body text


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the input
    text: str
    blank_after: int
    kind: Kind = Kind.TEXT
    reason: str = ""  # why the line was dropped, in words an admin reads in the preview
    repeats: int = 1  # how many lines of the page read the same
    in_run: bool = False  # one of a run of short menu-like lines
    score: float | None = None  # the line model's probability that this is article text
    inside: bool = True  # within a run of article text


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

    def add(self, line: Line, kind: SpanKind = SpanKind.BODY) -> None:
        self.paragraphs.append(Paragraph(line.text, kind))
        self.lines.append(line.number)

    @property
    def body_words(self) -> int:
        return sum(word_count(p.text) for p in self.paragraphs if p.kind != SpanKind.STANDFIRST)


@dataclass(slots=True)
class PageResult:
    articles: list[PageArticle]
    dropped: list[Line]


# Furniture phrasing. END closes an article; FURNITURE is dropped where it stands. Patterns
# are matched against lines of at most MAX_FURNITURE_WORDS words, lower-cased.
MAX_FURNITURE_WORDS = 20
_END_PATTERNS = [
    r"^continue reading\b",
    r"^(read|see) (more|next|also|the full)\b",
    r"^(keep|also) reading\b",
    r"^also (read|see)\b",
    r"\bliked (it|this|this article)\?",
    r"\bsupport\b.{0,60}\bon (patreon|substack|ko-fi)\b",
    r"^leave a (reply|comment)\b",
    r"^click (here )?to comment\b",
    r"^notify of\b",
    r"^\d+ (comments?|replies|responses)$",
    r"^comments?( \(\d+\))?:?$",
    r"^\d+ (comments?|responses?|replies|thoughts|reactions)\b",
    r"^(comments?|responses?|replies|discussion)( \(\d+\))? (to|on|for) (this|“|\")",
    r"^(post|add|write|submit) a comment\b",
    r"^join the (conversation|discussion|debate)\b",
    r"^(show|view|load|read) (all |more )?comments\b",
    r"^related( (articles?|posts?|stories|coverage|content|news|topics|reading))?:?$",
    r"^(most|more) (read|popular|viewed|shared|commented|recent)\b",
    r"^(you|we think you) (may|might|will) (also )?(like|enjoy|be interested)\b",
    r"^recommended( for you| reading| stories)?:?$",
    r"^(trending|popular|top stories|latest)( now| stories| posts| news)?:?$",
    r"^more (from|stories|on this|in)\b",
    r"^(editor'?s?|our|staff) picks?\b",
    r"^tags?\s*:",
    r"^(filed|posted) (under|in)\b",
    r"^categor(y|ies)\s*:",
    r"^topics?\s*:",
    r"©|\ball rights reserved\b|^copyright\b",
    r"^share( this( article| story| post)?| on| via)?\s*:?$",
    r"^share (this|on|via)\b",
    r"^about the author\b",
]
_FURNITURE_PATTERNS = [
    # A comment's header: "jane_doe says:", "Sam Lee replied".
    r"^[\w.@’'-]+( [\w.@’'-]+){0,3} (says|said|wrote|writes|replied|replies|commented):?$",
    r"^(reply|report|flag|quote|permalink)( (comment|this|to this|abuse))?$",
    r"^(facebook|twitter|x|email|e-mail|whatsapp|linkedin|reddit|pinterest|telegram|print|"
    r"copy link|messenger|flipboard|tumblr|mastodon|bluesky|threads|youtube|instagram|tiktok|"
    r"rss|sms|pocket)$",
    r"\b(payment information|paypal|stripe checkout)\b",
    r"\bcookies?\b.*\b(use|accept|consent|settings|policy)\b",
    r"^(accept|reject|manage)( all)?( cookies)?$",
    r"\bprivacy (policy|notice|settings)\b",
    r"\bterms (of|and) (use|service|conditions)\b",
    r"^advertisement$|^(sponsored|promoted)( content| post)?$|^ad$",
    r"^skip to\b",
    r"^(menu|search|home|close|open|back to top|top|toggle navigation|navigation|more|"
    r"sections?|log ?in|log ?out|sign in|sign out|my account|account)$",
    r"^(listen|watch|play)( to)?( this)?( article| story| video| now)?$",
    r"^\d+\s*min(ute)?s?( read| listen)?$",
    r"^(image|photo|picture|video|gallery)( \d+)?( of \d+)?$",
    r"^advertise with us\b|^contact us$|^about us$|^jobs$|^careers$",
]
# Short lines (at most SHORT_APPEAL_WORDS words) that mention these are appeals, not text.
SHORT_APPEAL_WORDS = 6
_SHORT_APPEAL = re.compile(
    r"\b(subscribe|subscription|newsletter|donat\w*|inbox|sign[- ]?up|membership|"
    r"premium|paywall)\b"
)
# Appeals to the reader: a line that opens by asking them to subscribe, follow, donate or
# share speaks for the site, however well punctuated.
_APPEAL_PATTERNS = [
    r"^(connect|follow|like|find|join) (with )?us\b",
    r"^((please|remember to|don'?t forget to|be sure to|why not|and) )*(subscribe|sign up|"
    r"follow|donate|support|join|click|tap|download|register|log in|become a|help us|"
    r"consider|listen to|watch|get (our|the)|share)\b",
    r"^your (support|donation|contribution|gift)s?\b",
]
APPEAL = "an appeal to the reader (subscribe, follow, donate, share)"
FURNITURE_PHRASING = "site furniture phrasing"
_APPEALS = [re.compile(p) for p in _APPEAL_PATTERNS]
_END = [re.compile(p) for p in _END_PATTERNS]
_FURNITURE = [re.compile(p) for p in _FURNITURE_PATTERNS]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published)\s*(?:on|:)?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y1>\d{4})"
    r"|"
    + _MONTH.replace("month", "month2")
    + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    r"(?:(?:\s+at|,|\s|t)+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
    r"\s*[a-z]{0,4}(?:[+-]\d{2}:?\d{2})?)?"
    # "… 7:45 am PST by Joe Rossignol": a date line that also names the author.
    r"\s*(?:(?:[|•·,–—-]\s*)?by:?\s+(?P<by>\S.{0,80}))?$"
)
_RELATIVE_DATE = re.compile(
    r"^(?:(?:published|updated|posted)\s+)?(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?)\s+ago\b.{0,30}$"
)
_BYLINE = re.compile(
    r"^(?:(?:posted|published|written|words|reporting|story|text|updated)\s+)?by:?\s+"
    r"(?P<author>[^|•·]{2,120}?)(?:(?:\s*[|•·,]\s*|\s+on\s+|\s+-\s+)(?P<rest>.*))?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(via|source|photo|image|credit|picture|illustration|video|graphic|file photo)"
    r"\s*(:|by|-|–|—)?\s+\S",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ'’.-]+|[A-Z]\.|de|van|von|der|da|al|bin|la|le)$")
_TERMINAL = (".", "!", "?", "…", ":", ";", ",", '."', ".”", "!”", "?”", '!"', '?"', ".’", "'")


def _furniture_kind(lowered: str, words: int) -> tuple[Kind, str] | None:
    """The kind of a furniture line and why, or None if its phrasing is not furniture's."""
    if words > MAX_FURNITURE_WORDS:
        return None
    if any(pattern.search(lowered) for pattern in _END):
        return Kind.END, "marks the end of an article"
    if any(pattern.search(lowered) for pattern in _APPEALS):
        return Kind.FURNITURE, APPEAL
    if any(pattern.search(lowered) for pattern in _FURNITURE):
        return Kind.FURNITURE, FURNITURE_PHRASING
    if words <= SHORT_APPEAL_WORDS and _SHORT_APPEAL.search(lowered):
        return Kind.FURNITURE, APPEAL
    return None


def date_byline(text: str) -> str:
    """The author a date line names ("18 November 2019 by Joe Rossignol"), or ""."""
    lowered = text.strip().lower()
    match = _DATE.match(lowered)
    if not match or not match.group("by") or len(lowered) != len(text.strip()):
        return ""
    return text.strip()[match.start("by") : match.end("by")]


def parse_date(text: str) -> datetime | None:
    """A date line as a UTC datetime (at midnight), or None if the line is not a date."""
    match = _DATE.match(text.lower().strip())
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups["y3"]:
            year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
        elif groups["y1"]:
            year, month, day = int(groups["y1"]), _MONTHS[groups["month"]], int(groups["d1"])
        else:
            year, month, day = int(groups["y2"]), _MONTHS[groups["month2"]], int(groups["d2"])
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def is_title_like(text: str) -> bool:
    """A headline's shape: 3 to 25 words, no sentence-final punctuation, starts capitalised."""
    if not 3 <= word_count(text) <= 25 or len(text) > 220:
        return False
    if text.endswith(_TERMINAL) and not text.endswith(("?", "!", "?”", '?"', "!”")):
        return False
    first = text.lstrip("‘“'\"([")[:1]
    # Scripts without capitals (Chinese, Korean, Arabic …) can't show a capitalised start.
    return (
        first.isupper()
        or first.isdigit()
        or (first.isalpha() and first == first.lower() == first.upper())
    )


def _is_author(byline: re.Match[str]) -> bool:
    """ "By Jane Doe" names someone; "By the way, …" does not."""
    first = byline.group("author")[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(word) for word in words)


def _is_short(text: str) -> bool:
    return word_count(text) <= 3 and not text.endswith((".", "!", "?"))


def _is_body(line: Line) -> bool:
    """Text substantial enough to be an article's paragraph."""
    words = word_count(line.text)
    return line.kind == Kind.TEXT and (
        words >= 20 or (words >= 8 and line.text.endswith(_TERMINAL))
    )


def classify(text: str) -> list[Line]:
    """Split a page into non-blank lines, each with its kind (and, for furniture, why)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    for number, content in enumerate(raw, start=1):
        cleaned = normalise_text(content)
        if cleaned:
            lines.append(Line(number=number, text=cleaned, blank_after=0))
        elif lines:
            lines[-1].blank_after += 1

    counts = Counter(line.text.casefold() for line in lines)
    for line in lines:
        lowered = line.text.casefold()
        words = word_count(line.text)
        if parse_date(line.text) or _RELATIVE_DATE.match(lowered):
            line.kind = Kind.DATE
        elif words <= 12 and (byline := _BYLINE.match(line.text)) and _is_author(byline):
            line.kind = Kind.BYLINE
        elif _CREDIT.match(line.text) and words <= 8:
            line.kind = Kind.CREDIT
        elif furniture := _furniture_kind(lowered, words):
            line.kind, line.reason = furniture
        elif is_title_like(line.text):
            line.kind = Kind.TITLE
        elif _is_name(line.text):
            line.kind = Kind.NAME
        line.repeats = counts[lowered]
        if line.kind in (Kind.TEXT, Kind.NAME) and line.repeats > 1 and words <= 12:
            line.kind = Kind.FURNITURE  # repeated short text is the site's, not the article's
            line.reason = f"short line repeated {line.repeats} times on the page"

    # Runs of three or more short lines are menus, share bars and tag clouds.
    # A short headline right above its byline or date is not one of them.
    run: list[Line] = []
    for index, maybe in enumerate([*lines, None]):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            maybe is not None
            and maybe.kind not in (Kind.DATE, Kind.BYLINE)
            and _is_short(maybe.text)
            and not (
                maybe.kind == Kind.TITLE
                and following is not None
                and following.kind in (Kind.DATE, Kind.BYLINE)
            )
        ):
            run.append(maybe)
            continue
        if len(run) >= 3:
            for member in run:
                member.in_run = True
                if member.kind not in (Kind.END,):
                    member.kind = Kind.FURNITURE
                    member.reason = "one of a run of short menu-like lines"
        run = []
    return lines


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
            if _is_body(line) and (header or line.inside):
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
# How sure the line model must be, on balance, that a run of lines is article text: a run is
# kept when the sum of (probability - SEGMENT_MARGIN) × words over its lines is at least
# MIN_SEGMENT_GAIN. Chosen out of fold on the benchmark pages (tests/benchmarks).
SEGMENT_MARGIN = 0.35
MIN_SEGMENT_GAIN = 8.0
# Inside a run of article text, a line whose phrasing the rules took for furniture ("… privacy
# policy …") is kept when it reads as prose and the model gives it at least this probability.
# Appeals to the reader are never kept.
RESCUE_PROBABILITY = 0.2
PROSE_KEEP_PROBABILITY = 0.15


def content_runs(lines: Sequence[Line], scores: Sequence[float]) -> list[tuple[int, int]]:
    """Runs of lines that are, on balance, article text, in page order: (first, last) each.

    Each line weighs its words times how far the model's probability is above
    SEGMENT_MARGIN; the heaviest run is taken, then the heaviest runs on either side of it, as
    long as they weigh at least MIN_SEGMENT_GAIN. A short line of furniture between paragraphs
    can't split a run; a long list of links can.
    """
    gains = [
        (score - SEGMENT_MARGIN) * word_count(line.text)
        for line, score in zip(lines, scores, strict=True)
    ]
    runs: list[tuple[int, int]] = []
    pending = [(0, len(lines))]
    while pending:
        low, high = pending.pop()
        if high <= low:
            continue
        first, last, total = heaviest_run(gains, low, high)
        if total <= 0 or (runs and total < MIN_SEGMENT_GAIN):
            continue  # the heaviest run stands alone: a page's article may be one paragraph
        runs.append((first, last))
        pending += [(low, first), (last + 1, high)]
    return sorted(runs)


def is_prose(text: str) -> bool:
    """A sentence or more with ordinary punctuation: never dropped on phrasing alone."""
    return word_count(text) >= 8 and text.endswith(SENTENCE_END) and any(c.islower() for c in text)


def _apply_model(lines: list[Line], scores: list[float]) -> list[bool]:
    """Let the line model overrule the phrasing rules; return which lines are article text."""
    inside = [False] * len(lines)
    for first, last in content_runs(lines, scores):
        for index in range(first, last + 1):
            inside[index] = True
    for index, (line, score) in enumerate(zip(lines, scores, strict=True)):
        line.score = score
        if inside[index]:
            if (
                line.kind == Kind.FURNITURE
                and line.reason == FURNITURE_PHRASING
                and is_prose(line.text)
                and score >= RESCUE_PROBABILITY
            ):
                line.kind, line.reason = Kind.TEXT, ""
            elif line.kind == Kind.END and _text_follows(lines, inside, index):
                # "Related: …" or "Read more" between paragraphs of one article.
                line.kind = Kind.FURNITURE

        elif line.kind == Kind.FURNITURE and line.reason:
            line.reason += f"; the model finds it unlike article text (p={score:.2f})"
    return inside


def _text_follows(lines: list[Line], inside: list[bool], index: int) -> bool:
    for following in range(index + 1, min(index + 4, len(lines))):
        if lines[following].kind == Kind.TEXT and inside[following]:
            return True
        if lines[following].kind == Kind.TITLE:
            return False
    return False


def find_articles(
    text: str,
    *,
    model: LineModel | None = None,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
) -> PageResult:
    """Find every article on a plain-text page. See the module docstring for the rules.

    ``model`` scores the lines (the shipped one by default); ``keep`` holds line numbers an
    admin chose to keep although they were dropped: they join the article they sit in, or the
    nearest one the admin did not leave out (``leave_out`` holds those articles' title lines).
    """
    lines = classify(text)
    model = model or default_model()
    if model is not None and lines:
        inside = _apply_model(lines, model.score(lines))
    else:
        inside = [True] * len(lines)
    for index, line in enumerate(lines):
        line.inside = inside[index]
    inside_numbers = {line.number for line in lines if line.inside}
    result = _structure(lines)
    if not result.articles:
        result = _one_article(lines, inside) or result
    if not result.articles and not all(inside):
        # The model saw no article text at all (a lone paragraph at the foot of a long page
        # of links): let the rules decide alone rather than lose the page.
        for line in lines:
            line.inside = True
        result = _structure(lines)
    # Article text the model is sure of is never lost for want of a headline the rules know
    # (a page whose headline reads as a byline, text after an early end marker): text lines
    # of a run of article text that no article took join the article above them.
    orphans = frozenset(
        line.number
        for line in result.dropped
        if line.kind == Kind.TEXT and line.number in inside_numbers
    )
    if orphans and not all(inside):
        _keep_lines(result, orphans)
    # Text the model doubted but that sits between two kept paragraphs of one article (a
    # short line, a subheading) is part of that article.
    sandwiched = frozenset(
        line.number
        for line in result.dropped
        if line.kind in (Kind.TEXT, Kind.TITLE, Kind.NAME)
        and not line.inside
        and _between_kept(result, line.number)
    )
    if sandwiched:
        _keep_lines(result, sandwiched)
    if keep:
        _keep_lines(result, keep, leave_out=leave_out)
    return result


def _between_kept(result: PageResult, number: int) -> bool:
    """Does the line sit between two kept paragraphs of one article?"""
    return any(
        article.lines and article.lines[0] < number < article.lines[-1]
        for article in result.articles
    )


def _structure(lines: list[Line]) -> PageResult:
    articles: list[PageArticle] = []
    dropped: list[Line] = []
    current: PageArticle | None = None
    in_body = False
    seen_titles: set[str] = set()

    def drop(line: Line, reason: str) -> None:
        if not line.reason:
            line.reason = reason
        dropped.append(line)

    def finish() -> None:
        nonlocal current
        if current is not None:
            if current.body_words >= MIN_BODY_WORDS or (current.paragraphs and not articles):
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
            and _body_follows(lines, index)
        ):
            finish()
            current = PageArticle(title=line.text, line=line.number)
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
                match = _BYLINE.match(line.text)
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
    return PageResult(articles=articles, dropped=dropped)


def _kept(line: Line) -> bool:
    """Is this text line part of the article it sits in? Inside a run of article text, yes;
    outside one, prose is still kept unless the model all but rules it out, so that a short
    factual paragraph at the end of an article is not lost for its position alone."""
    return line.inside or (
        is_prose(line.text) and (line.score is None or line.score >= PROSE_KEEP_PROBABILITY)
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


def _one_article(lines: list[Line], inside: list[bool]) -> PageResult | None:
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


def _inside_left_out(result: PageResult, number: int, leave_out: frozenset[int]) -> bool:
    """Does the line sit in the part of the page of an article the admin left out: up to the
    next article's title, or for the last article up to the marker that ends it?"""
    articles = sorted(result.articles, key=lambda article: article.line)
    for index, article in enumerate(articles):
        if article.line not in leave_out or number <= article.line:
            continue
        if index + 1 < len(articles):
            end = articles[index + 1].line - 1
        else:
            last = max(article.lines, default=article.line)
            end = min(
                (line.number for line in result.dropped
                 if line.kind == Kind.END and line.number > last),
                default=last,
            )  # fmt: skip
        if number <= end:
            return True
    return False


def _keep_lines(
    result: PageResult, keep: frozenset[int], *, leave_out: frozenset[int] = frozenset()
) -> None:
    """Put kept lines back into the article above them (else the first one), in line order;
    articles in ``leave_out`` take none."""
    candidates = [article for article in result.articles if article.line not in leave_out]
    if not candidates:
        return
    still_dropped = []
    for line in result.dropped:
        if line.number not in keep or _inside_left_out(result, line.number, leave_out):
            still_dropped.append(line)  # a line within a left-out article goes with it
            continue
        owner = candidates[0]
        for article in candidates:
            if article.line <= line.number:
                owner = article
        at = next((i for i, n in enumerate(owner.lines) if n > line.number), len(owner.lines))
        heading = line.kind in (Kind.TITLE, Kind.NAME) and is_single_sentence(line.text)
        owner.paragraphs.insert(
            at, Paragraph(line.text, SpanKind.HEADING if heading else SpanKind.BODY)
        )
        owner.lines.insert(at, line.number)
    result.dropped = still_dropped
