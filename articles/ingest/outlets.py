"""The outlet a scraped text page names itself, from the lines any site prints about itself.

``page_outlet(text)`` looks for these signals, none of them tied to one site:

- a copyright line: "© 2024 The Metro Ledger", "Copyright 2023 Valley Courier Media. All
  rights reserved." (company suffixes such as Media, Group, Ltd or Inc. are dropped);
- a newsletter line: "The Northern Post Newsletter", "Sign up for The Metro Ledger Daily";
- a support appeal: "Take a second to support The Duran on Patreon!", "The Metro Ledger is a
  reader-supported publication";
- an "About The Duran" line;
- the masthead: a short name-like line among the first lines of the page. On its own that is
  as likely a menu item or a headline, so it only counts when another signal names it too.

Each signal weighs 2 (strong) or 1 (weak); a name needs 2 in all, and twice the weight of any
other name, or nothing is returned: a wrong outlet is worse than none (the importer then falls
back to the URL's domain, and an admin can set the outlet later).

Decided on purpose:

- A copyright line counts as the site's own (strong) only in the footer (the last quarter of
  the page or its last 15 lines) and with a year or "All rights reserved"; anywhere else it is
  more likely a picture credit, and is weak.
- Wire services and photo agencies ("© Reuters", "© 2024 The Associated Press", "© Getty
  Images", "AFP via Getty Images") never count, even in a footer: on a page that reprints
  their work they credit one story or picture, not the site.
- A copyright line with no name ("© 2024", "© 2024. All rights reserved.") finds nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

STRONG, WEAK = 2, 1
NEEDED = 2  # the weight a name needs in all
MASTHEAD_LINES = 10  # how far down the page a masthead may be
FOOTER_LINES = 15  # the last lines of a page are its footer (or its last quarter, if more)
MAX_LINE_WORDS = 20  # longer lines are article text, not the site speaking about itself

# Lower-case words a name may contain between capitalised ones ("Bank of England").
_CONNECTORS = frozenset(
    "of and & the for on in at de du des la le les del der die das da di y et und van von a".split()
)
_WORD_CHARACTERS = frozenset("'’&.-!")
# Names that are site furniture, sections or platforms, never an outlet (compared without
# a leading "the", case-folded).
_NOT_OUTLETS = frozenset(
    """us our me home menu news latest search subscribe subscriptions register newsletter
    newsletters contact about privacy terms cookies accept more trending video videos podcast
    podcasts politics business sport sports culture opinion world tech technology science
    health money weather lifestyle travel entertainment local advertisement share facebook
    twitter x instagram youtube linkedin whatsapp telegram tiktok email rss patreon substack
    ko-fi paypal copyright author editor index archive archives premium comments""".split()
) | {
    "sign in", "log in", "contact us", "about us", "privacy policy", "cookie policy",
    "accept all", "most popular", "most read", "top stories", "breaking news",
    "all rights reserved", "terms of use", "terms of service",
}  # fmt: skip
# Wire services and picture agencies: their names credit a story or a photo, not the site.
_AGENCIES = frozenset(
    """reuters ap afp epa efe epa-efe pa dpa ansa xinhua tass upi aap kyodo anadolu sipa zuma
    rex wenn getty shutterstock alamy istock istockphoto unsplash pexels wikimedia""".split()
) | {
    "thomson reuters", "associated press", "agence france-presse", "agence france presse",
    "pa media", "pa wire", "press association", "united press international",
    "australian associated press", "canadian press", "kyodo news", "anadolu agency",
    "zuma press", "rex features", "wikimedia commons", "creative commons",
}  # fmt: skip
# Words that make a name a credit line ("Getty Images", "AFP via Getty", "Photo: …").
_CREDIT_WORDS = frozenset("images image photo photos photography pictures stock via".split())
# Words of buttons and appeals, never of a name ("Get Our Newsletter", "Support This Site").
_APPEAL_WORDS = frozenset("our your my we you this get join sign subscribe follow click".split())

_COPYRIGHT = re.compile(
    r"^(?:all\s+)?(?:content\s+)?(?P<mark>©|\(c\)|&copy;|copyright\b)\s*(?:©|\(c\)|copyright\b)?\s*"
    r"(?P<year>\d{4}(?:\s*[-–—/]\s*(?:\d{2,4}|present))?)?[\s,]*(?:by\s+)?(?P<rest>.*)$",
    re.IGNORECASE,
)
# Where a copyright line's name ends: ". All rights reserved", " | Privacy", ", Inc."
_NAME_END = re.compile(r"\.\s|\.$|\s[|·•–—-]\s|[,;(|]|\ball rights reserved\b", re.IGNORECASE)
_RIGHTS = re.compile(r"\ball rights reserved\b", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:inc|llc|ltd|limited|plc|corp|corporation|co|company|gmbh|ag|sa|s\.a|media|group|"
    r"publishing|publications|holdings|&|and))\.?$",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"^(?P<name>.+?)\s+(?:(?:daily|weekly|morning|evening|free)\s+)?newsletters?\s*[.!:]?$",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(r"\b(?:sign\s*up|subscribe|register)\s+(?:for|to)\s+(?P<rest>.+)$", re.I)
_SIGN_UP_END = re.compile(r"[.!?:,;(]|\s[–—-]\s")
_NEWSLETTER_WORDS = frozenset(
    """newsletter newsletters daily weekly briefing briefings digest bulletin email emails
    updates alerts morning evening edition today free""".split()
)
_SUPPORT = re.compile(
    r"\bsupport\s+(?P<name>.+?)\s+(?:on|via|at)\s+(?:patreon|substack|ko-?fi|liberapay|"
    r"buy\s?me\s?a\s?coffee|open\s?collective|paypal)\b",
    re.IGNORECASE,
)
_READER_SUPPORTED = re.compile(
    r"^(?P<name>.+?)\s+is\s+an?\s+(?:reader|listener|viewer|member)[- ]supported\s+"
    r"(?:publication|newsletter|site|website|outlet|magazine|podcast)\b",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"^about\s+(?P<name>.+?)\s*[.:]?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_TRAILING_YEAR = re.compile(r"\s+\d{4}$")


def page_outlet(text: str) -> str:
    """The outlet's name as the page gives it ("The Valley Courier"), or "" when unsure."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    found = _Signals()
    footer_from = min(len(lines) - FOOTER_LINES, (len(lines) * 3) // 4)
    top = True  # above the first paragraph, where a masthead stands
    for index, line in enumerate(lines):
        words = len(line.split())
        if words > MAX_LINE_WORDS or len(line) > 400:
            top = False
            # A paragraph: only a publication introducing itself may start one.
            if match := _READER_SUPPORTED.match(line[:400]):
                found.add(match["name"], "support", STRONG)
            continue
        if top and index < MASTHEAD_LINES and words <= 5:
            found.add(line, "masthead", WEAK)
        if match := _COPYRIGHT.match(line):
            _copyright(found, match, footer=index >= footer_from)
            continue
        if match := _NEWSLETTER.match(line):
            found.add(_POSSESSIVE.sub("", match["name"].strip()), "newsletter", STRONG)
        if match := _SIGN_UP.search(line):
            _sign_up(found, match["rest"])
        if match := _SUPPORT.search(line) or _READER_SUPPORTED.match(line):
            found.add(match["name"], "support", STRONG)
        if words <= 7 and (match := _ABOUT.match(line)):
            found.add(match["name"], "about", WEAK)
    return found.best()


def _copyright(found: _Signals, match: re.Match[str], *, footer: bool) -> None:
    line = match.group(0)
    dated = bool(match["year"]) or bool(_RIGHTS.search(line))
    if match["mark"].lower() == "copyright" and not dated:
        return  # "Copyright policy", "Copyright notice": a link, not a claim
    name = _NAME_END.split(match["rest"], maxsplit=1)[0]
    found.add(name, "copyright", STRONG if footer and dated else WEAK)


def _sign_up(found: _Signals, rest: str) -> None:
    """ "Sign up for The Metro Ledger Daily": the name before the newsletter's own words."""
    words = _SIGN_UP_END.split(rest, maxsplit=1)[0].split()
    stripped = False
    while words and words[-1].casefold() in _NEWSLETTER_WORDS:
        words.pop()
        stripped = True
    if words and words[0] == "the":
        words.pop(0)
    if stripped and words:
        # Without a newsletter word it is too general ("Subscribe to Premium").
        found.add(_POSSESSIVE.sub("", " ".join(words)), "newsletter", STRONG)


def _clean(raw: str) -> str:
    """The name alone: no quotes or end punctuation, year or company suffix."""
    name = " ".join(raw.split()).strip(" \"'“”‘’.,;:!?|·•–—-")
    name = _TRAILING_YEAR.sub("", name)
    while (shorter := _COMPANY_SUFFIX.sub("", name)) != name and shorter.strip():
        name = shorter.strip()
    return name


def _key(name: str) -> str:
    """Spellings of one name compare equal: "THE VALLEY COURIER", "Valley Courier"."""
    key = name.casefold()
    return key.removeprefix("the ").strip()


def _is_name(name: str) -> bool:
    """Capitalised words, a few connectors between them; not furniture, not an agency."""
    words = name.split()
    if not 1 <= len(words) <= 6 or len(name) > 60:
        return False
    if words[-1].casefold() in _CONNECTORS and len(words) > 1:
        return False
    for position, word in enumerate(words):
        if position and word in _CONNECTORS:
            continue
        if not (word[0].isupper() or word[0].isdigit()):
            return False
        if not all(ch.isalnum() or ch in _WORD_CHARACTERS for ch in word):
            return False
        if _POSSESSIVE.search(word):
            return False  # "The Duran's YouTube Channel" is not a name
    if not any(ch.isalpha() for ch in name):
        return False
    key = _key(name)
    if not key or key in _NOT_OUTLETS or key in _AGENCIES:
        return False
    words_of_key = set(key.split())
    if words_of_key <= _NEWSLETTER_WORDS:
        return False  # "Daily Newsletter", "Weekly Briefing"
    return not (words_of_key & (_CREDIT_WORDS | _APPEAL_WORDS))


class _Signals:
    """The names seen, each with its strongest weight per kind of signal."""

    def __init__(self) -> None:
        self.weights: defaultdict[str, dict[str, int]] = defaultdict(dict)
        self.spellings: defaultdict[str, list[str]] = defaultdict(list)

    def add(self, raw: str, kind: str, weight: int) -> None:
        name = _clean(raw)
        if not _is_name(name):
            return
        key = _key(name)
        self.weights[key][kind] = max(weight, self.weights[key].get(kind, 0))
        self.spellings[key].append(name)

    def best(self) -> str:
        totals = Counter(
            {
                key: sum(kinds.values())
                for key, kinds in self.weights.items()
                # A masthead alone is as likely a menu item or a headline.
                if set(kinds) != {"masthead"}
            }
        )
        ranked = totals.most_common(2)
        if not ranked:
            return ""
        key, total = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if total < NEEDED or total < 2 * runner_up:
            return ""
        return _spelling(self.spellings[key])


def _spelling(spellings: list[str]) -> str:
    """The way the page writes the name most often, preferring mixed case to capitals, with
    "The" if any spelling has it."""
    mixed = [name for name in spellings if not name.isupper()]
    name = Counter(mixed).most_common(1)[0][0] if mixed else _title_case(spellings[0])
    if not name.casefold().startswith("the ") and any(
        other.casefold().startswith("the ") for other in spellings
    ):
        name = f"The {name}"
    return name


def _title_case(name: str) -> str:
    """A masthead in capitals as a name: "THE VALLEY COURIER" → "The Valley Courier", keeping
    short words such as "BBC" in capitals."""
    words = []
    for position, word in enumerate(name.split()):
        lower = word.lower()
        if lower in _CONNECTORS:
            words.append(lower.capitalize() if position == 0 else lower)
        elif len(word) <= 3:
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)
