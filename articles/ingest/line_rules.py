"""What each line of a plain-text page is, from its phrasing and its place among the others.

Nothing here knows any one site: furniture phrasing typical in any outlet ("Continue reading",
"Share this", donation and newsletter appeals, cookie notices, copyright lines), dates,
bylines and credits, headline-shaped lines, lines repeated on the page, and runs of short
menu-like lines. ``classify`` gives every non-blank line its ``Kind``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

from articles.ingest.outlets import page_outlet
from articles.ingest.page_lines import BULLET, LIST_ITEM, Kind, Line, word_count
from articles.ingest.segment import normalise_text

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
    # A count of comments among other widget labels: "Permalink 34 Comments Feed Back to top".
    r"^[^.!?]*\b\d+ comments\b[^.!?]*$",
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
    # … or with the time it was posted: "Alex on September 17, 2018 at 6:34 am said:".
    r"^\S.{0,60}\b\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?\s*"
    r"(says|said|wrote|writes|replied|commented):?$",
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
# An end marker that opens the readers' comments ("34 Comments", "Leave a reply"): what follows
# it is the readers', never the article's, whatever the model makes of its prose.
_COMMENTS = re.compile(
    r"\b(comments?|repl(y|ies)|responses?|discussion|conversation|thoughts|reactions)\b"
)
APPEAL = "an appeal to the reader (subscribe, follow, donate, share)"
FURNITURE_PHRASING = "site furniture phrasing"
_APPEALS = [re.compile(p) for p in _APPEAL_PATTERNS]
_END = [re.compile(p) for p in _END_PATTERNS]
_FURNITURE = [re.compile(p) for p in _FURNITURE_PATTERNS]

# Month names as date lines print them, in the languages the importer segments (and
# Indonesian): full and short forms, Russian in the genitive ("3 марта 2020").
_MONTH_NAMES = [
    "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari января",
    "february feb februar février févr febrero febbraio fevereiro fev februari февраля",
    "march mar märz mär mars marzo março mrt maart maret марта",
    "april apr avril avr abril abr aprile апреля",
    "may mai mayo maggio mag maio mei мая",
    "june jun juni juin junio giugno giu junho июня",
    "july jul juli juillet juil julio luglio lug julho июля",
    "august aug août agosto ago augustus agustus августа",
    "september sep sept septembre septiembre setiembre settembre set setembro сентября",
    "october oct oktober okt octobre octubre ottobre ott outubro out октября",
    "november nov novembre noviembre novembro ноября",
    "december dec dezember dez décembre déc diciembre dic dicembre dezembro desember декабря",
]
_MONTHS = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag "
    "lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes "
    "sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica segunda-feira "
    "terça-feira quarta-feira quinta-feira sexta-feira maandag dinsdag woensdag donderdag "
    "vrijdag zaterdag zondag senin selasa rabu kamis jumat sabtu minggu понедельник вторник "
    "среда четверг пятница суббота воскресенье"
).split()
_WEEKDAY = "(?:" + "|".join(sorted(map(re.escape, _WEEKDAYS), key=len, reverse=True)) + ")"
# "Published on", "Veröffentlicht am", "Publié le", "Publicado el", "Опубликовано" …
_DATE_LEAD = (
    r"(?:published|updated|posted|last updated|first published|veröffentlicht|aktualisiert"
    r"|publié|mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd"
    r"|bijgewerkt|diterbitkan|diperbarui|опубликовано|обновлено)\s*:?\s*"
)
# … and the word that may follow it or open the line: "on", "am", "le", "el", "em", "il" …
_DATE_ON = r"(?:(?:on|am|le|el|em|il|op|pada):?\s+)?"
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# Behind a list item's bullet, a ticker's "* By Reuters" and "* 11/20/2019 01:14 PM" are a
# byline and a date all the same.
_BULLET = "(?:" + BULLET + ")?"
_TIME = (
    r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[a-z]{0,4}(?:[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(
    r"^"
    + _BULLET
    + "(?:"
    + _DATE_LEAD
    + ")?"
    + _DATE_ON
    # "Updated 11:21 pm CST, Tuesday, November 19, 2019": the time may come first.
    + r"(?:"
    + _TIME
    + r",?\s+)?"
    + r"(?:"
    + _WEEKDAY
    + r"\.?,?\s+)?"
    # "3 March 2020", "3. März 2020", "3 de marzo de 2020", "1er mars 2020", "3 марта 2020 г."
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?"
    + _MONTH
    + r",?\s+(?:de\s+)?(?P<y1>\d{4})(?:\s*г\.?)?"
    r"|"
    + _MONTH.replace("month", "month2")
    + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})(?P<sep3>[-/.])(?P<m3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})"
    # Numbers only: 20.11.2019 and 20-11-2019 put the day first, 11/20/2019 the month
    # unless it can't be (parse_date).
    r"|(?P<a4>\d{1,2})(?P<sep4>[/.-])(?P<b4>\d{1,2})(?P=sep4)(?P<y4>\d{4}))"
    r"(?:(?:\s+(?:at|à|um|alle|às|a las|om|pukul|в)|[,/|•·]|\s|t)+" + _TIME + r")?"
    # "… 7:45 am PST by Joe Rossignol": a date line that also names the author.
    r"\s*(?:(?:[|•·,–—/-]\s*)?by:?\s+(?P<by>[^/|•·]{1,80}))?"
    # "November 19, 2019 / 10:07 AM / CBS News", "3 March 2020 | 4 min read".
    # Each segment runs from its separator to the next one: one way to read a line, however
    # long (no backtracking blow-up on hostile input).
    r"\s*(?:[/|•·][^/|•·]{1,40})*$"
)
_RELATIVE_DATE = re.compile(
    r"^"
    + _BULLET
    + r"(?:(?:published|updated|posted)\s+)?(?:(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?)|\d+\s?[smhdw])\s+ago\b.{0,30}$"
)
BYLINE = re.compile(
    r"^" + _BULLET + r"(?:(?:posted|published|written|words|reporting|story|text|updated)\s+)?"
    # "Von", "Par", "Por", "Di", "Door", "Oleh", "Автор": "By" in the other languages.
    r"(?P<lead>by|von|par|por|di|door|oleh|автор):?\s+"
    r"(?P<author>[^|•·]{2,120}?)(?:(?:\s*[|•·,]\s*|\s+on\s+|\s+-\s+)(?P<rest>.*))?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^"
    + _BULLET
    + r"(via|source|photo|image|credit|picture|illustration|video|graphic|file photo)"
    r"\s*(:|by|-|–|—)?\s+\S",
    re.IGNORECASE,
)
# Lower-case words inside a name ("Jan de Vries", "Juan del Río").
_NAME_PARTICLES = frozenset(
    "de van von der den da das do dos del della di du la le al bin ibn".split()
)
# The "and" between two authors' names ("Von Anna Schmidt und Karl Meier").
_AUTHOR_JOINS = frozenset("and und et y e en dan и".split())
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ'’.-]+|[A-Z]\.)$")
_WRAPPING = " []()<>{}|•·«»‹›*-–—"
_TERMINAL = (".", "!", "?", "…", ":", ";", ",", '."', ".”", "!”", "?”", '!"', '?"', ".’", "'")


def _furniture_kind(lowered: str, words: int) -> tuple[Kind, str] | None:
    """The kind of a furniture line and why, or None if its phrasing is not furniture's."""
    if words > MAX_FURNITURE_WORDS:
        return None
    # Widgets often wrap their label: "[ 167 comments ]", "« Share this »", "| Print |".
    unwrapped = lowered.strip(_WRAPPING)
    texts = (lowered, unwrapped) if unwrapped and unwrapped != lowered else (lowered,)
    if any(pattern.search(text) for pattern in _END for text in texts):
        return Kind.END, "marks the end of an article"
    if any(pattern.search(text) for pattern in _APPEALS for text in texts):
        return Kind.FURNITURE, APPEAL
    if any(pattern.search(text) for pattern in _FURNITURE for text in texts):
        return Kind.FURNITURE, FURNITURE_PHRASING
    if words <= SHORT_APPEAL_WORDS and _SHORT_APPEAL.search(lowered):
        return Kind.FURNITURE, APPEAL
    return None


