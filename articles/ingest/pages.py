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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from articles.ingest.segment import Paragraph, SpanKind, normalise_text


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


@dataclass(slots=True)
class PageArticle:
    title: str
    line: int
    standfirst: str = ""
    author: str = ""
    published: datetime | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    closed: bool = False

    @property
    def body_words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs if p.kind == SpanKind.BODY)


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
    r"^(connect|follow|like|find|join) (with )?us\b",
    r"^(facebook|twitter|x|email|e-mail|whatsapp|linkedin|reddit|pinterest|telegram|print|"
    r"copy link|messenger|flipboard|tumblr|mastodon|bluesky|threads|youtube|instagram|tiktok|"
    r"rss|sms|pocket)$",
    r"^((please|remember to|don'?t forget to|be sure to|why not|and) )*(subscribe|sign up|"
    r"follow|donate|support|join|click|tap|download|register|log in|become a|help us|"
    r"consider|listen to|watch|get (our|the)|share)\b",
    r"^your (support|donation|contribution|gift)s?\b",
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
    r"\s*[a-z]{0,4}(?:[+-]\d{2}:?\d{2})?)?\s*$"
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|story by)\s+(?P<author>[^|•·]{2,120}?)"
    r"(?:\s*[|•·,]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(via|source|photo|image|credit|picture|illustration|video|graphic|file photo)"
    r"\s*(:|by|-|–|—)?\s+\S",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ'’.-]+|[A-Z]\.|de|van|von|der|da|al|bin|la|le)$")
_TERMINAL = (".", "!", "?", "…", ":", ";", ",", '."', ".”", "!”", "?”", '!"', '?"', ".’", "'")


def _furniture_kind(lowered: str, words: int) -> Kind | None:
    if words > MAX_FURNITURE_WORDS:
        return None
    if any(pattern.search(lowered) for pattern in _END):
        return Kind.END
    if any(pattern.search(lowered) for pattern in _FURNITURE):
        return Kind.FURNITURE
    if words <= SHORT_APPEAL_WORDS and _SHORT_APPEAL.search(lowered):
        return Kind.FURNITURE
    return None


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
    words = text.split()
    if not 3 <= len(words) <= 25 or len(text) > 220:
        return False
    if text.endswith(_TERMINAL) and not text.endswith(("?", "!", "?”", '?"', "!”")):
        return False
    first = text.lstrip("‘“'\"([")[:1]
    return first.isupper() or first.isdigit()


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(word) for word in words)


def _is_short(text: str) -> bool:
    return len(text.split()) <= 3 and not text.endswith((".", "!", "?"))


def _is_body(line: Line) -> bool:
    """Text substantial enough to be an article's paragraph."""
    words = len(line.text.split())
    return line.kind == Kind.TEXT and (
        words >= 20 or (words >= 8 and line.text.endswith(_TERMINAL))
    )


def classify(text: str) -> list[Line]:
    """Split a page into non-blank lines, each with its kind."""
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
        words = len(line.text.split())
        if parse_date(line.text):
            line.kind = Kind.DATE
        elif _BYLINE.match(line.text) and words <= 12:
            line.kind = Kind.BYLINE
        elif _CREDIT.match(line.text) and words <= 8:
            line.kind = Kind.CREDIT
        elif kind := _furniture_kind(lowered, words):
            line.kind = kind
        elif is_title_like(line.text):
            line.kind = Kind.TITLE
        elif _is_name(line.text):
            line.kind = Kind.NAME
        if line.kind in (Kind.TEXT, Kind.NAME) and counts[lowered] > 1 and words <= 12:
            line.kind = Kind.FURNITURE  # repeated short text is the site's, not the article's

    # Runs of three or more short lines are menus, share bars and tag clouds.
    run: list[Line] = []
    for maybe in [*lines, None]:
        if (
            maybe is not None
            and maybe.kind not in (Kind.DATE, Kind.BYLINE)
            and _is_short(maybe.text)
        ):
            run.append(maybe)
            continue
        if len(run) >= 3:
            for member in run:
                if member.kind not in (Kind.END,):
                    member.kind = Kind.FURNITURE
        run = []
    return lines


_HEADER_KINDS = (Kind.DATE, Kind.BYLINE, Kind.NAME, Kind.CREDIT)
LOOKAHEAD = 14


def _body_follows(lines: list[Line], index: int) -> bool:
    """Is the title-like line at ``index`` followed (after a header) by body paragraphs?"""
    seen_text = False
    for line in lines[index + 1 : index + 1 + LOOKAHEAD]:
        if line.kind == Kind.TITLE:
            return False
        if line.kind == Kind.TEXT:
            if _is_body(line):
                return True
            if seen_text:
                return False
            seen_text = True  # a short standfirst
    return False


def _header_follows(lines: list[Line], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind in _HEADER_KINDS


def _is_standfirst(lines: list[Line], index: int) -> bool:
    """A short text line right under the title, set apart from the body that follows it."""
    line = lines[index]
    if len(line.text.split()) > 60:
        return False
    rest = lines[index + 1 :]
    if not any(other.kind == Kind.TEXT for other in rest[:LOOKAHEAD]):
        return False
    following = rest[0] if rest else None
    return line.blank_after >= 2 or (following is not None and following.kind in _HEADER_KINDS)


MIN_BODY_WORDS = 40


def find_articles(text: str) -> PageResult:
    """Find every article on a plain-text page. See the module docstring for the rules."""
    lines = classify(text)
    articles: list[PageArticle] = []
    dropped: list[Line] = []
    current: PageArticle | None = None
    in_body = False
    seen_titles: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            if current.body_words >= MIN_BODY_WORDS or (current.paragraphs and not articles):
                articles.append(current)
                seen_titles.add(current.title.casefold())
            else:
                dropped.append(Line(current.line, current.title, 0, Kind.TITLE))
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
            and _body_follows(lines, index)
        ):
            finish()
            current = PageArticle(title=line.text, line=line.number)
            in_body = False
            continue
        if current is None or current.closed:
            dropped.append(line)
            continue
        if not in_body:
            if line.kind == Kind.DATE and current.published is None:
                current.published = parse_date(line.text)
            elif line.kind == Kind.BYLINE and not current.author:
                match = _BYLINE.match(line.text)
                current.author = match.group("author").strip() if match else ""
                rest = match.group("rest") if match else None
                if rest and current.published is None:
                    current.published = parse_date(rest)
            elif line.kind == Kind.NAME and not current.author:
                current.author = line.text
            elif line.kind == Kind.TEXT and not current.standfirst and _is_standfirst(lines, index):
                current.standfirst = line.text
                current.paragraphs.append(Paragraph(line.text, SpanKind.STANDFIRST))
            elif line.kind == Kind.TEXT:
                in_body = True
                current.paragraphs.append(Paragraph(line.text))
            else:
                dropped.append(line)
            continue
        if line.kind == Kind.TEXT:
            current.paragraphs.append(Paragraph(line.text))
        elif line.kind in (Kind.TITLE, Kind.NAME):
            current.paragraphs.append(Paragraph(line.text, SpanKind.HEADING))
        elif line.kind == Kind.END:
            current.closed = True
            dropped.append(line)
        else:
            dropped.append(line)
    finish()
    return PageResult(articles=articles, dropped=dropped)