def opens_comments(line: Line) -> bool:
    """Is the line an end marker that opens the readers' comments?"""
    return line.kind == Kind.END and bool(_COMMENTS.search(line.text.casefold()))


def date_byline(text: str) -> str:
    """The author a date line names ("18 November 2019 by Joe Rossignol"), or ""."""
    lowered = text.strip().lower()
    match = _DATE.match(lowered)
    if not match or not match.group("by") or len(lowered) != len(text.strip()):
        return ""
    return text.strip()[match.start("by") : match.end("by")].strip()


def parse_date(text: str) -> datetime | None:
    """A date line as a UTC datetime (at midnight), or None if the line is not a date."""
    match = _DATE.match(text.lower().strip())
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups["y3"]:
            year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
        elif groups["y4"]:
            first, second = int(groups["a4"]), int(groups["b4"])
            month_first = (groups["sep4"] == "/" and first <= 12) or second > 12
            month, day = (first, second) if month_first else (second, first)
            year = int(groups["y4"])
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
    """ "By Jane Doe" names someone; "By the way, …" does not. In the other languages the
    word is also an everyday preposition ("Von Montag an gilt …"): there the author must read
    as a name, "Von Anna Schmidt"."""
    author = byline.group("author")
    first = author[:1]
    if byline.group("lead").casefold() != "by":
        words = author.split()
        return (
            0 < len(words) <= 8
            and words[0][:1].isupper()
            and all(
                word[:1].isupper() or word in _NAME_PARTICLES or word in _AUTHOR_JOINS
                for word in words
            )
        )
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        _NAME_WORD.match(word) or word in _NAME_PARTICLES for word in words
    )


def _is_short(text: str) -> bool:
    """Three words or fewer, not counting a list item's bullet ("+ Akhlaq (47)")."""
    return word_count(LIST_ITEM.sub("", text, count=1)) <= 3 and not text.endswith((".", "!", "?"))


def is_body(line: Line) -> bool:
    """Text substantial enough to be an article's paragraph."""
    words = word_count(line.text)
    return line.kind == Kind.TEXT and (
        words >= 20 or (words >= 8 and line.text.endswith(_TERMINAL))
    )


def classify(text: str, *, outlet: str | None = None) -> list[Line]:
    """Split a page into non-blank lines, each with its kind (and, for furniture, why).

    A line that is just the outlet's name (``page_outlet``, found here unless given) is its
    masthead, never an article's headline."""
    masthead = (page_outlet(text) if outlet is None else outlet).casefold()
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
        if masthead and lowered == masthead:
            line.kind, line.reason = Kind.FURNITURE, "the outlet's name (its masthead)"
        elif parse_date(line.text) or _RELATIVE_DATE.match(lowered):
            line.kind = Kind.DATE
        elif words <= 12 and (byline := BYLINE.match(line.text)) and _is_author(byline):
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
